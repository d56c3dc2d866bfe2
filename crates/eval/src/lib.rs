//! Evaluation: labelled sentences in, exact-span precision/recall/F1 per type
//! out, counted as seqeval counts them (an entity is right only if its type
//! and both boundaries are right).

mod dataset;
mod score;

pub use dataset::{read_dataset, DataError, Sentence, TagOptions};
pub use score::{score, Scores, Span, TypeScore};

use anyhow::{Context, Result};
use newsner_infer::NerModel;
use newsner_pipeline::{Input, PipelineOptions};
use std::collections::BTreeMap;

/// The types newsner evaluates.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Tags `sentences` with the real pipeline and scores the mentions against
/// the gold spans.
pub fn evaluate(
    model: &NerModel,
    env: &ort::environment::Environment,
    sentences: &[Sentence],
    options: &PipelineOptions,
) -> Result<Scores> {
    let docs = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| s.to_document(i.to_string()))
        .collect();
    let out = tempfile::tempdir().context("cannot create a scratch folder")?;
    newsner_pipeline::run(
        model,
        env,
        &Input::Documents(docs),
        out.path(),
        options,
        &(),
    )?;
    let mut predicted: Vec<Vec<Span>> = vec![Vec::new(); sentences.len()];
    let mentions = std::fs::read_to_string(out.path().join("mentions.jsonl"))?;
    for line in mentions.lines() {
        let m: BTreeMap<String, serde_json::Value> = serde_json::from_str(line)?;
        let field = |k: &str| m.get(k).with_context(|| format!("mention without {k}"));
        let doc: usize = field("doc")?.as_str().unwrap_or_default().parse()?;
        let span = Span {
            label: field("label")?.as_str().unwrap_or_default().to_string(),
            start: field("start")?.as_u64().unwrap_or_default() as usize,
            end: field("end")?.as_u64().unwrap_or_default() as usize,
        };
        if let Some(list) = predicted.get_mut(doc) {
            list.push(span);
        }
    }
    let gold: Vec<Vec<Span>> = sentences.iter().map(Sentence::gold_spans).collect();
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
