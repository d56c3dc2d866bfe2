//! One measured path: its result, and newsner itself run as a user runs it
//! (the release binary, files in, files out).

use crate::{Args, Entities};
use anyhow::{bail, Context, Result};
use newsner_records::{TimingsFile, Workload};
use serde::Serialize;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

#[derive(Debug, Clone, Serialize)]
pub struct PathResult {
    pub seconds: f64,
    pub tokens_per_s: f64,
    pub docs_per_s: f64,
    /// None where the path batches on its own and does not say (Spark).
    pub padding_share: Option<f64>,
    pub peak_rss_mb: Option<f64>,
    /// Seconds before `seconds` starts that the path needs once (loading
    /// the model; for Spark also starting the JVM and session).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    #[serde(skip)]
    pub entities: Entities,
    pub entity_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    pub batch_tokens: usize,
    pub sessions: usize,
    pub intra_threads: usize,
    pub tokenize_threads: usize,
    pub tokens_per_s: f64,
    pub padding_share: f64,
}

pub(crate) fn result(
    seconds: f64,
    real: usize,
    padded: usize,
    docs: usize,
    rss: Option<f64>,
    entities: Entities,
) -> PathResult {
    PathResult {
        seconds,
        tokens_per_s: real as f64 / seconds.max(1e-9),
        docs_per_s: docs as f64 / seconds.max(1e-9),
        padding_share: Some(
            Workload {
                real_tokens: real,
                padded_tokens: padded,
                ..Workload::default()
            }
            .padding_share(),
        ),
        peak_rss_mb: rss,
        start_s: None,
        entity_count: entities.len(),
        entities,
    }
}

fn read_json(path: &Path) -> Result<Value> {
    serde_json::from_str(
        &std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", path.display()))
}

/// Runs the newsner binary on `input`; returns its timings.json.
pub(crate) fn run_newsner(args: &Args, input: &Path, out: &Path) -> Result<TimingsFile> {
    let status = Command::new(&args.newsner)
        .args([
            "run",
            "--no-progress",
            "-q",
            // A measurement is a whole run, never the rest of an old one.
            "--restart",
            "--model",
            &args.model,
            "--input",
        ])
        .arg(input)
        .arg("--out")
        .arg(out)
        .env("NEWSNER_MODELS_DIR", &args.models_dir)
        .env("ORT_DYLIB_PATH", &args.ort_lib)
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("cannot start {}", args.newsner.display()))?;
    if !status.success() {
        bail!("newsner failed on the benchmark corpus ({status})");
    }
    let path = out.join("timings.json");
    serde_json::from_value(read_json(&path)?)
        .with_context(|| format!("{} is not newsner's timings.json", path.display()))
}

pub(crate) fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(0.0)
}
