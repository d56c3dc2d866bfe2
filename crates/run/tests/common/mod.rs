//! Shared by the end-to-end tests: the provisioned runtime and
//! models (`cargo xtask test` sets them up; a missing one fails loudly).
#![allow(dead_code)]

use newsner_assets::{locate_runtime, resolve_model};
use newsner_infer::{init_runtime, NerModel};
use newsner_ingest::{discover, ingest_file, Document, IngestLimits, Ingested};
use newsner_pipeline::{Input, PipelineOptions};
use newsner_run::{OutputOptions, RunReport};
use std::path::{Path, PathBuf};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

pub fn env() -> newsner_infer::Runtime {
    let explicit = std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from);
    let lib = locate_runtime(explicit.as_deref(), &[workspace_root()])
        .expect("ONNX Runtime missing: run the tests with `cargo xtask test`");
    init_runtime(&lib).expect("ONNX Runtime loads")
}

pub fn models_dir() -> PathBuf {
    std::env::var_os("NEWSNER_MODELS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("models"))
}

pub fn model(name: &str) -> NerModel {
    let (folder, manifest) = resolve_model(name, &models_dir()).expect("model folder");
    NerModel::load(&folder, manifest).expect("model missing: run the tests with `cargo xtask test`")
}

pub fn run(model: &NerModel, input: Input, out: &Path, options: &PipelineOptions) -> RunReport {
    run_with_output(model, input, out, options, &OutputOptions::default())
}

pub fn run_with_output(
    model: &NerModel,
    input: Input,
    out: &Path,
    options: &PipelineOptions,
    output: &OutputOptions,
) -> RunReport {
    newsner_run::run_model(model, env(), &input, out, options, output, &()).expect("pipeline run")
}

/// The demo corpus (`corpus/`) through the default model; the run's folder.
pub fn run_demo_corpus() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    run(
        &model("de-news"),
        Input::Paths(vec![workspace_root().join("corpus")]),
        out.path(),
        &PipelineOptions::default(),
    );
    out
}

pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Writes texts as a JSONL corpus with the given ids.
pub fn jsonl_corpus(dir: &Path, docs: &[(&str, &str)]) -> PathBuf {
    let path = dir.join("docs.jsonl");
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// Runs `input` with 1 session/1 thread and with 2 sessions/2 threads and
/// asserts that every deterministic output file is byte-identical.
pub fn assert_thread_independent(model: &NerModel, input: impl Fn() -> Input) {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let single = PipelineOptions {
        sessions: 1,
        intra_threads: 1,
        tokenize_threads: 1,
        ..PipelineOptions::default()
    };
    let parallel = PipelineOptions {
        sessions: 2,
        intra_threads: 2,
        tokenize_threads: 2,
        ..PipelineOptions::default()
    };
    run(model, input(), one.path(), &single);
    run(model, input(), two.path(), &parallel);
    for name in [
        "documents.jsonl",
        "mentions.jsonl",
        "errors.jsonl",
        "entities.csv",
        "summary.json",
    ] {
        let a = std::fs::read(one.path().join(name)).unwrap();
        let b = std::fs::read(two.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }
}

/// The cleaned documents of the demo corpus, in reading order.
pub fn demo_documents() -> Vec<Document> {
    let (files, errors) = discover(&[workspace_root().join("corpus")]);
    assert!(errors.is_empty(), "{errors:?}");
    files
        .iter()
        .flat_map(|f| ingest_file(f, &IngestLimits::default()))
        .filter_map(|i| match i {
            Ingested::Doc(d) => Some(d),
            Ingested::Failed(_) => None,
        })
        .collect()
}
