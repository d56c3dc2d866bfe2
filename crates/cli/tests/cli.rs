//! The `newsner` binary as a user runs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn newsner(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsner"));
    cmd.args(args)
        .current_dir(workspace_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("newsner starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

#[test]
fn help_explains_every_option() {
    let out = newsner(&["run", "--help"], None);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "--input",
        "--model",
        "--out",
        "--aggregation",
        "--batch-tokens",
        "--stride",
        "--sessions",
        "--intra-threads",
        "--threads",
        "--max-doc-bytes",
        "--ort-lib",
    ] {
        assert!(help.contains(option), "--help lacks {option}:\n{help}");
    }
    assert!(help.contains("average"), "strategies are explained");
}

#[test]
fn tags_standard_input_and_prints_where_results_are() {
    let out_dir = tempfile::tempdir().unwrap();
    let out_arg = out_dir.path().to_str().unwrap();
    let jsonl =
        "{\"id\": \"a\", \"text\": \"Andy Jassy wrote to employees in Seattle, Washington.\"}\n";
    let out = newsner(
        &[
            "run",
            "--input",
            "-",
            "--out",
            out_arg,
            "--no-progress",
            "--aggregation",
            "simple",
        ],
        Some(jsonl),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("1 documents") && stdout.contains(out_arg),
        "{stdout}"
    );
    let mentions = std::fs::read_to_string(out_dir.path().join("mentions.jsonl")).unwrap();
    assert!(mentions.contains("\"word\":\"Seattle\""), "{mentions}");
}

#[test]
fn a_wrong_model_or_input_is_a_clear_error() {
    let out = newsner(
        &[
            "run",
            "--input",
            "corpus",
            "--model",
            "nope",
            "--no-progress",
        ],
        None,
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("model 'nope' not found") && stderr.contains("rampart"),
        "{stderr}"
    );

    let out = newsner(&["run", "--input", "no/such/folder", "--no-progress"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder does not exist"));

    let out = newsner(&["run", "--input", "corpus", "--aggregation", "sum"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown aggregation 'sum'"));
}
