//! The default model (de-news, trained by the project) on the demo corpus:
//! the companies, people and places of the story come out, with spans a
//! reader would mark.

mod common;

use common::{assert_thread_independent, model, read_jsonl, run, run_demo_corpus, workspace_root};
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

/// What a reader of the demo table would call wrong (issue: de-news v3):
/// currencies counted as names, one name split over two types within an
/// article.
#[test]
fn the_demo_table_holds_no_currencies_and_one_type_per_name() {
    let mentions = demo_mentions();
    let currencies = ["Dollar", "US-Dollar", "Dollars", "Euro", "Euros", "$", "€"];
    let bad = tagged_as_names(&mentions, &currencies);
    assert!(bad.is_empty(), "currencies tagged as names: {bad:?}");

    let mut types: BTreeMap<(String, String), std::collections::BTreeSet<String>> = BTreeMap::new();
    for m in &mentions {
        types
            .entry((
                m["doc"].as_str().unwrap().to_string(),
                m["word"].as_str().unwrap().to_string(),
            ))
            .or_default()
            .insert(m["label"].as_str().unwrap().to_string());
    }
    let split: Vec<_> = types.iter().filter(|(_, t)| t.len() > 1).collect();
    assert!(
        split.is_empty(),
        "one name, several types in one document: {split:?}"
    );
}

/// The technology is no name: "KI"/"AI" (de-news v3 tagged 12 on the demo
/// corpus; v4 learnt it from training copies, not from a list at inference).
#[test]
fn the_demo_table_holds_no_ai_as_a_name() {
    let bad = tagged_as_names(&demo_mentions(), &["KI", "AI"]);
    assert!(bad.is_empty(), "generic words tagged as names: {bad:?}");
}

/// A department is no company: "HR" ("HR chief Beth Galetti"); Anthropic
/// is a company. de-news v4 still tags one "HR" ORG and Anthropic MISC in
/// four of ten mentions ("the AI start-up Anthropic"); the fix belongs in
/// the training data, not in a list at inference (issue 20, open).
#[test]
#[ignore = "de-news v4 still tags HR as ORG, Anthropic 4 of 10 times MISC (issue 20 open)"]
fn the_demo_table_holds_no_department_and_anthropic_is_a_company() {
    let mentions = demo_mentions();
    let bad = tagged_as_names(&mentions, &["HR"]);
    assert!(bad.is_empty(), "departments tagged as names: {bad:?}");
    let anthropic: Vec<&str> = mentions
        .iter()
        .filter(|m| m["word"] == "Anthropic")
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(!anthropic.is_empty(), "Anthropic not found");
    assert!(
        anthropic.iter().all(|l| *l == "ORG"),
        "Anthropic tagged {anthropic:?}"
    );
}

fn demo_mentions() -> Vec<serde_json::Value> {
    read_jsonl(&run_demo_corpus().path().join("mentions.jsonl"))
}

fn tagged_as_names(mentions: &[serde_json::Value], words: &[&str]) -> Vec<String> {
    mentions
        .iter()
        .filter(|m| words.contains(&m["word"].as_str().unwrap()))
        .map(|m| format!("{} {} in {}", m["label"], m["word"], m["doc"]))
        .collect()
}
