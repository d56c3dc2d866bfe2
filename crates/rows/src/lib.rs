//! newsner's records as Arrow record batches: the rows of the Parquet
//! files and of the Arrow tables the Python package hands to Spark, Ray and
//! pandas. One builder per table ([`RowBuilder`]); the schema is the same
//! for every batch whatever its values.

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float32Builder, MapBuilder, StringBuilder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use newsner_records::{DocumentRecord, Figure, Mention};
use std::sync::Arc;

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
    "source",
];

/// A record batch of `columns`, nullable where the column is optional.
pub fn record_batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
    RecordBatch::try_from_iter_with_nullable(
        columns
            .into_iter()
            .map(|(name, array)| (name, array, OPTIONAL.contains(&name))),
    )
}

/// Arrow builders for one table.
pub trait RowBuilder: Default {
    type Row: ?Sized;
    fn push(&mut self, row: &Self::Row);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn finish(&mut self) -> Result<RecordBatch, ArrowError>;
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
    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        record_batch(vec![
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
    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        record_batch(vec![
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
pub struct FigureRows {
    doc: StringBuilder,
    org: StringBuilder,
    entity: StringBuilder,
    kind: StringBuilder,
    unit: StringBuilder,
    value: UInt64Builder,
    value_max: UInt64Builder,
    approx: BooleanBuilder,
    status: StringBuilder,
    source: StringBuilder,
    derived: BooleanBuilder,
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
        self.status.append_value(f.status.as_str());
        self.source.append_option(f.source.as_deref());
        self.derived.append_value(f.derived);
        self.qualifier.append_option(f.qualifier.as_deref());
        self.text.append_value(&f.text);
        self.start.append_value(f.start as u64);
        self.end.append_value(f.end as u64);
        self.sentence.append_value(&f.sentence);
    }
    fn len(&self) -> usize {
        self.doc.len()
    }
    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        record_batch(vec![
            ("doc", Arc::new(self.doc.finish()) as ArrayRef),
            ("org", Arc::new(self.org.finish())),
            ("entity", Arc::new(self.entity.finish())),
            ("kind", Arc::new(self.kind.finish())),
            ("unit", Arc::new(self.unit.finish())),
            ("value", Arc::new(self.value.finish())),
            ("value_max", Arc::new(self.value_max.finish())),
            ("approx", Arc::new(self.approx.finish())),
            ("status", Arc::new(self.status.finish())),
            ("source", Arc::new(self.source.finish())),
            ("derived", Arc::new(self.derived.finish())),
            ("qualifier", Arc::new(self.qualifier.finish())),
            ("text", Arc::new(self.text.finish())),
            ("start", Arc::new(self.start.finish())),
            ("end", Arc::new(self.end.finish())),
            ("sentence", Arc::new(self.sentence.finish())),
        ])
    }
}
