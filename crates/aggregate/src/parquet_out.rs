//! The Parquet forms of the output tables: `documents.parquet`,
//! `mentions.parquet`, `entities.parquet`, `figures.parquet`, with the same
//! rows and values as the JSONL/CSV files (schema in README). Rows are
//! buffered in Arrow builders and written as row groups of `BATCH` rows, so
//! memory stays bounded however large the corpus.

use crate::corpus::EntityRow;
use crate::{DocumentRecord, Figure, Mention};
use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float32Builder, ListBuilder, MapBuilder, StringBuilder,
    UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

const BATCH: usize = 8192;

fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_created_by("newsner".to_string())
        // Each batch is a row group: the writer holds one at a time (the
        // default of a million rows kept ~50 MB of pages in memory).
        .set_max_row_group_size(BATCH)
        .build()
}

/// Optional columns (JSON null) are nullable, the others not: the schema is
/// the same for every row group whatever its values.
const OPTIONAL: &[&str] = &[
    "order",
    "index",
    "duplicate_of",
    "org",
    "entity",
    "value_max",
    "qualifier",
];

fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch, parquet::errors::ParquetError> {
    RecordBatch::try_from_iter_with_nullable(
        columns
            .into_iter()
            .map(|(name, array)| (name, array, OPTIONAL.contains(&name))),
    )
    .map_err(|e| parquet::errors::ParquetError::General(e.to_string()))
}

/// A Parquet file written row group by row group.
pub struct TableWriter<W: Write + Send, B: RowBuilder> {
    writer: Option<ArrowWriter<W>>,
    sink: Option<W>,
    rows: B,
}

/// Arrow builders for one table.
pub trait RowBuilder: Default {
    type Row: ?Sized;
    fn push(&mut self, row: &Self::Row);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn finish(&mut self) -> Result<RecordBatch, parquet::errors::ParquetError>;
}

impl<W: Write + Send, B: RowBuilder> TableWriter<W, B> {
    pub fn new(sink: W) -> Self {
        TableWriter {
            writer: None,
            sink: Some(sink),
            rows: B::default(),
        }
    }

    pub fn push(&mut self, row: &B::Row) -> Result<(), parquet::errors::ParquetError> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), parquet::errors::ParquetError> {
        let batch = self.rows.finish()?;
        if self.writer.is_none() {
            let sink = self
                .sink
                .take()
                .expect("sink present until the first batch");
            self.writer = Some(ArrowWriter::try_new(
                sink,
                batch.schema(),
                Some(properties()),
            )?);
        }
        if batch.num_rows() > 0 {
            self.writer
                .as_mut()
                .expect("writer created above")
                .write(&batch)?;
        }
        Ok(())
    }

    /// Writes the last rows and the footer; returns the sink.
    pub fn close(mut self) -> Result<W, parquet::errors::ParquetError> {
        self.flush()?;
        self.writer
            .take()
            .expect("writer created by flush")
            .into_inner()
    }
}

#[derive(Default)]
pub struct MentionRows {
    doc: StringBuilder,
    label: StringBuilder,
    model_label: StringBuilder,
    score: Float32Builder,
    word: StringBuilder,
    start: UInt64Builder,
    end: UInt64Builder,
    index: UInt64Builder,
}

impl RowBuilder for MentionRows {
    type Row = Mention;
    fn push(&mut self, m: &Mention) {
        self.doc.append_value(&m.doc);
        self.label.append_value(&m.label);
        self.model_label.append_value(&m.model_label);
        self.score.append_value(m.score);
        self.word.append_value(&m.word);
        self.start.append_value(m.start as u64);
        self.end.append_value(m.end as u64);
        self.index.append_option(m.index.map(|i| i as u64));
    }
    fn len(&self) -> usize {
        self.doc.len()
    }
    fn finish(&mut self) -> Result<RecordBatch, parquet::errors::ParquetError> {
        batch(vec![
            ("doc", Arc::new(self.doc.finish()) as ArrayRef),
            ("label", Arc::new(self.label.finish())),
            ("model_label", Arc::new(self.model_label.finish())),
            ("score", Arc::new(self.score.finish())),
            ("word", Arc::new(self.word.finish())),
            ("start", Arc::new(self.start.finish())),
            ("end", Arc::new(self.end.finish())),
            ("index", Arc::new(self.index.finish())),
        ])
    }
}

pub struct DocumentRows {
    id: StringBuilder,
    order: UInt64Builder,
    source: StringBuilder,
    meta: MapBuilder<StringBuilder, StringBuilder>,
    chars: UInt64Builder,
    mentions: UInt64Builder,
    figures: UInt64Builder,
    duplicate_of: StringBuilder,
    text: StringBuilder,
}

impl Default for DocumentRows {
    fn default() -> Self {
        DocumentRows {
            id: StringBuilder::new(),
            order: UInt64Builder::new(),
            source: StringBuilder::new(),
            meta: MapBuilder::new(None, StringBuilder::new(), StringBuilder::new()),
            chars: UInt64Builder::new(),
            mentions: UInt64Builder::new(),
            figures: UInt64Builder::new(),
            duplicate_of: StringBuilder::new(),
            text: StringBuilder::new(),
        }
    }
}

