//! Reading newsner's Parquet files back into the typed records, batch by
//! batch: `aggregate` takes run folders written with `--formats parquet`,
//! and tests compare them with the JSONL/CSV forms.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Int64Type, UInt64Type};
use arrow_array::{Array, RecordBatch};
use newsner_records::RecordError;
use newsner_records::{DocumentRecord, Figure, Kind, Mention, Status, Unit};
use newsner_tables::EntityRow;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::BTreeMap;
use std::path::Path;

pub fn err(path: &Path, message: impl std::fmt::Display) -> RecordError {
    RecordError {
        path: path.to_path_buf(),
        line: 0,
        message: message.to_string(),
    }
}

/// Typed access to one record batch's columns by name.
pub struct Columns<'a> {
    batch: &'a RecordBatch,
    path: &'a Path,
}

impl Columns<'_> {
    pub fn path(&self) -> &Path {
        self.path
    }
    fn col(&self, name: &str) -> Result<&dyn Array, RecordError> {
        self.batch
            .column_by_name(name)
            .map(|c| c.as_ref())
            .ok_or_else(|| err(self.path, format!("no column '{name}': not a newsner file")))
    }
    pub fn str(&self, name: &str, row: usize) -> Result<Option<String>, RecordError> {
        let c = self.col(name)?;
        // A column of nulls only, as some writers store one.
        if c.data_type().is_null() {
            return Ok(None);
        }
        let a = c
            .as_string_opt::<i32>()
            .ok_or_else(|| err(self.path, format!("column '{name}' is not text")))?;
        Ok((!a.is_null(row)).then(|| a.value(row).to_string()))
    }
    pub fn text(&self, name: &str, row: usize) -> Result<String, RecordError> {
        self.str(name, row)?
            .ok_or_else(|| err(self.path, format!("column '{name}' is null in row {row}")))
    }
    /// An unsigned count, or a non-negative int64 (engines without unsigned
    /// types, such as Spark, write those).
    pub fn u64(&self, name: &str, row: usize) -> Result<Option<u64>, RecordError> {
        let c = self.col(name)?;
        if c.is_null(row) {
            return Ok(None);
        }
        if let Some(a) = c.as_primitive_opt::<UInt64Type>() {
            return Ok(Some(a.value(row)));
        }
        let a = c
            .as_primitive_opt::<Int64Type>()
            .ok_or_else(|| err(self.path, format!("column '{name}' is not uint64 or int64")))?;
        u64::try_from(a.value(row)).map(Some).map_err(|_| {
            err(
                self.path,
                format!("column '{name}' is negative in row {row}"),
            )
        })
    }
    /// A text column some writers leave out.
    pub fn optional_str(&self, name: &str, row: usize) -> Result<Option<String>, RecordError> {
        if self.batch.column_by_name(name).is_none() {
            return Ok(None);
        }
        self.str(name, row)
    }

    /// A column files of older versions lack.
    fn optional_u64(&self, name: &str, row: usize) -> Result<Option<u64>, RecordError> {
        if self.batch.column_by_name(name).is_none() {
            return Ok(None);
        }
        self.u64(name, row)
    }
    fn count(&self, name: &str, row: usize) -> Result<usize, RecordError> {
        Ok(self.u64(name, row)?.unwrap_or(0) as usize)
    }
}

/// The records of a Parquet file, converted batch by batch.
fn read<T>(
    path: &Path,
    convert: impl Fn(&Columns, usize) -> Result<T, RecordError>,
) -> Result<Vec<T>, RecordError> {
    rows(path, convert)?.collect()
}

/// The records of a Parquet file as they are read, one batch in memory.
pub fn rows<T>(
    path: &Path,
    convert: impl Fn(&Columns, usize) -> Result<T, RecordError>,
) -> Result<impl Iterator<Item = Result<T, RecordError>>, RecordError> {
    let file = std::fs::File::open(path).map_err(|e| err(path, format!("cannot open: {e}")))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| err(path, format!("not a Parquet file: {e}")))?;
    let path = path.to_path_buf();
    Ok(reader.flat_map(move |batch| {
        let converted: Vec<Result<T, RecordError>> = match batch {
            Err(e) => vec![Err(err(&path, e))],
            Ok(batch) => {
                let cols = Columns {
                    batch: &batch,
                    path: &path,
                };
                (0..batch.num_rows())
                    .map(|row| convert(&cols, row))
                    .collect()
            }
        };
        converted
    }))
}

