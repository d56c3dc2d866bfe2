use newsner_aggregate::{EntityRow, Summary};
use newsner_infer::{Aggregation, SessionOptions};
use newsner_ingest::IngestLimits;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where documents come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// Files and folders (searched recursively).
    Paths(Vec<PathBuf>),
    /// Standard input (`-`).
    Stdin,
    /// Documents already in memory, tagged as they are (no cleaning).
    Documents(Vec<newsner_ingest::Document>),
}

#[derive(Debug, Clone)]
pub struct PipelineOptions {
    pub aggregation: Aggregation,
    /// A name tagged with several types in one document gets the type most
    /// of its mentions have (`mentions::unify_types`).
    pub one_type_per_name: bool,
    /// Most tokens (padding included) in one inference batch.
    pub batch_tokens: usize,
    /// Windows collected before they are sorted by length into batches.
    pub lookahead: usize,
    /// Most padding a batch may carry, as a share of its tokens.
    pub max_padding: f64,
    /// Window length (special tokens included) when shorter than the
    /// model's; `None` uses the model's.
    pub max_length: Option<usize>,
    /// Tokens shared by neighbouring windows of a long document; `None` uses
    /// the model's (its manifest's, else 128).
    pub stride: Option<usize>,
    /// Parallel ONNX Runtime sessions.
    pub sessions: usize,
    /// Threads inside each session.
    pub intra_threads: usize,
    /// ONNX Runtime's CPU memory arena (see `SessionOptions::arena`).
    pub arena: bool,
    /// Threads for reading and tokenizing.
    pub tokenize_threads: usize,
    pub limits: IngestLimits,
    /// Documents whose texts report.html keeps (those with most mentions).
    pub report_docs: usize,
    /// Which output files to write.
    pub formats: newsner_aggregate::Formats,
    /// Documents with more tokens are skipped with an error line.
    pub max_doc_tokens: usize,
    /// When tagged documents are committed to the journal.
    pub checkpoint: crate::CheckpointPolicy,
    /// What to do with an unfinished run in the output folder.
    pub unfinished: crate::Unfinished,
    /// Tag only this share of the documents (`--shard i/n`).
    pub shard: Option<crate::Shard>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        PipelineOptions {
            aggregation: Aggregation::First,
            one_type_per_name: true,
            batch_tokens: 4096,
            lookahead: 256,
            max_padding: 0.05,
            max_length: None,
            stride: None,
            sessions: 1,
            intra_threads: cores,
            arena: true,
            tokenize_threads: cores,
            limits: IngestLimits::default(),
            report_docs: newsner_aggregate::REPORT_DOCS,
            formats: newsner_aggregate::Formats::default(),
            max_doc_tokens: 200_000,
            checkpoint: Default::default(),
            unfinished: Default::default(),
            shard: None,
        }
    }
}

impl PipelineOptions {
    pub fn session_options(&self) -> SessionOptions {
        SessionOptions {
            intra_threads: self.intra_threads,
            arena: self.arena,
        }
    }

    pub(crate) fn channel_docs(&self) -> usize {
        self.lookahead.max(16) * 2
    }

    pub(crate) fn channel_batches(&self) -> usize {
        self.sessions.max(1) * 2
    }
}

/// Receives progress; the CLI draws a bar with it.
pub trait Progress: Sync {
    /// Total input bytes, once known.
    fn set_total(&self, bytes: u64);
    /// A document (or failed item) is done; `bytes` of input are accounted for.
    fn advance(&self, bytes: u64);
}

impl Progress for () {
    fn set_total(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Wall-clock seconds per stage (`timings.json`); these differ between runs,
/// which is why they are kept out of the deterministic outputs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Timings {
    pub total_s: f64,
    /// Time the producer spent reading, cleaning and tokenizing.
    pub read_tokenize_s: f64,
    /// The part of `read_tokenize_s` spent in ingest: reading, decoding,
    /// article extraction, cleaning and metadata (absent in older files).
    #[serde(default)]
    pub ingest_s: f64,
    /// Time the sessions spent inside ONNX Runtime (summed over sessions).
    pub inference_s: f64,
    /// Time spent decoding entities and writing files.
    pub decode_write_s: f64,
    /// Time the job-figures stage took (sentences, amounts, organisations).
    pub figures_s: f64,
}

/// `timings.json`: where a run's time went, and its throughput.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimingsFile {
    #[serde(flatten)]
    pub timings: Timings,
    pub documents: usize,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
    pub padding_share: f64,
    pub tokens_per_s: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rss_mb: Option<f64>,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub documents: usize,
    /// Items (documents and skipped items) an earlier, interrupted process
    /// had done: this one did not redo them.
    pub resumed: usize,
    pub errors: usize,
    pub mentions: usize,
    pub figures: usize,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
    pub timings: Timings,
    pub rows: Vec<EntityRow>,
    pub summary: Option<Summary>,
    pub written: Vec<PathBuf>,
}

impl RunReport {
    /// Share of the tokens fed to the model that were padding.
    pub fn padding_share(&self) -> f64 {
        if self.padded_tokens == 0 {
            0.0
        } else {
            1.0 - self.real_tokens as f64 / self.padded_tokens as f64
        }
    }

    /// `timings.json`.
    pub(crate) fn timings_json(&self) -> anyhow::Result<Vec<u8>> {
        let file = TimingsFile {
            timings: self.timings.clone(),
            documents: self.documents,
            windows: self.windows,
            batches: self.batches,
            real_tokens: self.real_tokens,
            padded_tokens: self.padded_tokens,
            padding_share: self.padding_share(),
            tokens_per_s: self.real_tokens as f64 / self.timings.total_s.max(1e-9),
            peak_rss_mb: peak_rss_mb(),
        };
        let mut text = serde_json::to_vec_pretty(&file)?;
        text.push(b'\n');
        Ok(text)
    }
}

/// Peak resident memory of this process so far (Linux: VmHWM).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
