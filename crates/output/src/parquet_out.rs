//! The Parquet forms of the output tables: `documents.parquet`,
//! `mentions.parquet`, `entities.parquet`, `figures.parquet`, with the same
//! rows and values as the JSONL/CSV files (schema in README). Rows are
//! buffered in Arrow builders and written as row groups of `BATCH` rows, so
//! memory stays bounded however large the corpus.

use arrow_array::builder::{ArrayBuilder, ListBuilder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use newsner_rows::{record_batch, RowBuilder};
use newsner_store::{persist, temp_beside, OutputError};
use newsner_tables::EntityRow;
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

/// A Parquet file written row group by row group.
pub struct TableWriter<W: Write + Send, B: RowBuilder> {
    writer: Option<ArrowWriter<W>>,
    sink: Option<W>,
    rows: B,
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
    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        record_batch(vec![
            ("entity", Arc::new(self.entity.finish()) as ArrayRef),
            ("label", Arc::new(self.label.finish())),
            ("mentions", Arc::new(self.mentions.finish())),
            ("documents", Arc::new(self.documents.finish())),
            ("variants", Arc::new(self.variants.finish())),
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
    pub fn create(path: &std::path::Path) -> Result<Self, OutputError> {
        Ok(ParquetFile {
            path: path.to_path_buf(),
            table: TableWriter::new(temp_beside(path)?),
        })
    }

    fn err(&self, e: parquet::errors::ParquetError) -> OutputError {
        OutputError {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        }
    }

    pub fn push(&mut self, row: &B::Row) -> Result<(), OutputError> {
        self.table.push(row).map_err(|e| self.err(e))
    }

    pub fn commit(self) -> Result<std::path::PathBuf, OutputError> {
        let path = self.path.clone();
        let temp = self.table.close().map_err(|e| OutputError {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        persist(temp, &path)
    }
}
