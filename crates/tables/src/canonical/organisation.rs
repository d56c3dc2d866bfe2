//! How a news text varies one organisation's name, and the name each variant
//! folds into: "Infineon Technologies AG" and "Ford Motor Co." drop their
//! legal form and corporate descriptor ("Infineon", "Ford"), "Deutschen
//! Telekom" is the dative of "Deutsche Telekom", "Telekom" and "DeepMind"
//! shorten "Deutsche Telekom" and "Google DeepMind", "Mercedes" shortens
//! "Mercedes-Benz".
//!
//! Every rule only joins names the corpus itself holds, and a short form
//! joins a longer one only when exactly one longer one fits: with "Siemens
//! Energy" and "Siemens Healthineers" in the corpus, "Siemens" stays itself,
//! and "Siemens Energy" never folds into "Siemens" (a word of a name is no
//! descriptor). These are generic words of company names, not a list of
//! companies.

use newsner_figures::org_names::{before_hyphen_descriptor, is_legal_form};
use std::collections::{BTreeMap, BTreeSet};

/// Trailing words that name the kind of company, not the company:
/// "Infineon Technologies", "Ford Motor", "STIHL Gruppe", "IG Metall
/// union", "Estee Lauder Companies", "ProSiebenSat.1 Media". A name is folded without them, but shown with them ("General
/// Motors" is no "General").
const KIND_WORDS: &[&str] = &[
    "holding",
    "holdings",
    "group",
    "gruppe",
    "konzern",
    "technologies",
    "technology",
    "companies",
    "media",
    "motor",
    "motors",
    "platforms",
    "union",
];

/// Leading words that say what the organisation is ("Gewerkschaft Verdi",
/// "Konzern Bayer", "The Guardian").
const LEADING_DESCRIPTORS: &[&str] = &["the", "gewerkschaft", "konzern", "unternehmen", "firma"];

/// The key without its descriptors: "infineon technologies ag" ->
/// "infineon", "amazon.com inc." -> "amazon", "gewerkschaft verdi" ->
/// "verdi". Never empty: a name made only of such words stays whole.
pub(crate) fn without_descriptors(key: &str) -> String {
    let mut words: Vec<&str> = key.split(' ').collect();
    while words.len() > 1 && LEADING_DESCRIPTORS.contains(&words[0]) {
        words.remove(0);
    }
    let descriptor = |w: &str| is_legal_form(w) || KIND_WORDS.contains(&w);
    while words.len() > 1 && words.last().is_some_and(|w| descriptor(w)) {
        words.pop();
    }
    // One word twice is that word: a name read across a line, "Über
    // Festo" over "Festo ist …".
    if words.len() > 1 && words.iter().all(|w| *w == words[0]) {
        words.truncate(1);
    }
    let mut name = words.join(" ");
    if let Some(head) = before_hyphen_descriptor(&name) {
        name = head.to_string();
    }
    if !name.contains(' ') {
        if let Some(head) = name.strip_suffix(".com").filter(|h| h.chars().count() >= 2) {
            name = head.to_string();
        }
    }
    name
}

/// A name as written, without a trailing legal form: "Deutsche Telekom AG"
/// -> "Deutsche Telekom", "Ford Motor Co." -> "Ford Motor".
pub(crate) fn without_legal_form(name: &str) -> &str {
    let mut name = name.trim_end();
    while let Some((head, last)) = name.rsplit_once(' ') {
        let last = last.trim_start_matches(',').to_lowercase();
        if !is_legal_form(&last) || head.trim().is_empty() {
            break;
        }
        name = head.trim_end().trim_end_matches(',').trim_end();
    }
    name
}

/// The nominative of a German adjective leading a name: "deutschen bahn"
/// -> "deutsche bahn", "neuen zürcher zeitung" -> "neue zürcher zeitung".
pub(crate) fn nominative(key: &str) -> Option<String> {
    let (first, rest) = key.split_once(' ')?;
    ["en", "er", "es", "em"].iter().find_map(|ending| {
        let stem = first.strip_suffix(ending)?;
        (stem.chars().count() >= 3).then(|| format!("{stem}e {rest}"))
    })
}

/// Maps each organisation key to the name it folds into (itself when
/// none).
pub(super) fn fold(counts: &BTreeMap<String, usize>) -> BTreeMap<String, String> {
    let parent = variant_parents(counts);
    let roots: BTreeMap<&String, String> = counts
        .keys()
        .map(|k| (k, super::follow(&parent, k)))
        .collect();
    let longer = short_forms(&roots, counts);
    roots
        .into_iter()
        .map(|(key, root)| {
            let to = longer.get(&root).cloned().unwrap_or(root);
            (key.clone(), to)
        })
        .collect()
}

