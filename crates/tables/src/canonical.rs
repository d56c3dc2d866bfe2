//! Folding surface variants of one entity together: "Amazon Web Services" and
//! "AWS", "Andy Jassy" and "Jassy", "Amazons" and "Amazon".

use std::collections::{BTreeMap, HashMap};

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

fn genitive_base(key: &str) -> Option<&str> {
    key.strip_suffix("'s")
        .or_else(|| key.strip_suffix("’s"))
        .or_else(|| key.strip_suffix('s'))
        .filter(|b| b.chars().count() >= 2)
}

/// Maps each surface key of one type to the key it folds into. `counts`
/// holds mentions per key; `acronyms` enables the initials rule (for
/// organisations), `surnames` the last-word rule (for people).
pub fn fold_variants(
    counts: &BTreeMap<String, usize>,
    acronyms: bool,
    surnames: bool,
) -> BTreeMap<String, String> {
    // Indexes built once, so that each key costs lookups, not a scan of
    // all keys (a corpus has hundreds of thousands of names).
    let mut by_initials: HashMap<String, Vec<&String>> = HashMap::new();
    // Full names by last word: the most frequent (ties: the smallest key).
    let mut by_last_word: HashMap<&str, (&String, usize)> = HashMap::new();
    // Full names by first word: how many, and the first.
    let mut by_first_word: HashMap<&str, (&String, usize)> = HashMap::new();
    for (key, &n) in counts {
        if acronyms {
            if let Some(i) = initials(key) {
                by_initials.entry(i).or_default().push(key);
            }
        }
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
        if acronyms && !to.contains(' ') && (2..=6).contains(&to.chars().count()) {
            // Unique expansion only: an ambiguous acronym stays itself.
            if let Some([only]) = by_initials.get(&to).map(Vec::as_slice) {
                to = (*only).clone();
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
mod tests {
    use super::*;

    fn counts(keys: &[(&str, usize)]) -> BTreeMap<String, usize> {
        keys.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn acronym_folds_into_its_unique_expansion() {
        let map = fold_variants(
            &counts(&[("aws", 5), ("amazon web services", 2), ("amazon", 9)]),
            true,
            false,
        );
        assert_eq!(map["aws"], "amazon web services");
        assert_eq!(map["amazon"], "amazon");
    }

    #[test]
    fn surname_folds_into_the_full_name_and_genitive_into_the_base() {
        let map = fold_variants(
            &counts(&[
                ("andy jassy", 3),
                ("jassy", 4),
                ("jassys", 1),
                ("garman", 1),
            ]),
            false,
            true,
        );
        assert_eq!(map["jassy"], "andy jassy");
        assert_eq!(map["jassys"], "andy jassy");
        assert_eq!(map["garman"], "garman");
        let map = fold_variants(
            &counts(&[
                ("beth galetti", 3),
                ("beth", 1),
                ("matt garman", 1),
                ("matt damon", 1),
                ("matt", 1),
            ]),
            false,
            true,
        );
        assert_eq!(map["beth"], "beth galetti");
        assert_eq!(map["matt"], "matt", "ambiguous given names stay apart");
    }
}
