use serde::Serialize;

/// One entity mention, as written to `mentions.jsonl`: the fields of a
/// HuggingFace token-classification result plus the document and the mapped
/// newsner type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub doc: String,
    /// newsner type (PER, ORG, LOC, MISC, or the model's own type where the
    /// manifest maps none).
    pub label: String,
    /// The model's `entity_group` (or `entity` with aggregation `none`).
    pub model_label: String,
    pub score: f32,
    /// Always `text[start..end]` of the document's cleaned text.
    pub word: String,
    /// Character offsets into the document text.
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}
