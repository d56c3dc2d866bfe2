//! The measured paths: newsner (the real binary, files in, files out), the
//! ceiling, the two Python peers, and the settings sweep.

use crate::measure::{num, result, run_newsner, PathResult, SweepPoint};
use crate::python::{package_path, py_ner, python_entities, run_python, Peer};
use crate::{ceiling, Args, Entities};
use anyhow::Result;
use newsner_assets::resolve_model;
use newsner_infer::{init_runtime, NerModel};
use newsner_ingest::Document;
use newsner_pipeline::PipelineOptions;
use newsner_records::{read_mentions, DocumentRecord, TimingsFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// `scripts/bench/profile_graph.py`: operator profile, FLOPs per token,
    /// the int8 GEMM peak and the MFU (None when it could not run).
    pub graph_profile: Option<serde_json::Value>,
}

/// What the timed rounds found beside the paths' results.
struct RoundFigures {
    real_tokens: usize,
    /// Real tokens per window: the attention length the model ran.
    mean_window: f64,
    figures_share: f64,
    ingest_share: f64,
}

pub fn measure_all(args: &Args, corpus: &Path, docs: usize) -> Result<Results> {
    let (folder, manifest) = resolve_model(&args.model, &args.models_dir)?;
    let model = NerModel::load(&folder, manifest)?;
    let runtime = init_runtime(&args.ort_lib)?;
    let options = PipelineOptions::default();
    let mut paths = BTreeMap::new();
    let out = args.out.join("newsner");
    let (documents, cleaned) = cleaned_texts(args, corpus, &out)?;
    let ctx = Measured {
        args,
        model: &model,
        folder: &folder,
        runtime,
        options: &options,
        corpus,
        cleaned: &cleaned,
        documents: &documents,
        docs,
    };
    let figures = ctx.rounds(&out, &mut paths)?;
    if let Some(hf) = &args.with_transformers {
        paths.insert(
            "transformers_pipeline",
            ctx.transformers(hf, figures.real_tokens)?,
        );
    }
    let (sweep, rss_half_all) = if args.no_sweep {
        (Vec::new(), None)
    } else {
        let sweep = crate::sweep::sweep(args, &model, runtime, &documents, &options)?;
        let rss = if args.quick {
            None
        } else {
            crate::sweep::rss_half(args, corpus, paths["newsner"].peak_rss_mb)?
        };
        (sweep, rss)
    };
    let graph_profile = crate::python::profile_graph(
        args,
        &model,
        &folder,
        &options,
        paths["newsner"].tokens_per_s,
        figures.mean_window,
    );
    Ok(Results {
        graph_profile,
        model: model.name().to_string(),
        docs,
        real_tokens: figures.real_tokens,
        options,
        paths,
        sweep,
        rss_half_all,
        figures_share: figures.figures_share,
        ingest_share: figures.ingest_share,
    })
}

/// A first newsner run gives the cleaned texts: every path but newsner
/// reads the texts newsner tagged, so all see the same text. Returns them,
/// and the JSONL file the Python paths read.
fn cleaned_texts(args: &Args, corpus: &Path, out: &Path) -> Result<(Vec<Document>, PathBuf)> {
    run_newsner(args, corpus, out)?;
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
    Ok((documents, cleaned))
}

/// What every measured path shares.
struct Measured<'a> {
    args: &'a Args,
    model: &'a NerModel,
    folder: &'a Path,
    runtime: newsner_infer::Runtime,
    options: &'a PipelineOptions,
    corpus: &'a Path,
    cleaned: &'a Path,
    documents: &'a [Document],
    docs: usize,
}

impl Measured<'_> {
    /// Shared machines drift: the paths take turns, round after round, and
    /// each keeps its best round.
    fn rounds(
        &self,
        out: &Path,
        paths: &mut BTreeMap<&'static str, PathResult>,
    ) -> Result<RoundFigures> {
        let (args, docs) = (self.args, self.docs);
        let mut figures = RoundFigures {
            real_tokens: 0,
            mean_window: 0.0,
            figures_share: 0.0,
            ingest_share: 0.0,
        };
        let mut fastest = f64::INFINITY;
        for round in 1..=args.rounds.unwrap_or(1).max(1) {
            eprintln!("bench: round {round}: newsner on {docs} documents");
            let timings = run_newsner(args, self.corpus, out)?;
            figures.real_tokens = timings.real_tokens;
            figures.mean_window = timings.real_tokens as f64 / timings.windows.max(1) as f64;
            if timings.timings.total_s < fastest {
                fastest = timings.timings.total_s;
                figures.figures_share = timings.timings.figures_s / fastest;
                figures.ingest_share = timings.timings.ingest_s / fastest;
            }
            let newsner = result(
                timings.timings.total_s,
                timings.real_tokens,
                timings.padded_tokens,
                docs,
                timings.peak_rss_mb,
                newsner_entities(out)?,
            );
            keep_best(paths, "newsner", newsner);

            eprintln!("bench: round {round}: ceiling (ONNX Runtime alone)");
            let c = ceiling::run(self.model, self.runtime, self.documents, self.options)?;
            let ceiling = result(
                c.seconds,
                c.real_tokens,
                c.padded_tokens,
                docs,
                None,
                c.entities,
            );
            keep_best(paths, "ceiling", ceiling);

            let peers = [
                ("python_hf_style", "hf", None),
                ("python_best_effort", "batched", None),
                (
                    "python_standard_export",
                    "batched",
                    args.standard_export.as_deref(),
                ),
            ];
            for (name, mode, graph) in peers {
                if name == "python_standard_export" && graph.is_none() {
                    continue;
                }
                eprintln!("bench: round {round}: python, {mode}, {name}");
                let r = run_python(
                    args,
                    self.model,
                    self.folder,
                    self.options,
                    self.cleaned,
                    &Peer { mode, graph },
                    docs,
                )?;
                keep_best(paths, name, r);
            }
            if let Some(python) = &args.package_python {
                self.package_round(round, python, &timings, paths)?;
            }
        }
        Ok(figures)
    }

    /// newsner itself, through its Python package: the texts newsner
    /// tagged, and the Spark example on the corpus files themselves.
    fn package_round(
        &self,
        round: usize,
        python: &Path,
        timings: &TimingsFile,
        paths: &mut BTreeMap<&'static str, PathResult>,
    ) -> Result<()> {
        for (name, mode, input) in [
            ("python_api", "api", self.cleaned),
            ("spark_local2", "spark", self.corpus),
        ] {
            eprintln!("bench: round {round}: newsner from Python, {mode}");
            let v = package_path(self.args, python, mode, input)?;
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
                    timings.real_tokens,
                    timings.padded_tokens,
                    self.docs,
                    v["peak_rss_mb"].as_f64(),
                    python_entities(&v),
                )
            };
            keep_best(paths, name, measured);
        }
        Ok(())
    }

    /// transformers' own pipeline (PyTorch), once.
    fn transformers(&self, hf: &Path, real_tokens: usize) -> Result<PathResult> {
        eprintln!(
            "bench: transformers' own pipeline (PyTorch) on {}",
            hf.display()
        );
        let v = py_ner(
            self.args,
            self.model,
            self.options,
            self.cleaned,
            "transformers",
            |cmd| {
                cmd.arg("--hf").arg(hf);
            },
        )?;
        // Same documents, same work: tokens/s counts newsner's tokens.
        Ok(result(
            num(&v, "total_s"),
            real_tokens,
            real_tokens,
            self.docs,
            v["peak_rss_mb"].as_f64(),
            python_entities(&v),
        ))
    }
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
