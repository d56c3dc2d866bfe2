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

impl TimingsFile {
    /// The file's bytes: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_vec_pretty(self).expect("timings serialize");
        text.push(b'\n');
        text
    }
}
