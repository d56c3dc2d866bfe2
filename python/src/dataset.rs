//! Tagging JSONL lines for engines that split a corpus between workers
//! (Spark, Ray): ingest stays newsner's own, so each line becomes the
//! document (or error) `newsner run` makes of it, and the result is one
//! Arrow batch per call, one row per non-blank line, in types Spark takes
//! (int64, no unsigned integers). The dataset layout `aggregate` reads is
//! described in `newsner_aggregate`'s `dataset` module.

use arrow_array::builder::{Int64Builder, MapBuilder, MapFieldNames, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Schema};
use newsner_ingest::{jsonl_line, IngestError, IngestLimits, Ingested, JsonlLines};
use newsner_pipeline::Tagged;
use newsner_rows::{FigureRows, MentionRows, RowBuilder};
use std::sync::Arc;

/// The input lines of one call: their bytes, file (as `newsner run` names
/// it), 1-based line number and place in the corpus.
pub struct Lines {
    pub raw: Vec<Vec<u8>>,
    pub source: Vec<String>,
    pub line_no: Vec<i64>,
    pub order: Vec<i64>,
    /// Why a line could not be read at all (too long, a broken gzip
    /// stream): an errors.jsonl record as JSON text, as `file_lines` gives.
    pub error: Vec<Option<String>>,
}

impl Lines {
    pub fn from_batch(batch: &RecordBatch) -> Result<Lines, String> {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| format!("no column '{name}': give line, source, line_no and order"))
        };
        let raw = bytes(column("line")?, "line")?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let source: Vec<String> = texts(column("source")?, "source")?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let int = |name: &str| -> Result<Vec<i64>, String> {
            let a = column(name)?
                .as_primitive_opt::<Int64Type>()
                .ok_or_else(|| format!("column '{name}' is not int64"))?;
            Ok(a.values().to_vec())
        };
        let error = match batch.column_by_name("error") {
            Some(c) => texts(c, "error")?,
            None => vec![None; batch.num_rows()],
        };
        Ok(Lines {
            error,
            source,
            line_no: int("line_no")?,
            order: int("order")?,
            raw,
        })
    }

    /// The items the lines make (blank lines none), with their order.
    pub fn ingest(&self, limits: &IngestLimits) -> Result<(Vec<Ingested>, Vec<i64>), String> {
        let mut items = Vec::new();
        let mut orders = Vec::new();
        for i in 0..self.raw.len() {
            let line_no = usize::try_from(self.line_no[i]).unwrap_or(0);
            let item = match &self.error[i] {
                Some(record) => Some(Ingested::Failed(serde_json::from_str(record).map_err(
                    |e| format!("column 'error' holds '{record}', not an errors.jsonl record: {e}"),
                )?)),
                None => jsonl_line(&self.source[i], line_no, &self.raw[i], limits),
            };
            if let Some(item) = item {
                items.push(item);
                orders.push(self.order[i]);
            }
        }
        Ok((items, orders))
    }
}

/// A text column of any Arrow string type (or all null) as strings.
pub(crate) fn texts(column: &ArrayRef, name: &str) -> Result<Vec<Option<String>>, String> {
    let utf8 = arrow_cast::cast(column, &DataType::Utf8)
        .map_err(|_| format!("column '{name}' is {}, not text", column.data_type()))?;
    let a = utf8.as_string::<i32>();
    Ok((0..a.len())
        .map(|i| a.is_valid(i).then(|| a.value(i).to_string()))
        .collect())
}

/// A column of bytes (any Arrow binary or string type) as byte strings.
fn bytes(column: &ArrayRef, name: &str) -> Result<Vec<Option<Vec<u8>>>, String> {
    let binary = arrow_cast::cast(column, &DataType::Binary).map_err(|_| {
        format!(
            "column '{name}' is {}, not binary or text",
            column.data_type()
        )
    })?;
    let a = binary.as_binary::<i32>();
    Ok((0..a.len())
        .map(|i| a.is_valid(i).then(|| a.value(i).to_vec()))
        .collect())
}

fn map_names() -> MapFieldNames {
    MapFieldNames {
        entry: "entries".into(),
        key: "key".into(),
        value: "value".into(),
    }
}

/// Unsigned columns as int64 (Spark has no unsigned types).
fn signed(batch: RecordBatch) -> Result<RecordBatch, String> {
    let schema = batch.schema();
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        let column = match column.data_type() {
            DataType::UInt64 | DataType::UInt32 => {
                arrow_cast::cast(column, &DataType::Int64).map_err(|e| e.to_string())?
            }
            _ => column.clone(),
        };
        fields.push(Field::new(field.name(), column.data_type().clone(), true));
        columns.push(column);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| e.to_string())
}

