//! Folding surface variants of one entity together: "Amazon Web Services" and
//! "AWS", "Andy Jassy" and "Jassy", "Amazons" and "Amazon", and for
//! organisations the variants of [`organisation`] ("Deutschen Telekom",
//! "Telekom" and "Deutsche Telekom AG").

mod aliases;
mod organisation;

pub(crate) use aliases::{document_aliases, fold_aliases, CorpusAliases};

pub(crate) use organisation::{
    nominative, without_descriptors as bare_organisation_name, without_legal_form,
};

use std::collections::{BTreeMap, HashMap};

/// Which variants fold together, by the type of the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldRules {
    /// Genitives, acronyms, legal forms and descriptors, German
    /// inflection, one-word short forms.
    Organisations,
    /// Genitives, surnames and given names of a single full name.
    People,
    /// Genitives only.
    Plain,
}

/// Words that do not count for acronyms ("Bank of America" -> BoA -> BA).
const FUNCTION_WORDS: &[&str] = &[
    "of", "the", "and", "for", "für", "der", "die", "das", "und", "de", "&",
];

fn initials(key: &str) -> Option<String> {
    let words: Vec<&str> = key
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && !FUNCTION_WORDS.contains(w))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// Keys by their initials, built once, so that each key costs a lookup, not
/// a scan of all keys (a corpus has hundreds of thousands of names).
fn initials_index(counts: &BTreeMap<String, usize>) -> HashMap<String, Vec<&String>> {
    let mut by_initials: HashMap<String, Vec<&String>> = HashMap::new();
    for key in counts.keys() {
        if let Some(i) = initials(key) {
            by_initials.entry(i).or_default().push(key);
        }
    }
    by_initials
}

/// The one key an acronym stands for; an ambiguous acronym stays itself.
fn unique_expansion(by_initials: &HashMap<String, Vec<&String>>, key: &str) -> Option<String> {
    if key.contains(' ') || !(2..=6).contains(&key.chars().count()) {
        return None;
    }
    match by_initials.get(key).map(Vec::as_slice) {
        Some([only]) => Some((*only).clone()),
        _ => None,
    }
}

fn genitive_base(key: &str) -> Option<&str> {
    key.strip_suffix("'s")
        .or_else(|| key.strip_suffix("’s"))
        .or_else(|| key.strip_suffix('s'))
        .filter(|b| b.chars().count() >= 2)
}

/// Where a chain of folds from `key` ends (a cycle stops where it closes).
fn follow(parent: &BTreeMap<String, String>, key: &str) -> String {
    let mut at = key;
    for _ in 0..parent.len() {
        match parent.get(at) {
            Some(next) if next != at => at = next,
            _ => break,
        }
    }
    at.to_string()
}

/// Maps each surface key of one type to the key it folds into. `counts`
/// holds mentions per key.
pub fn fold_variants(
    counts: &BTreeMap<String, usize>,
    rules: FoldRules,
) -> BTreeMap<String, String> {
    match rules {
        FoldRules::Organisations => organisation::fold(counts),
        FoldRules::People => fold_people(counts, true),
        FoldRules::Plain => fold_people(counts, false),
    }
}

/// Genitives, and with `surnames` the last-word rule for people.
fn fold_people(counts: &BTreeMap<String, usize>, surnames: bool) -> BTreeMap<String, String> {
    // Full names by last word: the most frequent (ties: the smallest key).
    let mut by_last_word: HashMap<&str, (&String, usize)> = HashMap::new();
    // Full names by first word: how many, and the first.
    let mut by_first_word: HashMap<&str, (&String, usize)> = HashMap::new();
    for (key, &n) in counts {
        if surnames && key.contains(' ') {
            if let Some(last) = key.rsplit(' ').next() {
                let best = by_last_word.entry(last).or_insert((key, n));
                if n > best.1 {
                    *best = (key, n);
                }
            }
            if let Some(first) = key.split(' ').next() {
                by_first_word.entry(first).or_insert((key, 0)).1 += 1;
            }
        }
    }
    let mut target: BTreeMap<String, String> = BTreeMap::new();
    for key in counts.keys() {
        let mut to = key.clone();
        if let Some(base) = genitive_base(key) {
            if counts.contains_key(base) {
                to = base.to_string();
            }
        }
        if surnames && !to.contains(' ') {
            // The most frequent full name ending in this word, if any; a
            // given name alone folds only into a single full name.
            if let Some((full, _)) = by_last_word.get(to.as_str()) {
                to = (*full).clone();
            } else if let Some((only, 1)) = by_first_word.get(to.as_str()) {
                to = (*only).clone();
            }
        }
        target.insert(key.clone(), to);
    }
    target
}

#[cfg(test)]
mod tests;
