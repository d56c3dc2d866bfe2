//! Inputs and events that used to hang, crash or mislead a run (the table
//! of the crash-safety issue), each as the user meets it: the release
//! binary on a folder.

mod common;

use common::workspace_root;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `newsner run --input IN --out OUT extra...` with a time limit.
fn run(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsner"))
        .args(["run", "--no-progress", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsner starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("newsner hung on {}", input.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn ids(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out.join("documents.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn errors(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("errors.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const ARTICLE: &str =
    "Amazon streicht rund 14.000 Stellen in der Verwaltung, sagte Beth Galetti in Seattle.";

#[test]
fn special_files_loops_and_odd_names_are_handled_and_exit_codes_tell() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), ARTICLE).unwrap();
    // A FIFO that nobody writes to: opening it for reading would wait forever.
    let fifo = input.join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // A symbolic link back to its own folder.
    std::os::unix::fs::symlink(".", input.join("loop")).unwrap();
    // Two names that differ only in a byte that is not UTF-8.
    for b in [0xe9u8, 0xe8] {
        let bytes = [b'c', b'a', b'f', b, b'.', b't', b'x', b't'];
        std::fs::write(
            input.join(std::ffi::OsStr::from_bytes(&bytes)),
            format!("Meta baut 600 Stellen ab. ({b})"),
        )
        .unwrap();
    }
    // UTF-16 with a byte-order mark, as Windows tools save "Unicode" text.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Siemens stellt 500 Ingenieure in München ein."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    std::fs::write(input.join("windows.txt"), utf16).unwrap();
    // A page of 15,000 nested elements (11,000 used to overflow the stack),
    // and one of 100,000 (skipped: the parser would take minutes).
    let page = |n: usize| {
        format!(
            "<html><body>{}<p>Tief verschachtelt: Amazon in Seattle.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    std::fs::write(input.join("deep.html"), page(15_000)).unwrap();
    std::fs::write(input.join("deeper.html"), page(100_000)).unwrap();
    // A JSONL record whose id is another file's name.
    let record = serde_json::json!({"id": "a.txt", "text": ARTICLE}).to_string();
    std::fs::write(input.join("news.jsonl"), record + "\n").unwrap();
    // The output folder inside the input folder.
    let out = input.join("results");

    let first = run(&input, &out, &[]);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Skipped items (the FIFO, the loop) make exit code 3: finished, not everything read.
    assert_eq!(first.status.code(), Some(3), "{stderr}");
    let got = ids(&out);
    assert_eq!(
        got,
        [
            "a.txt",
            "caf\\xe8.txt",
            "caf\\xe9.txt",
            "deep.html",
            "a.txt#2",
            "windows.txt"
        ],
        "each file once, every id its own"
    );
    assert!(
        stderr.contains("document id 'a.txt' of news.jsonl is taken"),
        "{stderr}"
    );
    let errs = errors(&out);
    assert!(
        errs.iter()
            .any(|e| e["source"] == "pipe.txt" && e["kind"] == "not_a_file"),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e["source"] == "deeper.html" && e["kind"] == "too_large"),
        "{errs:?}"
    );
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    assert!(
        docs.contains("Siemens stellt 500 Ingenieure in München ein."),
        "UTF-16 decoded"
    );
    assert!(
        docs.contains("Tief verschachtelt: Amazon in Seattle."),
        "deep page read"
    );

    // Again into the same folder: its own outputs are not read as input.
    let second = run(&input, &out, &["--allow-skips"]);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(ids(&out), got);
}

#[test]
fn output_files_follow_the_umask_and_a_closed_stdout_is_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, ARTICLE).unwrap();
    let out = dir.path().join("out");
    let shell = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; exec '{}' run --no-progress -q --input '{}' --out '{}' >/dev/null",
            env!("CARGO_BIN_EXE_newsner"),
            input.display(),
            out.display()
        ))
        .current_dir(workspace_root())
        .status()
        .unwrap();
    assert!(shell.success());
    for name in [
        "documents.jsonl",
        "mentions.jsonl",
        "summary.json",
        "report.html",
        "mentions.parquet",
    ] {
        let mode = std::fs::metadata(out.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o644, "{name}: mode {mode:o} under umask 022");
    }

    // `newsner run ... | head -0`: stdout closed before anything is printed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsner"))
        .args(["run", "--no-progress", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("out2"))
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(done.status.code(), Some(0), "{stderr}");
    assert!(dir.path().join("out2/summary.json").is_file());
}

#[test]
fn a_document_of_too_many_tokens_is_skipped_not_tagged_for_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("emoji.txt"),
        format!("Amazon streicht Stellen. {}", "🙂".repeat(5_000)),
    )
    .unwrap();
    std::fs::write(input.join("news.txt"), ARTICLE).unwrap();
    let out = dir.path().join("out");
    let done = run(&input, &out, &["--max-doc-tokens", "1000"]);
    assert_eq!(done.status.code(), Some(3));
    assert_eq!(ids(&out), ["news.txt"]);
    let errs = errors(&out);
    assert!(
        errs[0]["kind"] == "too_large"
            && errs[0]["message"]
                .as_str()
                .unwrap()
                .contains("--max-doc-tokens 1000"),
        "{errs:?}"
    );
}

#[test]
fn a_jsonl_file_larger_than_the_file_limit_is_streamed_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("archive.jsonl");
    let mut lines = String::new();
    for i in 0..60 {
        lines.push_str(&format!(
            "{{\"id\": \"n{i}\", \"text\": \"{ARTICLE} Meldung {i}.\"}}\n"
        ));
    }
    lines.push_str("{broken\n");
    std::fs::write(&input, &lines).unwrap();
    assert!(lines.len() > 5_000);
    let out = dir.path().join("out");
    // The limit stands for the 300 MB archive dump a test cannot tag.
    let done = run(&input, &out, &["--max-file-bytes", "1000"]);
    assert_eq!(
        done.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let expected: Vec<String> = (0..60).map(|i| format!("n{i}")).collect();
    assert_eq!(ids(&out), expected);
    let errs = errors(&out);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0]["item"], "line 61");
}

#[test]
fn sigterm_stops_the_run_cleanly_keeps_the_previous_outputs_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..2000 {
        std::fs::write(
            input.join(format!("{i:04}.txt")),
            format!("{ARTICLE} Meldung Nummer {i}."),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    // A complete earlier run in the same folder.
    let single = dir.path().join("single.txt");
    std::fs::write(&single, ARTICLE).unwrap();
    assert_eq!(run(&single, &out, &[]).status.code(), Some(0));
    let before: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_newsner"))
        .args(["run", "--no-progress", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .current_dir(workspace_root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before the signal; make the corpus larger"
    );
    let sent = Instant::now();
    assert!(Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap()
        .success());
    let done = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(30),
        "slow to stop: {:?}",
        sent.elapsed()
    );
    assert_eq!(
        done.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let after: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "no temporary file left: {after:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("summary.json")).unwrap(),
        summary,
        "previous results kept"
    );

    // The stop was at a checkpoint: --resume goes on from there.
    let resumed = run(&input, &out, &["--resume"]);
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert_eq!(resumed.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("resumed: ") && !stdout.contains("resumed: 0 "),
        "{stdout}"
    );
    let got = ids(&out);
    let expected: Vec<String> = (0..2000).map(|i| format!("{i:04}.txt")).collect();
    assert_eq!(got, expected, "every document once, in order");
}
