use newsner_infer::{Aggregation, SessionOptions};
use newsner_ingest::IngestLimits;
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

    /// Windows the batcher gathers before sorting them by length: the
    /// lookahead, but never more than a checkpoint's documents, so that a
    /// part can be committed every `checkpoint.items` documents rather than
    /// only once the first lookahead's windows are all tagged.
    pub(crate) fn batch_lookahead(&self) -> usize {
        self.lookahead.min(self.checkpoint.items).max(1)
    }

    pub(crate) fn channel_docs(&self) -> usize {
        self.batch_lookahead().max(16) * 2
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CheckpointPolicy;

    #[test]
    fn the_batcher_holds_no_more_documents_than_a_checkpoint() {
        let options = |lookahead, items| PipelineOptions {
            lookahead,
            checkpoint: CheckpointPolicy {
                items,
                ..CheckpointPolicy::default()
            },
            ..PipelineOptions::default()
        };
        // Every document has at least one window, so a lookahead of at most
        // `items` windows holds at most `items` documents back from a commit.
        assert_eq!(options(256, 50).batch_lookahead(), 50);
        assert_eq!(options(256, 1000).batch_lookahead(), 256);
        assert_eq!(options(256, 0).batch_lookahead(), 1);
        assert!(options(256, 50).channel_docs() < options(256, 1000).channel_docs());
    }
}