/// A list column holding, per row, `lengths[row]` rows of `rows`.
fn nested(rows: RecordBatch, lengths: &[usize]) -> Result<ArrayRef, String> {
    let rows = signed(rows)?;
    let values = StructArray::from(rows);
    let field = Arc::new(Field::new("item", values.data_type().clone(), true));
    let list = ListArray::try_new(
        field,
        OffsetBuffer::from_lengths(lengths.iter().copied()),
        Arc::new(values),
        None,
    )
    .map_err(|e| e.to_string())?;
    Ok(Arc::new(list))
}

/// One row per item: the document with its mentions and figures, or the
/// error (`item`, `kind`, `message`) that kept the line from being one
/// (with the document's `id` when it was read but not tagged).
pub fn tagged_batch(
    results: &[Result<Tagged, IngestError>],
    orders: &[i64],
    documents: &[Option<String>],
) -> Result<RecordBatch, String> {
    let mut order = Int64Builder::new();
    let (mut id, mut source, mut text) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut meta = MapBuilder::new(
        Some(map_names()),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut chars = Int64Builder::new();
    let (mut item, mut kind, mut message) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut mentions = MentionRows::default();
    let mut figures = FigureRows::default();
    let (mut mention_counts, mut figure_counts) = (Vec::new(), Vec::new());
    for ((result, &place), document) in results.iter().zip(orders).zip(documents) {
        order.append_value(place);
        match result {
            Ok(t) => {
                let doc = &t.document;
                id.append_value(&doc.id);
                source.append_value(&doc.source);
                for (k, v) in &doc.meta {
                    meta.keys().append_value(k);
                    meta.values().append_value(v);
                }
                meta.append(true).map_err(|e| e.to_string())?;
                chars.append_value(doc.text.chars().count() as i64);
                text.append_value(&doc.text);
                item.append_null();
                kind.append_null();
                message.append_null();
                t.mentions.iter().for_each(|m| mentions.push(m));
                t.figures.iter().for_each(|f| figures.push(f));
                mention_counts.push(t.mentions.len());
                figure_counts.push(t.figures.len());
            }
            Err(err) => {
                // A document that failed after ingest (too many tokens)
                // keeps its id: `aggregate` numbers repeats over it too.
                id.append_option(document.as_deref());
                source.append_value(&err.source);
                meta.append(false).map_err(|e| e.to_string())?;
                chars.append_null();
                text.append_null();
                item.append_option(err.item.as_deref());
                kind.append_value(crate::convert::serde_kind(err));
                message.append_value(&err.message);
                mention_counts.push(0);
                figure_counts.push(0);
            }
        }
    }
    let mentions = nested(
        mentions.finish().map_err(|e| e.to_string())?,
        &mention_counts,
    )?;
    let figures = nested(figures.finish().map_err(|e| e.to_string())?, &figure_counts)?;
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("order", Arc::new(order.finish())),
        ("id", Arc::new(id.finish())),
        ("source", Arc::new(source.finish())),
        ("meta", Arc::new(meta.finish())),
        ("chars", Arc::new(chars.finish())),
        ("text", Arc::new(text.finish())),
        ("mentions", mentions),
        ("figures", figures),
        ("item", Arc::new(item.finish())),
        ("kind", Arc::new(kind.finish())),
        ("message", Arc::new(message.finish())),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, c)| Field::new(*name, c.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, c)| c).collect(),
    )
    .map_err(|e| e.to_string())
}

/// The lines of one JSONL file's bytes (gunzipped if `gzipped`) as a run
/// splits and numbers them: `(line_no, bytes, error)` where `error` is the
/// errors.jsonl record (JSON text) of a line that cannot be read.
pub fn file_lines(
    data: Vec<u8>,
    name: &str,
    gzipped: bool,
    limits: &IngestLimits,
) -> Vec<(usize, Vec<u8>, Option<String>)> {
    JsonlLines::from_bytes(name, data, gzipped, limits)
        .map(|line| match line.content {
            Ok(raw) => (line.line_no, raw, None),
            Err(error) => (
                line.line_no,
                Vec::new(),
                Some(serde_json::to_string(&error).unwrap_or_default()),
            ),
        })
        .collect()
}

/// A text column (any Arrow string type) as strings; nulls become "".
pub(crate) fn string_column(batch: &RecordBatch, name: &str) -> pyo3::PyResult<Vec<String>> {
    let column = batch.column_by_name(name).ok_or_else(|| {
        crate::NewsnerError::new_err(format!(
            "no column '{name}' in the table (columns: {})",
            batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    Ok(texts(column, name)
        .map_err(crate::NewsnerError::new_err)?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect())
}
