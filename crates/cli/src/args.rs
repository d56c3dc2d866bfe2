use clap::{Args, Parser, Subcommand};
use newsner_infer::Aggregation;
use newsner_ingest::IngestLimits;
use newsner_pipeline::{PipelineOptions, Unfinished};
use std::path::PathBuf;

/// Named-entity recognition for news corpora, on the CPU.
///
/// Reads a folder of articles (.txt, .md, .html, .json, .jsonl, each
/// optionally .gz), tags every named entity with a transformer model in ONNX
/// format, and writes mentions with exact character offsets plus corpus
/// tables into an output folder.
#[derive(Debug, Parser)]
#[command(name = "newsner", version, propagate_version = true)]
pub struct Cli {
    /// More log output (-v: debug, -vv: everything). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tag a corpus and write mentions.jsonl, documents.jsonl, errors.jsonl,
    /// entities.csv, summary.json and timings.json.
    Run(RunArgs),
    /// Rebuild entities.csv, figures, summary.json and report.html from the
    /// documents.jsonl and mentions.jsonl of one or more runs, without the
    /// model; several run folders (shards) are merged into one output.
    Aggregate(AggregateArgs),
    /// Score a model on labelled sentences (GermEval 2014 TSV or CoNLL/IOB):
    /// exact-span precision, recall and F1 per type (PER, ORG, LOC, MISC),
    /// counted like seqeval, through the real pipeline.
    Eval(EvalArgs),
    /// Score article extraction on saved web pages: per page and in total,
    /// body precision/recall/F1 (word 4-gram shingles, as public extraction
    /// benchmarks score) and title, date and language accuracy against each
    /// page's expected-metadata.json; other extractors' outputs (--peer)
    /// scored side by side. Every page under 0.8 is listed with what went
    /// wrong.
    EvalExtract(EvalExtractArgs),
}

#[derive(Debug, Args)]
pub struct EvalExtractArgs {
    /// Folder of page folders, each with source.html (or source.txt /
    /// source.md), expected.html or expected.txt, expected-metadata.json.
    #[arg(value_name = "DIR")]
    pub pages: PathBuf,

    /// Another extractor's output to score beside newsner's: NAME=FILE, FILE
    /// holding JSONL lines {"page", "text", "title", "published", "lang"}.
    #[arg(long, value_name = "NAME=FILE")]
    pub peer: Vec<String>,

    /// Also write every page's scores as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Also write newsner's extracted texts as JSONL (the --peer format).
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled file: GermEval TSV (`idx token outer nested`) or CoNLL/IOB
    /// (`token ... tag`), sentences separated by blank lines.
    #[arg(short, long, value_name = "FILE")]
    pub data: PathBuf,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Count GermEval's derived and partial names (`B-LOCderiv`,
    /// `B-ORGpart`) as entities of their base type instead of ignoring them.
    #[arg(long)]
    pub keep_derived: bool,

    /// Only the first N sentences.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Score only these types, in the gold and in newsner's output (e.g.
    /// `PER,ORG,LOC` for a corpus that never annotated MISC).
    #[arg(long, value_delimiter = ',', default_values = newsner_eval::TYPES, value_name = "TYPES",
          value_parser = clap::builder::PossibleValuesParser::new(newsner_eval::TYPES))]
    pub types: Vec<String>,

    /// Score whole documents instead of single sentences: consecutive
    /// sentences are joined into documents of this many sentences (with
    /// `--paragraph`), the gold spans shifted with them. 0 scores each
    /// sentence as its own document.
    #[arg(long, default_value_t = 0, value_name = "SENTENCES")]
    pub documents: usize,

    /// Sentences per paragraph in `--documents` mode; paragraphs are
    /// separated by a blank line.
    #[arg(long, default_value_t = 3, value_name = "SENTENCES")]
    pub paragraph: usize,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Also write the scores as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    #[arg(short, long, default_value = "first", value_parser = parse_aggregation)]
    /// Aggregation strategy (see `newsner run --help`).
    pub aggregation: Aggregation,

    #[command(flatten)]
    pub mention_types: MentionTypeArgs,
}

/// Whether newsner gives a name one type within a document.
#[derive(Debug, Args)]
pub struct MentionTypeArgs {
    /// Keep every mention's own type, in every output (tables included). By
    /// default a name the model tags with several types within one document
    /// ("Amazon" ORG nine times, LOC once) takes the type most of its
    /// mentions have; without a majority, the type with the highest summed
    /// score (a type the model is sure of, score >= 0.9, beside a winning
    /// type it is also sure of stays: the text names two things). The
    /// mention's `model_label` always keeps the model's own tag.
    #[arg(long)]
    pub types_per_mention: bool,
}

