//! Per-token label scores -> entity spans, as transformers'
//! `TokenClassificationPipeline.postprocess` does it (`gather_pre_entities`,
//! `aggregate`, `group_entities`), with one addition: the token sequence may
//! be a whole document stitched from several windows.

use crate::labels::{split_tag, LabelSet};
use ndarray::{Array2, ArrayView1, ArrayView2};
use newsner_tokenize::{TokenRows, TokenizedDoc};
use serde::Serialize;
use std::str::FromStr;

/// transformers' `aggregation_strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Every token on its own, with its B-/I- label.
    None,
    /// Tokens grouped by label into entities.
    Simple,
    /// Words take the label of their first token, then are grouped.
    First,
    /// Words take the label with the highest mean score over their tokens.
    Average,
    /// Words take the label of their highest-scoring token.
    Max,
}

impl FromStr for Aggregation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(Aggregation::None),
            "simple" => Ok(Aggregation::Simple),
            "first" => Ok(Aggregation::First),
            "average" => Ok(Aggregation::Average),
            "max" => Ok(Aggregation::Max),
            other => Err(format!(
                "unknown aggregation '{other}' (none, simple, first, average, max)"
            )),
        }
    }
}

impl Aggregation {
    pub const ALL: [Aggregation; 5] = [
        Aggregation::None,
        Aggregation::Simple,
        Aggregation::First,
        Aggregation::Average,
        Aggregation::Max,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::None => "none",
            Aggregation::Simple => "simple",
            Aggregation::First => "first",
            Aggregation::Average => "average",
            Aggregation::Max => "max",
        }
    }
}

/// One entity (or, with [`Aggregation::None`], one token) as transformers
/// reports it. Offsets are character offsets into the document text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// `entity_group` (grouped) or `entity` (B-/I- label, `none`).
    pub label: String,
    pub score: f32,
    pub start: usize,
    pub end: usize,
    /// Token index (`none` only), counting from the window's first token
    /// including special tokens, as transformers does.
    pub index: Option<usize>,
}

/// Numerically stable softmax of each row of `logits` (`[rows, width]`),
/// computed in f32 like numpy on float32 logits: the sums run left to right
/// (not ndarray's unrolled `sum`), so scores equal transformers' bit for bit.
pub fn softmax_rows(logits: ArrayView2<f32>) -> Array2<f32> {
    let mut out = logits.to_owned();
    for mut row in out.rows_mut() {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        row.mapv_inplace(|x| (x - max).exp());
        let sum: f32 = row.iter().sum();
        row.mapv_inplace(|e| e / sum);
    }
    out
}

/// Label scores stitched from a document's windows turned into
/// probabilities, row for row.
pub fn probabilities(logits: TokenRows) -> TokenRows {
    TokenRows {
        values: softmax_rows(logits.values.view()),
        row_in_window: logits.row_in_window,
    }
}

struct PreEntity<'a> {
    scores: ArrayView1<'a, f32>,
    start: usize,
    end: usize,
    index: usize,
    is_subword: bool,
}

struct Tagged {
    label: String,
    score: f32,
    start: usize,
    end: usize,
    index: Option<usize>,
    is_subword: bool,
}

