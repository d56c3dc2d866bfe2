//! The output folder. Every file is written to a temporary file beside its
//! final name and renamed into place when complete, so readers never see a
//! half-written file and a failed run leaves the previous results intact.

use crate::corpus::{EntityRow, Summary};
use crate::Mention;
use newsner_figures::Figure;
use newsner_ingest::{Document, IngestError};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

pub const OUTPUT_FILES: &[&str] = &[
    "documents.jsonl",
    "mentions.jsonl",
    "errors.jsonl",
    "entities.csv",
    "figures.jsonl",
    "figures.csv",
    "summary.json",
    "timings.json",
];

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct OutputError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// A file that appears under its name only once [`AtomicWriter::commit`] ran.
pub struct AtomicWriter {
    path: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl AtomicWriter {
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let temp = NamedTempFile::new_in(dir).map_err(|source| OutputError {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(AtomicWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(temp),
        })
    }

    fn err(&self, source: std::io::Error) -> OutputError {
        OutputError {
            path: self.path.clone(),
            source,
        }
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.file.write_all(bytes).map_err(|e| self.err(e))
    }

    pub fn json_line<T: Serialize>(&mut self, value: &T) -> Result<(), OutputError> {
        let mut line = serde_json::to_vec(value).map_err(|e| self.err(e.into()))?;
        line.push(b'\n');
        self.write_all(&line)
    }

    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let path = self.path.clone();
        let temp = self.file.into_inner().map_err(|e| OutputError {
            path: path.clone(),
            source: e.into_error(),
        })?;
        // No fsync: the rename alone makes the file appear whole to readers,
        // and a forced flush per file cost more than tagging a small corpus.
        temp.persist(&path).map_err(|e| OutputError {
            path: path.clone(),
            source: e.error,
        })?;
        Ok(path)
    }
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    meta: &'a std::collections::BTreeMap<String, String>,
    chars: usize,
    mentions: usize,
    figures: usize,
    /// The earlier document this one is a near-identical copy of.
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<&'a str>,
    text: &'a str,
}

/// Streams the per-document files and writes the tables at the end.
pub struct OutputWriter {
    dir: PathBuf,
    documents: AtomicWriter,
    mentions: AtomicWriter,
    errors: AtomicWriter,
}

impl OutputWriter {
    pub fn create(dir: &Path) -> Result<Self, OutputError> {
        std::fs::create_dir_all(dir).map_err(|source| OutputError {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(OutputWriter {
            dir: dir.to_path_buf(),
            documents: AtomicWriter::create(&dir.join("documents.jsonl"))?,
            mentions: AtomicWriter::create(&dir.join("mentions.jsonl"))?,
            errors: AtomicWriter::create(&dir.join("errors.jsonl"))?,
        })
    }

    pub fn document(
        &mut self,
        doc: &Document,
        mentions: &[Mention],
        figures: usize,
        duplicate_of: Option<&str>,
    ) -> Result<(), OutputError> {
        self.documents.json_line(&DocumentRecord {
            id: &doc.id,
            source: &doc.source,
            meta: &doc.meta,
            chars: doc.text.chars().count(),
            mentions: mentions.len(),
            figures,
            duplicate_of,
            text: &doc.text,
        })?;
        for m in mentions {
            self.mentions.json_line(m)?;
        }
        Ok(())
    }

    pub fn error(&mut self, error: &IngestError) -> Result<(), OutputError> {
        self.errors.json_line(error)
    }

    /// Writes the tables and moves every file into place.
    pub fn finish(
        self,
        rows: &[EntityRow],
        figures: &[Figure],
        summary: &Summary,
    ) -> Result<Vec<PathBuf>, OutputError> {
        let mut written = vec![
            self.documents.commit()?,
            self.mentions.commit()?,
            self.errors.commit()?,
        ];
        written.push(write_csv(
            &self.dir.join("entities.csv"),
            &["entity", "label", "mentions", "documents", "variants"],
            rows.iter().map(|row| {
                vec![
                    row.entity.clone(),
                    row.label.clone(),
                    row.mentions.to_string(),
                    row.documents.to_string(),
                    row.variants.join(" | "),
                ]
            }),
        )?);

        let mut jsonl = AtomicWriter::create(&self.dir.join("figures.jsonl"))?;
        for f in figures {
            jsonl.json_line(f)?;
        }
        written.push(jsonl.commit()?);
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        written.push(write_csv(
            &self.dir.join("figures.csv"),
            &[
                "doc",
                "org",
                "entity",
                "kind",
                "unit",
                "value",
                "value_max",
                "approx",
                "qualifier",
                "text",
                "start",
                "end",
                "sentence",
            ],
            figures.iter().map(|f| {
                vec![
                    f.doc.clone(),
                    opt(&f.org),
                    opt(&f.entity),
                    f.kind.as_str().to_string(),
                    f.unit.as_str().to_string(),
                    f.value.to_string(),
                    f.value_max.map(|v| v.to_string()).unwrap_or_default(),
                    f.approx.to_string(),
                    opt(&f.qualifier),
                    f.text.clone(),
                    f.start.to_string(),
                    f.end.to_string(),
                    f.sentence.clone(),
                ]
            }),
        )?);

        let path = self.dir.join("summary.json");
        let mut text = serde_json::to_vec_pretty(summary).map_err(|e| OutputError {
            path: path.clone(),
            source: e.into(),
        })?;
        text.push(b'\n');
        let mut file = AtomicWriter::create(&path)?;
        file.write_all(&text)?;
        written.push(file.commit()?);
        Ok(written)
    }
}

/// A CSV file with a header row, written atomically.
fn write_csv(
    path: &Path,
    header: &[&str],
    records: impl Iterator<Item = Vec<String>>,
) -> Result<PathBuf, OutputError> {
    let mut file = AtomicWriter::create(path)?;
    let io = |e: csv::Error| OutputError {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    {
        let mut csv = csv::Writer::from_writer(&mut file.file);
        csv.write_record(header).map_err(io)?;
        for record in records {
            csv.write_record(&record).map_err(io)?;
        }
        csv.flush().map_err(|e| OutputError {
            path: path.to_path_buf(),
            source: e,
        })?;
    }
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let mut w = AtomicWriter::create(&path).unwrap();
        w.json_line(&serde_json::json!({"x": 1})).unwrap();
        assert!(!path.exists());
        w.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"x\":1}\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }
}
