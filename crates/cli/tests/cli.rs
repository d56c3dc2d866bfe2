//! The `newsner` binary as a user runs it.

mod common;

use common::workspace_root;

use std::io::Write;
use std::process::{Command, Output, Stdio};

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
    // "Seattle, Washington" is one place or two, as the model reads it;
    // either way a place starts at "Seattle".
    assert!(
        mentions.contains("\"word\":\"Andy Jassy\"")
            && mentions.contains("\"label\":\"LOC\"")
            && mentions.contains("\"word\":\"Seattle")
            && mentions.contains("\"start\":33,"),
        "{mentions}"
    );
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

// 3 PER, 2 LOC, 1 ORG, 1 MISC in gold; a derived name is ignored.
const TINY_TSV: &str = "#\tx\n1\tAndy\tB-PER\tO\n2\tJassy\tI-PER\tO\n3\tlebt\tO\tO\n4\tin\tO\tO\n5\tSeattle\tB-LOC\tO\n6\t.\tO\tO\n\n\
               #\ty\n1\tBeth\tB-PER\tO\n2\tGaletti\tI-PER\tO\n3\tleitet\tO\tO\n4\tAmazon\tB-ORG\tO\n5\tin\tO\tO\n6\tBerlin\tB-LOC\tO\n\n\
               #\tz\n1\tMatt\tB-PER\tO\n2\tGarman\tI-PER\tO\n3\tliest\tO\tO\n4\tdeutsche\tB-LOCderiv\tO\n5\tZeitungen\tO\tO\n6\tüber\tO\tO\n7\tDavos\tB-OTH\tO\n";

/// `newsner eval` on TINY_TSV with `extra` arguments: the printed table and
/// the JSON scores.
fn eval_tiny(extra: &[&str]) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.tsv");
    std::fs::write(&data, TINY_TSV).unwrap();
    let json = dir.path().join("scores.json");
    let mut args = vec![
        "eval",
        "--data",
        data.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = newsner(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    (String::from_utf8(out.stdout).unwrap(), scores)
}

#[test]
fn eval_scores_a_tiny_labelled_file() {
    let (table, scores) = eval_tiny(&[]);
    assert!(
        table.contains("3 sentences") && table.contains("micro"),
        "{table}"
    );
    let support = |t: &str| scores["per_type"][t]["support"].as_u64().unwrap();
    assert_eq!(
        (
            support("PER"),
            support("LOC"),
            support("ORG"),
            support("MISC")
        ),
        (3, 2, 1, 1)
    );
    let micro = &scores["micro"];
    assert_eq!(micro["support"].as_u64().unwrap(), 7);
    let tp = micro["true_positives"].as_u64().unwrap();
    let fp = micro["false_positives"].as_u64().unwrap();
    let precision = micro["precision"].as_f64().unwrap();
    if tp + fp > 0 {
        assert!((precision - tp as f64 / (tp + fp) as f64).abs() < 1e-9);
    }
    // The model finds the cities exactly.
    assert!(
        scores["per_type"]["LOC"]["true_positives"]
            .as_u64()
            .unwrap()
            >= 1,
        "{scores}"
    );
}

/// Document mode joins the sentences into one article; the gold spans move
/// with their sentences, so the names are still found at the right offsets.
#[test]
fn eval_scores_sentences_joined_into_documents() {
    let (table, scores) = eval_tiny(&["--documents", "3", "--paragraph", "2"]);
    assert!(
        table.contains("documents of 3 sentences in paragraphs of 2"),
        "{table}"
    );
    assert_eq!(scores["micro"]["support"].as_u64().unwrap(), 7);
    let found = |t: &str| scores["per_type"][t]["true_positives"].as_u64().unwrap();
    assert!(found("PER") + found("LOC") >= 3, "{scores}");
}
