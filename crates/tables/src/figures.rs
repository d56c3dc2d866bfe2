//! Job figures by company: the same claim (company, kind, unit, value) from
//! several documents is one row with the number of documents stating it,
//! syndicated copies of one story counted once, and the strongest status
//! any of them gives it (a figure reported by one paper and confirmed by
//! the company is confirmed).

use newsner_figures::{Figure, Kind, Status, Unit};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One claim of `summary.json`'s `figures`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: Kind,
    pub unit: Unit,
    pub value: u64,
    pub value_max: Option<u64>,
    pub approx: bool,
    /// The strongest status of its figures.
    pub status: Status,
    /// Who reports or expects it, each once (sorted).
    pub sources: Vec<String>,
    /// Every figure behind it is computed from a share of a workforce.
    pub derived: bool,
    /// Documents stating it, each cluster of syndicated copies once.
    pub documents: usize,
    /// Figures behind it (every copy and repetition).
    pub mentions: usize,
    /// How the first document wrote it.
    pub text: String,
}

/// A company's claims; `company` is null for figures tied to none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyFigures {
    pub company: Option<String>,
    pub documents: usize,
    pub figures: Vec<Claim>,
}

type ClaimKey = (Kind, Unit, u64, Option<u64>);

/// Groups figures (each with the cluster of its document) by company and
/// claim, the best attested first; unattributed figures come last.
pub fn claims(figures: &[(usize, Figure)]) -> Vec<CompanyFigures> {
    struct Acc {
        clusters: BTreeSet<usize>,
        mentions: usize,
        approx: bool,
        status: Status,
        sources: BTreeSet<String>,
        derived: bool,
        text: String,
    }
    let mut by_company: BTreeMap<Option<String>, BTreeMap<ClaimKey, Acc>> = BTreeMap::new();
    for (cluster, f) in figures {
        let company = f.entity.clone().or_else(|| f.org.clone());
        let acc = by_company
            .entry(company)
            .or_default()
            .entry((f.kind, f.unit, f.value, f.value_max))
            .or_insert_with(|| Acc {
                clusters: BTreeSet::new(),
                mentions: 0,
                approx: f.approx,
                status: f.status,
                sources: BTreeSet::new(),
                derived: true,
                text: f.text.clone(),
            });
        acc.clusters.insert(*cluster);
        acc.mentions += 1;
        // Confirmed is the strongest (the first variant).
        acc.status = acc.status.min(f.status);
        acc.sources.extend(f.source.iter().cloned());
        acc.derived &= f.derived;
    }
    let mut out: Vec<CompanyFigures> = by_company
        .into_iter()
        .map(|(company, claims)| {
            let documents = claims
                .values()
                .flat_map(|a| a.clusters.iter())
                .collect::<BTreeSet<_>>()
                .len();
            let mut figures: Vec<Claim> = claims
                .into_iter()
                .map(|((kind, unit, value, value_max), a)| Claim {
                    kind,
                    unit,
                    value,
                    value_max,
                    approx: a.approx,
                    status: a.status,
                    sources: a.sources.into_iter().collect(),
                    derived: a.derived,
                    documents: a.clusters.len(),
                    mentions: a.mentions,
                    text: a.text,
                })
                .collect();
            figures.sort_by(|a, b| {
                b.documents
                    .cmp(&a.documents)
                    .then(a.kind.cmp(&b.kind))
                    .then(b.value.cmp(&a.value))
            });
            CompanyFigures {
                company,
                documents,
                figures,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.company.is_none(),
            std::cmp::Reverse(a.documents),
            &a.company,
        )
            .cmp(&(
                b.company.is_none(),
                std::cmp::Reverse(b.documents),
                &b.company,
            ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(doc: &str, entity: Option<&str>, value: u64, kind: Kind) -> Figure {
        Figure {
            doc: doc.into(),
            org: entity.map(String::from),
            entity: entity.map(String::from),
            value,
            value_max: None,
            approx: true,
            kind,
            unit: Unit::Jobs,
            status: Status::Reported,
            source: Some("Reuters".into()),
            derived: false,
            qualifier: Some("rund".into()),
            text: format!("rund {value} Stellen"),
            start: 0,
            end: 1,
            sentence: String::new(),
        }
    }

    #[test]
    fn one_claim_from_several_outlets_counts_documents_and_copies_once() {
        let figures = vec![
            (0, figure("a", Some("Amazon"), 14_000, Kind::Cut)),
            (1, figure("b", Some("Amazon"), 14_000, Kind::Cut)),
            (1, figure("c", Some("Amazon"), 14_000, Kind::Cut)), // a copy of b
            (1, figure("c", Some("Amazon"), 14_000, Kind::Cut)), // repeated in c
            (2, figure("d", Some("Meta"), 600, Kind::Cut)),
            (2, figure("d", None, 30_000, Kind::Cut)),
            (3, figure("e", Some("Amazon"), 350_000, Kind::Workforce)),
        ];
        let c = claims(&figures);
        let names: Vec<Option<&str>> = c.iter().map(|c| c.company.as_deref()).collect();
        assert_eq!(names, [Some("Amazon"), Some("Meta"), None]);
        let amazon = &c[0];
        assert_eq!(amazon.documents, 3);
        assert_eq!(
            (
                amazon.figures[0].value,
                amazon.figures[0].documents,
                amazon.figures[0].mentions
            ),
            (14_000, 2, 4)
        );
        assert_eq!(amazon.figures[1].kind, Kind::Workforce);
    }

    #[test]
    fn a_claim_takes_the_strongest_status_of_its_figures() {
        let mut confirmed = figure("b", Some("Amazon"), 14_000, Kind::Cut);
        confirmed.status = Status::Confirmed;
        confirmed.source = None;
        let figures = vec![
            (0, figure("a", Some("Amazon"), 14_000, Kind::Cut)),
            (1, confirmed),
        ];
        let c = claims(&figures);
        let claim = &c[0].figures[0];
        assert_eq!(
            (claim.status, claim.sources.clone()),
            (Status::Confirmed, vec!["Reuters".to_string()])
        );
        let reported = claims(&figures[..1]);
        assert_eq!(reported[0].figures[0].status, Status::Reported);
    }
}