/// Decodes a document: `scores` holds one softmax row per token of `doc`,
/// and each token's row in its window (its index as transformers numbers
/// it, the leading special tokens counted).
///
/// # Panics
/// When `scores` has fewer rows than `doc` has tokens, or rows narrower
/// than `labels`: both come from the same model and document.
pub fn decode(
    doc: &TokenizedDoc,
    scores: &TokenRows,
    labels: &LabelSet,
    strategy: Aggregation,
) -> Vec<Entity> {
    assert!(
        doc.is_empty()
            || (scores.values.nrows() >= doc.len() && scores.values.ncols() == labels.len()),
        "one score row per token, one column per label"
    );
    let pre: Vec<PreEntity> = (0..doc.len())
        .filter(|&t| !doc.special[t])
        .map(|t| PreEntity {
            scores: scores.values.row(t),
            start: doc.offsets[t].0,
            end: doc.offsets[t].1,
            index: scores.row_in_window[t],
            is_subword: doc.is_subword[t],
        })
        .collect();

    let mut tagged: Vec<Tagged> = match strategy {
        Aggregation::None | Aggregation::Simple => pre
            .iter()
            .map(|p| {
                let (column, score) = argmax(p.scores.iter().copied());
                Tagged {
                    label: labels.name(column).to_string(),
                    score,
                    start: p.start,
                    end: p.end,
                    index: Some(p.index),
                    is_subword: p.is_subword,
                }
            })
            .collect(),
        _ => aggregate_words(&pre, labels, strategy),
    };
    if labels.b_on_every_piece && strategy == Aggregation::Simple {
        continue_pieces(&mut tagged);
    }
    let entities = if strategy == Aggregation::None {
        tagged
            .into_iter()
            .map(|t| Entity {
                label: t.label,
                score: t.score,
                start: t.start,
                end: t.end,
                index: t.index,
            })
            .collect()
    } else {
        group_entities(&tagged)
    };
    // transformers' default `ignore_labels=["O"]`.
    entities.into_iter().filter(|e| e.label != "O").collect()
}

/// numpy's `argmax`: the first maximum wins.
fn argmax(row: impl Iterator<Item = f32>) -> (usize, f32) {
    let mut best = (0, f32::NAN);
    for (i, v) in row.enumerate() {
        if i == 0 || v > best.1 {
            best = (i, v);
        }
    }
    best
}

fn aggregate_words(pre: &[PreEntity], labels: &LabelSet, strategy: Aggregation) -> Vec<Tagged> {
    let mut words: Vec<&[PreEntity]> = Vec::new();
    let mut begin = 0;
    for i in 1..=pre.len() {
        if i == pre.len() || !pre[i].is_subword {
            if i > begin {
                words.push(&pre[begin..i]);
            }
            begin = i;
        }
    }
    words
        .into_iter()
        .map(|word| {
            let (column, score) =
                match strategy {
                    Aggregation::Max => {
                        // Python's max() keeps the first of equal maxima.
                        let mut best = &word[0];
                        for p in &word[1..] {
                            if max_of(p.scores) > max_of(best.scores) {
                                best = p;
                            }
                        }
                        argmax(best.scores.iter().copied())
                    }
                    Aggregation::Average => {
                        let width = labels.len();
                        argmax((0..width).map(|c| {
                            word.iter().map(|p| p.scores[c]).sum::<f32>() / word.len() as f32
                        }))
                    }
                    _ => argmax(word[0].scores.iter().copied()),
                };
            Tagged {
                label: labels.name(column).to_string(),
                score,
                start: word[0].start,
                end: word[word.len() - 1].end,
                index: None,
                is_subword: false,
            }
        })
        .collect()
}

fn max_of(row: ArrayView1<f32>) -> f32 {
    row.iter().copied().fold(f32::NEG_INFINITY, f32::max)
}

/// For models that put B- on every word piece: a B-X piece that continues a
/// word whose previous piece is of type X is read as I-X.
fn continue_pieces(tagged: &mut [Tagged]) {
    for i in 1..tagged.len() {
        if !tagged[i].is_subword {
            continue;
        }
        let (_, prev_tag) = split_tag(&tagged[i - 1].label);
        let (begin, tag) = split_tag(&tagged[i].label);
        if begin && tag == prev_tag {
            tagged[i].label = format!("I-{tag}");
        }
    }
}

