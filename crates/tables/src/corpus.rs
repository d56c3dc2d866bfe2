//! Corpus-level tables: entities by type with mention and document counts,
//! variants folded together, and entities named together in a document.

use crate::canonical::{document_aliases, CorpusAliases};
use crate::doc_sets::DocSets;
use crate::figures::CompanyFigures;
use crate::syndication::NearDuplicates;
use newsner_figures::Figure;
use newsner_records::{surface_key, Mention};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod finish;

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
    /// The short names documents gave organisations they name in full.
    aliases: CorpusAliases,
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
            aliases: CorpusAliases::default(),
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
        let surfaces = self.join_adjacent(text, mentions);
        let organisations: Vec<String> = surfaces
            .iter()
            .filter(|(label, _)| label == "ORG")
            .map(|(_, surface)| surface.clone())
            .collect();
        self.aliases.add(document_aliases(text, &organisations));
        for (label, surface, key) in keyed(surfaces) {
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
}

/// The document's names with their surface keys, each counted under its
/// mention's type: one type per name within a document is the decoding
/// stage's rule (`--types-per-mention` turns it off, for every output).
/// Names with an empty key are dropped.
fn keyed(names: Vec<(String, String)>) -> impl Iterator<Item = (String, String, String)> {
    names
        .into_iter()
        .map(|(label, surface)| {
            let key = surface_key(&surface);
            (label, surface, key)
        })
        .filter(|(_, _, key)| !key.is_empty())
}

#[cfg(test)]
mod tests;
