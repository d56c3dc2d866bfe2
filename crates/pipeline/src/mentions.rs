//! From a document's window logits to its mentions: stitching, decoding,
//! label mapping and (for readable-span models) span trimming.

use newsner_aggregate::Mention;
use newsner_assets::SpanStyle;
use newsner_infer::{decode, readable_span, softmax_rows, Aggregation, Entity, NerModel};
use newsner_ingest::Document;
use newsner_tokenize::{stitch, TokenizedDoc, WindowSpan};

/// Stitches the owned part of every window into one score row per document
/// token, decodes and maps labels onto newsner types.
pub fn document_mentions(
    model: &NerModel,
    aggregation: Aggregation,
    doc: &Document,
    tokens: &TokenizedDoc,
    windows: &[WindowSpan],
    logits: &[Vec<f32>],
) -> Vec<Mention> {
    let width = model.labels.len();
    let (stitched, index_in_window) = stitch(windows, logits, width);
    let scores = softmax_rows(&stitched, width);
    let entities = decode(tokens, &scores, &model.labels, aggregation, &|t| {
        index_in_window[t]
    });
    to_mentions(model, doc, entities)
}

fn to_mentions(model: &NerModel, doc: &Document, entities: Vec<Entity>) -> Vec<Mention> {
    // Byte position of every character, for slicing by character offsets.
    let bytes: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(doc.text.len()))
        .collect();
    let chars = bytes.len() - 1;
    let readable = model.manifest.model.spans == SpanStyle::Readable;
    let text: Vec<char> = if readable {
        doc.text.chars().collect()
    } else {
        Vec::new()
    };
    entities
        .into_iter()
        .filter(|e| e.start < e.end && e.end <= chars)
        .filter_map(|e| {
            let (start, end) = if readable {
                readable_span(&text, e.start, e.end)?
            } else {
                (e.start, e.end)
            };
            let model_type = e
                .label
                .strip_prefix("B-")
                .or_else(|| e.label.strip_prefix("I-"))
                .unwrap_or(&e.label);
            Some(Mention {
                doc: doc.id.clone(),
                label: model.manifest.labels.map_type(model_type).to_string(),
                word: doc.text[bytes[start]..bytes[end]].to_string(),
                model_label: e.label,
                score: e.score,
                start,
                end,
                index: e.index,
            })
        })
        .collect()
}
