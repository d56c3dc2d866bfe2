//! Scoring the figures stage on labelled sentences (`eval/*.jsonl`, one
//! sentence or short passage a line):
//!
//! ```json
//! {"lang": "de", "text": "Amazon streicht 14.000 Stellen.", "orgs": ["Amazon"],
//!  "figures": [{"value": 14000, "kind": "cut", "org": "Amazon"}]}
//! ```
//!
//! `orgs` are the organisation names NER would find; every occurrence
//! (starting at a word boundary) is given to the stage as an ORG mention, so
//! the score is the stage's own, not the model's. A predicted figure is right
//! when its value, kind and organisation (case-insensitive, or both null)
//! equal a gold figure's.

use crate::{extract, Kind, OrgSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldFigure {
    pub value: u64,
    pub kind: Kind,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    pub lang: String,
    pub text: String,
    #[serde(default)]
    pub orgs: Vec<String>,
    pub figures: Vec<GoldFigure>,
}

/// Reads a labelled file; errors name the file and line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldSentence>, String> {
    read_lines(path)
}

/// Reads a JSONL file of `T`, one per non-blank line; errors name the file
/// and line.
pub fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Character spans of every occurrence of `names` starting at a word boundary.
pub fn org_spans(text: &str, names: &[String]) -> Vec<OrgSpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        let n: Vec<char> = name.chars().collect();
        for s in 0..chars.len().saturating_sub(n.len() - 1) {
            let at_boundary = s == 0 || !chars[s - 1].is_alphanumeric();
            let ends = chars
                .get(s + n.len())
                .is_none_or(|c| !c.is_alphanumeric() || *c == 's');
            if at_boundary && ends && chars[s..s + n.len()] == n[..] {
                spans.push(OrgSpan {
                    start: s,
                    end: s + n.len(),
                });
            }
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    spans.dedup();
    spans
}

#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub sentences: usize,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    /// Right value, whatever kind and organisation.
    pub values_correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub by_lang: BTreeMap<String, Counts>,
    pub all: Counts,
    /// One line per wrong, missed or extra figure.
    pub mistakes: Vec<String>,
}

type Key = (u64, Kind, Option<String>);

/// Runs the stage on every sentence and counts.
pub fn score(gold: &[GoldSentence]) -> Report {
    let mut report = Report::default();
    for (n, g) in gold.iter().enumerate() {
        let predicted = extract(&n.to_string(), &g.text, &org_spans(&g.text, &g.orgs));
        let mut want: Vec<Key> = g
            .figures
            .iter()
            .map(|f| (f.value, f.kind, f.org.as_ref().map(|o| o.to_lowercase())))
            .collect();
        let mut want_values: Vec<u64> = g.figures.iter().map(|f| f.value).collect();
        let mut c = Counts {
            sentences: 1,
            gold: want.len(),
            predicted: predicted.len(),
            ..Default::default()
        };
        for p in &predicted {
            let key = (p.value, p.kind, p.org.as_ref().map(|o| o.to_lowercase()));
            if let Some(i) = want.iter().position(|k| *k == key) {
                want.remove(i);
                c.correct += 1;
            } else {
                report.mistakes.push(format!(
                    "{}: extra or wrong {} {} org={:?} in: {}",
                    g.lang,
                    p.value,
                    p.kind.as_str(),
                    p.org,
                    g.text
                ));
            }
            if let Some(i) = want_values.iter().position(|v| *v == p.value) {
                want_values.remove(i);
                c.values_correct += 1;
            }
        }
        for (value, kind, org) in want {
            report.mistakes.push(format!(
                "{}: missed {value} {} org={org:?} in: {}",
                g.lang,
                kind.as_str(),
                g.text
            ));
        }
        for target in [
            report.by_lang.entry(g.lang.clone()).or_default(),
            &mut report.all,
        ] {
            target.sentences += c.sentences;
            target.gold += c.gold;
            target.predicted += c.predicted;
            target.correct += c.correct;
            target.values_correct += c.values_correct;
        }
    }
    report
}
