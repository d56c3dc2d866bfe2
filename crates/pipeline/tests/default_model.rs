//! The default model (de-news, trained by the project) on the demo corpus:
//! the companies, people and places of the story come out, with spans a
//! reader would mark.

mod common;

use common::{assert_thread_independent, model, read_jsonl, run, workspace_root};
use newsner_pipeline::{Input, PipelineOptions};
use std::collections::BTreeMap;

#[test]
fn finds_the_companies_people_and_places_of_the_demo_corpus() {
    let model = model("de-news");
    let out = tempfile::tempdir().unwrap();
    let report = run(
        &model,
        Input::Paths(vec![workspace_root().join("corpus")]),
        out.path(),
        &PipelineOptions::default(),
    );
    assert_eq!(report.errors, 0);

    let csv = std::fs::read_to_string(out.path().join("entities.csv")).unwrap();
    let mut found: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        found.insert(
            (cols[0].to_string(), cols[1].to_string()),
            cols[2].parse().unwrap_or(0),
        );
    }
    let has = |name: &str, label: &str| {
        found
            .keys()
            .any(|(n, l)| l == label && (n == name || n.starts_with(&format!("{name} "))))
    };
    for (name, label) in [
        ("Amazon", "ORG"),
        ("Meta", "ORG"),
        ("Anthropic", "ORG"),
        ("Andy Jassy", "PER"),
        ("Matt Garman", "PER"),
        ("Beth Galetti", "PER"),
        ("Seattle", "LOC"),
    ] {
        assert!(
            has(name, label),
            "{name} ({label}) not found; entities:\n{csv}"
        );
    }
    // AWS is found and folded into Amazon Web Services.
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Amazon Web Services,ORG,") && l.contains("AWS")),
        "AWS not folded into Amazon Web Services:\n{csv}"
    );
    let amazon = found
        .iter()
        .filter(|((n, l), _)| l == "ORG" && n == "Amazon")
        .map(|(_, c)| *c)
        .sum::<usize>();
    assert!(amazon >= 20, "Amazon found only {amazon} times");

    // Readable spans: no edge whitespace or punctuation.
    for m in read_jsonl(&out.path().join("mentions.jsonl")) {
        let word = m["word"].as_str().unwrap();
        let first = word.chars().next().unwrap();
        let last = word.chars().last().unwrap();
        assert!(first.is_alphanumeric(), "span starts oddly: {m}");
        assert!(
            last.is_alphanumeric() || word.ends_with('.'),
            "span ends oddly: {m}"
        );
    }
}

/// Thread counts and sessions must not change a byte of any output file.
#[test]
fn default_model_output_does_not_depend_on_threads() {
    assert_thread_independent(&model("de-news"), || {
        Input::Paths(vec![workspace_root().join("corpus")])
    });
}
