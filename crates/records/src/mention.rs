use serde::{Deserialize, Serialize};
use std::path::Path;

/// One entity mention, as written to `mentions.jsonl`: the fields of a
/// HuggingFace token-classification result plus the document and the mapped
/// newsner type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// Comparison key of a surface form, what makes two mentions one name:
/// whitespace collapsed, surrounding quotes and punctuation removed,
/// lower-cased ("„Amazon“", "amazon" and "Amazon," are one name). The
/// decoding stage's one type per name and the tables' counts use it.
pub fn surface_key(surface: &str) -> String {
    let trimmed = surface.trim_matches(|c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '.' && c != '&')
            || "„“”«»‚‘’".contains(c)
    });
    let trimmed = trimmed.trim_end_matches(['.', ',']);
    trimmed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads a `mentions.jsonl` file written by newsner.
pub fn read_mentions(path: &Path) -> Result<Vec<Mention>, crate::RecordError> {
    crate::read_jsonl(path)?.collect()
}

/// The job figures of a document, tied to its ORG mentions (and names the
/// text introduces as a company): the one place `run` and `aggregate` get
/// figures from.
pub fn document_figures(
    id: &str,
    text: &str,
    mentions: &[Mention],
) -> Vec<newsner_figures::Figure> {
    // ORG mentions, and names of another type the text shows to be a
    // company ("Der Autozulieferer Schaeffler" tagged PER).
    let tagged: Vec<newsner_figures::TaggedSpan> = mentions
        .iter()
        .map(|m| newsner_figures::TaggedSpan {
            label: &m.label,
            start: m.start,
            end: m.end,
        })
        .collect();
    let orgs = newsner_figures::employer_spans(text, &tagged);
    newsner_figures::extract(id, text, &orgs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_quotes_case_and_spacing() {
        assert_eq!(
            surface_key("„Amazon  Web Services“,"),
            "amazon web services"
        );
        assert_eq!(surface_key("AT&T"), "at&t");
        assert_eq!(surface_key("Amazon,"), surface_key("amazon"));
    }
}
