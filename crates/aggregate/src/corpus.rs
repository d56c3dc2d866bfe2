//! Corpus-level tables: entities by type with mention and document counts,
//! variants folded together, and entities named together in a document.

use crate::canonical::{fold_variants, surface_key};
use crate::figures::{claims, CompanyFigures};
use crate::syndication::NearDuplicates;
use crate::Mention;
use newsner_figures::Figure;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An entity of the tables: (label, surface key).
type EntityKey = (String, String);

#[derive(Default)]
struct KeyStats {
    mentions: usize,
    last_doc: Option<usize>,
    /// Exact surface forms and how often each was seen.
    surfaces: BTreeMap<String, usize>,
}

/// Accumulates mentions document by document.
#[derive(Default)]
pub struct CorpusTables {
    /// (label, surface key) -> stats
    keys: BTreeMap<EntityKey, KeyStats>,
    /// Per document, the (label, key) pairs it names.
    doc_keys: Vec<Vec<EntityKey>>,
    join_types: BTreeSet<String>,
    mentions: usize,
    /// Document ids in reading order, for `duplicate_of`.
    doc_ids: Vec<String>,
    copies: NearDuplicates,
    duplicates: usize,
    /// Job figures with the cluster (first document) of their document.
    figures: Vec<(usize, Figure)>,
}

/// One row of `entities.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    pub entity: String,
    pub label: String,
    pub mentions: usize,
    pub documents: usize,
    /// Other surface forms folded into this entity.
    pub variants: Vec<String>,
}

/// Two entities named in the same documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairRow {
    pub a: String,
    pub a_label: String,
    pub b: String,
    pub b_label: String,
    pub documents: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelCount {
    pub mentions: usize,
    pub entities: usize,
}

/// `summary.json`: deterministic corpus figures (timings live elsewhere).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub model: String,
    pub aggregation: String,
    /// Types whose neighbours separated by one space are one name in the
    /// tables (the model's `join_adjacent`), so `aggregate` rebuilds the
    /// same tables.
    #[serde(default)]
    pub join_adjacent: Vec<String>,
    pub documents: usize,
    pub errors: usize,
    /// Lines of mentions.jsonl. Per-label counts in `labels` count names
    /// after joining neighbours (a given name and a surname are one).
    pub mentions: usize,
    pub entities: usize,
    /// Documents that are near-identical copies of an earlier one.
    pub duplicates: usize,
    pub labels: BTreeMap<String, LabelCount>,
    pub top_entities: BTreeMap<String, Vec<EntityRow>>,
    pub cooccurrences: Vec<PairRow>,
    /// Job figures by company, each claim with the documents stating it.
    pub figures: Vec<CompanyFigures>,
}