impl RowBuilder for DocumentRows {
    type Row = DocumentRecord;
    fn push(&mut self, d: &DocumentRecord) {
        self.id.append_value(&d.id);
        self.order.append_option(d.order);
        self.source.append_value(&d.source);
        for (k, v) in &d.meta {
            self.meta.keys().append_value(k);
            self.meta.values().append_value(v);
        }
        // A MapBuilder only fails when keys and values differ in length.
        let _ = self.meta.append(true);
        self.chars.append_value(d.chars as u64);
        self.mentions.append_value(d.mentions as u64);
        self.figures.append_value(d.figures as u64);
        self.duplicate_of.append_option(d.duplicate_of.as_deref());
        self.text.append_value(&d.text);
    }
    fn len(&self) -> usize {
        self.id.len()
    }
    fn finish(&mut self) -> Result<RecordBatch, parquet::errors::ParquetError> {
        batch(vec![
            ("id", Arc::new(self.id.finish()) as ArrayRef),
            ("order", Arc::new(self.order.finish())),
            ("source", Arc::new(self.source.finish())),
            ("meta", Arc::new(self.meta.finish())),
            ("chars", Arc::new(self.chars.finish())),
            ("mentions", Arc::new(self.mentions.finish())),
            ("figures", Arc::new(self.figures.finish())),
            ("duplicate_of", Arc::new(self.duplicate_of.finish())),
            ("text", Arc::new(self.text.finish())),
        ])
    }
}

#[derive(Default)]
pub struct EntityRows {
    entity: StringBuilder,
    label: StringBuilder,
    mentions: UInt64Builder,
    documents: UInt64Builder,
    variants: ListBuilder<StringBuilder>,
}

impl RowBuilder for EntityRows {
    type Row = EntityRow;
    fn push(&mut self, r: &EntityRow) {
        self.entity.append_value(&r.entity);
        self.label.append_value(&r.label);
        self.mentions.append_value(r.mentions as u64);
        self.documents.append_value(r.documents as u64);
        for v in &r.variants {
            self.variants.values().append_value(v);
        }
        self.variants.append(true);
    }
    fn len(&self) -> usize {
        self.entity.len()
    }
    fn finish(&mut self) -> Result<RecordBatch, parquet::errors::ParquetError> {
        batch(vec![
            ("entity", Arc::new(self.entity.finish()) as ArrayRef),
            ("label", Arc::new(self.label.finish())),
            ("mentions", Arc::new(self.mentions.finish())),
            ("documents", Arc::new(self.documents.finish())),
            ("variants", Arc::new(self.variants.finish())),
        ])
    }
}

#[derive(Default)]
pub struct FigureRows {
    doc: StringBuilder,
    org: StringBuilder,
    entity: StringBuilder,
    kind: StringBuilder,
    unit: StringBuilder,
    value: UInt64Builder,
    value_max: UInt64Builder,
    approx: BooleanBuilder,
    qualifier: StringBuilder,
    text: StringBuilder,
    start: UInt64Builder,
    end: UInt64Builder,
    sentence: StringBuilder,
}

impl RowBuilder for FigureRows {
    type Row = Figure;
    fn push(&mut self, f: &Figure) {
        self.doc.append_value(&f.doc);
        self.org.append_option(f.org.as_deref());
        self.entity.append_option(f.entity.as_deref());
        self.kind.append_value(f.kind.as_str());
        self.unit.append_value(f.unit.as_str());
        self.value.append_value(f.value);
        self.value_max.append_option(f.value_max);
        self.approx.append_value(f.approx);
        self.qualifier.append_option(f.qualifier.as_deref());
        self.text.append_value(&f.text);
        self.start.append_value(f.start as u64);
        self.end.append_value(f.end as u64);
        self.sentence.append_value(&f.sentence);
    }
    fn len(&self) -> usize {
        self.doc.len()
    }
    fn finish(&mut self) -> Result<RecordBatch, parquet::errors::ParquetError> {
        batch(vec![
            ("doc", Arc::new(self.doc.finish()) as ArrayRef),
            ("org", Arc::new(self.org.finish())),
            ("entity", Arc::new(self.entity.finish())),
            ("kind", Arc::new(self.kind.finish())),
            ("unit", Arc::new(self.unit.finish())),
            ("value", Arc::new(self.value.finish())),
            ("value_max", Arc::new(self.value_max.finish())),
            ("approx", Arc::new(self.approx.finish())),
            ("qualifier", Arc::new(self.qualifier.finish())),
            ("text", Arc::new(self.text.finish())),
            ("start", Arc::new(self.start.finish())),
            ("end", Arc::new(self.end.finish())),
            ("sentence", Arc::new(self.sentence.finish())),
        ])
    }
}

/// A Parquet file that appears under its name only once committed, like
/// every output file.
pub struct ParquetFile<B: RowBuilder> {
    path: std::path::PathBuf,
    table: TableWriter<tempfile::NamedTempFile, B>,
}

impl<B: RowBuilder> ParquetFile<B> {
    pub fn create(path: &std::path::Path) -> Result<Self, crate::OutputError> {
        let dir = path.parent().unwrap_or(std::path::Path::new("."));
        let temp = tempfile::NamedTempFile::new_in(dir).map_err(|source| crate::OutputError {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(ParquetFile {
            path: path.to_path_buf(),
            table: TableWriter::new(temp),
        })
    }

    fn err(&self, e: parquet::errors::ParquetError) -> crate::OutputError {
        crate::OutputError {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        }
    }

    pub fn push(&mut self, row: &B::Row) -> Result<(), crate::OutputError> {
        self.table.push(row).map_err(|e| self.err(e))
    }

    pub fn commit(self) -> Result<std::path::PathBuf, crate::OutputError> {
        let path = self.path.clone();
        let temp = self.table.close().map_err(|e| crate::OutputError {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        temp.persist(&path).map_err(|e| crate::OutputError {
            path: path.clone(),
            source: e.error,
        })?;
        crate::output::follow_umask(&path)?;
        Ok(path)
    }
}