impl MentionTypeArgs {
    pub fn one_type_per_name(&self) -> bool {
        !self.types_per_mention
    }
}

/// How documents are cut into model inputs.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Window length in tokens, special tokens included, when shorter than
    /// the model's own (its model.toml `max_length`, else config.json) [default: the model's].
    #[arg(long, value_name = "TOKENS")]
    pub max_length: Option<usize>,

    /// Tokens shared by neighbouring windows of documents longer than one
    /// window; each token is decided by the window in which it sits most
    /// centrally [default: the model's model.toml `stride`, else 128].
    #[arg(long, value_name = "TOKENS")]
    pub stride: Option<usize>,
}

/// Which model and runtime to use.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model: a name under the models folder (`de-news`, `rampart`) or the path of
    /// a folder with model.onnx (or onnx/*.onnx), tokenizer.json and
    /// config.json (a HuggingFace token-classification export).
    #[arg(short, long, default_value = DEFAULT_MODEL, value_name = "NAME|DIR")]
    pub model: String,

    /// Folder holding named models [default: `models/` of the working
    /// directory or of the newsner checkout].
    #[arg(long, env = "NEWSNER_MODELS_DIR", value_name = "DIR")]
    pub models_dir: Option<PathBuf>,

    /// ONNX Runtime library (libonnxruntime.so 1.31) [default: the copy
    /// `cargo xtask setup` put under .runtime/].
    #[arg(long, env = "ORT_DYLIB_PATH", value_name = "FILE")]
    pub ort_lib: Option<PathBuf>,
}

/// The model used when `--model` is not given.
pub const DEFAULT_MODEL: &str = "de-news";

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    /// Exit with 0 even when some input items were skipped (by default such
    /// a run exits with 3; 1 is a fatal error, 2 a usage error).
    #[arg(long)]
    pub allow_skips: bool,

    /// Files or folders to read (folders recursively); `-` reads standard
    /// input (JSONL if it starts with `{`, HTML with `<`, else text).
    #[arg(short, long, num_args = 1.., required = true, value_name = "PATH")]
    pub input: Vec<PathBuf>,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Output folder. Its files are links into `.newsner/current/`, which
    /// switches to the new run's complete set in one step when the run
    /// ends: readers see the previous run or this one, never a mix.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// Continue the unfinished run in `--out` (killed, crashed or stopped by
    /// Ctrl-C) where its journal ends; the outputs are the same bytes an
    /// uninterrupted run writes. Model, settings and inputs must be the
    /// same. Without an unfinished run, starts a new one.
    #[arg(long, conflicts_with = "restart")]
    pub resume: bool,

    /// Discard an unfinished run in `--out` and start over (without
    /// `--resume` or `--restart`, finding one is an error).
    #[arg(long)]
    pub restart: bool,

    /// Tag only shard I of N: the documents whose id hashes to I modulo N
    /// (and the skipped items likewise), so that N machines can split a
    /// corpus; `newsner aggregate --input OUT0 OUT1 ...` merges their
    /// folders into what one run writes. Every shard reads every input.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<newsner_pipeline::Shard>,

    /// Commit tagged documents to the journal in `--out` at least every this
    /// many documents (and every 30 seconds): at most this much work is
    /// redone after a crash.
    #[arg(long, default_value_t = PipelineOptions::default().checkpoint.items, value_name = "DOCS")]
    pub checkpoint_docs: usize,

    /// How token predictions become entities, as in HuggingFace's
    /// token-classification pipeline: none (every token), simple (group
    /// tokens by label), first / average / max (per word: label of the first
    /// piece / best mean score / best piece, then group).
    #[arg(short, long, default_value = "first", value_parser = parse_aggregation)]
    pub aggregation: Aggregation,

    #[command(flatten)]
    pub mention_types: MentionTypeArgs,

    /// Most tokens (padding included) in one inference batch. Windows of
    /// similar length are batched together up to this budget.
    #[arg(long, default_value_t = PipelineOptions::default().batch_tokens, value_name = "TOKENS")]
    pub batch_tokens: usize,

    /// Windows gathered and sorted by length before batching; more means
    /// less padding and more memory. Never more than --checkpoint-docs, so
    /// that checkpoints come as often as asked.
    #[arg(long, default_value_t = PipelineOptions::default().lookahead, value_name = "WINDOWS")]
    pub lookahead: usize,

    /// Most padding an inference batch may carry, as a share of its tokens;
    /// a batch is closed early rather than waste more work on pad tokens.
    #[arg(long, default_value_t = PipelineOptions::default().max_padding, value_name = "SHARE")]
    pub max_padding: f64,

    #[command(flatten)]
    pub window: WindowArgs,

    /// ONNX Runtime sessions running batches in parallel.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub sessions: usize,

    /// Threads inside each ONNX Runtime session [default: all cores].
    #[arg(long, value_name = "N")]
    pub intra_threads: Option<usize>,

    /// Release ONNX Runtime's memory after every batch instead of keeping an
    /// arena sized by the largest batch (lower peak memory, a little slower).
    #[arg(long)]
    pub no_arena: bool,

    /// Threads for reading and tokenizing [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Largest document text kept, in bytes; larger documents are reported
    /// in errors.jsonl and skipped.
    #[arg(long, default_value_t = IngestLimits::default().max_doc_bytes, value_name = "BYTES")]
    pub max_doc_bytes: usize,

    /// Skip (with an error line) documents of more model tokens than this:
    /// tagging time grows with tokens, and a page of emoji or a data dump
    /// can be a million of them.
    #[arg(long, default_value_t = PipelineOptions::default().max_doc_tokens, value_name = "TOKENS")]
    pub max_doc_tokens: usize,

    /// Largest (decompressed) input file read whole, in bytes. JSONL files
    /// and JSONL on standard input are streamed record by record and have
    /// no size limit (a line may hold 4 x --max-doc-bytes).
    #[arg(long, default_value_t = IngestLimits::default().max_file_bytes, value_name = "BYTES")]
    pub max_file_bytes: u64,

    /// No progress bar.
    #[arg(long = "no-progress")]
    pub quiet_progress: bool,
}

