use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An entity as a typed character span.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TypeScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold entities of this type.
    pub support: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scores {
    pub per_type: BTreeMap<String, TypeScore>,
    pub micro: TypeScore,
}

fn finish(tp: usize, fp: usize, fn_: usize) -> TypeScore {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    TypeScore {
        precision,
        recall,
        f1,
        support: tp + fn_,
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
    }
}

/// Exact-span scores over sentences: `gold[i]` and `predicted[i]` are the
/// spans of sentence `i`. Gold and predicted types not in `types` are
/// ignored.
pub fn score(gold: &[Vec<Span>], predicted: &[Vec<Span>], types: &[&str]) -> Scores {
    let mut counts: BTreeMap<String, (usize, usize, usize)> =
        types.iter().map(|t| (t.to_string(), (0, 0, 0))).collect();
    for (g, p) in gold.iter().zip(predicted) {
        let g: BTreeSet<&Span> = g
            .iter()
            .filter(|s| types.contains(&s.label.as_str()))
            .collect();
        let p: BTreeSet<&Span> = p
            .iter()
            .filter(|s| types.contains(&s.label.as_str()))
            .collect();
        for s in &p {
            let c = counts.entry(s.label.clone()).or_default();
            if g.contains(s) {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
        for s in g.difference(&p) {
            counts.entry(s.label.clone()).or_default().2 += 1;
        }
    }
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    Scores {
        per_type: counts
            .into_iter()
            .map(|(k, (a, b, c))| (k, finish(a, b, c)))
            .collect(),
        micro: finish(tp, fp, fn_),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(label: &str, start: usize, end: usize) -> Span {
        Span {
            label: label.into(),
            start,
            end,
        }
    }

    #[test]
    fn exact_spans_only() {
        let gold = vec![
            vec![span("ORG", 0, 19), span("LOC", 23, 30)],
            vec![span("PER", 0, 5)],
        ];
        // Right ORG, LOC with wrong end, PER right, extra MISC, ignored EMAIL.
        let predicted = vec![
            vec![span("ORG", 0, 19), span("LOC", 23, 31)],
            vec![span("PER", 0, 5), span("MISC", 6, 9), span("EMAIL", 10, 20)],
        ];
        let s = score(&gold, &predicted, &["PER", "ORG", "LOC", "MISC"]);
        assert_eq!(
            (
                s.micro.true_positives,
                s.micro.false_positives,
                s.micro.false_negatives
            ),
            (2, 2, 1)
        );
        assert!((s.micro.precision - 0.5).abs() < 1e-12);
        assert!((s.micro.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.micro.f1 - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(s.per_type["LOC"].f1, 0.0);
        assert_eq!(s.per_type["PER"].f1, 1.0);
        assert_eq!(s.per_type["MISC"].support, 0);
    }
}
