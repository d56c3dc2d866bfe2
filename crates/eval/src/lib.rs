//! Evaluation: labelled sentences in, exact-span precision/recall/F1 per type
//! out, counted as seqeval counts them (an entity is right only if its type
//! and both boundaries are right).

mod dataset;
mod documents;
mod score;

pub use dataset::{read_dataset, DataError, Sentence, TagOptions};
pub use documents::{group, EvalDoc, Grouping};
pub use score::{score, Scores, Span, TypeScore};

use anyhow::{Context, Result};
use newsner_infer::NerModel;
use newsner_pipeline::{Input, PipelineOptions};

/// The types newsner evaluates.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Tags `docs` with the real pipeline and scores the mentions against
/// their gold spans.
pub fn evaluate(
    model: &NerModel,
    env: &ort::environment::Environment,
    docs: &[EvalDoc],
    options: &PipelineOptions,
) -> Result<Scores> {
    let input = docs
        .iter()
        .enumerate()
        .map(|(i, d)| d.to_document(i.to_string()))
        .collect();
    let out = tempfile::tempdir().context("cannot create a scratch folder")?;
    newsner_pipeline::run(
        model,
        env,
        &Input::Documents(input),
        out.path(),
        options,
        &(),
    )?;
    let mut predicted: Vec<Vec<Span>> = vec![Vec::new(); docs.len()];
    for mention in newsner_aggregate::read_mentions(&out.path().join("mentions.jsonl"))? {
        let doc: usize = mention
            .doc
            .parse()
            .with_context(|| format!("unexpected document id {:?}", mention.doc))?;
        if let Some(list) = predicted.get_mut(doc) {
            list.push(Span {
                label: mention.label,
                start: mention.start,
                end: mention.end,
            });
        }
    }
    let gold: Vec<Vec<Span>> = docs.iter().map(|d| d.gold.clone()).collect();
    Ok(score(&gold, &predicted, &TYPES))
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
