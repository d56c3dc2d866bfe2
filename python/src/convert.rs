//! Between Rust records and Python values: texts and ids to documents,
//! mentions and figures as the dicts the
//! Python API returns, tagged results as Arrow record batches.

use crate::NewsnerError;
use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use newsner_ingest::Document;
use newsner_pipeline::Tagged;
use newsner_records::{Figure, Mention};
use newsner_rows::{FigureRows, MentionRows, RowBuilder};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Arc;

pub(crate) fn documents(
    texts: Vec<String>,
    ids: Option<Vec<String>>,
    first_row: usize,
) -> PyResult<Vec<Document>> {
    if let Some(ids) = &ids {
        if ids.len() != texts.len() {
            return Err(NewsnerError::new_err(format!(
                "{} ids for {} texts: give one id per text",
                ids.len(),
                texts.len()
            )));
        }
    }
    Ok(texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let id = ids
                .as_ref()
                .map_or_else(|| (first_row + i).to_string(), |ids| ids[i].clone());
            Document {
                source: id.clone(),
                id,
                text,
                meta: Default::default(),
            }
        })
        .collect())
}

pub(crate) fn mention_dict<'py>(
    py: Python<'py>,
    m: &Mention,
    none: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    // transformers' keys: `entity` and `index` without aggregation.
    d.set_item(if none { "entity" } else { "entity_group" }, &m.model_label)?;
    d.set_item("score", m.score)?;
    d.set_item("word", &m.word)?;
    d.set_item("start", m.start)?;
    d.set_item("end", m.end)?;
    if let Some(index) = m.index {
        d.set_item("index", index)?;
    }
    d.set_item("label", &m.label)?;
    Ok(d)
}

pub(crate) fn figure_dict<'py>(py: Python<'py>, f: &Figure) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("org", &f.org)?;
    d.set_item("entity", &f.entity)?;
    d.set_item("kind", f.kind.as_str())?;
    d.set_item("unit", f.unit.as_str())?;
    d.set_item("value", f.value)?;
    d.set_item("value_max", f.value_max)?;
    d.set_item("approx", f.approx)?;
    d.set_item("status", f.status.as_str())?;
    d.set_item("source", &f.source)?;
    d.set_item("derived", f.derived)?;
    d.set_item("qualifier", &f.qualifier)?;
    d.set_item("text", &f.text)?;
    d.set_item("start", f.start)?;
    d.set_item("end", f.end)?;
    d.set_item("sentence", &f.sentence)?;
    Ok(d)
}

pub(crate) type Tables = (RecordBatch, RecordBatch, RecordBatch);

/// Mentions and figures of tagged documents as record batches with the
/// columns of mentions.parquet and figures.parquet (the same builders), and
/// the documents not tagged.
pub(crate) fn arrow_tables(
    results: &[Result<Tagged, newsner_ingest::IngestError>],
) -> Result<Tables, String> {
    let mut mentions = MentionRows::default();
    let mut figures = FigureRows::default();
    let (mut doc, mut kind, mut message) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    for result in results {
        match result {
            Ok(t) => {
                t.mentions.iter().for_each(|m| mentions.push(m));
                t.figures.iter().for_each(|f| figures.push(f));
            }
            Err(err) => {
                doc.append_value(err.item.clone().unwrap_or(err.source.clone()));
                kind.append_value(serde_kind(err));
                message.append_value(&err.message);
            }
        }
    }
    let errors = RecordBatch::try_from_iter_with_nullable([
        ("doc", Arc::new(doc.finish()) as ArrayRef, false),
        ("kind", Arc::new(kind.finish()), false),
        ("message", Arc::new(message.finish()), false),
    ])
    .map_err(|e| e.to_string())?;
    Ok((
        mentions.finish().map_err(|e| e.to_string())?,
        figures.finish().map_err(|e| e.to_string())?,
        errors,
    ))
}

/// The error kind as errors.jsonl writes it (`too_large`, ...).
pub(crate) fn serde_kind(err: &newsner_ingest::IngestError) -> String {
    serde_json::to_value(err.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