pub fn mention_row(c: &Columns, r: usize) -> Result<Mention, RecordError> {
    let score = c
        .col("score")?
        .as_primitive_opt::<Float32Type>()
        .ok_or_else(|| err(c.path, "column 'score' is not float32"))?;
    Ok(Mention {
        doc: c.text("doc", r)?,
        label: c.text("label", r)?,
        model_label: c.text("model_label", r)?,
        score: score.value(r),
        word: c.text("word", r)?,
        start: c.count("start", r)?,
        end: c.count("end", r)?,
        index: c.u64("index", r)?.map(|i| i as usize),
    })
}

pub fn meta_row(c: &Columns, r: usize) -> Result<BTreeMap<String, String>, RecordError> {
    let meta_col = c.col("meta")?;
    let map = meta_col
        .as_map_opt()
        .ok_or_else(|| err(c.path, "column 'meta' is not a map"))?;
    if map.is_null(r) {
        return Ok(BTreeMap::new());
    }
    let entries = map.value(r);
    let not_text = || err(c.path(), "column 'meta' is not a map of utf8 text");
    let keys = entries
        .column(0)
        .as_string_opt::<i32>()
        .ok_or_else(not_text)?;
    let values = entries
        .column(1)
        .as_string_opt::<i32>()
        .ok_or_else(not_text)?;
    Ok((0..entries.len())
        .filter(|&i| values.is_valid(i))
        .map(|i| (keys.value(i).to_string(), values.value(i).to_string()))
        .collect())
}

pub fn read_mentions_parquet(path: &Path) -> Result<Vec<Mention>, RecordError> {
    read(path, mention_row)
}

/// The mentions of a `mentions.parquet` as they are read.
pub fn mention_rows(
    path: &Path,
) -> Result<impl Iterator<Item = Result<Mention, RecordError>>, RecordError> {
    rows(path, mention_row)
}

pub fn read_documents_parquet(path: &Path) -> Result<Vec<DocumentRecord>, RecordError> {
    document_rows(path)?.collect()
}

/// The documents of a `documents.parquet` as they are read.
pub fn document_rows(
    path: &Path,
) -> Result<impl Iterator<Item = Result<DocumentRecord, RecordError>>, RecordError> {
    rows(path, |c, r| {
        Ok(DocumentRecord {
            id: c.text("id", r)?,
            source: c.text("source", r)?,
            meta: meta_row(c, r)?,
            chars: c.count("chars", r)?,
            mentions: c.count("mentions", r)?,
            figures: c.count("figures", r)?,
            duplicate_of: c.str("duplicate_of", r)?,
            order: c.optional_u64("order", r)?,
            text: c.text("text", r)?,
        })
    })
}

pub fn read_entities_parquet(path: &Path) -> Result<Vec<EntityRow>, RecordError> {
    read(path, |c, r| {
        let list = c
            .col("variants")?
            .as_list_opt::<i32>()
            .ok_or_else(|| err(path, "column 'variants' is not a list"))?;
        let values = list.value(r);
        let values = values.as_string::<i32>();
        Ok(EntityRow {
            entity: c.text("entity", r)?,
            label: c.text("label", r)?,
            mentions: c.count("mentions", r)?,
            documents: c.count("documents", r)?,
            variants: (0..values.len())
                .map(|i| values.value(i).to_string())
                .collect(),
        })
    })
}

pub fn read_figures_parquet(path: &Path) -> Result<Vec<Figure>, RecordError> {
    read(path, |c, r| {
        let word = |s: String| serde_json::Value::String(s);
        let kind: Kind =
            serde_json::from_value(word(c.text("kind", r)?)).map_err(|e| err(path, e))?;
        let unit: Unit =
            serde_json::from_value(word(c.text("unit", r)?)).map_err(|e| err(path, e))?;
        let status: Status =
            serde_json::from_value(word(c.text("status", r)?)).map_err(|e| err(path, e))?;
        let flag = |name: &str| -> Result<bool, RecordError> {
            let column = c.col(name)?;
            let values = column
                .as_boolean_opt()
                .ok_or_else(|| err(path, format!("column '{name}' is not boolean")))?;
            Ok(values.value(r))
        };
        Ok(Figure {
            doc: c.text("doc", r)?,
            org: c.str("org", r)?,
            entity: c.str("entity", r)?,
            value: c.u64("value", r)?.unwrap_or(0),
            value_max: c.u64("value_max", r)?,
            approx: flag("approx")?,
            kind,
            unit,
            status,
            source: c.str("source", r)?,
            derived: flag("derived")?,
            qualifier: c.str("qualifier", r)?,
            text: c.text("text", r)?,
            start: c.count("start", r)?,
            end: c.count("end", r)?,
            sentence: c.text("sentence", r)?,
        })
    })
}
