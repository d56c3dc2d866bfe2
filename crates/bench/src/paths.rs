//! The measured paths: newsner (the real binary, files in, files out), the
//! ceiling, the two Python peers, and the settings sweep.

use crate::{ceiling, Args, Entities};
use anyhow::{bail, Context, Result};
use newsner_assets::resolve_model;
use newsner_infer::{init_runtime, NerModel};
use newsner_ingest::Document;
use newsner_pipeline::{Input, PipelineOptions};
use newsner_records::{read_mentions, DocumentRecord};
use newsner_records::{TimingsFile, Workload};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

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

pub struct Results {
    pub model: String,
    pub docs: usize,
    pub real_tokens: usize,
    pub options: PipelineOptions,
    pub paths: BTreeMap<&'static str, PathResult>,
    pub sweep: Vec<SweepPoint>,
    /// Peak RSS of newsner on half and on all of the corpus.
    pub rss_half_all: Option<(f64, f64)>,
    /// Share of newsner's run time spent in the job-figures stage (the
    /// round newsner was fastest in).
    pub figures_share: f64,
    /// newsner's ingest (reading, extraction, cleaning, metadata) as a share
    /// of its run time, in its fastest round.
    pub ingest_share: f64,
}

fn result(
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
fn run_newsner(args: &Args, input: &Path, out: &Path) -> Result<TimingsFile> {
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

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(0.0)
}

pub fn measure_all(args: &Args, corpus: &Path, docs: usize) -> Result<Results> {
    let (folder, manifest) = resolve_model(&args.model, &args.models_dir)?;
    let model = NerModel::load(&folder, manifest)?;
    let runtime = init_runtime(&args.ort_lib)?;
    let options = PipelineOptions::default();
    let mut paths = BTreeMap::new();

    // Cleaned texts: every path but newsner reads the texts newsner tagged,
    // so all see the same text.
    let out = args.out.join("newsner");
    run_newsner(args, corpus, &out)?;
    let documents: Vec<Document> =
        newsner_records::read_jsonl::<DocumentRecord>(&out.join("documents.jsonl"))?
            .map(|d| {
                d.map(|d| Document {
                    id: d.id,
                    source: "bench".into(),
                    text: d.text,
                    meta: BTreeMap::new(),
                })
            })
            .collect::<Result<_, _>>()?;
    let cleaned = args.out.join("corpus").join("cleaned.jsonl");
    let lines: Vec<String> = documents
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "text": d.text}).to_string())
        .collect();
    std::fs::write(&cleaned, lines.join("\n") + "\n")?;

    // Shared machines drift: the paths take turns, round after round, and
    // each keeps its best round.
    let mut real_tokens = 0;
    let mut fastest = f64::INFINITY;
    let mut figures_share = 0.0;
    let mut ingest_share = 0.0;
    for round in 1..=args.rounds.unwrap_or(1).max(1) {
        eprintln!("bench: round {round}: newsner on {docs} documents");
        let timings = run_newsner(args, corpus, &out)?;
        real_tokens = timings.real_tokens;
        if timings.timings.total_s < fastest {
            fastest = timings.timings.total_s;
            figures_share = timings.timings.figures_s / fastest;
            ingest_share = timings.timings.ingest_s / fastest;
        }
        let entities = newsner_entities(&out)?;
        keep_best(
            &mut paths,
            "newsner",
            result(
                timings.timings.total_s,
                real_tokens,
                timings.padded_tokens,
                docs,
                timings.peak_rss_mb,
                entities,
            ),
        );

        eprintln!("bench: round {round}: ceiling (ONNX Runtime alone)");
        let c = ceiling::run(&model, runtime, &documents, &options)?;
        keep_best(
            &mut paths,
            "ceiling",
            result(
                c.seconds,
                c.real_tokens,
                c.padded_tokens,
                docs,
                None,
                c.entities,
            ),
        );

        for (name, mode) in [("python_hf_style", "hf"), ("python_best_effort", "batched")] {
            eprintln!("bench: round {round}: python, {mode}");
            let r = run_python(args, &model, &folder, &options, &cleaned, mode, docs)?;
            keep_best(&mut paths, name, r);
        }

        if let Some(python) = &args.package_python {
            // newsner itself, through its Python package: the texts newsner
            // tagged, and the Spark example on the corpus files themselves.
            for (name, mode, input) in [
                ("python_api", "api", cleaned.as_path()),
                ("spark_local2", "spark", corpus),
            ] {
                eprintln!("bench: round {round}: newsner from Python, {mode}");
                let v = package_path(args, python, mode, input)?;
                let measured = PathResult {
                    start_s: v["start_s"].as_f64(),
                    // Tagger.tag batches as the CLI does; Spark's workers
                    // batch each Arrow batch of lines on their own.
                    padding_share: if mode == "api" {
                        paths["newsner"].padding_share
                    } else {
                        None
                    },
                    ..result(
                        num(&v, "total_s"),
                        real_tokens,
                        timings.padded_tokens,
                        docs,
                        v["peak_rss_mb"].as_f64(),
                        python_entities(&v),
                    )
                };
                keep_best(&mut paths, name, measured);
            }
        }
    }

    if let Some(hf) = &args.with_transformers {
        eprintln!(
            "bench: transformers' own pipeline (PyTorch) on {}",
            hf.display()
        );
        let v = py_ner(args, &model, &options, &cleaned, "transformers", |cmd| {
            cmd.arg("--hf").arg(hf);
        })?;
        // Same documents, same work: tokens/s counts newsner's tokens.
        paths.insert(
            "transformers_pipeline",
            result(
                num(&v, "total_s"),
                real_tokens,
                real_tokens,
                docs,
                v["peak_rss_mb"].as_f64(),
                python_entities(&v),
            ),
        );
    }

    let mut sweep = Vec::new();
    let mut rss_half_all = None;
    if !args.no_sweep {
        let subset = &documents[..documents.len().min(if args.quick { 40 } else { 250 })];
        let cores = options.intra_threads;
        let mut configs: Vec<(usize, usize, usize, usize)> = vec![
            (options.batch_tokens, 1, 1, 1),
            (options.batch_tokens, 1, cores, cores),
            (options.batch_tokens, cores, 1, cores),
        ];
        if !args.quick {
            for budget in [1024, 2048, 8192, 16384, 32768] {
                configs.push((budget, 1, cores, cores));
            }
        }
        for (batch_tokens, sessions, intra_threads, tokenize_threads) in configs {
            eprintln!("bench: sweep budget {batch_tokens}, {sessions} session(s) x {intra_threads} thread(s)");
            let opts = PipelineOptions {
                batch_tokens,
                sessions,
                intra_threads,
                tokenize_threads,
                ..options.clone()
            };
            let scratch = args.out.join("sweep");
            let started = Instant::now();
            let report = newsner_run::run_model(
                &model,
                runtime,
                &Input::Documents(subset.to_vec()),
                &scratch,
                &opts,
                &newsner_run::OutputOptions::default(),
                &(),
            )?;
            let seconds = started.elapsed().as_secs_f64();
            sweep.push(SweepPoint {
                batch_tokens,
                sessions,
                intra_threads,
                tokenize_threads,
                tokens_per_s: report.real_tokens as f64 / seconds,
                padding_share: report.padding_share(),
            });
        }
    }
    if !args.no_sweep && !args.quick {
        eprintln!("bench: memory on half the corpus");
        let half = args.out.join("corpus").join("half.jsonl");
        let text = std::fs::read_to_string(corpus)?;
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(&half, lines[..lines.len() / 2].join("\n") + "\n")?;
        let half_timings = run_newsner(args, &half, &args.out.join("newsner-half"))?;
        if let (Some(h), Some(a)) = (half_timings.peak_rss_mb, paths["newsner"].peak_rss_mb) {
            rss_half_all = Some((h, a));
        }
    }
    Ok(Results {
        model: model.name().to_string(),
        docs,
        real_tokens,
        options,
        paths,
        sweep,
        rss_half_all,
        figures_share,
        ingest_share,
    })
}

/// Keeps the faster of two measurements of one path.
fn keep_best(paths: &mut BTreeMap<&'static str, PathResult>, name: &'static str, new: PathResult) {
    if paths.get(name).is_none_or(|old| new.seconds < old.seconds) {
        paths.insert(name, new);
    }
}

fn newsner_entities(out: &Path) -> Result<Entities> {
    Ok(read_mentions(&out.join("mentions.jsonl"))?
        .into_iter()
        .map(|m| (m.doc, m.start, m.end, m.model_label))
        .collect())
}

/// One of the Python peers (`scripts/bench/py_ner.py`), on the same model,
/// windows, batching settings and decoding.
fn run_python(
    args: &Args,
    model: &NerModel,
    folder: &Path,
    options: &PipelineOptions,
    cleaned: &Path,
    mode: &str,
    docs: usize,
) -> Result<PathResult> {
    let v = py_ner(args, model, options, cleaned, mode, |cmd| {
        cmd.arg("--model")
            .arg(folder)
            .arg("--onnx")
            .arg(&model.manifest.model.onnx)
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

fn python_entities(v: &Value) -> Entities {
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
fn package_path(args: &Args, python: &Path, mode: &str, input: &Path) -> Result<Value> {
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
fn py_ner(
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
