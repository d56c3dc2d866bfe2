//! From a document's window logits to its mentions: stitching, decoding,
//! label mapping, (for readable-span models) span trimming, and one type per
//! name within a document.

use ndarray::Array2;
use newsner_assets::SpanStyle;
use newsner_infer::{decode, probabilities, Aggregation, Entity, NerModel};
use newsner_ingest::Document;
use newsner_records::{surface_key, Mention};
use newsner_tokenize::{readable_spans, DocWindows, TokenizedDoc};
use std::collections::BTreeMap;

/// Stitches the owned part of every window into one score row per document
/// token, decodes and maps labels onto newsner types; with
/// `one_type_per_name`, see [`unify_types`].
pub fn document_mentions(
    model: &NerModel,
    aggregation: Aggregation,
    one_type_per_name: bool,
    doc: &Document,
    tokens: &TokenizedDoc,
    windows: &DocWindows,
    logits: &[Array2<f32>],
) -> Vec<Mention> {
    let scores = probabilities(windows.stitch(logits));
    let entities = decode(tokens, &scores, &model.labels, aggregation);
    let mut mentions = to_mentions(model, doc, entities);
    if one_type_per_name {
        unify_types(&mut mentions);
    }
    mentions
}

/// Where no type holds most of a name's mentions, a mention at least this
/// sure of its type is taken to name a thing of its own: "Paris" the person
/// (0.97) and "Paris" the city (0.95) in one article keep their types;
/// "Anthropic" MISC (0.85) beside ORG (0.88) does not. A majority overrides
/// it.
pub const CLEAR_SCORE: f32 = 0.9;

/// One type per name within a document. Mentions are one name when their
/// [`surface_key`]s agree ("Amazon", "„Amazon“"). A type that most of the
/// name's mentions have is every mention's type: an article that tags
/// "Amazon" ORG nine times and LOC once names one company. Without such a
/// majority, the type with the highest summed score wins, except for a type
/// one of whose mentions has [`CLEAR_SCORE`] while the winning type has one
/// too (the text clearly names two things). Only `label` (newsner's type)
/// changes; `model_label` stays what the model said for that mention, so
/// parity with transformers is checked on it. The tables count the types
/// this leaves, so `--types-per-mention` (no unifying) reaches every output.
pub fn unify_types(mentions: &mut [Mention]) {
    let keys: Vec<String> = mentions.iter().map(|m| surface_key(&m.word)).collect();
    // Per name and type: mentions, summed and best score.
    let mut by_name: BTreeMap<&str, BTreeMap<&str, TypeScores>> = BTreeMap::new();
    for (m, key) in mentions.iter().zip(&keys) {
        if key.is_empty() {
            continue;
        }
        let entry = by_name
            .entry(key)
            .or_default()
            .entry(m.label.as_str())
            .or_default();
        entry.mentions += 1;
        entry.sum += m.score;
        entry.best = entry.best.max(m.score);
    }
    let plans: BTreeMap<&str, (String, Vec<String>)> = by_name
        .into_iter()
        .filter(|(_, types)| types.len() > 1)
        .map(|(key, types)| (key, plan(&types)))
        .collect();
    for (m, key) in mentions.iter_mut().zip(&keys) {
        if let Some((winner, kept)) = plans.get(key.as_str()) {
            if !kept.contains(&m.label) {
                m.label.clone_from(winner);
            }
        }
    }
}

/// One type's share of a name's mentions in a document.
#[derive(Default)]
struct TypeScores {
    mentions: usize,
    sum: f32,
    best: f32,
}

