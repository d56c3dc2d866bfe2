//! `newsner aggregate`: the aggregate stage on its own. Reads the
//! documents and mentions of one or more runs (run folders: shards of one
//! corpus, or one run's own output) and writes the same files a run writes
//! (report included) without the model: job figures are recomputed from
//! the text and ORG mentions, near-duplicates and tables from all inputs
//! together. Over a run's own output it reproduces that run's files.

use crate::build::{build, BuildError, BuildSettings};
use crate::corpus::Summary;
use crate::journal::PartItem;
use crate::output::Formats;
use crate::parquet_in::{read_documents_parquet, read_mentions_parquet};
use crate::publish::OutputFolder;
use crate::records::{read_jsonl, DocumentRecord, RecordError};
use crate::IdSet;
use crate::Mention;
use newsner_ingest::{Document, IngestError};
use std::path::{Path, PathBuf};

/// `newsner aggregate`'s errors: those of the aggregate stage.
pub type RebuildError = BuildError;

/// What `rebuild` did.
#[derive(Debug)]
pub struct Rebuilt {
    pub documents: usize,
    pub errors: usize,
    pub mentions: usize,
    pub figures: usize,
    pub summary: Summary,
    pub written: Vec<PathBuf>,
}

/// The run folder an input names: the folder itself, or the folder of one
/// of its files; it must hold documents and mentions as JSONL or Parquet.
fn run_folder(input: &Path) -> Result<PathBuf, RebuildError> {
    let dir = if input.is_dir() {
        input.to_path_buf()
    } else {
        input.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let has = |ext: &str| {
        ["documents", "mentions"]
            .iter()
            .all(|n| dir.join(format!("{n}.{ext}")).is_file())
    };
    if has("jsonl") || has("parquet") {
        Ok(dir)
    } else {
        Err(RebuildError::Input(format!(
            "{}: no documents.jsonl and mentions.jsonl (or .parquet) here; give a folder written by `newsner run`",
            dir.display()
        )))
    }
}

type Records<T> = Box<dyn Iterator<Item = Result<T, RecordError>>>;

/// A run folder's documents and mentions: streamed from JSONL, else read
/// from Parquet.
fn records(dir: &Path) -> Result<(Records<DocumentRecord>, Records<Mention>), RebuildError> {
    if dir.join("documents.jsonl").is_file() && dir.join("mentions.jsonl").is_file() {
        return Ok((
            Box::new(read_jsonl::<DocumentRecord>(&dir.join("documents.jsonl"))?),
            Box::new(read_jsonl::<Mention>(&dir.join("mentions.jsonl"))?),
        ));
    }
    let docs = read_documents_parquet(&dir.join("documents.parquet"))?;
    let mentions = read_mentions_parquet(&dir.join("mentions.parquet"))?;
    Ok((
        Box::new(docs.into_iter().map(Ok)),
        Box::new(mentions.into_iter().map(Ok)),
    ))
}

/// The model and settings of the inputs (from their summary.json), which
/// must agree.
fn settings(folders: &[PathBuf]) -> Result<(String, String, Vec<String>), RebuildError> {
    let mut found: Option<(String, String, Vec<String>, PathBuf)> = None;
    for dir in folders {
        let path = dir.join("summary.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let s: Summary = serde_json::from_str(&text).map_err(|e| {
            RebuildError::Input(format!("{}: not a newsner summary: {e}", path.display()))
        })?;
        match &found {
            Some((model, aggregation, _, first))
                if *model != s.model || *aggregation != s.aggregation =>
            {
                return Err(RebuildError::Input(format!(
                    "cannot merge runs of model '{}' ({}) and '{}' ({}): {} vs {}",
                    model,
                    aggregation,
                    s.model,
                    s.aggregation,
                    first.display(),
                    path.display()
                )));
            }
            Some(_) => {}
            None => found = Some((s.model, s.aggregation, s.join_adjacent, path)),
        }
    }
    Ok(found.map_or(
        ("unknown".into(), "unknown".into(), Vec::new()),
        |(m, a, j, _)| (m, a, j),
    ))
}

/// A run folder's items in the order of its files: each document with its
/// mentions, then its skipped items.
struct FolderItems {
    dir: PathBuf,
    documents: Records<DocumentRecord>,
    mentions: std::iter::Peekable<Records<Mention>>,
    errors: Option<Records<IngestError>>,
    documents_done: bool,
}

