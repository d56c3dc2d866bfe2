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

use newsner_ingest::{Document, ErrorKind, IngestError};
use newsner_output::parquet::{mention_row, meta_row, record_error as err, rows, Columns};
use newsner_records::{DatasetSettings, IdSet, Mention, PartItem, RecordError, DATASET_SETTINGS};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
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

type Rows<T> = Box<dyn Iterator<Item = Result<(u64, T), RecordError>>>;

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
) -> Result<Rows<T>, RecordError> {
    let mut streams: Vec<Rows<T>> = Vec::new();
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
    Ok(Box::new(KMerge::new(streams)))
}

/// Merges streams sorted by order; ties keep the stream order.
struct KMerge<T> {
    streams: Vec<Rows<T>>,
    heads: BinaryHeap<Reverse<(u64, usize)>>,
    pending: Vec<Option<T>>,
    failed: Option<RecordError>,
}

impl<T> KMerge<T> {
    fn new(streams: Vec<Rows<T>>) -> Self {
        let mut merge = KMerge {
            pending: streams.iter().map(|_| None).collect(),
            streams,
            heads: BinaryHeap::new(),
            failed: None,
        };
        for i in 0..merge.streams.len() {
            merge.advance(i);
        }
        merge
    }

    fn advance(&mut self, i: usize) {
        match self.streams[i].next() {
            Some(Ok((order, item))) => {
                self.pending[i] = Some(item);
                self.heads.push(Reverse((order, i)));
            }
            Some(Err(e)) => self.failed = self.failed.take().or(Some(e)),
            None => {}
        }
    }
}

impl<T> Iterator for KMerge<T> {
    type Item = Result<(u64, T), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            self.streams.clear();
            self.heads.clear();
            return Some(Err(e));
        }
        let Reverse((order, i)) = self.heads.pop()?;
        let item = self.pending[i].take()?;
        self.advance(i);
        Some(Ok((order, item)))
    }
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

/// A dataset's items in reading order: documents with their mentions and
/// skipped items, repeated ids numbered as a run numbers them.
pub(crate) struct DatasetItems {
    dir: PathBuf,
    documents: std::iter::Peekable<Rows<Document>>,
    mentions: std::iter::Peekable<Rows<Mention>>,
    errors: std::iter::Peekable<Rows<(IngestError, Option<String>)>>,
    ids: IdSet,
    /// The order of the last item: two items never share one.
    last: Option<u64>,
}

impl DatasetItems {
    pub fn open(dir: &Path) -> Result<Self, RecordError> {
        Ok(DatasetItems {
            dir: dir.to_path_buf(),
            documents: merged(parts(dir, "documents", true)?, document_row)?.peekable(),
            mentions: merged(parts(dir, "mentions", false)?, mention_row)?.peekable(),
            errors: merged(parts(dir, "errors", false)?, error_row)?.peekable(),
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

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The orders of the next document and the next skipped item (0 at
    /// an error, so that it comes out first; None when there are no more).
    fn heads(&mut self) -> (Option<u64>, Option<u64>) {
        let doc = self
            .documents
            .peek()
            .map(|r| r.as_ref().map_or(0, |(o, _)| *o));
        let error = self
            .errors
            .peek()
            .map(|r| r.as_ref().map_or(0, |(o, _)| *o));
        (doc, error)
    }

    /// The order of the next item (0 at an error, None when done).
    pub fn peek_order(&mut self) -> Option<u64> {
        let (doc, error) = self.heads();
        doc.into_iter().chain(error).min()
    }

    fn document(&mut self) -> Option<Result<PartItem, RecordError>> {
        let (order, mut document) = match self.documents.next()? {
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
                Ok((o, m)) => {
                    return Some(Err(err(
                        &self.dir.join("mentions"),
                        format!(
                            "a mention ('{}') has order {o}, which no document has",
                            m.word
                        ),
                    )))
                }
                Err(e) => return Some(Err(e)),
            }
        }
        if let Err(e) = self.next_place(order) {
            return Some(Err(e));
        }
        if let Some(id) = self.ids.claim(&document.id, &document.source) {
            mentions.iter_mut().for_each(|m| m.doc.clone_from(&id));
            document.id = id;
        }
        Some(Ok(PartItem::Document {
            document,
            mentions,
            order: Some(order),
        }))
    }
}

impl Iterator for DatasetItems {
    type Item = Result<PartItem, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (doc, error) = self.heads();
        let error_first = match (doc, error) {
            (Some(d), Some(e)) => e < d,
            (None, e) => e.is_some(),
            (Some(_), None) => false,
        };
        if error_first {
            let (order, (mut error, id)) = match self.errors.next()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            };
            if let Err(e) = self.next_place(order) {
                return Some(Err(e));
            }
            if let Some(id) = id {
                if let Some(renamed) = self.ids.claim(&id, &error.source) {
                    if error.item.as_deref() == Some(id.as_str()) {
                        error.item = Some(renamed);
                    }
                }
            }
            return Some(Ok(PartItem::Error {
                error,
                order: Some(order),
            }));
        }
        if doc.is_some() {
            return self.document();
        }
        // Mentions after the last document belong to none.
        match self.mentions.next()? {
            Ok((o, m)) => Some(Err(err(
                &self.dir.join("mentions"),
                format!(
                    "a mention ('{}') has order {o}, which no document has",
                    m.word
                ),
            ))),
            Err(e) => Some(Err(e)),
        }
    }
}