/// The winning type of a name with several, and the types that stay
/// beside it.
fn plan(types: &BTreeMap<&str, TypeScores>) -> (String, Vec<String>) {
    let total: usize = types.values().map(|t| t.mentions).sum();
    if let Some((label, _)) = types.iter().find(|(_, t)| t.mentions * 2 > total) {
        return (label.to_string(), Vec::new());
    }
    // Highest sum; on a tie the first type in name order (`max_by` keeps
    // the last of equal elements, hence `rev`), so the result depends on
    // nothing but the document.
    let (winner, top) = types
        .iter()
        .rev()
        .max_by(|a, b| a.1.sum.total_cmp(&b.1.sum))
        .expect("a name has at least two types here");
    let kept = types
        .iter()
        .filter(|(l, t)| *l != winner && t.best >= CLEAR_SCORE && top.best >= CLEAR_SCORE)
        .map(|(l, _)| l.to_string())
        .collect();
    (winner.to_string(), kept)
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
        .flat_map(|e| {
            let spans = if readable {
                readable_spans(&text, e.start, e.end)
            } else {
                vec![(e.start, e.end)]
            };
            let (_, model_type) = newsner_infer::split_tag(&e.label);
            let label = model.manifest.labels.map_type(model_type).to_string();
            spans
                .into_iter()
                .map(|(start, end)| Mention {
                    doc: doc.id.clone(),
                    label: label.clone(),
                    word: doc.text[bytes[start]..bytes[end]].to_string(),
                    model_label: e.label.clone(),
                    score: e.score,
                    start,
                    end,
                    index: e.index,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(word: &str, label: &str, score: f32, start: usize) -> Mention {
        Mention {
            doc: "d".into(),
            label: label.into(),
            model_label: label.into(),
            score,
            word: word.into(),
            start,
            end: start + word.chars().count(),
            index: None,
        }
    }

    fn labels(mentions: &[Mention]) -> Vec<&str> {
        mentions.iter().map(|m| m.label.as_str()).collect()
    }

    #[test]
    fn a_name_mostly_tagged_one_type_gets_that_type_everywhere() {
        let mut m = vec![
            mention("Amazon", "ORG", 0.95, 0),
            mention("Amazon", "LOC", 0.60, 20),
            mention("Jassy", "PER", 0.99, 40),
            mention("Amazon", "ORG", 0.90, 60),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["ORG", "ORG", "PER", "ORG"]);
        assert_eq!(m[1].model_label, "LOC", "the model's own tag is kept");
    }

    #[test]
    fn a_majority_decides_even_against_a_sure_minority() {
        // "LOC Amazon" once, sure of itself, beside two sure ORG mentions.
        let mut m = vec![
            mention("Amazon", "ORG", 0.95, 0),
            mention("Amazon", "LOC", 0.97, 20),
            mention("„Amazon“", "ORG", 0.93, 40),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["ORG", "ORG", "ORG"]);
    }

    #[test]
    fn spellings_of_one_name_are_one_name() {
        let mut m = vec![
            mention("Anthropic", "ORG", 0.88, 0),
            mention("„Anthropic“", "MISC", 0.85, 20),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["ORG", "ORG"]);
    }

    #[test]
    fn two_things_of_one_name_keep_their_types() {
        let mut m = vec![
            mention("Paris", "PER", 0.97, 0),
            mention("Paris", "LOC", 0.95, 30),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["PER", "LOC"]);
    }

    #[test]
    fn two_unsure_readings_are_one_name() {
        let mut m = vec![
            mention("Anthropic", "MISC", 0.85, 0),
            mention("Anthropic", "ORG", 0.88, 30),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["ORG", "ORG"]);
    }

    #[test]
    fn a_tie_goes_to_the_first_type_in_name_order() {
        let mut m = vec![
            mention("Jordan", "ORG", 0.6, 0),
            mention("Jordan", "LOC", 0.6, 30),
        ];
        unify_types(&mut m);
        assert_eq!(labels(&m), ["LOC", "LOC"]);
    }

    #[test]
    fn the_result_does_not_depend_on_mention_order() {
        let a = vec![
            mention("Meta", "ORG", 0.7, 0),
            mention("Meta", "MISC", 0.7, 10),
            mention("Meta", "ORG", 0.7, 20),
        ];
        let mut b: Vec<Mention> = a.iter().rev().cloned().collect();
        let mut a = a;
        unify_types(&mut a);
        unify_types(&mut b);
        assert_eq!(labels(&a), ["ORG"; 3]);
        assert_eq!(labels(&b), ["ORG"; 3]);
    }
}
