//! What the document around a sentence says about organisations: names
//! the model tagged once count everywhere in the document, and a sentence
//! that names none may take the previous sentence's organisation only when
//! it refers back to it.

use crate::attribute::OrgRef;
use crate::words::Word;
use crate::OrgSpan;
use std::collections::{BTreeMap, BTreeSet};

/// The one organisation a sentence names (several mentions of the same
/// name count as one), for a figure in the next sentence that names none.
pub fn single_actor(orgs: &[OrgRef]) -> Option<String> {
    let names: BTreeSet<String> = orgs
        .iter()
        .filter(|o| !o.source)
        .map(|o| o.text.to_lowercase())
        .collect();
    (names.len() == 1)
        .then(|| orgs.iter().find(|o| !o.source).map(|o| o.text.clone()))
        .flatten()
}

/// Names of one first character, the longest first.
type NamesLongestFirst = BTreeSet<(std::cmp::Reverse<usize>, Vec<char>)>;

/// The document's ORG mentions plus every other occurrence of the same
/// names: a name the model tagged as an organisation once is one in the
/// whole document (one sense per discourse), even where the model missed
/// it ("Meta: rund 600 Jobs" in a list).
pub fn with_known_names(chars: &[char], orgs: &[OrgSpan]) -> Vec<OrgSpan> {
    let mut spans: Vec<OrgSpan> = orgs
        .iter()
        .copied()
        .filter(|o| o.start < o.end && o.end <= chars.len())
        .collect();
    // Names by their first character, longest first; one pass over the
    // word starts of the text (linear in text length and matches).
    let mut names: BTreeMap<char, NamesLongestFirst> = BTreeMap::new();
    for o in &spans {
        let name = &chars[o.start..o.end];
        if name.len() >= 2 && name[0].is_uppercase() {
            names
                .entry(name[0])
                .or_default()
                .insert((std::cmp::Reverse(name.len()), name.to_vec()));
        }
    }
    let mut covered = vec![false; chars.len()];
    for o in &spans {
        covered[o.start..o.end].iter_mut().for_each(|c| *c = true);
    }
    let mut added = Vec::new();
    let mut s = 0;
    while s < chars.len() {
        let word_start = s == 0 || !chars[s - 1].is_alphanumeric();
        let candidates = if word_start {
            names.get(&chars[s])
        } else {
            None
        };
        let found = candidates.and_then(|set| {
            set.iter().map(|(_, n)| n).find(|n| {
                let e = s + n.len();
                e <= chars.len()
                    && chars[s..e] == n[..]
                    && chars.get(e).is_none_or(|c| !c.is_alphanumeric())
                    && !covered[s..e].iter().any(|c| *c)
            })
        });
        match found {
            Some(n) => {
                added.push(OrgSpan {
                    start: s,
                    end: s + n.len(),
                });
                s += n.len();
            }
            None => s += 1,
        }
    }
    spans.extend(added);
    spans.sort_by_key(|o| (o.start, o.end));
    spans
}

/// A sentence that starts with its own label ("Meta: rund 600 Jobs", a list
/// item) names its subject, even when NER did not tag it: the previous
/// sentence's organisation would be a guess.
pub fn labelled(words: &[Word]) -> bool {
    words
        .iter()
        .take(4)
        .position(|w| w.text == ":")
        .is_some_and(|p| p > 0 && words[0].is_capitalised())
}

/// Words that refer to an organisation named before ("der Konzern", "das
/// Unternehmen", "the company"; "demnach": according to what was just said).
const REFERENCES: &[&str] = &[
    "konzern",
    "konzerns",
    "unternehmen",
    "unternehmens",
    "firma",
    "händler",
    "hersteller",
    "company",
    "company's",
    "firm",
    "retailer",
    "group",
    "giant",
    "demnach",
];

/// The sentence refers back to an organisation: only then may the previous
/// sentence's organisation be its figure's.
pub fn refers_back(words: &[Word]) -> bool {
    words.iter().any(|w| {
        REFERENCES.iter().any(|r| {
            w.lower == *r
                || (w.is_capitalised() && w.lower.len() > r.len() + 2 && w.lower.ends_with(r))
        })
    })
}
