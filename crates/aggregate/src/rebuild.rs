//! `newsner aggregate`: the aggregate stage on its own. Reads the
//! documents and mentions of one or more runs (run folders: shards of one
//! corpus, or one run's own output) and writes the same files a run writes
//! (report included) without the model: job figures are recomputed from
//! the text and ORG mentions, near-duplicates and tables from all inputs
//! together. Over a run's own output it reproduces that run's files.

use crate::build::{build, BuildError, BuildSettings};
use crate::dataset::{is_dataset, read_settings, DatasetItems};
use crate::merge::{ByOrder, Ordered};
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

/// Whether the inputs' `shard` fields (`i/n`) make them the shards of one
/// corpus: every input a shard, all of one n, no i twice.
fn are_shards(shards: &[Option<String>]) -> bool {
    let parsed: Option<Vec<(String, String)>> = shards
        .iter()
        .map(|s| {
            s.as_ref()
                .and_then(|s| s.split_once('/'))
                .map(|(i, n)| (i.to_string(), n.to_string()))
        })
        .collect();
    parsed.is_some_and(|p| {
        let mut indices: Vec<&String> = p.iter().map(|(i, _)| i).collect();
        indices.sort();
        indices.dedup();
        indices.len() == p.len() && p.iter().all(|(_, n)| *n == p[0].1)
    })
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
    let shards = are_shards(&shards);
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

/// A run folder's documents, each with its mentions (which follow their
/// document's order in mentions.jsonl), keyed by reading order.
struct DocumentsWithMentions {
    dir: PathBuf,
    documents: Records<DocumentRecord>,
    mentions: std::iter::Peekable<Records<Mention>>,
}

impl Iterator for DocumentsWithMentions {
    type Item = Result<(u64, PartItem), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let Some(record) = self.documents.next() else {
            return self.mentions.next().map(|m| {
                Err(m.map_or_else(
                    |e| e,
                    |m| RecordError {
                        path: self.dir.clone(),
                        line: 0,
                        message: format!(
                            "mention of document '{}' is out of order or of no document in documents",
                            m.doc
                        ),
                    },
                ))
            });
        };
        let record = match record {
            Ok(record) => record,
            Err(e) => return Some(Err(e)),
        };
        let mut own = Vec::new();
        while let Some(m) = self
            .mentions
            .next_if(|m| m.as_ref().map_or(true, |m| m.doc == record.id))
        {
            match m {
                Ok(m) => own.push(m),
                Err(e) => return Some(Err(e)),
            }
        }
        let order = record.order.unwrap_or(u64::MAX);
        Some(Ok((
            order,
            PartItem::Document {
                document: Document {
                    id: record.id,
                    source: record.source,
                    text: record.text,
                    meta: record.meta,
                },
                mentions: own,
                order: record.order,
            },
        )))
    }
}

/// A run folder's items in reading order: its documents (each with its
/// mentions) and its skipped items, interleaved by their order as the run
/// that wrote them read them (on one order, the document first).
fn folder_items(dir: &Path) -> Result<Ordered<PartItem>, RebuildError> {
    let (documents, mentions) = records(dir)?;
    let documents = DocumentsWithMentions {
        dir: dir.to_path_buf(),
        documents,
        mentions: mentions.peekable(),
    };
    let errors_path = dir.join("errors.jsonl");
    let errors: Ordered<PartItem> = if errors_path.is_file() {
        Box::new(read_jsonl::<ErrorRecord>(&errors_path)?.map(|r| {
            r.map(|r| {
                let key = r.order.unwrap_or(u64::MAX);
                let item = PartItem::Error {
                    error: r.error,
                    order: r.order,
                };
                (key, item)
            })
        }))
    } else {
        Box::new(std::iter::empty())
    };
    Ok(Box::new(ByOrder::new(vec![Box::new(documents), errors])))
}

/// The items of every input, each tagged with its input's index: shards of
/// one corpus (`by_order`) interleave as one run over the corpus reads
/// them; other inputs follow one another, and a dataset (a corpus of its
/// own) follows the run folders. Each item's order becomes its place in the
/// result, and a document id must not repeat across inputs.
fn all_items(
    folders: &[PathBuf],
    by_order: bool,
) -> Result<impl Iterator<Item = Result<PartItem, RebuildError>> + '_, RebuildError> {
    let mut inputs: Vec<Ordered<(usize, PartItem)>> = Vec::new();
    for (index, dir) in folders.iter().enumerate() {
        let dataset = is_dataset(dir);
        let items: Ordered<PartItem> = if dataset {
            Box::new(DatasetItems::open(dir)?.map(|item| item.map(|item| (0, item))))
        } else {
            folder_items(dir)?
        };
        inputs.push(Box::new(items.map(move |item| {
            item.map(|(order, item)| {
                let key = match (by_order, dataset) {
                    (true, false) => order,
                    (true, true) => u64::MAX,
                    // Not shards: the inputs' stream order alone decides.
                    (false, _) => 0,
                };
                (key, (index, item))
            })
        })));
    }
    let mut seen = IdSet::default();
    let mut place = 0u64;
    Ok(ByOrder::new(inputs).map(move |merged| {
        let (_, (index, mut item)) = merged?;
        let order = match &mut item {
            PartItem::Document {
                document, order, ..
            } => {
                if !seen.insert(&document.id) {
                    return Err(RebuildError::Input(format!(
                        "document '{}' of {} is also in an earlier input: inputs must not overlap",
                        document.id,
                        folders[index].display()
                    )));
                }
                order
            }
            PartItem::Error { order, .. } => order,
        };
        *order = Some(place);
        place += 1;
        Ok(item)
    }))
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
    let items = all_items(&folders, inputs.shards)?;
    let built = build(items, &folder, &settings)?;
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
