//! `newsner aggregate`: the aggregate stage on its own. Reads the
//! documents and mentions of one or more runs (run folders: shards of one
//! corpus, or one run's own output) and writes the same files a run writes
//! (report included) without the model: job figures are recomputed from
//! the text and ORG mentions, near-duplicates and tables from all inputs
//! together. Over a run's own output it reproduces that run's files.

use crate::corpus::{CorpusTables, Summary};
use crate::output::{Formats, OutputError, OutputWriter};
use crate::parquet_in::{read_documents_parquet, read_mentions_parquet};
use crate::records::{read_jsonl, DocumentRecord, RecordError};
use crate::{document_figures, Mention};
use newsner_ingest::{Document, IngestError};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

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

/// Rebuilds every output file of `inputs` into `out`.
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
    let (model, aggregation, join) = settings(&folders)?;
    let mut writer = OutputWriter::create(out, formats, report_docs)?;
    let mut tables = CorpusTables::new(join);
    let mut seen: HashSet<String> = HashSet::new();
    let (mut documents, mut errors, mut mentions_n, mut figures_n) = (0, 0, 0, 0);
    for dir in &folders {
        let (documents_in, mentions_in) = records(dir)?;
        let mut mentions = mentions_in.peekable();
        for record in documents_in {
            let record = record?;
            if !seen.insert(record.id.clone()) {
                return Err(RebuildError::Input(format!(
                    "document '{}' of {} is also in an earlier input: inputs must not overlap",
                    record.id,
                    dir.display()
                )));
            }
            let mut own = Vec::new();
            while let Some(m) =
                mentions.next_if(|m| m.as_ref().map_or(true, |m| m.doc == record.id))
            {
                own.push(m?);
            }
            let figures = document_figures(&record.id, &record.text, &own);
            documents += 1;
            mentions_n += own.len();
            figures_n += figures.len();
            let doc = Document {
                id: record.id,
                source: record.source,
                text: record.text,
                meta: record.meta,
            };
            writer.add(&mut tables, &doc, &own, figures)?;
        }
        if let Some(m) = mentions.next() {
            let m = m?;
            return Err(RebuildError::Input(format!(
                "{}: mention of document '{}' is out of order or of no document in documents",
                dir.display(),
                m.doc
            )));
        }
        let errors_path = dir.join("errors.jsonl");
        if errors_path.is_file() {
            for e in read_jsonl::<IngestError>(&errors_path)? {
                writer.error(&e?)?;
                errors += 1;
            }
        }
    }
    let (rows, summary, figures) = tables.finish(&model, &aggregation, errors);
    let written = writer.finish(&rows, &figures, &summary)?;
    Ok(Rebuilt {
        documents,
        errors,
        mentions: mentions_n,
        figures: figures_n,
        summary,
        written,
    })
}
