//! `newsner aggregate`: the aggregate stage on its own. Reads the
//! documents and mentions of one or more runs (run folders: shards of one
//! corpus, or one run's own output) and writes the same files a run writes
//! (report included) without the model: job figures are recomputed from
//! the text and ORG mentions, near-duplicates and tables from all inputs
//! together. Over a run's own output it reproduces that run's files.

use crate::build::{build, BuildError, BuildSettings};
use crate::dataset::{is_dataset, read_settings, DatasetItems};
use newsner_ingest::Document;
use newsner_output::{document_rows, mention_rows, Formats, OUTPUT_FILES};
use newsner_records::{
    read_jsonl, DocumentRecord, ErrorRecord, IdSet, Mention, PartItem, RecordError, Timings,
    TimingsFile, Workload, DATASET_SETTINGS,
};
use newsner_store::OutputFolder;
use newsner_tables::Summary;
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
    if has("jsonl") || has("parquet") || is_dataset(&dir) {
        Ok(dir)
    } else {
        Err(RebuildError::Input(format!(
            "{}: no documents.jsonl and mentions.jsonl (or .parquet) here, nor a tagged dataset ({DATASET_SETTINGS} with documents/ and mentions/); give a folder written by `newsner run` or by the Spark or Ray example",
            dir.display()
        )))
    }
}

type Records<T> = Box<dyn Iterator<Item = Result<T, RecordError>>>;

/// A run folder's documents and mentions, streamed from JSONL, else from
/// Parquet (one record batch in memory).
fn records(dir: &Path) -> Result<(Records<DocumentRecord>, Records<Mention>), RebuildError> {
    if dir.join("documents.jsonl").is_file() && dir.join("mentions.jsonl").is_file() {
        return Ok((
            Box::new(read_jsonl::<DocumentRecord>(&dir.join("documents.jsonl"))?),
            Box::new(read_jsonl::<Mention>(&dir.join("mentions.jsonl"))?),
        ));
    }
    Ok((
        Box::new(document_rows(&dir.join("documents.parquet"))?),
        Box::new(mention_rows(&dir.join("mentions.parquet"))?),
    ))
}

/// The model and settings of the inputs (from their summary.json), which
/// must agree.
struct InputSettings {
    model: String,
    aggregation: String,
    join_adjacent: Vec<String>,
    /// The inputs are the shards of one corpus (`--shard i/n`, all of one
    /// n, no i twice): their items interleave by reading order.
    shards: bool,
}

/// What an input says it was tagged with.
struct RunSettings {
    model: String,
    aggregation: String,
    join_adjacent: Vec<String>,
    shard: Option<String>,
}

fn settings(folders: &[PathBuf]) -> Result<InputSettings, RebuildError> {
    let mut found: Option<(RunSettings, PathBuf)> = None;
    let mut shards: Vec<Option<String>> = Vec::new();
    for dir in folders {
        let (s, path) = if is_dataset(dir) {
            let d = read_settings(dir)?;
            if d.newsner != env!("CARGO_PKG_VERSION") {
                tracing::warn!(
                    "{} was tagged by newsner {}, this is {}: ingest and decoding may differ from a run of this version",
                    dir.display(),
                    d.newsner,
                    env!("CARGO_PKG_VERSION")
                );
            }
            let s = RunSettings {
                model: d.model,
                aggregation: d.aggregation,
                join_adjacent: d.join_adjacent,
                shard: None,
            };
            (s, dir.join(DATASET_SETTINGS))
        } else {
            let path = dir.join("summary.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                shards.push(None);
                continue;
            };
            let s: Summary = serde_json::from_str(&text).map_err(|e| {
                RebuildError::Input(format!("{}: not a newsner summary: {e}", path.display()))
            })?;
            let s = RunSettings {
                model: s.model,
                aggregation: s.aggregation,
                join_adjacent: s.join_adjacent,
                shard: s.shard,
            };
            (s, path)
        };
        shards.push(s.shard.clone());
        match &found {
            Some((first, first_path))
                if first.model != s.model || first.aggregation != s.aggregation =>
            {
                return Err(RebuildError::Input(format!(
                    "cannot merge runs of model '{}' ({}) and '{}' ({}): {} vs {}",
                    first.model,
                    first.aggregation,
                    s.model,
                    s.aggregation,
                    first_path.display(),
                    path.display()
                )));
            }
            Some(_) => {}
            None => found = Some((s, path)),
        }
    }
    let parsed: Option<Vec<(String, String)>> = shards
        .iter()
        .map(|s| {
            s.as_ref()
                .and_then(|s| s.split_once('/'))
                .map(|(i, n)| (i.to_string(), n.to_string()))
        })
        .collect();
    let shards = parsed.is_some_and(|p| {
        let mut indices: Vec<&String> = p.iter().map(|(i, _)| i).collect();
        indices.sort();
        indices.dedup();
        indices.len() == p.len() && p.iter().all(|(_, n)| *n == p[0].1)
    });
    Ok(match found {
        Some((s, _)) => InputSettings {
            model: s.model,
            aggregation: s.aggregation,
            join_adjacent: s.join_adjacent,
            shards,
        },
        None => InputSettings {
            model: "unknown".into(),
            aggregation: "unknown".into(),
            join_adjacent: Vec::new(),
            shards,
        },
    })
}

