//! Scoring job figures on whole articles (`eval/articles/*.jsonl`, written
//! blind to this crate; see its README): the figures a run wrote for each
//! article (`figures.jsonl`, so NER, ingest and this stage together, as a
//! user gets them) against the gold figures, one per (organisation, kind,
//! value).
//!
//! As the set's rules count: a predicted figure is scored when it states a
//! number (not "mehrere hundert", which the set does not count) and names
//! an organisation (those without one are counted apart: they claim
//! nobody's jobs); figures repeated in an article count once, with their
//! strongest status. A prediction is right when kind and value are equal
//! and its organisation (as written, or its folded entity) names the gold
//! one: equal after lower-casing and dropping a possessive and legal forms
//! ("Siemens AG", "Amazon's"; "Siemens Energy" is not "Siemens"), or is
//! the acronym the article defines for it ("Berliner Verkehrsbetriebe
//! (BVG)": the sets name either), or is another name the run gives the
//! same company (a variant of its entity in entities.csv: "Southwest" of
//! "Southwest Airlines", "Lloyds" of "Lloyds Banking Group"; the sets name
//! a company by "the short common name a reader would use"). Figures are
//! one claim per company as the claims table counts them: by entity, else
//! by the name as written. Its status is then scored.

use crate::amount::amount_at;
use crate::words::words;
use crate::{Figure, Kind, Status};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticleFigure {
    pub org: String,
    pub kind: Kind,
    pub value: u64,
    pub status: Status,
    #[serde(default)]
    pub derived: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub text: String,
    pub figures: Vec<GoldArticleFigure>,
}

/// Reads an article file; errors name the file and line.
pub fn read_articles(path: &Path) -> Result<Vec<GoldArticle>, String> {
    crate::eval::read_lines(path)
}

#[derive(Debug, Default, Clone)]
pub struct ArticleCounts {
    pub articles: usize,
    pub gold: usize,
    /// Distinct predicted figures with an organisation and a number.
    pub predicted: usize,
    pub correct: usize,
    /// Of the correct ones, those with the gold status.
    pub status_correct: usize,
    /// Predicted figures with a number but no organisation.
    pub unowned: usize,
}

impl ArticleCounts {
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    pub fn status_accuracy(&self) -> f64 {
        self.status_correct as f64 / self.correct.max(1) as f64
    }
    fn add(&mut self, o: &ArticleCounts) {
        self.articles += o.articles;
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
        self.status_correct += o.status_correct;
        self.unowned += o.unowned;
    }
}

#[derive(Debug, Default)]
pub struct ArticleReport {
    pub by_lang: BTreeMap<String, ArticleCounts>,
    pub all: ArticleCounts,
    /// One line per wrong, missed or extra figure, and per wrong status.
    pub mistakes: Vec<String>,
}

/// The figure states a number ("14.000", "vier", a share), not a vague
/// amount ("mehrere hundert", "Tausende").
pub fn states_a_number(f: &Figure) -> bool {
    if f.derived {
        return true;
    }
    let w = words(&f.text, 0);
    (0..w.len())
        .find_map(|i| amount_at(&w, i))
        .is_some_and(|a| !a.vague)
}

fn name_words(name: &str) -> Vec<String> {
    let lower = name.replace(['’', '\''], "'");
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("'S"))
        .unwrap_or(&lower);
    crate::org_names::core_words(lower)
}

/// `predicted` names the organisation `gold` (see the module text).
pub fn names_org(predicted: &str, gold: &str) -> bool {
    let (p, g) = (name_words(predicted), name_words(gold));
    if p.is_empty() || g.is_empty() {
        return false;
    }
    p == g
}

/// `names_org`, or the two are the name and acronym the article defines.
fn names_org_in(acronyms: &[(String, String)], predicted: &str, gold: &str) -> bool {
    names_org(predicted, gold)
        || acronyms.iter().any(|(name, acronym)| {
            let (p, g) = (predicted, gold);
            (names_org(p, name) && names_org(g, acronym))
                || (names_org(p, acronym) && names_org(g, name))
                || (names_org(p, acronym) && names_org(g, acronym))
        })
}

type Key = (String, Kind, u64);

/// Every name of each entity of a run, by entity name: its variants in
/// entities.csv.
pub type EntityNames = BTreeMap<String, Vec<String>>;

