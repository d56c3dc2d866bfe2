//! The Python copy of the readable-span rule (`scripts/readable_words.py`,
//! used by the de-news training recipe and the benchmark's Python peers)
//! gives the answers of the Rust rule on every cut of text built from the
//! pieces news names are made of: letters, digits, umlauts, joiners,
//! quotes, dashes, dots of abbreviations, and whitespace.

use newsner_tokenize::{continues_word, readable_span, readable_spans};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PIECES: &[&str] = &[
    "Amazon", "U", "S", "Inc", "Co", "jr", "14", "000", "Ü", "ß", "é", "AT", "T", " ", " ", "\n",
    "\n\n", "\n \n", "\u{a0}", ".", ".", ",", "-", "/", "'", "’", "&", "_", ";", ":", "!", "?",
    "\"", "“", "„", "”", "(", ")", "«", "»", "–", "—", "*", "$", "€", "[", "]",
];

/// Texts from a fixed pseudo-random sequence: the same cases every run.
fn texts() -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..400)
        .map(|_| {
            let pieces = 1 + next() % 7;
            (0..pieces).map(|_| PIECES[next() % PIECES.len()]).collect()
        })
        .collect()
}

/// Every cut `[start, end)` of every text, each with the Rust answers.
fn rust_answers(texts: &[String]) -> Vec<Value> {
    let mut cases = Vec::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() {
            for end in start + 1..=chars.len() {
                cases.push(json!({
                    "text": text,
                    "start": start,
                    "end": end,
                    "continues": continues_word(&chars, start, end),
                    "span": readable_span(&chars, start, end),
                    "spans": readable_spans(&chars, start, end),
                }));
            }
        }
    }
    cases
}

const PYTHON: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
from readable_words import continues_word, readable_span, readable_spans
out = []
for c in json.load(sys.stdin):
    span = readable_span(c["text"], c["start"], c["end"])
    spans = readable_spans(c["text"], c["start"], c["end"])
    out.append({"continues": continues_word(c["text"], c["start"], c["end"]),
                "span": list(span) if span else None,
                "spans": [list(s) for s in spans]})
json.dump(out, sys.stdout)
"#;

#[test]
fn the_python_copy_of_the_readable_rule_agrees_with_the_rust_rule() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts");
    let cases = rust_answers(&texts());
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(PYTHON)
        .arg(&scripts)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs this test (the Python copy is what it checks)");
    let input = serde_json::to_vec(&cases).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let python: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(python.len(), cases.len());
    let mut differ = Vec::new();
    for (rust, py) in cases.iter().zip(&python) {
        if rust["continues"] != py["continues"]
            || rust["span"] != py["span"]
            || rust["spans"] != py["spans"]
        {
            differ.push(format!("{rust} vs python {py}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} cuts differ, e.g.\n{}",
        differ.len(),
        cases.len(),
        differ[..differ.len().min(5)].join("\n")
    );
    // The cases reach both answers of each rule.
    let spans = cases.iter().filter(|c| !c["span"].is_null()).count();
    let joins = cases.iter().filter(|c| c["continues"] == true).count();
    let split = cases
        .iter()
        .filter(|c| c["spans"].as_array().is_some_and(|s| s.len() > 1))
        .count();
    assert!(
        split > 20,
        "only {split} cuts hold two names over a line break"
    );
    assert!(
        spans > 1000 && spans < cases.len() && joins > 100,
        "{spans} {joins}"
    );
}
