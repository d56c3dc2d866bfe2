//! The Python paths: the peers (`scripts/bench/py_ner.py`: a plain ONNX
//! Runtime script, HF-style and batched, and transformers' own pipeline)
//! and newsner's own Python package (`scripts/bench/py_api.py`).

use crate::measure::{num, result, PathResult};
use crate::{Args, Entities};
use anyhow::{bail, Context, Result};
use newsner_infer::NerModel;
use newsner_pipeline::PipelineOptions;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// How a Python peer drives the model: `py_ner.py`'s mode, and another ONNX
/// file of the model's weights to run instead of its own.
pub(crate) struct Peer<'a> {
    pub mode: &'a str,
    pub graph: Option<&'a Path>,
}

/// One of the Python peers (`scripts/bench/py_ner.py`), on the same model,
/// windows, batching settings and decoding.
pub(crate) fn run_python(
    args: &Args,
    model: &NerModel,
    folder: &Path,
    options: &PipelineOptions,
    cleaned: &Path,
    peer: &Peer,
    docs: usize,
) -> Result<PathResult> {
    let onnx = peer.graph.unwrap_or(Path::new(&model.manifest.model.onnx));
    let v = py_ner(args, model, options, cleaned, peer.mode, |cmd| {
        cmd.arg("--model")
            .arg(folder)
            .arg("--onnx")
            .arg(onnx)
            .args(["--batch-tokens", &options.batch_tokens.to_string()])
            .args([
                "--word-aware",
                if model.tokenizer.is_word_aware() {
                    "yes"
                } else {
                    "no"
                },
            ])
            .args([
                "--unk-id",
                &model.tokenizer.unk_id().map_or(-1, i64::from).to_string(),
            ])
            .args(["--lookahead", &options.lookahead.to_string()])
            .args(["--max-padding", &options.max_padding.to_string()]);
    })?;
    let entities = python_entities(&v);
    Ok(result(
        num(&v, "total_s"),
        num(&v, "real_tokens") as usize,
        num(&v, "padded_tokens") as usize,
        docs,
        v["peak_rss_mb"].as_f64(),
        entities,
    ))
}

fn spans_flag(model: &NerModel) -> &'static str {
    match model.manifest.model.spans {
        newsner_assets::SpanStyle::Transformers => "transformers",
        newsner_assets::SpanStyle::Readable => "readable",
    }
}

pub(crate) fn python_entities(v: &Value) -> Entities {
    v["entities"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap_or_default().to_string(),
                        e[1].as_u64().unwrap_or(0) as usize,
                        e[2].as_u64().unwrap_or(0) as usize,
                        e[3].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `scripts/bench/py_api.py --mode MODE` (newsner's Python package)
/// and returns the JSON it prints.
pub(crate) fn package_path(args: &Args, python: &Path, mode: &str, input: &Path) -> Result<Value> {
    let output = Command::new(python)
        .arg(args.script.with_file_name("py_api.py"))
        .args(["--mode", mode, "--model", &args.model, "--corpus"])
        .arg(input)
        .env("NEWSNER_MODELS_DIR", &args.models_dir)
        .env("ORT_DYLIB_PATH", &args.ort_lib)
        .output()
        .with_context(|| format!("cannot start {}", python.display()))?;
    if !output.status.success() {
        bail!(
            "py_api.py --mode {mode} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).context("py_api.py printed no JSON")
}

/// Runs `scripts/bench/py_ner.py --mode MODE` on the cleaned corpus with the
/// settings every mode shares, plus the mode's own arguments, and returns
/// the JSON it prints.
pub(crate) fn py_ner(
    args: &Args,
    model: &NerModel,
    options: &PipelineOptions,
    cleaned: &Path,
    mode: &str,
    mode_args: impl FnOnce(&mut Command),
) -> Result<Value> {
    // The window newsner uses for this model and these options.
    let plan = model.window_plan(options.max_length, options.stride);
    let mut cmd = Command::new(&args.python);
    cmd.arg(&args.script)
        .args(["--mode", mode, "--corpus"])
        .arg(cleaned)
        .args(["--threads", &options.intra_threads.to_string()])
        .args(["--max-length", &plan.window_len().to_string()])
        .args(["--stride", &plan.stride.to_string()])
        .args(["--spans", spans_flag(model)]);
    mode_args(&mut cmd);
    let output = cmd
        .output()
        .with_context(|| format!("cannot start {}", args.python.display()))?;
    if !output.status.success() {
        bail!(
            "python --mode {mode} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).context("python printed no JSON")
}

/// `scripts/bench/profile_graph.py` on the model's graph: where its time
/// goes per operator, its FLOPs per token, ONNX Runtime's int8 GEMM peak on
/// this CPU and the MFU newsner's `tokens_per_s` reaches. A failure is
/// reported and leaves the rest of the bench standing.
pub(crate) fn profile_graph(
    args: &Args,
    model: &NerModel,
    folder: &Path,
    options: &PipelineOptions,
    tokens_per_s: f64,
    mean_window: f64,
) -> Option<Value> {
    eprintln!("bench: operator profile, FLOPs and int8 peak (profile_graph.py)");
    let output = Command::new(&args.python)
        .arg(args.script.with_file_name("profile_graph.py"))
        .arg("--model")
        .arg(folder)
        .arg("--onnx")
        .arg(&model.manifest.model.onnx)
        .args(["--threads", &options.intra_threads.to_string()])
        .args(["--mean-seq", &format!("{mean_window:.1}")])
        .args(["--tokens-per-s", &format!("{tokens_per_s:.1}")])
        .output();
    match output {
        Ok(o) if o.status.success() => serde_json::from_slice(&o.stdout).ok(),
        Ok(o) => {
            eprintln!(
                "bench: profile_graph.py failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("bench: cannot start {}: {e}", args.python.display());
            None
        }
    }
}
