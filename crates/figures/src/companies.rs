//! Which of a document's name mentions can name an employer: its ORG
//! mentions, and names the model tagged as a person that the text shows to
//! be a company. German employers are often named after their founders
//! (Trumpf, Mahle, Schaeffler, Henkel, Miele), and the model then at times
//! tags them PER; their figures would otherwise have no owner.

use crate::lexicon::{ENGLISH_COMPANY_NOUNS, GERMAN_COMPANY_NOUNS, RIVALS};
use crate::subject::{introduced_as_company, word_before};
use crate::OrgSpan;
use std::collections::BTreeSet;

/// A name mention as NER found it (character offsets into the cleaned
/// text) with its type ("PER", "ORG", ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggedSpan<'a> {
    pub label: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Words right before a name that make it a person's: forms of address,
/// titles and roles ("Frau Falk", "US-Präsident Trump", "Tesla-Chef
/// Musk"), compared with the end of the word.
const PERSON_BEFORE: &[&str] = &[
    "herr",
    "herrn",
    "frau",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "ceo",
    "chef",
    "chefin",
    "präsident",
    "präsidentin",
    "president",
    "minister",
    "ministerin",
    "kanzler",
    "kanzlerin",
    "sprecher",
    "sprecherin",
    "vorstand",
    "vorständin",
    "gründer",
    "gründerin",
    "founder",
    "senator",
    "governor",
    "gouverneur",
];

/// The spans of `mentions` that can name an employer: every ORG mention;
/// a mention of another type introduced as a company ("Der Autozulieferer
/// Schaeffler", "the German supplier Mahle"); and a person's name that is
/// a surname alone everywhere in the document: never written with a first
/// name ("Miriam Falk" makes "Falk" a person) nor after a title or role
/// ("Frau Falk", "US-Präsident Trump"), in a document that speaks of a
/// company ("das Familienunternehmen", "beide Unternehmen", "der
/// Konzern").
pub fn employer_spans(text: &str, mentions: &[TaggedSpan]) -> Vec<OrgSpan> {
    let chars: Vec<char> = text.chars().collect();
    let name = |m: &TaggedSpan| -> String {
        let end = m.end.min(chars.len());
        chars[m.start.min(end)..end].iter().collect()
    };
    let people: Vec<&TaggedSpan> = mentions.iter().filter(|m| m.label == "PER").collect();
    // Surnames of people named with a first name or a title somewhere.
    let mut persons: BTreeSet<String> = BTreeSet::new();
    for p in &people {
        let n = name(p);
        let words: Vec<&str> = n.split_whitespace().collect();
        if words.len() > 1 {
            persons.extend(words.iter().map(|w| w.to_string()));
        } else if title_before(&chars, p.start) {
            persons.insert(n);
        }
    }
    let speaks_of_companies = speaks_of_companies(text);
    mentions
        .iter()
        .filter(|m| {
            m.label == "ORG"
                || introduced_as_company(&chars, m.start)
                || opens_with_rival(&name(m))
                || (after_rival(&chars, m.start)
                    && (m.label != "PER" || (speaks_of_companies && !persons.contains(&name(m)))))
                || (m.label == "PER"
                    && speaks_of_companies
                    && is_surname_alone(&name(m))
                    && !persons.contains(&name(m)))
        })
        .map(|m| OrgSpan {
            start: m.start,
            end: m.end,
        })
        .collect()
}

/// "Rival Nestlé said …", "U.S. rival Eli Lilly": a rival is a company,
/// whatever the model tagged (a person's name tagged so counts only in a
/// text that speaks of companies and never names it as a person's: not
/// "Trump's rival Kamala Harris" in a text on a campaign).
fn after_rival(chars: &[char], start: usize) -> bool {
    RIVALS.contains(&word_before(chars, start).0.as_str())
}

/// The model took the word into the name ("Rival Nestlé"): no person's
/// name opens with it.
fn opens_with_rival(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    name.contains(' ') && RIVALS.contains(&first.as_str())
}

/// One capitalised word ("Trumpf"; not "Miriam Falk", "Mc").
fn is_surname_alone(name: &str) -> bool {
    name.chars().count() >= 3
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// The word before character `start` is a form of address, title or role.
fn title_before(chars: &[char], start: usize) -> bool {
    let (word, _) = word_before(chars, start);
    !word.is_empty() && PERSON_BEFORE.iter().any(|t| word.ends_with(t))
}

/// A company noun stands alone or ends a German compound
/// ("Unternehmen", "Familienunternehmen", "Konzern", "company"; not
/// "Kalender").
fn speaks_of_companies(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let lower = w.to_lowercase();
        let compound = w.chars().next().is_some_and(char::is_uppercase);
        ENGLISH_COMPANY_NOUNS.contains(&lower.as_str())
            || GERMAN_COMPANY_NOUNS
                .iter()
                .any(|c| lower == *c || (compound && lower.ends_with(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(text: &str, names: &[(&'static str, &str)]) -> Vec<TaggedSpan<'static>> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        for (label, name) in names {
            let n: Vec<char> = name.chars().collect();
            let start = (from..chars.len())
                .find(|&i| chars[i..].starts_with(&n))
                .expect("name in text");
            out.push(TaggedSpan {
                label,
                start,
                end: start + n.len(),
            });
            from = start + n.len();
        }
        out
    }

    fn employers(text: &str, names: &[(&'static str, &str)]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        employer_spans(text, &tagged(text, names))
            .iter()
            .map(|o| chars[o.start..o.end].iter().collect())
            .collect()
    }

    #[test]
    fn a_founders_name_used_alone_for_a_company_can_own_figures() {
        let text = "Schaeffler und Mahle streichen je rund 1.200 Stellen, wie beide \
                    Unternehmen mitteilten. Auch ZF baut ab.";
        let found = employers(
            text,
            &[("PER", "Schaeffler"), ("PER", "Mahle"), ("ORG", "ZF")],
        );
        assert_eq!(found, ["Schaeffler", "Mahle", "ZF"]);
    }

    #[test]
    fn people_named_with_a_first_name_or_a_title_stay_people() {
        let text = "Personalchefin Miriam Falk sagte, das Unternehmen stelle ein. \
                    Falk nannte 1.000 Stellen. US-Präsident Trump sprach von Jobs im \
                    Konzern.";
        let found = employers(
            text,
            &[("PER", "Miriam Falk"), ("PER", "Falk"), ("PER", "Trump")],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_rival_is_a_company_whatever_the_model_tagged() {
        // No company noun in the text: only "Rival" says what they are.
        let text = "Rival Carrefour said it would hire 900. Its rival Leclerc stays quiet.";
        let found = employers(text, &[("PER", "Rival Carrefour"), ("MISC", "Leclerc")]);
        assert_eq!(found, ["Rival Carrefour", "Leclerc"]);
        // A person's rival is a person.
        let text = "Trump's rival Kamala Harris promised 10,000 new jobs.";
        assert!(employers(text, &[("PER", "Kamala Harris")]).is_empty());
        let text = "Carrefour-Chef Alexandre Bompard sprach.";
        assert!(employers(text, &[("PER", "Alexandre Bompard")]).is_empty());
    }

    #[test]
    fn without_a_company_in_the_text_a_surname_is_a_person() {
        let text = "Müller streicht 300 Termine aus seinem Kalender.";
        assert!(employers(text, &[("PER", "Müller")]).is_empty());
    }
}