/// Reading order, then the input (or: document before skipped item).
type MergeKey = (u64, usize);

/// An item's place in a merge: its reading order, then where it came from.
fn merge_key(item: &Result<PartItem, RebuildError>, source: usize) -> MergeKey {
    match item {
        Ok(item) => (item.order().unwrap_or(u64::MAX), source),
        // Errors come out first: they end the rebuild.
        Err(_) => (0, 0),
    }
}

/// A run folder's items in reading order: its documents (each with its
/// mentions) and its skipped items, merged by their order.
struct FolderItems {
    dir: PathBuf,
    documents: Records<DocumentRecord>,
    mentions: std::iter::Peekable<Records<Mention>>,
    errors: Option<Records<ErrorRecord>>,
    next_document: Option<Result<PartItem, RebuildError>>,
    next_error: Option<Result<PartItem, RebuildError>>,
    by_order: bool,
}

impl FolderItems {
    fn open(dir: &Path, seen: &mut IdSet, by_order: bool) -> Result<Self, RebuildError> {
        let (documents, mentions) = records(dir)?;
        let errors_path = dir.join("errors.jsonl");
        let errors: Option<Records<ErrorRecord>> = if errors_path.is_file() {
            Some(Box::new(read_jsonl::<ErrorRecord>(&errors_path)?))
        } else {
            None
        };
        let mut folder = FolderItems {
            dir: dir.to_path_buf(),
            documents,
            mentions: mentions.peekable(),
            errors,
            next_document: None,
            next_error: None,
            by_order,
        };
        folder.next_document = folder.read_document(seen);
        folder.next_error = folder.read_error();
        Ok(folder)
    }

    fn read_document(&mut self, seen: &mut IdSet) -> Option<Result<PartItem, RebuildError>> {
        match self.documents.next() {
            Some(record) => Some(next_document(&self.dir, record, &mut self.mentions, seen)),
            None => self.mentions.next().map(|m| {
                Err(match m {
                    Err(e) => e.into(),
                    Ok(m) => RebuildError::Input(format!(
                        "{}: mention of document '{}' is out of order or of no document in documents",
                        self.dir.display(),
                        m.doc
                    )),
                })
            }),
        }
    }

    fn read_error(&mut self) -> Option<Result<PartItem, RebuildError>> {
        let e = self.errors.as_mut()?.next()?;
        Some(
            e.map(|r| PartItem::Error {
                error: r.error,
                order: r.order,
            })
            .map_err(Into::into),
        )
    }

    /// The merge keys of the next document and the next skipped item:
    /// within one folder they interleave by their order, as the run that
    /// wrote them read them.
    fn keys(&self) -> (Option<MergeKey>, Option<MergeKey>) {
        let key = |item: &Option<_>, source| item.as_ref().map(|i| merge_key(i, source));
        (key(&self.next_document, 0), key(&self.next_error, 1))
    }

    /// The folder's place among the inputs: by its next item's order when
    /// the inputs are shards of one corpus, else after the folders before it.
    fn peek_key(&self) -> Option<MergeKey> {
        let (doc, err) = self.keys();
        let next = doc.into_iter().chain(err).min()?;
        Some(if self.by_order { next } else { (u64::MAX, 0) })
    }

    /// The next item; ids must not repeat across folders (`seen`).
    fn next(&mut self, seen: &mut IdSet) -> Option<Result<PartItem, RebuildError>> {
        let error_first = match self.keys() {
            (Some(doc), Some(err)) => err < doc,
            (None, err) => err.is_some(),
            (Some(_), None) => false,
        };
        if error_first {
            let item = self.next_error.take();
            self.next_error = self.read_error();
            item
        } else {
            let item = self.next_document.take()?;
            self.next_document = self.read_document(seen);
            Some(item)
        }
    }
}

/// One input: a run folder or a tagged dataset.
enum InputItems {
    Run(FolderItems),
    Dataset(DatasetItems),
}

