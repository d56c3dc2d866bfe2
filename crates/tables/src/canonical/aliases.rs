//! Short names a document gives an organisation it also names in full:
//! "Die HypoVereinsbank (HVB) …, die HVB", "Deutsche Bahn … die DB",
//! "Continental AG … teilte Conti mit". The corpus counts such a short name
//! (and its job figures) under the full name, as a reader does.
//!
//! Only a document's own names are joined, and a short name joins a full
//! name only when exactly one of the document's names fits: by a
//! definition in parentheses, by the initials of its words (or of the
//! parts of a one-word compound: "VW", "HVB"), as the first
//! letters of a longer one-word name (at least five of them: "Post" and
//! "Postbank" are two companies), or as the last word of a two-word name
//! ("Robert Bosch … Bosch"). Across the corpus a short name folds only
//! when every document that joins it joins it to the same name.

use super::organisation::{nominative, without_descriptors, without_legal_form};
use newsner_figures::org_names::clips;
use newsner_records::surface_key;
use std::collections::{BTreeMap, BTreeSet};

/// `short` is the last word of the two-word name `long`, which adds a first
/// name, a word of origin or an article: "Bosch" of "Robert Bosch",
/// "Springer" of "Axel Springer", "Post" of "Deutsche Post", "Spiegel" of
/// "Der Spiegel".
fn last_name_of(short: &str, long: &str) -> bool {
    let Some((first, last)) = long.split_once(' ') else {
        return false;
    };
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    last == short && capital(first) && capital(short)
}

/// `acronym` (lower-case) abbreviates the one-word name `long` by the
/// starts of its parts ("vw" of "volkswagen", "hvb" of "hypovereinsbank"):
/// its first letter is the name's, each further letter comes at least
/// three letters after the one before, the last lies in the name's second
/// half, and the name has four letters per letter of the acronym (not
/// "ba" of "bayer", "se" of "siemens").
fn abbreviates_compound(acronym: &str, long: &str) -> bool {
    let (a, l): (Vec<char>, Vec<char>) = (acronym.chars().collect(), long.chars().collect());
    if !(2..=4).contains(&a.len()) || long.contains(' ') || l.len() < 4 * a.len() || a[0] != l[0] {
        return false;
    }
    let mut at = 0;
    for c in &a[1..] {
        match (at + 3..l.len()).find(|&i| l[i] == *c) {
            Some(i) => at = i,
            None => return false,
        }
    }
    2 * at >= l.len()
}

/// Short name key -> full name key, for one document. `names`: the
/// document's organisation mentions as written; `text`: the document.
pub fn document_aliases(text: &str, names: &[String]) -> BTreeMap<String, String> {
    // Each name as written once (whitespace runs as one space, so that
    // "Intel\n\nAWS" is two words), and without its legal form.
    let written: BTreeSet<String> = names
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let bare: BTreeSet<&str> = written.iter().map(|n| without_legal_form(n)).collect();
    let mut aliases = BTreeMap::new();
    for &short in &bare {
        if short.contains(' ') || short.chars().count() < 2 {
            continue;
        }
        // "HVB", "P&G" (of "Procter & Gamble")
        let acronym = short.chars().all(|c| c.is_uppercase() || c == '&')
            && short.chars().filter(|c| c.is_uppercase()).count() >= 2;
        // What stands right before each "(short)": one scan per short name.
        let defined_by: Vec<&str> = text
            .match_indices(&format!(" ({short})"))
            .map(|(at, _)| &text[..at])
            .collect();
        let fits: BTreeSet<String> = written
            .iter()
            .filter(|long| without_legal_form(long) != short)
            .filter(|long| {
                defined_by.iter().any(|before| before.ends_with(*long))
                    || (acronym
                        && super::initials(&surface_key(without_legal_form(long)))
                            == Some(surface_key(short).replace('&', "")))
                    || (acronym
                        && abbreviates_compound(
                            &surface_key(short),
                            &surface_key(without_legal_form(long)),
                        ))
                    || clips(short, without_legal_form(long))
                    || last_name_of(short, without_legal_form(long))
            })
            .map(|long| surface_key(without_legal_form(long)))
            .collect();
        // "Deutsche Bahn" and "der Deutschen Bahn" are one full name.
        let fits: Vec<&String> = fits
            .iter()
            .filter(|k| !nominative(k).is_some_and(|n| fits.contains(&n)))
            .collect();
        if let [only] = fits[..] {
            aliases.insert(surface_key(short), only.clone());
        }
    }
    aliases
}

/// What the documents joined, over the corpus: short key -> the full keys
/// documents joined it to.
#[derive(Debug, Default)]
pub struct CorpusAliases {
    joined: BTreeMap<String, BTreeSet<String>>,
}

impl CorpusAliases {
    pub fn add(&mut self, document: BTreeMap<String, String>) {
        for (short, long) in document {
            self.joined.entry(short).or_default().insert(long);
        }
    }

    /// Short key -> full key, where every document agrees.
    pub fn agreed(&self) -> BTreeMap<String, String> {
        self.joined
            .iter()
            .filter_map(
                |(short, longs)| match longs.iter().collect::<Vec<_>>()[..] {
                    [only] => Some((short.clone(), only.clone())),
                    _ => None,
                },
            )
            .collect()
    }
}