/// Scores the figures of a run over the articles; `entity_names`: the
/// run's names of each entity (may be empty).
pub fn score_articles(
    gold: &[GoldArticle],
    predicted: &[Figure],
    entity_names: &EntityNames,
) -> ArticleReport {
    let mut by_doc: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
    for f in predicted {
        by_doc.entry(f.doc.as_str()).or_default().push(f);
    }
    let mut report = ArticleReport::default();
    for article in gold {
        let mut c = ArticleCounts {
            articles: 1,
            gold: article.figures.len(),
            ..Default::default()
        };
        // Distinct claims of the article, with the strongest status and
        // every name the run gave the organisation.
        let mut claims: BTreeMap<Key, (Status, Vec<String>)> = BTreeMap::new();
        for f in by_doc.get(article.id.as_str()).into_iter().flatten() {
            if !states_a_number(f) {
                continue;
            }
            let Some(org) = &f.org else {
                c.unowned += 1;
                continue;
            };
            let company = f.entity.as_ref().unwrap_or(org);
            let key = (company.to_lowercase(), f.kind, f.value);
            let entry = claims.entry(key).or_insert((f.status, Vec::new()));
            entry.0 = entry.0.min(f.status);
            entry.1.push(org.clone());
            entry.1.extend(f.entity.iter().cloned());
            let variants = f.entity.as_ref().and_then(|e| entity_names.get(e));
            entry.1.extend(variants.into_iter().flatten().cloned());
        }
        c.predicted = claims.len();
        let acronyms = crate::org_names::defined_acronyms(&article.text);
        let mut matched = vec![false; claims.len()];
        let keys: Vec<(&Key, &(Status, Vec<String>))> = claims.iter().collect();
        for g in &article.figures {
            let hit = keys
                .iter()
                .enumerate()
                .position(|(i, ((_, kind, value), (_, names)))| {
                    !matched[i]
                        && *kind == g.kind
                        && *value == g.value
                        && names.iter().any(|n| names_org_in(&acronyms, n, &g.org))
                });
            match hit {
                Some(i) => {
                    matched[i] = true;
                    c.correct += 1;
                    let status = keys[i].1 .0;
                    if status == g.status {
                        c.status_correct += 1;
                    } else {
                        report.mistakes.push(format!(
                            "{}: {} {} {}: status {} (gold {})",
                            article.id,
                            g.org,
                            g.kind.as_str(),
                            g.value,
                            status.as_str(),
                            g.status.as_str()
                        ));
                    }
                }
                None => report.mistakes.push(format!(
                    "{}: missed {} {} {}{}",
                    article.id,
                    g.org,
                    g.kind.as_str(),
                    g.value,
                    if g.derived { " (derived)" } else { "" }
                )),
            }
        }
        for (i, ((org, kind, value), _)) in keys.iter().enumerate() {
            if !matched[i] {
                report.mistakes.push(format!(
                    "{}: extra {org} {} {value}",
                    article.id,
                    kind.as_str()
                ));
            }
        }
        report
            .by_lang
            .entry(article.lang.clone())
            .or_default()
            .add(&c);
        report.all.add(&c);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_names_match_without_legal_forms_and_by_first_words() {
        assert!(names_org("Siemens AG", "Siemens"));
        assert!(names_org("Amazon's", "Amazon"));
        assert!(names_org("Deutsche Bank", "deutsche bank"));
        assert!(!names_org("Deutsche Bahn", "Deutsche Bank"));
        assert!(!names_org("Meta", "Amazon"));
        assert!(!names_org("Siemens Energy", "Siemens"));
    }

    #[test]
    fn another_name_the_run_gives_the_company_names_it() {
        let gold: GoldArticle = serde_json::from_str(
            r#"{"id": "a", "lang": "en", "title": "t", "text": "Southwest Airlines cut 1,600 jobs.",
                "figures": [{"org": "Southwest", "kind": "cut", "value": 1600,
                "status": "confirmed"}]}"#,
        )
        .unwrap();
        let figure = Figure {
            doc: "a".into(),
            org: Some("Southwest Airlines".into()),
            entity: Some("Southwest Airlines".into()),
            value: 1600,
            value_max: None,
            approx: false,
            kind: Kind::Cut,
            unit: crate::Unit::Jobs,
            status: Status::Confirmed,
            source: None,
            derived: false,
            qualifier: None,
            text: "1,600 jobs".into(),
            start: 23,
            end: 33,
            sentence: gold.text.clone(),
        };
        let figures = [figure];
        let strict = score_articles(std::slice::from_ref(&gold), &figures, &EntityNames::new());
        assert_eq!(strict.all.correct, 0);
        let names = EntityNames::from([(
            "Southwest Airlines".to_string(),
            vec!["Southwest".to_string()],
        )]);
        let by_entity = score_articles(std::slice::from_ref(&gold), &figures, &names);
        assert_eq!((by_entity.all.correct, by_entity.all.predicted), (1, 1));
    }

    #[test]
    fn an_acronym_the_article_defines_names_the_organisation() {
        let text = "Die Berliner Verkehrsbetriebe (BVG) stellen ein. Auch die \
            Bundesagentur für Arbeit (BA) spart. Sie wächst um 5 (fünf) Prozent. \
            Taiwan Semiconductor Manufacturing Co. (TSMC) baut.";
        let acronyms = crate::org_names::defined_acronyms(text);
        assert_eq!(
            acronyms,
            [
                ("Berliner Verkehrsbetriebe".to_string(), "BVG".to_string()),
                ("Bundesagentur für Arbeit".to_string(), "BA".to_string()),
                (
                    "Taiwan Semiconductor Manufacturing Co.".to_string(),
                    "TSMC".to_string()
                )
            ]
        );
        assert!(names_org_in(&acronyms, "Berliner Verkehrsbetriebe", "BVG"));
        assert!(names_org_in(&acronyms, "BA", "Bundesagentur für Arbeit"));
        assert!(!names_org_in(&acronyms, "BA", "BVG"));
        assert!(!names_org_in(&[], "Berliner Verkehrsbetriebe", "BVG"));
    }
}
