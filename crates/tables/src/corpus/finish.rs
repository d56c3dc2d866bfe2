//! The end of a corpus: variants folded into entities, their rows and
//! display names, document counts, co-occurring pairs, job figures named as
//! the entity table names their organisation, and `summary.json`.

use super::{CorpusTables, EntityKey, EntityRow, LabelCount, PairRow, Summary};
use crate::canonical::{
    bare_organisation_name, fold_aliases, fold_variants, nominative, without_legal_form, FoldRules,
};
use crate::doc_sets::top_pairs;
use crate::figures::claims;
use newsner_figures::Figure;
use newsner_records::surface_key;
use std::collections::{BTreeMap, BTreeSet};

/// How many co-occurring pairs `summary.json` lists, and the fewest
/// documents a pair needs.
const TOP_PAIRS: usize = 50;
const PAIR_MIN_DOCUMENTS: usize = 2;

/// Entities listed per type in `summary.json`'s `top_entities`.
const TOP_PER_TYPE: usize = 10;

/// One entity after folding: its variants' counts together.
#[derive(Default)]
struct Entity {
    mentions: usize,
    documents: usize,
    surfaces: BTreeMap<String, usize>,
}

/// Surface keys folded into entities.
struct Folded {
    /// (label, key) -> the key it folds into, where that is another one.
    canonical: BTreeMap<EntityKey, String>,
    /// By (label, canonical key), in table order (an entity's number is its
    /// place here).
    entities: BTreeMap<EntityKey, Entity>,
}

impl Folded {
    fn resolve(&self, label: &str, key: &str) -> String {
        self.canonical
            .get(&(label.to_string(), key.to_string()))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// Whitespace runs as one space, as entities.csv writes names.
fn collapsed(surface: &str) -> String {
    surface.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Display name: the most frequent surface whose key is the canonical key
/// (so "Amazon Web Services", not "AWS"), else the most frequent; an
/// organisation's without its legal form ("Deutsche Telekom", not "Deutsche
/// Telekom AG").
fn display_name(label: &str, key: &str, entity: &Entity) -> String {
    let best = |own: bool| {
        entity
            .surfaces
            .iter()
            .filter(|(s, _)| !own || surface_key(s) == key)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| collapsed(s))
    };
    let name = best(true)
        .or_else(|| best(false))
        .unwrap_or_else(|| key.to_string());
    match label {
        "ORG" => without_legal_form(&name).to_string(),
        _ => name,
    }
}

impl CorpusTables {
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
        let mut folded = self.fold();
        // Key id -> entity number.
        let entity_number: BTreeMap<&EntityKey, u32> = folded
            .entities
            .keys()
            .enumerate()
            .map(|(i, e)| (e, i as u32))
            .collect();
        let mut key_to_entity = vec![0u32; self.keys.len()];
        for ((label, key), stats) in &self.keys {
            key_to_entity[stats.id as usize] =
                entity_number[&(label.clone(), folded.resolve(label, key))];
        }
        let mut documents = vec![0usize; folded.entities.len()];
        self.doc_sets.for_each(&key_to_entity, |set| {
            for &e in set {
                documents[e as usize] += 1;
            }
        })?;
        for (entity, n) in folded.entities.values_mut().zip(&documents) {
            entity.documents = *n;
        }
        let names: Vec<String> = folded
            .entities
            .iter()
            .map(|((label, key), entity)| display_name(label, key, entity))
            .collect();
        let rows = entity_rows(&folded, &names);
        let pairs = self.pair_rows(&folded, &names, &key_to_entity, &documents)?;
        self.name_figure_owners(&folded, &names);
        let (labels, top_entities) = label_counts(&rows);
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
            top_entities,
            cooccurrences: pairs,
            figures: claims(&self.figures),
        };
        let figures = std::mem::take(&mut self.figures)
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        Ok((rows, summary, figures))
    }

    /// Folds each type's surface keys into entities.
    fn fold(&self) -> Folded {
        let mut by_label: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        for ((label, key), stats) in &self.keys {
            by_label
                .entry(label)
                .or_default()
                .insert(key.clone(), stats.mentions);
        }
        let mut folded = Folded {
            canonical: BTreeMap::new(),
            entities: BTreeMap::new(),
        };
        for (label, counts) in &by_label {
            let rules = match *label {
                "ORG" => FoldRules::Organisations,
                "PER" => FoldRules::People,
                _ => FoldRules::Plain,
            };
            let mut map = fold_variants(counts, rules);
            if rules == FoldRules::Organisations {
                fold_aliases(&mut map, counts, &self.aliases.agreed());
            }
            for (key, to) in map {
                folded.canonical.insert((label.to_string(), key), to);
            }
        }
        for ((label, key), stats) in &self.keys {
            let canonical = folded.resolve(label, key);
            let entity = folded
                .entities
                .entry((label.clone(), canonical))
                .or_default();
            entity.mentions += stats.mentions;
            for (surface, n) in &stats.surfaces {
                *entity.surfaces.entry(surface.clone()).or_default() += n;
            }
        }
        folded
    }

