//! `timings.json`: where a run's time went. The one output file that
//! differs between runs of the same input, so it is kept out of every
//! comparison of outputs.

use serde::{Deserialize, Serialize};

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

/// Peak resident memory of this process so far (Linux: VmHWM).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// What a run fed the model: the counts behind `timings.json`'s throughput.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Workload {
    pub documents: usize,
    pub windows: usize,
    pub batches: usize,
    /// Pieces of text the model read.
    pub real_tokens: usize,
    /// Pieces fed, padding included.
    pub padded_tokens: usize,
}

impl Workload {
    /// Share of the pieces fed to the model that were padding (0 when none
    /// were fed).
    pub fn padding_share(&self) -> f64 {
        if self.padded_tokens == 0 {
            0.0
        } else {
            1.0 - self.real_tokens as f64 / self.padded_tokens as f64
        }
    }
}

impl TimingsFile {
    /// The file of a run that took `timings` for `work`; throughput and
    /// this process's peak memory are derived here.
    pub fn new(timings: Timings, work: Workload) -> Self {
        TimingsFile {
            documents: work.documents,
            windows: work.windows,
            batches: work.batches,
            real_tokens: work.real_tokens,
            padded_tokens: work.padded_tokens,
            padding_share: work.padding_share(),
            tokens_per_s: work.real_tokens as f64 / timings.total_s.max(1e-9),
            peak_rss_mb: peak_rss_mb(),
            timings,
        }
    }

    /// The file's bytes: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_vec_pretty(self).expect("timings serialize");
        text.push(b'\n');
        text
    }
}
