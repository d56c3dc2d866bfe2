//! Corpus-level tables: entities by type with mention and document counts,
//! variants folded together, and entities named together in a document.

use crate::canonical::{fold_variants, surface_key};
use crate::doc_sets::{top_pairs, DocSets};
use crate::figures::{claims, CompanyFigures};
use crate::syndication::NearDuplicates;
use newsner_figures::Figure;
use newsner_records::Mention;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An entity of the tables: (label, surface key).
type EntityKey = (String, String);

struct KeyStats {
    /// Its number, in order of first appearance.
    id: u32,
    mentions: usize,
    /// Exact surface forms and how often each was seen.
    surfaces: BTreeMap<String, usize>,
}

/// Accumulates mentions document by document. Memory grows with the
/// distinct entities and job figures, not with the documents: the entities
/// of each document go to a temporary file ([`DocSets`]), and the
/// near-duplicate index keeps only the first of each cluster.
pub struct CorpusTables {
    /// (label, surface key) -> stats
    keys: BTreeMap<EntityKey, KeyStats>,
    /// Per document, the ids of the (label, key) pairs it names.
    doc_sets: DocSets,
    documents: usize,
    join_types: BTreeSet<String>,
    mentions: usize,
    /// Ids of the documents later ones may be copies of, by index.
    root_ids: std::collections::VecDeque<(usize, String)>,
    copies: NearDuplicates,
    duplicates: usize,
    /// Job figures with the cluster (first document) of their document.
    figures: Vec<(usize, Figure)>,
    /// The temporary file failed (disk full): reported by `finish`.
    spill_error: Option<std::io::Error>,
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
    /// `i/n` when this run tagged shard i of n (`--shard`): `aggregate`
    /// interleaves the shards of one corpus back into reading order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
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
        Self::spilling_in(join_types, None)
    }

    /// [`CorpusTables::new`], with the per-document entity lists in an
    /// unnamed temporary file in `dir` (the output folder's disk, not a
    /// RAM-backed /tmp).
    pub fn spilling_in(join_types: impl IntoIterator<Item = String>, dir: Option<&Path>) -> Self {
        CorpusTables {
            keys: BTreeMap::new(),
            doc_sets: DocSets::new(dir),
            documents: 0,
            join_types: join_types.into_iter().collect(),
            mentions: 0,
            root_ids: Default::default(),
            copies: NearDuplicates::default(),
            duplicates: 0,
            figures: Vec::new(),
            spill_error: None,
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
        let doc = self.documents;
        self.documents += 1;
        let cluster = self.copies.add(text);
        if cluster == doc && self.copies.is_indexed(doc) {
            self.root_ids.push_back((doc, id.to_string()));
        }
        // Ids of clusters the index has let go of are not needed again.
        while self
            .root_ids
            .front()
            .is_some_and(|(d, _)| !self.copies.is_indexed(*d))
        {
            self.root_ids.pop_front();
        }
        self.figures
            .extend(figures.into_iter().map(|f| (cluster, f)));
        let duplicate_of = (cluster != doc).then(|| {
            let at = self.root_ids.partition_point(|(d, _)| *d < cluster);
            self.root_ids[at].1.clone()
        });
        self.duplicates += usize::from(duplicate_of.is_some());
        let mut names = Vec::new();
        self.mentions += mentions.len();
        for (label, surface, key) in one_type_per_name(self.join_adjacent(text, mentions)) {
            let next_id = self.keys.len() as u32;
            let stats = self.keys.entry((label, key)).or_insert_with(|| KeyStats {
                id: next_id,
                mentions: 0,
                surfaces: BTreeMap::new(),
            });
            stats.mentions += 1;
            *stats.surfaces.entry(surface).or_default() += 1;
            names.push(stats.id);
        }
        names.sort_unstable();
        names.dedup();
        if let Err(e) = self.doc_sets.push(&names) {
            self.spill_error.get_or_insert(e);
        }
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
    ) -> std::io::Result<(Vec<EntityRow>, Summary, Vec<Figure>)> {
        if let Some(e) = self.spill_error.take() {
            return Err(e);
        }
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
            documents: usize,
            surfaces: BTreeMap<String, usize>,
        }
        let mut entities: BTreeMap<EntityKey, Acc> = BTreeMap::new();
        for ((label, key), stats) in &self.keys {
            let acc = entities
                .entry((label.clone(), resolve(label, key)))
                .or_insert_with(|| Acc {
                    mentions: 0,
                    documents: 0,
                    surfaces: BTreeMap::new(),
                });
            acc.mentions += stats.mentions;
            for (surface, n) in &stats.surfaces {
                *acc.surfaces.entry(surface.clone()).or_default() += n;
            }
        }
        // Entity numbers in table order; key id -> entity number.
        let entity_number: BTreeMap<&EntityKey, u32> = entities
            .keys()
            .enumerate()
            .map(|(i, e)| (e, i as u32))
            .collect();
        let mut key_to_entity = vec![0u32; self.keys.len()];
        for ((label, key), stats) in &self.keys {
            key_to_entity[stats.id as usize] = entity_number[&(label.clone(), resolve(label, key))];
        }
        let mut documents = vec![0usize; entities.len()];
        self.doc_sets.for_each(&key_to_entity, |set| {
            for &e in set {
                documents[e as usize] += 1;
            }
        })?;
        for (acc, n) in entities.values_mut().zip(&documents) {
            acc.documents = *n;
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
                    documents: acc.documents,
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

        let keys_by_number: Vec<&EntityKey> = entities.keys().collect();
        let display_names: Vec<String> = keys_by_number
            .iter()
            .map(|key| names.get(*key).cloned().unwrap_or(key.1.clone()))
            .collect();
        let name_of = |e: u32| &display_names[e as usize];
        let pairs = top_pairs(
            &mut self.doc_sets,
            &key_to_entity,
            &documents,
            50,
            2,
            |x, y| (name_of(x.0), name_of(x.1)).cmp(&(name_of(y.0), name_of(y.1))),
        )?;
        let pair_rows: Vec<PairRow> = pairs
            .into_iter()
            .map(|((a, b), documents)| PairRow {
                a: name_of(a).clone(),
                a_label: keys_by_number[a as usize].0.clone(),
                b: name_of(b).clone(),
                b_label: keys_by_number[b as usize].0.clone(),
                documents,
            })
            .collect();

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
            shard: None,
            documents: self.documents,
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
        Ok((rows, summary, figures))
    }
}

