//! Any text through the de-news tokenizer and any scores through every
//! aggregation strategy: entities are never empty, never reversed, and lie
//! on character boundaries of the text (offsets are character offsets).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsner_assets::LabelsSection;
use newsner_infer::{decode, Aggregation, LabelSet};
use newsner_tokenize::{HfTokenizer, TokenRows, Tokenize};
use std::sync::OnceLock;

const LABELS: &[&str] = &["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

fn tokenizer() -> &'static HfTokenizer {
    static TOKENIZER: OnceLock<HfTokenizer> = OnceLock::new();
    TOKENIZER.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/de-news/tokenizer.json"
        );
        HfTokenizer::from_file(std::path::Path::new(path)).expect("models/de-news/tokenizer.json")
    })
}

fuzz_target!(|input: (String, Vec<u8>, u8)| {
    let (text, noise, strategy) = input;
    let Ok(doc) = tokenizer().tokenize(&text) else {
        return;
    };
    let width = LABELS.len();
    // Scores from the fuzzer's bytes, as softmax rows.
    let mut values = ndarray::Array2::zeros((doc.len(), width));
    for t in 0..doc.len() {
        let row: Vec<f32> = (0..width)
            .map(|c| {
                let b = noise
                    .get((t * width + c) % noise.len().max(1))
                    .copied()
                    .unwrap_or(0);
                (b as f32 / 16.0).exp()
            })
            .collect();
        let sum: f32 = row.iter().sum();
        for (c, v) in row.iter().enumerate() {
            values[[t, c]] = v / sum;
        }
    }
    let scores = TokenRows {
        values,
        row_in_window: (0..doc.len()).collect(),
    };
    let strategy = [
        Aggregation::None,
        Aggregation::Simple,
        Aggregation::First,
        Aggregation::Average,
        Aggregation::Max,
    ][strategy as usize % 5];
    let labels = LabelSet::new(
        LABELS.iter().map(|s| s.to_string()).collect(),
        &LabelsSection::default(),
    );
    let chars = text.chars().count();
    for entity in decode(&doc, &scores, &labels, strategy) {
        assert!(entity.start < entity.end, "{entity:?}");
        assert!(entity.end <= chars, "{entity:?} beyond {chars} characters");
        assert!(entity.score.is_finite());
    }
});
