//! The demo corpus through the real model: real entities with valid offsets,
//! every output file, identical results at any thread count.

mod common;

use common::{assert_thread_independent, model, read_jsonl, run, workspace_root};
use newsner_pipeline::{Input, PipelineOptions};
use std::collections::BTreeMap;

fn corpus() -> Input {
    Input::Paths(vec![workspace_root().join("corpus")])
}

#[test]
fn demo_corpus_yields_real_entities_with_exact_offsets() {
    let model = model("rampart");
    let out = tempfile::tempdir().unwrap();
    let report = run(&model, corpus(), out.path(), &PipelineOptions::default());
    assert!(report.documents >= 20, "{} documents", report.documents);
    assert_eq!(report.errors, 0);
    assert!(
        report.windows > report.documents,
        "long articles need several windows"
    );

    let docs: BTreeMap<String, String> = read_jsonl(&out.path().join("documents.jsonl"))
        .into_iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mentions = read_jsonl(&out.path().join("mentions.jsonl"));
    assert!(mentions.len() > 50, "only {} mentions", mentions.len());
    for m in &mentions {
        let text = &docs[m["doc"].as_str().unwrap()];
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= text.chars().count(), "{m}");
        let word: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(word, m["word"].as_str().unwrap(), "{m}");
        assert_eq!(word.trim(), word, "mention with surrounding space: {m}");
        let score = m["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }

    let csv = std::fs::read_to_string(out.path().join("entities.csv")).unwrap();
    assert!(csv.starts_with("entity,label,mentions,documents,variants\n"));
    let row = |name: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("{name} not in entities.csv:\n{csv}"))
            .to_string()
    };
    // Given name + surname tagged apart are joined into one person, and
    // "Jassy" alone folds into "Andy Jassy".
    let jassy_row = row("Andy Jassy");
    let jassy: Vec<&str> = jassy_row.split(',').collect();
    assert_eq!(jassy[1], "PER");
    assert!(jassy[2].parse::<usize>().unwrap() >= 5);
    assert!(row("Seattle").contains(",LOC,"));

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(
        summary["documents"].as_u64().unwrap() as usize,
        report.documents
    );
    assert_eq!(
        summary["mentions"].as_u64().unwrap() as usize,
        mentions.len()
    );
    assert!(summary["top_entities"]["PER"].as_array().unwrap().len() >= 3);
    assert!(!summary["cooccurrences"].as_array().unwrap().is_empty());
    let timings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("timings.json")).unwrap())
            .unwrap();
    assert!(timings["total_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn outputs_are_identical_at_any_thread_count() {
    assert_thread_independent(&model("rampart"), corpus);
}

#[test]
fn a_bad_document_does_not_stop_the_run() {
    let model = model("rampart");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Andy Jassy lives in Seattle.").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"M\xfcnchen").unwrap();
    std::fs::write(
        dir.path().join("c.jsonl"),
        "{\"text\": \"Beth Galetti\"}\n{oops\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = run(
        &model,
        Input::Paths(vec![dir.path().to_path_buf()]),
        out.path(),
        &PipelineOptions::default(),
    );
    assert_eq!((report.documents, report.errors), (2, 2));
    let errors = read_jsonl(&out.path().join("errors.jsonl"));
    assert_eq!(errors[0]["source"], "b.txt");
    assert_eq!(errors[0]["kind"], "invalid_utf8");
    assert_eq!(errors[1]["item"], "line 2");
}