/// transformers' `group_entities` + `group_sub_entities`.
fn group_entities(tagged: &[Tagged]) -> Vec<Entity> {
    let mut groups = Vec::new();
    let mut begin = 0;
    for i in 1..=tagged.len() {
        let ends_group = i == tagged.len() || {
            let (is_begin, tag) = split_tag(&tagged[i].label);
            let (_, last_tag) = split_tag(&tagged[i - 1].label);
            is_begin || tag != last_tag
        };
        if ends_group && i > begin {
            let members = &tagged[begin..i];
            let first = &members[0].label;
            // `entity.split("-", 1)[-1]`
            let label = first
                .split_once('-')
                .map_or(first.as_str(), |(_, rest)| rest)
                .to_string();
            let score = members.iter().map(|m| m.score).sum::<f32>() / members.len() as f32;
            groups.push(Entity {
                label,
                score,
                start: members[0].start,
                end: members[members.len() - 1].end,
                index: None,
            });
            begin = i;
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsner_assets::LabelsSection;

    fn labels() -> LabelSet {
        LabelSet::new(
            ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
                .map(String::from)
                .to_vec(),
            &LabelsSection::default(),
        )
    }

    /// "Andy Jassy leads Amazon" as tokens andy | jas | ##sy | leads | amazon
    fn doc() -> TokenizedDoc {
        TokenizedDoc {
            ids: vec![1, 2, 3, 4, 5],
            type_ids: vec![0; 5],
            offsets: vec![(0, 4), (5, 8), (8, 10), (11, 16), (17, 23)],
            tokens: ["andy", "jas", "##sy", "leads", "amazon"]
                .map(String::from)
                .to_vec(),
            special: vec![false; 5],
            is_subword: vec![false, false, true, false, false],
        }
    }

    /// One row per token, sure of `columns[t]`; transformers numbers the
    /// tokens from 1 (after `[CLS]`).
    fn one_hot(columns: &[usize]) -> TokenRows {
        TokenRows {
            values: Array2::from_shape_fn((columns.len(), 5), |(t, i)| {
                if i == columns[t] {
                    0.9
                } else {
                    0.025
                }
            }),
            row_in_window: (1..=columns.len()).collect(),
        }
    }

    #[test]
    fn simple_groups_b_and_i_into_one_person() {
        let scores = one_hot(&[1, 2, 2, 0, 3]);
        let got = decode(&doc(), &scores, &labels(), Aggregation::Simple);
        assert_eq!(
            got.iter()
                .map(|e| (e.label.as_str(), e.start, e.end))
                .collect::<Vec<_>>(),
            vec![("PER", 0, 10), ("ORG", 17, 23)]
        );
    }

    #[test]
    fn first_takes_the_label_of_the_first_piece() {
        // "##sy" says ORG but its word starts as PER.
        let scores = one_hot(&[1, 2, 3, 0, 3]);
        let first = decode(&doc(), &scores, &labels(), Aggregation::First);
        assert_eq!(first[0].end, 10);
        let simple = decode(&doc(), &scores, &labels(), Aggregation::Simple);
        assert_eq!(
            simple.len(),
            3,
            "simple splits the word where the label changes"
        );
    }

    #[test]
    fn none_keeps_token_labels_and_indices() {
        let scores = one_hot(&[1, 2, 2, 0, 3]);
        let got = decode(&doc(), &scores, &labels(), Aggregation::None);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].label, "B-PER");
        assert_eq!(got[3].index, Some(5));
    }

    #[test]
    fn b_on_every_piece_continues_words_under_simple() {
        let set = LabelSet::new(
            ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
                .map(String::from)
                .to_vec(),
            &LabelsSection {
                b_on_every_piece: true,
                ..Default::default()
            },
        );
        let scores = one_hot(&[1, 1, 1, 0, 3]);
        let got = decode(&doc(), &scores, &set, Aggregation::Simple);
        // "andy" and "jas##sy" stay two B- words, but "##sy" joins "jas".
        assert_eq!(
            got.iter().map(|e| (e.start, e.end)).collect::<Vec<_>>(),
            vec![(0, 4), (5, 10), (17, 23)]
        );
    }

    #[test]
    fn softmax_rows_sum_to_one() {
        let s = softmax_rows(ndarray::array![[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]].view());
        assert!((s.row(0).iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((s[[1, 0]] - 1.0).abs() < 1e-6);
    }
}
