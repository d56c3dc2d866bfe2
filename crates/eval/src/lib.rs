//! Evaluation: labelled sentences in, exact-span precision/recall/F1 per type
//! out, counted as seqeval counts them (an entity is right only if its type
//! and both boundaries are right).

mod dataset;
mod documents;
pub mod extract;
mod score;

pub use dataset::{read_dataset, DataError, Sentence, TagOptions};
pub use documents::{group, EvalDoc, Grouping};
pub use score::{score, Scores, Span, TypeScore};

use anyhow::Result;
use newsner_pipeline::Tagger;

/// The types newsner evaluates.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Tags `docs` with the real pipeline (in memory) and scores the mentions
/// against their gold spans, counting only entities of `types` (gold and
/// predicted alike: a corpus without MISC is scored on PER/ORG/LOC).
pub fn evaluate(tagger: &Tagger, docs: &[EvalDoc], types: &[&str]) -> Result<Scores> {
    let input = docs
        .iter()
        .enumerate()
        .map(|(i, d)| d.to_document(i.to_string()))
        .collect();
    let mut predicted: Vec<Vec<Span>> = Vec::with_capacity(docs.len());
    for (i, tagged) in tagger.tag(input)?.into_iter().enumerate() {
        let tagged =
            tagged.map_err(|e| anyhow::anyhow!("sentence group {i} was not tagged: {e}"))?;
        predicted.push(
            tagged
                .mentions
                .into_iter()
                .map(|m| Span {
                    label: m.label,
                    start: m.start,
                    end: m.end,
                })
                .collect(),
        );
    }
    let gold: Vec<Vec<Span>> = docs.iter().map(|d| d.gold.clone()).collect();
    Ok(score(&gold, &predicted, types))
}

/// The seqeval-style table.
pub fn format_scores(scores: &Scores) -> String {
    let mut out = format!(
        "{:<8} {:>9} {:>9} {:>9} {:>9}\n",
        "type", "precision", "recall", "f1", "support"
    );
    let row = |name: &str, s: &TypeScore| {
        format!(
            "{name:<8} {:>9.4} {:>9.4} {:>9.4} {:>9}\n",
            s.precision, s.recall, s.f1, s.support
        )
    };
    for (name, s) in &scores.per_type {
        out.push_str(&row(name, s));
    }
    out.push_str(&row("micro", &scores.micro));
    out
}
