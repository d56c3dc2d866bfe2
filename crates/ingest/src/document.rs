use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One article. `text` is the cleaned text; every offset newsner reports is a
/// character (Unicode scalar) offset into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Unique within a run: the record's own id, or the file path (plus
    /// `:line` for JSONL records without one).
    pub id: String,
    /// The file (or `-` for stdin) the document came from.
    pub source: String,
    pub text: String,
    /// title, url, date, lang, ... where the source had them.
    pub meta: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Unreadable,
    InvalidUtf8,
    Binary,
    Empty,
    TooLarge,
    MalformedJson,
    NoText,
    UnsupportedType,
    Decompress,
    /// A FIFO, socket or device.
    NotAFile,
    /// newsner failed on this item (a bug): the run went on without it.
    Internal,
}

/// A file or record that was skipped, and why. Written to `errors.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestError {
    pub source: String,
    /// The record inside the file (`line 7`, `item 2`, an id), if any.
    pub item: Option<String>,
    pub kind: ErrorKind,
    pub message: String,
}

impl IngestError {
    pub fn new(source: &str, item: Option<String>, kind: ErrorKind, message: String) -> Self {
        IngestError {
            source: source.to_string(),
            item,
            kind,
            message,
        }
    }
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(item) = &self.item {
            write!(f, " ({item})")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    Doc(Document),
    Failed(IngestError),
}
