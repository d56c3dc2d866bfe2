//! A tagged item in reading order, and where the reading stands: what the
//! tagging stage hands to the journal and the aggregate stage.

use crate::Mention;
use newsner_ingest::{Document, IngestError};
use serde::{Deserialize, Serialize};

/// One item of a part, in reading order. `order` is its place among all
/// items read (every shard's, skipped items too): shards merge by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartItem {
    Document {
        document: Document,
        mentions: Vec<Mention>,
        #[serde(default)]
        order: Option<u64>,
    },
    Error {
        error: IngestError,
        #[serde(default)]
        order: Option<u64>,
    },
}

impl PartItem {
    pub fn order(&self) -> Option<u64> {
        match self {
            PartItem::Document { order, .. } | PartItem::Error { order, .. } => *order,
        }
    }
}

/// Where the reading stood after a committed part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Items (documents and skipped items) done, in reading order.
    pub items: u64,
    /// Input files all of whose items are done.
    pub files_done: u64,
    /// Items those files (and the skipped entries before them) account for.
    pub items_at_files_done: u64,
    /// Input bytes accounted for (the progress bar).
    pub input_bytes: u64,
}