/// The document's names with their surface keys, each name with one type:
/// the type most of its mentions in this document have. An article that
/// tags "Amazon" ORG nine times and LOC once names one company, so the
/// tables count it once, as ORG; `mentions.jsonl` keeps each mention's own
/// type. A tie ("Washington" once LOC, once PER) keeps both: the text may
/// well name two. Names with an empty key are dropped.
fn one_type_per_name(names: Vec<(String, String)>) -> Vec<(String, String, String)> {
    let keyed: Vec<(String, String, String)> = names
        .into_iter()
        .map(|(label, surface)| {
            let key = surface_key(&surface);
            (label, surface, key)
        })
        .filter(|(_, _, key)| !key.is_empty())
        .collect();
    let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (label, _, key) in &keyed {
        *counts.entry(key).or_default().entry(label).or_default() += 1;
    }
    let majority: BTreeMap<String, String> = counts
        .into_iter()
        .filter(|(_, labels)| labels.len() > 1)
        .filter_map(|(key, labels)| {
            let total: usize = labels.values().sum();
            let (label, n) = labels.into_iter().max_by_key(|(_, n)| *n)?;
            (n * 2 > total).then(|| (key.to_string(), label.to_string()))
        })
        .collect();
    keyed
        .into_iter()
        .map(|(label, surface, key)| match majority.get(&key) {
            Some(major) => (major.clone(), surface, key),
            None => (label, surface, key),
        })
        .collect()
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
    fn a_name_takes_the_type_most_of_its_mentions_in_the_document_have() {
        let mut tables = CorpusTables::new(Vec::<String>::new());
        let t1 = "Amazon streicht. Amazon spart. Amazon wächst. Amazon-Chef Jassy am Amazon.";
        let at = |t: &str, word: &str, nth: usize| t.match_indices(word).nth(nth).unwrap().0;
        let amazon = |nth: usize, label: &str| {
            let start = t1[..at(t1, "Amazon", nth)].chars().count();
            mention(t1, label, start, start + 6)
        };
        tables.add_document(
            "1",
            t1,
            &[
                amazon(0, "ORG"),
                amazon(1, "ORG"),
                amazon(2, "ORG"),
                amazon(4, "LOC"),
            ],
            Vec::new(),
        );
        let t2 = "Washington: Washington sprach.";
        tables.add_document(
            "2",
            t2,
            &[mention(t2, "LOC", 0, 10), mention(t2, "PER", 12, 22)],
            Vec::new(),
        );
        let (rows, _, _) = tables.finish("m", "first", 0).unwrap();
        let of = |entity: &str| -> Vec<(String, usize)> {
            let mut v: Vec<_> = rows
                .iter()
                .filter(|r| r.entity == entity)
                .map(|r| (r.label.clone(), r.mentions))
                .collect();
            v.sort();
            v
        };
        assert_eq!(of("Amazon"), vec![("ORG".to_string(), 4)]);
        assert_eq!(
            of("Washington"),
            vec![("LOC".to_string(), 1), ("PER".to_string(), 1)]
        );
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
        let (rows, summary, _) = tables.finish("m", "first", 0).unwrap();
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
