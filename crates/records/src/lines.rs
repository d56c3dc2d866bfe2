//! The records of newsner's output files, typed both ways: the writers
//! serialize them, `aggregate`, eval and bench read them back.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One line of `documents.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: String,
    /// Place among all items read, skipped ones and other shards' too
    /// (0-based): `aggregate` merges shards by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u64>,
    pub source: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// Length of `text` in characters.
    pub chars: usize,
    pub mentions: usize,
    #[serde(default)]
    pub figures: usize,
    /// The earlier document this one is a near-identical copy of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// The cleaned text every offset points into.
    pub text: String,
}

/// One line of `errors.jsonl`: a skipped item and its place in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    #[serde(flatten)]
    pub error: newsner_ingest::IngestError,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u64>,
}

/// A file that is not what newsner writes.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", .path.display(), at_line(.line))]
pub struct RecordError {
    pub path: PathBuf,
    /// 1-based; 0 when the file could not be opened or read.
    pub line: usize,
    pub message: String,
}

/// ":LINE", or nothing for a file as a whole.
fn at_line(line: &usize) -> String {
    if *line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// Reads a JSONL file record by record, in bounded memory.
pub fn read_jsonl<T: DeserializeOwned>(
    path: &Path,
) -> Result<impl Iterator<Item = Result<T, RecordError>>, RecordError> {
    let file = std::fs::File::open(path).map_err(|e| RecordError {
        path: path.to_path_buf(),
        line: 0,
        message: format!("cannot open: {e}"),
    })?;
    let path = path.to_path_buf();
    Ok(BufReader::new(file)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(move |(i, line)| {
            let err = |message: String| RecordError {
                path: path.clone(),
                line: i + 1,
                message,
            };
            let line = line.map_err(|e| err(format!("cannot read: {e}")))?;
            serde_json::from_str(&line).map_err(|e| {
                err(format!(
                    "not a newsner {} record: {e}",
                    std::any::type_name::<T>().rsplit("::").next().unwrap_or("")
                ))
            })
        }))
}
