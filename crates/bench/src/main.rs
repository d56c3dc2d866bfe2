//! `newsner-bench`: how many documents per second newsner tags, against the
//! ceiling of its own hot path (ONNX Runtime alone) and against what a user
//! would run instead (Python), all in one run on one corpus. Driven by
//! `cargo xtask bench`.

mod ceiling;
mod corpus;
mod measure;
mod paths;
mod python;
mod report;
mod sweep;

use anyhow::{Context, Result};
use clap::Parser;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// (document id, start, end, model label): what all paths must agree on.
pub type Entities = BTreeSet<(String, usize, usize, String)>;

#[derive(Debug, Parser)]
#[command(
    name = "newsner-bench",
    about = "Inference throughput: newsner vs. ONNX Runtime alone vs. Python"
)]
pub struct Args {
    /// Model name under --models-dir, or a model folder.
    #[arg(long, default_value = "de-news")]
    pub model: String,
    #[arg(long, env = "NEWSNER_MODELS_DIR", default_value = "models")]
    pub models_dir: PathBuf,
    #[arg(long, env = "ORT_DYLIB_PATH")]
    pub ort_lib: PathBuf,
    /// Documents in the benchmark corpus [default: 2000, or 80 with --quick].
    #[arg(long)]
    pub docs: Option<usize>,
    /// A small run for development: fewer documents, a short sweep, one round.
    #[arg(long)]
    pub quick: bool,
    /// Rounds in which the four paths take turns; each path keeps its best
    /// [default: 2, or 1 with --quick].
    #[arg(long)]
    pub rounds: Option<usize>,
    /// No sweep and no memory-growth run (tests). --quick sweeps three
    /// thread settings on a few documents and skips the memory-growth run.
    #[arg(long)]
    pub no_sweep: bool,
    /// The demo corpus the documents are drawn from.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// GermEval TSV whose sentences are mixed in, if it exists.
    #[arg(
        long,
        default_value = "../shared/datasets/germeval2014/NER-de-test.tsv"
    )]
    pub germeval: PathBuf,
    /// Also time transformers' own TokenClassificationPipeline (PyTorch) on
    /// this HuggingFace checkpoint of the same weights (needs torch and
    /// transformers in --python).
    #[arg(long, value_name = "HF_DIR")]
    pub with_transformers: Option<PathBuf>,
    /// Also time the Python script, batched, on this graph of the same
    /// weights as a user exports them the standard way (a plain ONNX export
    /// quantized with ONNX Runtime's `quantize_dynamic`, as optimum does).
    #[arg(long, value_name = "ONNX")]
    pub standard_export: Option<PathBuf>,
    /// Python with onnxruntime, tokenizers and numpy.
    #[arg(long, env = "NEWSNER_BENCH_PYTHON")]
    pub python: PathBuf,
    /// The Python peers' script.
    #[arg(long, default_value = "scripts/bench/py_ner.py")]
    pub script: PathBuf,
    /// Python with the newsner package and pyspark installed: measures the
    /// Python API (`Tagger.tag`) and the Spark example (local[2]) too.
    #[arg(long)]
    pub package_python: Option<PathBuf>,
    /// The newsner binary to measure.
    #[arg(long)]
    pub newsner: PathBuf,
    /// Where the corpus, outputs, latest.json and the plot go.
    #[arg(long, default_value = "target/bench")]
    pub out: PathBuf,
}

fn main() -> Result<()> {
    let mut args = Args::parse();
    let docs = args.docs.unwrap_or(if args.quick { 80 } else { 2000 });
    args.rounds = Some(args.rounds.unwrap_or(if args.quick { 1 } else { 2 }));
    let corpus = args.out.join("corpus").join("bench.jsonl");
    corpus::generate(&args.corpus, Some(&args.germeval), docs, &corpus)
        .context("cannot build the benchmark corpus")?;
    let results = paths::measure_all(&args, &corpus, docs)?;
    report::write(&args, &results)?;
    Ok(())
}