fn parse_aggregation(s: &str) -> Result<Aggregation, String> {
    s.parse()
}

impl RunArgs {
    /// The files to write (`--formats`, `--report-docs`).
    pub fn output_options(&self) -> newsner_run::OutputOptions {
        newsner_run::OutputOptions {
            formats: self.output.formats,
            report_docs: self.output.report_docs,
        }
    }

    pub fn pipeline_options(&self) -> PipelineOptions {
        let defaults = PipelineOptions::default();
        PipelineOptions {
            arena: !self.no_arena,
            aggregation: self.aggregation,
            one_type_per_name: self.mention_types.one_type_per_name(),
            batch_tokens: self.batch_tokens,
            lookahead: self.lookahead,
            max_padding: self.max_padding,
            max_length: self.window.max_length,
            stride: self.window.stride,
            sessions: self.sessions.max(1),
            intra_threads: self.intra_threads.unwrap_or(defaults.intra_threads).max(1),
            tokenize_threads: self.threads.unwrap_or(defaults.tokenize_threads).max(1),
            limits: IngestLimits {
                max_doc_bytes: self.max_doc_bytes,
                max_file_bytes: self.max_file_bytes,
            },
            max_doc_tokens: self.max_doc_tokens,
            checkpoint: newsner_pipeline::CheckpointPolicy {
                items: self.checkpoint_docs.max(1),
                ..defaults.checkpoint
            },
            shard: self.shard,
            unfinished: if self.resume {
                Unfinished::Resume
            } else if self.restart {
                Unfinished::Restart
            } else {
                Unfinished::Refuse
            },
        }
    }
}

/// Which files to write, and what report.html holds.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Files to write besides summary.json, errors.jsonl and timings.json
    /// (always written), comma-separated: jsonl (documents, mentions,
    /// figures), csv (entities,
    /// figures), parquet (documents, mentions, entities, figures), html
    /// (report.html); or all.
    #[arg(long, default_value = "all", value_parser = clap::value_parser!(newsner_output::Formats), value_name = "LIST")]
    pub formats: newsner_output::Formats,

    /// Keep the texts (with highlighted entities) of this many documents in
    /// report.html: those with most mentions. The report says when it shows
    /// fewer than all; every document stays in documents.jsonl.
    #[arg(long, default_value_t = newsner_output::REPORT_DOCS, value_name = "N")]
    pub report_docs: usize,
}

/// `newsner aggregate`: tables, figures, summary and report from stored
/// documents and mentions, without the model.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Run folders (or their documents.jsonl / mentions.jsonl) to read, in
    /// this order; their documents must not overlap.
    #[arg(short, long, num_args = 1.., required = true, value_name = "PATH")]
    pub input: Vec<PathBuf>,

    /// Output folder (not one of the inputs).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,
}
