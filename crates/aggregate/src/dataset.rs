//! Tagged datasets: what an engine that splits a corpus between workers
//! (Spark, Ray) writes, and `aggregate` reads back as one run.
//!
//! A dataset folder holds `newsner.json` ([`DatasetSettings`]) and three
//! folders of Parquet part files, each part sorted by `order` (the item's
//! place in the corpus; numbers may leave gaps):
//! - `documents/`: `order`, `id`, `source`, `meta`, `text` (more columns
//!   are ignored);
//! - `mentions/` (optional when empty): `order` (the document's) and
//!   mentions.parquet's columns;
//! - `errors/` (optional): `order`, `source`, `item`, `kind`, `message`,
//!   and `id` (optional) for a document read but not tagged.
//!
//! Integer columns may be int64, as Spark writes them. Workers keep ids as
//! the records give them; repeated ids are numbered here (`#2`, …) in
//! reading order, as one run numbers them.

use crate::merge::{ByOrder, Ordered};
use newsner_ingest::{Document, ErrorKind, IngestError};
use newsner_output::parquet::{mention_row, meta_row, record_error as err, rows, Columns};
use newsner_records::{DatasetSettings, IdSet, Mention, PartItem, RecordError, DATASET_SETTINGS};
use std::path::{Path, PathBuf};

/// Whether `dir` is a tagged dataset folder.
pub fn is_dataset(dir: &Path) -> bool {
    dir.join(DATASET_SETTINGS).is_file() && dir.join("documents").is_dir()
}