    /// The most frequent pairs of entities named in the same documents.
    fn pair_rows(
        &mut self,
        folded: &Folded,
        names: &[String],
        key_to_entity: &[u32],
        documents: &[usize],
    ) -> std::io::Result<Vec<PairRow>> {
        let keys: Vec<&EntityKey> = folded.entities.keys().collect();
        let name_of = |e: u32| &names[e as usize];
        let pairs = top_pairs(
            &mut self.doc_sets,
            key_to_entity,
            documents,
            TOP_PAIRS,
            PAIR_MIN_DOCUMENTS,
            |x, y| (name_of(x.0), name_of(x.1)).cmp(&(name_of(y.0), name_of(y.1))),
        )?;
        Ok(pairs
            .into_iter()
            .map(|((a, b), documents)| PairRow {
                a: name_of(a).clone(),
                a_label: keys[a as usize].0.clone(),
                b: name_of(b).clone(),
                b_label: keys[b as usize].0.clone(),
                documents,
            })
            .collect())
    }

    /// A figure's organisation as entities.csv names it (none when the
    /// tables have no such ORG). The stage writes the name without its
    /// legal form ("Ford Motor" for the mention "Ford Motor Co."), so a
    /// name that is no mention's key is looked up by its bare form.
    fn name_figure_owners(&mut self, folded: &Folded, names: &[String]) {
        let org_keys: BTreeSet<&str> = self
            .keys
            .keys()
            .filter(|(l, _)| l == "ORG")
            .map(|(_, k)| k.as_str())
            .collect();
        let mut by_bare: BTreeMap<String, &str> = BTreeMap::new();
        for &key in &org_keys {
            let bare = bare_organisation_name(key);
            // The stage names "der Deutschen Telekom" in the nominative.
            if let Some(n) = nominative(&bare) {
                by_bare.entry(n).or_insert(key);
            }
            by_bare.entry(bare).or_insert(key);
        }
        let number: BTreeMap<&EntityKey, usize> = folded
            .entities
            .keys()
            .enumerate()
            .map(|(i, e)| (e, i))
            .collect();
        for (_, f) in &mut self.figures {
            f.entity = f.org.as_deref().map(surface_key).and_then(|k| {
                let key = org_keys
                    .get(k.as_str())
                    .or_else(|| by_bare.get(&bare_organisation_name(&k)))?;
                let entity = ("ORG".to_string(), folded.resolve("ORG", key));
                number.get(&entity).map(|&i| names[i].clone())
            });
        }
    }
}

/// The rows of entities.csv, most mentioned first.
fn entity_rows(folded: &Folded, names: &[String]) -> Vec<EntityRow> {
    let mut rows: Vec<EntityRow> = folded
        .entities
        .iter()
        .zip(names)
        .map(|(((label, _), entity), name)| {
            let mut variants: Vec<String> = entity
                .surfaces
                .keys()
                .map(|s| collapsed(s))
                .filter(|s| s != name)
                .collect();
            variants.dedup();
            EntityRow {
                entity: name.clone(),
                label: label.clone(),
                mentions: entity.mentions,
                documents: entity.documents,
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
    rows
}

/// Mentions and entities per type, and each type's most mentioned.
fn label_counts(
    rows: &[EntityRow],
) -> (
    BTreeMap<String, LabelCount>,
    BTreeMap<String, Vec<EntityRow>>,
) {
    let mut labels: BTreeMap<String, LabelCount> = BTreeMap::new();
    let mut top: BTreeMap<String, Vec<EntityRow>> = BTreeMap::new();
    for row in rows {
        let count = labels.entry(row.label.clone()).or_insert(LabelCount {
            mentions: 0,
            entities: 0,
        });
        count.mentions += row.mentions;
        count.entities += 1;
        let list = top.entry(row.label.clone()).or_default();
        if list.len() < TOP_PER_TYPE {
            list.push(row.clone());
        }
    }
    (labels, top)
}