impl InputItems {
    fn open(dir: &Path, seen: &mut IdSet, by_order: bool) -> Result<Self, RebuildError> {
        if is_dataset(dir) {
            Ok(InputItems::Dataset(DatasetItems::open(dir)?))
        } else {
            FolderItems::open(dir, seen, by_order).map(InputItems::Run)
        }
    }

    fn peek_key(&mut self) -> Option<MergeKey> {
        match self {
            InputItems::Run(folder) => folder.peek_key(),
            // A dataset is a corpus of its own: it follows other inputs.
            InputItems::Dataset(items) => items.peek_order().map(|_| (u64::MAX, 0)),
        }
    }

    /// The next item; ids must not repeat across inputs (`seen`).
    fn next(&mut self, seen: &mut IdSet) -> Option<Result<PartItem, RebuildError>> {
        match self {
            InputItems::Run(folder) => folder.next(seen),
            InputItems::Dataset(items) => Some(match items.next()? {
                Ok(PartItem::Document { document, .. }) if !seen.insert(&document.id) => {
                    Err(overlap(&document.id, items.dir()))
                }
                item => item.map_err(Into::into),
            }),
        }
    }
}

/// The items of every folder: shards of one corpus (`by_order`) interleave
/// as one run over the corpus reads them; other folders follow one another.
/// Each item's order becomes its place in the result.
fn all_items(
    folders: &[PathBuf],
    by_order: bool,
) -> impl Iterator<Item = Result<PartItem, RebuildError>> + '_ {
    let mut seen = IdSet::default();
    let mut opened: Option<Vec<InputItems>> = None;
    let mut place = 0u64;
    let merged = std::iter::from_fn(move || {
        let open = match &mut opened {
            Some(open) => open,
            None => {
                let mut all = Vec::new();
                for dir in folders {
                    match InputItems::open(dir, &mut seen, by_order) {
                        Ok(folder) => all.push(folder),
                        Err(e) => return Some(Err(e)),
                    }
                }
                opened.insert(all)
            }
        };
        let (_, index) = open
            .iter_mut()
            .enumerate()
            .filter_map(|(i, f)| f.peek_key().map(|(order, _)| ((order, i), i)))
            .min()?;
        open[index].next(&mut seen)
    });
    merged.map(move |item| {
        let mut item = item?;
        let order = match &mut item {
            PartItem::Document { order, .. } | PartItem::Error { order, .. } => order,
        };
        *order = Some(place);
        place += 1;
        Ok(item)
    })
}

/// A document id that an earlier input has too.
fn overlap(id: &str, dir: &Path) -> RebuildError {
    RebuildError::Input(format!(
        "document '{id}' of {} is also in an earlier input: inputs must not overlap",
        dir.display()
    ))
}

fn next_document(
    dir: &Path,
    record: Result<DocumentRecord, RecordError>,
    mentions: &mut std::iter::Peekable<Records<Mention>>,
    seen: &mut IdSet,
) -> Result<PartItem, RebuildError> {
    let record = record?;
    if !seen.insert(&record.id) {
        return Err(overlap(&record.id, dir));
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
        order: record.order,
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
    let started = std::time::Instant::now();
    let folders: Vec<PathBuf> = inputs
        .iter()
        .map(|i| run_folder(i))
        .collect::<Result<_, _>>()?;
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if folders.iter().any(|f| canonical(f) == canonical(out)) {
        return Err(RebuildError::Input(format!(
            "the output folder {} is one of the inputs; write the aggregate into another folder",
            out.display()
        )));
    }
    let inputs = settings(&folders)?;
    let settings = BuildSettings {
        model: inputs.model,
        aggregation: inputs.aggregation,
        join_adjacent: inputs.join_adjacent,
        formats,
        report_docs,
        shard: None,
    };
    let folder = OutputFolder::open(out, OUTPUT_FILES)?;
    let built = build(all_items(&folders, inputs.shards), &folder, &settings)?;
    let summary = built.summary.clone();
    let (documents, errors, mentions, figures) =
        (built.documents, built.errors, built.mentions, built.figures);
    // No model ran: the time went into reading, figures and writing.
    let total_s = started.elapsed().as_secs_f64();
    let figures_s = built.figures_time.as_secs_f64();
    let timings = TimingsFile::new(
        Timings {
            total_s,
            figures_s,
            decode_write_s: total_s - figures_s,
            ..Timings::default()
        },
        Workload {
            documents,
            ..Workload::default()
        },
    );
    built.add_file("timings.json", &timings.to_bytes())?;
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