pub fn read_settings(dir: &Path) -> Result<DatasetSettings, RecordError> {
    let path = dir.join(DATASET_SETTINGS);
    let text =
        std::fs::read_to_string(&path).map_err(|e| err(&path, format!("cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| err(&path, format!("not a newsner dataset: {e}")))
}

/// The Parquet part files of one table of a dataset, in name order
/// (Spark's `_SUCCESS`, `.crc` and other hidden files left out).
fn parts(dir: &Path, table: &str, required: bool) -> Result<Vec<PathBuf>, RecordError> {
    let folder = dir.join(table);
    if !folder.is_dir() && !required {
        return Ok(Vec::new());
    }
    let entries =
        std::fs::read_dir(&folder).map_err(|e| err(&folder, format!("cannot list: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".parquet") && !name.starts_with(['.', '_'])
        })
        .collect();
    files.sort();
    Ok(files)
}

/// One table's rows from all its parts, merged by order; a part whose
/// rows are out of order is an error (it would misplace documents).
fn merged<T: 'static>(
    files: Vec<PathBuf>,
    convert: fn(&Columns, usize) -> Result<T, RecordError>,
) -> Result<Ordered<T>, RecordError> {
    let mut streams: Vec<Ordered<T>> = Vec::new();
    for path in files {
        let rows = rows(&path, move |c, r| {
            let order = c
                .u64("order", r)?
                .ok_or_else(|| err(c.path(), format!("column 'order' is null in row {r}")))?;
            Ok((order, convert(c, r)?))
        })?;
        let mut last = 0u64;
        streams.push(Box::new(rows.map(move |row| {
            let (order, item) = row?;
            if order < last {
                return Err(err(
                    &path,
                    format!("rows out of order ({order} after {last}): each part file must list its rows by increasing `order`, as the tagging produced them"),
                ));
            }
            last = order;
            Ok((order, item))
        })));
    }
    Ok(Box::new(ByOrder::new(streams)))
}

fn document_row(c: &Columns, r: usize) -> Result<Document, RecordError> {
    Ok(Document {
        id: c.text("id", r)?,
        source: c.text("source", r)?,
        text: c.text("text", r)?,
        meta: meta_row(c, r)?,
    })
}

/// A skipped item, and the id of the document it was when it was read
/// but not tagged (too many tokens): a run numbers repeats over those too.
fn error_row(c: &Columns, r: usize) -> Result<(IngestError, Option<String>), RecordError> {
    let kind: ErrorKind = serde_json::from_value(serde_json::Value::String(c.text("kind", r)?))
        .map_err(|e| err(c.path(), format!("column 'kind', row {r}: {e}")))?;
    let error = IngestError {
        source: c.text("source", r)?,
        item: c.str("item", r)?,
        kind,
        message: c.text("message", r)?,
    };
    Ok((error, c.optional_str("id", r)?))
}

/// A dataset row: a document with its mentions, or a skipped item (with
/// the id of the document it was when it was read but not tagged).
enum Row {
    Document(Document, Vec<Mention>),
    Error(IngestError, Option<String>),
}

/// A dataset's documents, each with its mentions (matched by order).
struct DocumentsWithMentions {
    dir: PathBuf,
    documents: Ordered<Document>,
    mentions: std::iter::Peekable<Ordered<Mention>>,
}

impl DocumentsWithMentions {
    fn orphan(&self, order: u64, m: &Mention) -> RecordError {
        err(
            &self.dir.join("mentions"),
            format!(
                "a mention ('{}') has order {order}, which no document has",
                m.word
            ),
        )
    }
}

impl Iterator for DocumentsWithMentions {
    type Item = Result<(u64, Row), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let Some(row) = self.documents.next() else {
            // Mentions after the last document belong to none.
            return match self.mentions.next()? {
                Ok((o, m)) => Some(Err(self.orphan(o, &m))),
                Err(e) => Some(Err(e)),
            };
        };
        let (order, document) = match row {
            Ok(row) => row,
            Err(e) => return Some(Err(e)),
        };
        let mut mentions = Vec::new();
        while let Some(row) = self
            .mentions
            .next_if(|m| m.as_ref().map_or(true, |(o, _)| *o <= order))
        {
            match row {
                Ok((o, m)) if o == order => mentions.push(m),
                Ok((o, m)) => return Some(Err(self.orphan(o, &m))),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok((order, Row::Document(document, mentions))))
    }
}

/// A dataset's items in reading order: documents with their mentions and
/// skipped items, repeated ids numbered as a run numbers them.
pub(crate) struct DatasetItems {
    dir: PathBuf,
    rows: ByOrder<Row>,
    ids: IdSet,
    /// The order of the last item: two items never share one.
    last: Option<u64>,
}

impl DatasetItems {
    pub fn open(dir: &Path) -> Result<Self, RecordError> {
        let documents = DocumentsWithMentions {
            dir: dir.to_path_buf(),
            documents: merged(parts(dir, "documents", true)?, document_row)?,
            mentions: merged(parts(dir, "mentions", false)?, mention_row)?.peekable(),
        };
        let errors = merged(parts(dir, "errors", false)?, error_row)?
            .map(|row| row.map(|(order, (error, id))| (order, Row::Error(error, id))));
        Ok(DatasetItems {
            dir: dir.to_path_buf(),
            // On one order the document comes first (it has the order
            // twice, an error below).
            rows: ByOrder::new(vec![Box::new(documents), Box::new(errors)]),
            ids: IdSet::default(),
            last: None,
        })
    }

    /// Takes `order` for the next item; a second item at one order means
    /// the dataset holds a file twice (or is not newsner's).
    fn next_place(&mut self, order: u64) -> Result<(), RecordError> {
        if self.last == Some(order) {
            return Err(err(
                &self.dir,
                format!(
                    "two items have order {order}: was a file read twice? Give every file once"
                ),
            ));
        }
        self.last = Some(order);
        Ok(())
    }

    fn item(&mut self, order: u64, row: Row) -> Result<PartItem, RecordError> {
        self.next_place(order)?;
        Ok(match row {
            Row::Document(mut document, mut mentions) => {
                if let Some(id) = self.ids.claim(&document.id, &document.source) {
                    mentions.iter_mut().for_each(|m| m.doc.clone_from(&id));
                    document.id = id;
                }
                PartItem::Document {
                    document,
                    mentions,
                    order: Some(order),
                }
            }
            Row::Error(mut error, id) => {
                if let Some(id) = id {
                    if let Some(renamed) = self.ids.claim(&id, &error.source) {
                        if error.item.as_deref() == Some(id.as_str()) {
                            error.item = Some(renamed);
                        }
                    }
                }
                PartItem::Error {
                    error,
                    order: Some(order),
                }
            }
        })
    }
}

impl Iterator for DatasetItems {
    type Item = Result<PartItem, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.rows.next()? {
            Ok((order, row)) => self.item(order, row),
            Err(e) => Err(e),
        })
    }
}