/// The key each key folds into by one rule, where one applies: genitive,
/// descriptors (keys that differ only in them, "stihl ag" and "stihl
/// gruppe", meet at the bare name when the corpus has it, else at the most
/// mentioned), German case ending, acronym.
fn variant_parents(counts: &BTreeMap<String, usize>) -> BTreeMap<String, String> {
    let mut by_bare: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for key in counts.keys() {
        by_bare
            .entry(without_descriptors(key))
            .or_default()
            .push(key);
    }
    let by_initials = super::initials_index(counts);
    let meet = |bare: &str| -> Option<String> {
        match counts.contains_key(bare) {
            true => Some(bare.to_string()),
            false => by_bare.get(bare).map(|keys| most_mentioned(counts, keys)),
        }
    };
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    for (bare, keys) in &by_bare {
        for &key in keys {
            let to = super::genitive_base(key)
                .filter(|b| counts.contains_key(*b))
                .map(str::to_string)
                .or_else(|| meet(bare).filter(|m| m != key))
                .or_else(|| {
                    let n = nominative(key)?;
                    meet(&without_descriptors(&n)).or_else(|| counts.contains_key(&n).then_some(n))
                })
                .or_else(|| super::unique_expansion(&by_initials, key));
            if let Some(to) = to {
                parent.insert(key.clone(), to);
            }
        }
    }
    parent
}

/// One-word names that shorten exactly one longer name of the corpus, and
/// that name: "telekom" -> "deutsche telekom", "mercedes" ->
/// "mercedes-benz". `roots`: every key's name after the variant rules.
fn short_forms(
    roots: &BTreeMap<&String, String>,
    counts: &BTreeMap<String, usize>,
) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = roots.values().map(String::as_str).collect();
    let mut mentions: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, root) in roots {
        *mentions.entry(root.as_str()).or_default() += counts[*key];
    }
    let mut by_last_word: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut by_hyphen_head: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &name in names
        .iter()
        .filter(|n| !n.contains(|c: char| c.is_ascii_digit()))
    {
        // "Deutsche Telekom", "Google DeepMind": two words, the first a
        // German adjective of origin or a name of its own. Not "Universität
        // Zürich", "Formel Ford" or "Museum der Bundeswehr", whose last word
        // names something else.
        let bare = without_descriptors(name);
        if let Some((first, last)) = bare.split_once(' ') {
            if !last.contains(' ') && (first.ends_with("sche") || names.contains(first)) {
                by_last_word
                    .entry(last.to_string())
                    .or_default()
                    .insert(name);
            }
        }
        // "Mercedes-Benz" for "Mercedes", but not "ISIL-held" or
        // "Amazon-Chef" for names written far more often alone: a compound
        // that names something else is much rarer than its head.
        if let Some((head, _)) = name.split_once('-').filter(|_| !name.contains(' ')) {
            let n = |k: &str| mentions.get(k).copied().unwrap_or(0);
            if 4 * n(name) >= n(head) {
                by_hyphen_head.entry(head).or_default().insert(name);
            }
        }
    }
    let only = |set: Option<&BTreeSet<&str>>| match set.map(|s| s.iter().collect::<Vec<_>>()) {
        Some(one) if one.len() == 1 => Some(one[0].to_string()),
        _ => None,
    };
    names
        .iter()
        .filter(|n| !n.contains([' ', '-']) && n.chars().count() >= 3)
        .filter_map(|&n| {
            let longer = only(by_last_word.get(n)).or_else(|| only(by_hyphen_head.get(n)))?;
            Some((n.to_string(), longer))
        })
        .collect()
}

/// The most mentioned of `keys` (ties: the shortest, then the first).
fn most_mentioned(counts: &BTreeMap<String, usize>, keys: &[&String]) -> String {
    let mentions = |k: &String| counts.get(k).copied().unwrap_or(0);
    keys.iter()
        .max_by(|a, b| {
            mentions(a)
                .cmp(&mentions(b))
                .then_with(|| b.chars().count().cmp(&a.chars().count()))
                .then_with(|| b.cmp(a))
        })
        .map(|k| (*k).clone())
        .unwrap_or_default()
}