impl CorpusTables {
    /// `join_types`: types whose mentions separated by one space form one
    /// name in the tables (a given name and a surname tagged apart).
    pub fn new(join_types: impl IntoIterator<Item = String>) -> Self {
        CorpusTables {
            join_types: join_types.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Adds the next document with its mentions and job figures; returns
    /// the id of the earlier document it is a near-identical copy of.
    pub fn add_document(
        &mut self,
        id: &str,
        text: &str,
        mentions: &[Mention],
        figures: Vec<Figure>,
    ) -> Option<String> {
        let doc = self.doc_keys.len();
        let cluster = self.copies.add(text);
        self.doc_ids.push(id.to_string());
        self.figures
            .extend(figures.into_iter().map(|f| (cluster, f)));
        let duplicate_of = (cluster != doc).then(|| self.doc_ids[cluster].clone());
        self.duplicates += usize::from(duplicate_of.is_some());
        let mut names = BTreeSet::new();
        self.mentions += mentions.len();
        for (label, surface) in self.join_adjacent(text, mentions) {
            let key = surface_key(&surface);
            if key.is_empty() {
                continue;
            }
            let stats = self.keys.entry((label.clone(), key.clone())).or_default();
            stats.mentions += 1;
            *stats.surfaces.entry(surface).or_default() += 1;
            stats.last_doc = Some(doc);
            names.insert((label, key));
        }
        self.doc_keys.push(names.into_iter().collect());
        duplicate_of
    }

    /// Surfaces of the document's mentions, neighbours of a join type merged.
    fn join_adjacent(&self, text: &str, mentions: &[Mention]) -> Vec<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<(String, usize, usize)> = Vec::new();
        for m in mentions {
            if let Some(last) = out.last_mut() {
                let joinable = last.0 == m.label
                    && self.join_types.contains(&m.label)
                    && m.start == last.2 + 1
                    && chars.get(last.2) == Some(&' ');
                if joinable {
                    last.2 = m.end;
                    continue;
                }
            }
            out.push((m.label.clone(), m.start, m.end));
        }
        out.into_iter()
            .map(|(label, start, end)| {
                (
                    label,
                    chars[start.min(chars.len())..end.min(chars.len())]
                        .iter()
                        .collect(),
                )
            })
            .collect()
    }

    /// Folds variants and builds the final rows, sorted by mentions, and the
    /// job figures with their organisation's entity.
    pub fn finish(
        &mut self,
        model: &str,
        aggregation: &str,
        errors: usize,
    ) -> (Vec<EntityRow>, Summary, Vec<Figure>) {
        // Fold per type.
        let mut by_label: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        for ((label, key), stats) in &self.keys {
            by_label
                .entry(label)
                .or_default()
                .insert(key.clone(), stats.mentions);
        }
        let mut canonical: BTreeMap<EntityKey, String> = BTreeMap::new();
        for (label, counts) in &by_label {
            let is_org = *label == "ORG";
            let is_per = *label == "PER";
            for (key, to) in fold_variants(counts, is_org, is_per) {
                canonical.insert((label.to_string(), key), to);
            }
        }
        let resolve = |label: &str, key: &str| {
            canonical
                .get(&(label.to_string(), key.to_string()))
                .cloned()
                .unwrap_or_else(|| key.to_string())
        };

        struct Acc {
            mentions: usize,
            docs: BTreeSet<usize>,
            surfaces: BTreeMap<String, usize>,
        }
        let mut entities: BTreeMap<EntityKey, Acc> = BTreeMap::new();
        for ((label, key), stats) in &self.keys {
            let acc = entities
                .entry((label.clone(), resolve(label, key)))
                .or_insert_with(|| Acc {
                    mentions: 0,
                    docs: BTreeSet::new(),
                    surfaces: BTreeMap::new(),
                });
            acc.mentions += stats.mentions;
            for (surface, n) in &stats.surfaces {
                *acc.surfaces.entry(surface.clone()).or_default() += n;
            }
        }
        let mut doc_entities: Vec<BTreeSet<EntityKey>> = Vec::with_capacity(self.doc_keys.len());
        for (doc, keys) in self.doc_keys.iter().enumerate() {
            let set: BTreeSet<EntityKey> = keys
                .iter()
                .map(|(l, k)| (l.clone(), resolve(l, k)))
                .collect();
            for e in &set {
                if let Some(acc) = entities.get_mut(e) {
                    acc.docs.insert(doc);
                }
            }
            doc_entities.push(set);
        }

        // Display name: the most frequent surface whose key is the canonical
        // key (so "Amazon Web Services", not "AWS"), else the most frequent.
        let display = |key: &str, acc: &Acc| -> String {
            let best = |own: bool| {
                acc.surfaces
                    .iter()
                    .filter(|(s, _)| !own || surface_key(s) == key)
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(s, _)| s.split_whitespace().collect::<Vec<_>>().join(" "))
            };
            best(true)
                .or_else(|| best(false))
                .unwrap_or_else(|| key.to_string())
        };
        let mut names: BTreeMap<EntityKey, String> = BTreeMap::new();
        let mut rows: Vec<EntityRow> = entities
            .iter()
            .map(|((label, key), acc)| {
                let entity = display(key, acc);
                names.insert((label.clone(), key.clone()), entity.clone());
                let mut variants: Vec<String> = acc
                    .surfaces
                    .keys()
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|s| *s != entity)
                    .collect();
                variants.dedup();
                EntityRow {
                    entity,
                    label: label.clone(),
                    mentions: acc.mentions,
                    documents: acc.docs.len(),
                    variants,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then(b.documents.cmp(&a.documents))
                .then_with(|| (&a.label, &a.entity).cmp(&(&b.label, &b.entity)))
        });

        let mut pairs: BTreeMap<(EntityKey, EntityKey), usize> = BTreeMap::new();
        for set in &doc_entities {
            let items: Vec<&EntityKey> = set.iter().collect();
            for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    *pairs.entry(((*a).clone(), (*b).clone())).or_default() += 1;
                }
            }
        }
        let mut pair_rows: Vec<PairRow> = pairs
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|((a, b), documents)| PairRow {
                a: names.get(&a).cloned().unwrap_or(a.1.clone()),
                a_label: a.0,
                b: names.get(&b).cloned().unwrap_or(b.1.clone()),
                b_label: b.0,
                documents,
            })
            .collect();
        pair_rows.sort_by(|x, y| {
            y.documents
                .cmp(&x.documents)
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        pair_rows.truncate(50);

        // A figure's organisation as entities.csv names it.
        let org_keys: BTreeSet<&String> = self
            .keys
            .keys()
            .filter(|(l, _)| l == "ORG")
            .map(|(_, k)| k)
            .collect();
        for (_, f) in &mut self.figures {
            f.entity = f
                .org
                .as_deref()
                .map(surface_key)
                .filter(|k| org_keys.contains(k))
                .and_then(|k| {
                    let canon = resolve("ORG", &k);
                    names.get(&("ORG".to_string(), canon)).cloned()
                });
        }
        let figure_table = claims(&self.figures);

        let mut labels: BTreeMap<String, LabelCount> = BTreeMap::new();
        let mut top: BTreeMap<String, Vec<EntityRow>> = BTreeMap::new();
        for row in &rows {
            let count = labels.entry(row.label.clone()).or_insert(LabelCount {
                mentions: 0,
                entities: 0,
            });
            count.mentions += row.mentions;
            count.entities += 1;
            let list = top.entry(row.label.clone()).or_default();
            if list.len() < 10 {
                list.push(row.clone());
            }
        }
        let summary = Summary {
            model: model.to_string(),
            aggregation: aggregation.to_string(),
            join_adjacent: self.join_types.iter().cloned().collect(),
            documents: self.doc_keys.len(),
            errors,
            mentions: self.mentions,
            entities: rows.len(),
            duplicates: self.duplicates,
            labels,
            top_entities: top,
            cooccurrences: pair_rows,
            figures: figure_table,
        };
        let figures = std::mem::take(&mut self.figures)
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        (rows, summary, figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, label: &str, start: usize, end: usize) -> Mention {
        Mention {
            doc: "d".into(),
            label: label.into(),
            model_label: label.into(),
            score: 0.9,
            word: text.chars().skip(start).take(end - start).collect(),
            start,
            end,
            index: None,
        }
    }

    #[test]
    fn variants_fold_and_pairs_count_documents() {
        let mut tables = CorpusTables::new(["PER".to_string()]);
        let t1 = "Amazon Web Services (AWS) und Andy Jassy";
        tables.add_document(
            "1",
            t1,
            &[
                mention(t1, "ORG", 0, 19),
                mention(t1, "ORG", 21, 24),
                mention(t1, "PER", 30, 34),
                mention(t1, "PER", 35, 40),
            ],
            Vec::new(),
        );
        let t2 = "AWS: Jassy sagt";
        tables.add_document(
            "2",
            t2,
            &[mention(t2, "ORG", 0, 3), mention(t2, "PER", 5, 10)],
            Vec::new(),
        );
        let (rows, summary, _) = tables.finish("m", "first", 0);
        let aws = rows.iter().find(|r| r.label == "ORG").unwrap();
        assert_eq!(
            (aws.entity.as_str(), aws.mentions, aws.documents),
            ("Amazon Web Services", 3, 2)
        );
        assert_eq!(aws.variants, vec!["AWS"]);
        let jassy = rows.iter().find(|r| r.label == "PER").unwrap();
        assert_eq!(
            (jassy.entity.as_str(), jassy.mentions, jassy.documents),
            ("Andy Jassy", 2, 2)
        );
        assert_eq!(summary.cooccurrences.len(), 1);
        assert_eq!(summary.cooccurrences[0].documents, 2);
        assert_eq!(summary.mentions, 6);
        assert_eq!(summary.labels["PER"].mentions, 2);
    }
}