/// Folds each agreed short key into its full name's entity, in `map`
/// (key -> the key it folds into, as [`super::fold_variants`] gives it),
/// when the short key is an entity of its own. The full name is found by
/// its key, else by its bare form ("continental" for "continental ag").
pub fn fold_aliases(
    map: &mut BTreeMap<String, String>,
    counts: &BTreeMap<String, usize>,
    aliases: &BTreeMap<String, String>,
) {
    if aliases.is_empty() {
        return;
    }
    // Keys by their bare form, the most mentioned first (ties: the smaller
    // key), built once rather than a scan of all keys per alias.
    let mut by_bare: BTreeMap<String, (&String, usize)> = BTreeMap::new();
    for (key, &n) in counts {
        let best = by_bare.entry(without_descriptors(key)).or_insert((key, n));
        if n > best.1 {
            *best = (key, n);
        }
    }
    // Where each short key goes, on the map as the other rules left it.
    let mut redirect: BTreeMap<&String, String> = BTreeMap::new();
    for (short, long) in aliases {
        if map.get(short) != Some(short) {
            continue;
        }
        let long_key = match counts.contains_key(long) {
            true => Some(long),
            false => by_bare.get(&without_descriptors(long)).map(|(k, _)| *k),
        };
        if let Some(target) = long_key.and_then(|k| map.get(k)) {
            redirect.insert(short, target.clone());
        }
    }
    // A target that is itself redirected goes on to where that leads.
    let resolve = |short: &String| -> Option<String> {
        let mut at = redirect.get(short)?;
        for _ in 0..redirect.len() {
            match redirect.get(at) {
                Some(next) if next != at => at = next,
                _ => break,
            }
        }
        (at != short).then(|| at.clone())
    };
    let resolved: BTreeMap<&String, String> = redirect
        .keys()
        .filter_map(|&short| Some((short, resolve(short)?)))
        .collect();
    for to in map.values_mut() {
        if let Some(target) = resolved.get(&*to) {
            *to = target.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn short_names_join_the_one_full_name_they_stand_for() {
        let text = "Die HypoVereinsbank (HVB) baut um. Die HVB stellt ein.";
        let a = document_aliases(text, &names(&["HypoVereinsbank", "HVB"]));
        assert_eq!(a.get("hvb").map(String::as_str), Some("hypovereinsbank"));
        let a = document_aliases(
            "",
            &names(&["Deutsche Bahn", "DB", "Continental AG", "Conti"]),
        );
        assert_eq!(a.get("db").map(String::as_str), Some("deutsche bahn"));
        assert_eq!(a.get("conti").map(String::as_str), Some("continental"));
        let a = document_aliases("", &names(&["Deutsche Bahn", "Deutschen Bahn", "DB"]));
        assert_eq!(a.get("db").map(String::as_str), Some("deutsche bahn"));
        // A compound's parts: "VW" for Volkswagen, "HVB" for
        // HypoVereinsbank without a definition; not "BA" for Bayer.
        let a = document_aliases("", &names(&["Volkswagen", "VW", "HypoVereinsbank", "HVB"]));
        assert_eq!(a.get("vw").map(String::as_str), Some("volkswagen"));
        assert_eq!(a.get("hvb").map(String::as_str), Some("hypovereinsbank"));
        // Initials joined by "&".
        let a = document_aliases("", &names(&["Procter & Gamble Co.", "P&G"]));
        assert_eq!(a.get("p&g").map(String::as_str), Some("procter & gamble"));
        let a = document_aliases("", &names(&["Bayer", "BA", "Siemens", "SE"]));
        assert!(a.is_empty(), "{a:?}");
        // Two full names fit: the short one stays itself.
        let a = document_aliases("", &names(&["Deutsche Bahn", "Deutsche Bank", "DB"]));
        assert!(a.is_empty(), "{a:?}");
        // A group's short name.
        let a = document_aliases("", &names(&["Citigroup", "Citi"]));
        assert_eq!(a.get("citi").map(String::as_str), Some("citigroup"));
        // Too short a clip, and a name of its own.
        let a = document_aliases(
            "",
            &names(&["Post", "Postbank", "Siemens", "Siemens Energy"]),
        );
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn a_surname_company_joins_the_name_with_its_first_name() {
        let a = document_aliases("", &names(&["Robert Bosch GmbH", "Bosch", "IG Metall"]));
        assert_eq!(a.get("bosch").map(String::as_str), Some("robert bosch"));
        let a = document_aliases("", &names(&["Der Spiegel", "Spiegel"]));
        assert_eq!(a.get("spiegel").map(String::as_str), Some("der spiegel"));
        // Another word at the end, or a name of three words: no join.
        let a = document_aliases(
            "",
            &names(&["Siemens Energy", "Siemens", "Bank of America", "America"]),
        );
        assert!(a.is_empty(), "{a:?}");
        // Two names end in it: the short one stays itself.
        let a = document_aliases("", &names(&["Deutsche Post", "Swiss Post", "Post"]));
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn a_short_name_folds_only_where_the_documents_agree() {
        let mut corpus = CorpusAliases::default();
        corpus.add(document_aliases("", &names(&["Deutsche Bahn", "DB"])));
        corpus.add(document_aliases("", &names(&["Conti", "Continental"])));
        corpus.add(document_aliases("", &names(&["Deutsche Bank", "DB"])));
        let agreed = corpus.agreed();
        assert_eq!(agreed.get("conti").map(String::as_str), Some("continental"));
        assert!(!agreed.contains_key("db"), "{agreed:?}");
    }
}
