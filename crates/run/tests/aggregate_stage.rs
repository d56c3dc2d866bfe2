//! `aggregate` as a stage of its own: over a run's output it writes the
//! run's files again; over the runs of two halves of a corpus it writes
//! what one run over the whole corpus writes.

mod common;

use common::{demo_documents, model, run, run_with_output, workspace_root};
use newsner_aggregate::rebuild;
use newsner_infer::NerModel;
use newsner_output::{Formats, OUTPUT_FILES};
use newsner_pipeline::{Input, PipelineOptions};
use newsner_run::OutputOptions;
use std::path::{Path, PathBuf};

/// Every output file but timings.json (clock readings) is the same.
fn assert_same_files(a: &Path, b: &Path) {
    for name in OUTPUT_FILES.iter().filter(|n| **n != "timings.json") {
        let x = std::fs::read(a.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let y = std::fs::read(b.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            x == y,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn aggregate_rebuilds_a_run_and_merges_halves_into_the_whole() {
    let docs = demo_documents();
    assert!(docs.len() >= 20);
    let dir = tempfile::tempdir().unwrap();
    let m = model("de-news");
    let options = PipelineOptions::default();
    let output = OutputOptions::default();
    let whole = dir.path().join("whole");
    run(&m, Input::Documents(docs.clone()), &whole, &options);

    let again = dir.path().join("again");
    let done = rebuild(
        std::slice::from_ref(&whole),
        &again,
        output.formats,
        output.report_docs,
    )
    .unwrap();
    assert_eq!(done.documents, docs.len());
    assert_same_files(&whole, &again);

    let (first, second) = docs.split_at(docs.len() / 2);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&m, Input::Documents(first.to_vec()), &a, &options);
    run(&m, Input::Documents(second.to_vec()), &b, &options);
    let merged = dir.path().join("merged");
    rebuild(
        &[a.clone(), b.join("mentions.jsonl")],
        &merged,
        output.formats,
        output.report_docs,
    )
    .unwrap();
    assert_same_files(&whole, &merged);

    let err = rebuild(
        &[a.clone(), a.clone()],
        &dir.path().join("twice"),
        output.formats,
        output.report_docs,
    )
    .unwrap_err();
    assert!(err.to_string().contains("must not overlap"), "{err}");
    let err = rebuild(
        std::slice::from_ref(&a),
        &a,
        output.formats,
        output.report_docs,
    )
    .unwrap_err();
    assert!(err.to_string().contains("is one of the inputs"), "{err}");
}

#[test]
fn parquet_files_hold_the_rows_of_the_text_files_and_feed_aggregate() {
    use newsner_output::{
        read_documents_parquet, read_entities_parquet, read_figures_parquet, read_mentions_parquet,
    };
    use newsner_records::{read_jsonl, DocumentRecord, Figure, Mention};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all");
    let m = model("de-news");
    let options = PipelineOptions::default();
    run(
        &m,
        Input::Paths(vec![workspace_root().join("corpus")]),
        &out,
        &options,
    );

    // With the parquet crate, into newsner's own types.
    let mentions: Vec<Mention> = read_jsonl(&out.join("mentions.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        read_mentions_parquet(&out.join("mentions.parquet")).unwrap(),
        mentions
    );
    let docs: Vec<DocumentRecord> = read_jsonl(&out.join("documents.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        read_documents_parquet(&out.join("documents.parquet")).unwrap(),
        docs
    );
    let figures: Vec<Figure> = read_jsonl(&out.join("figures.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!figures.is_empty());
    assert_eq!(
        read_figures_parquet(&out.join("figures.parquet")).unwrap(),
        figures
    );
    let entities = read_entities_parquet(&out.join("entities.parquet")).unwrap();
    let csv = std::fs::read_to_string(out.join("entities.csv")).unwrap();
    assert_eq!(entities.len() + 1, csv.lines().count());
    assert!(entities
        .iter()
        .any(|e| e.entity == "Amazon Web Services" && e.variants.contains(&"AWS".to_string())));

    // With DuckDB, as a data desk loads them.
    let python = std::env::var_os("NEWSNER_BENCH_PYTHON")
        .expect("run with `cargo xtask test` (sets NEWSNER_BENCH_PYTHON, a venv with duckdb)");
    let check = std::process::Command::new(python)
        .arg(workspace_root().join("scripts/check_parquet.py"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    // A run that wrote Parquet only is enough for `aggregate`.
    assert_parquet_only_run_rebuilds(&m, workspace_root().join("corpus"), &out, dir.path());
}

/// `aggregate` over a run of `corpus` that wrote Parquet files only gives
/// the files of the full run in `full`.
fn assert_parquet_only_run_rebuilds(m: &NerModel, corpus: PathBuf, full: &Path, scratch: &Path) {
    let output = OutputOptions::default();
    let parquet_only = scratch.join("parquet-only");
    let parquet = OutputOptions {
        formats: "parquet".parse::<Formats>().unwrap(),
        ..output
    };
    run_with_output(
        m,
        Input::Paths(vec![corpus]),
        &parquet_only,
        &PipelineOptions::default(),
        &parquet,
    );
    assert!(
        !parquet_only.join("mentions.jsonl").exists() && !parquet_only.join("report.html").exists()
    );
    let rebuilt = scratch.join("rebuilt");
    rebuild(
        std::slice::from_ref(&parquet_only),
        &rebuilt,
        Formats::default(),
        output.report_docs,
    )
    .unwrap();
    assert_same_files(full, &rebuilt);
}

/// A folder of inputs where skipped items sit between documents: an invalid
/// UTF-8 file, an empty file and a broken line inside a JSONL file.
fn corpus_with_skipped_items(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let docs = demo_documents();
    let line = |d: &newsner_ingest::Document| {
        serde_json::json!({"id": d.id.replace('/', "_"), "text": d.text}).to_string()
    };
    let (first, rest) = docs.split_at(docs.len() / 3);
    std::fs::write(corpus.join("a.txt"), &first[0].text).unwrap();
    std::fs::write(corpus.join("b.txt"), b"Amazon \xff\xfe streicht Stellen").unwrap();
    let mut lines: Vec<String> = first[1..].iter().map(line).collect();
    lines.insert(
        lines.len() / 2,
        "{\"id\": \"broken\", \"text\": ".to_string(),
    );
    std::fs::write(corpus.join("c.jsonl"), lines.join("\n")).unwrap();
    std::fs::write(corpus.join("d.txt"), "").unwrap();
    let lines: Vec<String> = rest.iter().map(line).collect();
    std::fs::write(corpus.join("e.jsonl"), lines.join("\n")).unwrap();
    corpus
}

#[test]
fn aggregate_over_a_run_with_skipped_items_between_documents_gives_the_runs_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_skipped_items(dir.path());
    let m = model("de-news");
    let options = PipelineOptions::default();
    let output = OutputOptions::default();
    let out = dir.path().join("run");
    let report = run(&m, Input::Paths(vec![corpus.clone()]), &out, &options);
    assert_eq!(report.errors, 3, "the three skipped items are reported");
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let first_error: serde_json::Value =
        serde_json::from_str(errors.lines().next().unwrap()).unwrap();
    assert_eq!(first_error["order"], 1, "b.txt is the second item read");

    let again = dir.path().join("again");
    rebuild(
        std::slice::from_ref(&out),
        &again,
        output.formats,
        output.report_docs,
    )
    .unwrap();
    assert_same_files(&out, &again);

    // The same from a run that kept Parquet files only.
    assert_parquet_only_run_rebuilds(&m, corpus, &out, dir.path());
}