impl FolderItems {
    fn open(dir: &Path) -> Result<Self, RebuildError> {
        let (documents, mentions) = records(dir)?;
        let errors_path = dir.join("errors.jsonl");
        let errors: Option<Records<IngestError>> = if errors_path.is_file() {
            Some(Box::new(read_jsonl::<IngestError>(&errors_path)?))
        } else {
            None
        };
        Ok(FolderItems {
            dir: dir.to_path_buf(),
            documents,
            mentions: mentions.peekable(),
            errors,
            documents_done: false,
        })
    }

    /// The next item; ids must not repeat across folders (`seen`).
    fn next(&mut self, seen: &mut IdSet) -> Option<Result<PartItem, RebuildError>> {
        if !self.documents_done {
            match self.documents.next() {
                Some(record) => {
                    return Some(next_document(&self.dir, record, &mut self.mentions, seen))
                }
                None => {
                    self.documents_done = true;
                    if let Some(m) = self.mentions.next() {
                        return Some(Err(match m {
                            Err(e) => e.into(),
                            Ok(m) => RebuildError::Input(format!(
                                "{}: mention of document '{}' is out of order or of no document in documents",
                                self.dir.display(),
                                m.doc
                            )),
                        }));
                    }
                }
            }
        }
        let e = self.errors.as_mut()?.next()?;
        Some(e.map(PartItem::Error).map_err(Into::into))
    }
}

/// The items of every folder, one folder after the other.
fn all_items(folders: &[PathBuf]) -> impl Iterator<Item = Result<PartItem, RebuildError>> + '_ {
    let mut seen = IdSet::default();
    let mut rest = folders.iter();
    let mut current: Option<FolderItems> = None;
    std::iter::from_fn(move || loop {
        if let Some(folder) = &mut current {
            if let Some(item) = folder.next(&mut seen) {
                return Some(item);
            }
            current = None;
        }
        match FolderItems::open(rest.next()?) {
            Ok(folder) => current = Some(folder),
            Err(e) => return Some(Err(e)),
        }
    })
}

fn next_document(
    dir: &Path,
    record: Result<DocumentRecord, RecordError>,
    mentions: &mut std::iter::Peekable<Records<Mention>>,
    seen: &mut IdSet,
) -> Result<PartItem, RebuildError> {
    let record = record?;
    if !seen.insert(&record.id) {
        return Err(RebuildError::Input(format!(
            "document '{}' of {} is also in an earlier input: inputs must not overlap",
            record.id,
            dir.display()
        )));
    }
    let mut own = Vec::new();
    while let Some(m) = mentions.next_if(|m| m.as_ref().map_or(true, |m| m.doc == record.id)) {
        own.push(m?);
    }
    Ok(PartItem::Document {
        document: Document {
            id: record.id,
            source: record.source,
            text: record.text,
            meta: record.meta,
        },
        mentions: own,
    })
}

/// Rebuilds every output file of `inputs` into `out` and publishes them
/// there as one set.
pub fn rebuild(
    inputs: &[PathBuf],
    out: &Path,
    formats: Formats,
    report_docs: usize,
) -> Result<Rebuilt, RebuildError> {
    let folders: Vec<PathBuf> = inputs
        .iter()
        .map(|i| run_folder(i))
        .collect::<Result<_, _>>()?;
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if folders.iter().any(|f| canonical(f) == canonical(out)) {
        return Err(RebuildError::Input(format!(
            "--out {} is one of the inputs; write the aggregate into another folder",
            out.display()
        )));
    }
    let (model, aggregation, join_adjacent) = settings(&folders)?;
    let settings = BuildSettings {
        model,
        aggregation,
        join_adjacent,
        formats,
        report_docs,
    };
    let folder = OutputFolder::open(out)?;
    let built = build(all_items(&folders), &folder, &settings)?;
    let summary = built.summary.clone();
    let (documents, errors, mentions, figures) =
        (built.documents, built.errors, built.mentions, built.figures);
    let written = built.publish(&folder)?;
    Ok(Rebuilt {
        documents,
        errors,
        mentions,
        figures,
        summary,
        written,
    })
}
