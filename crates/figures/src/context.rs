//! What the document around a sentence says about organisations: names
//! the model tagged once count everywhere in the document, and a sentence
//! that names none may take the previous sentence's organisation only when
//! it refers back to it.

use crate::lexicon::{ENGLISH_COMPANY_NOUNS, GERMAN_COMPANY_NOUNS, REPORTED};
use crate::org_names::org_key;
use crate::org_refs::OrgRef;
use crate::words::Word;
use crate::OrgSpan;
use std::collections::{BTreeMap, BTreeSet};

/// The one organisation a sentence names (several mentions of the same
/// name count as one), for a figure in the next sentence that names none.
pub fn single_actor(orgs: &[OrgRef], words: &[Word]) -> Option<String> {
    let names: BTreeSet<String> = orgs
        .iter()
        .filter(|o| !o.source)
        .map(|o| org_key(&o.text))
        .collect();
    let first = orgs.iter().find(|o| !o.source);
    match names.len() {
        1 => first.map(|o| o.text.clone()),
        // Several: the sentence's subject, named first at its start
        // ("Cisco, meanwhile, is laying off …, according to a filing with
        // the Securities and Exchange Commission"), unless the sentence
        // reports or estimates ("Analysts at Bernstein estimate that Bayer
        // …").
        _ => first
            .filter(|o| o.words.start <= 2 && o.employs())
            .filter(|_| !words.iter().any(|w| w.is(REPORTED)))
            .map(|o| o.text.clone()),
    }
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
/// sentence's organisation would be a guess. A turn of an interview
/// ("Frage: …", "Kullmann: Wir streichen …", "A: …") is no such label: the
/// speaker talks about the article's employer.
pub fn labelled(words: &[Word]) -> bool {
    let words = &words[usize::from(list_item(words))..];
    let colon = words.iter().take(4).position(|w| w.text == ":");
    // Not a time stamp ("Update, 15:20 Uhr: …").
    let a_name = |p: usize| words[..p].iter().all(|w| w.is_alpha() || w.is(&["&", "-"]));
    colon.is_some_and(|p| p > 0 && words[0].is_capitalised() && a_name(p) && !speech_turn(words, p))
}

/// Labels of interview turns, and first-person words that open a turn.
const TURN_LABELS: &[&str] = &["frage", "antwort", "q", "a", "interview"];
const FIRST_PERSON: &[&str] = &["wir", "ich", "unser", "unsere", "we", "i", "our"];

fn speech_turn(words: &[Word], colon: usize) -> bool {
    (colon == 1 && words[0].is(TURN_LABELS))
        || words.get(colon + 1).is_some_and(|w| w.is(FIRST_PERSON))
}

/// The sentence is an item of a list ("- Bosch: 5.500 Stellen").
pub fn list_item(words: &[Word]) -> bool {
    words
        .first()
        .is_some_and(|w| w.is(&["-", "•", "*", "–", "·"]))
}

/// The label of a list item, when it is a name of one to three capitalised
/// words ("- Mahle: rund 1.000 Stellen" is Mahle's, tagged or not).
pub fn item_label(words: &[Word]) -> Option<String> {
    let colon = words.iter().take(5).position(|w| w.text == ":")?;
    // Not a list item: a label followed by a description of a company
    // ("Meta: Die Facebook-Mutter streicht …", "Google: Der
    // Suchmaschinenkonzern hat …"; not "Fazit: Die Lage bleibt …").
    let described = labelled(words) && describes_a_company(&words[colon + 1..]);
    if !(list_item(words) || described) {
        return None;
    }
    let name = &words[usize::from(list_item(words))..colon];
    let is_name = !name.is_empty()
        && name.iter().all(|w| w.is_capitalised() || w.text == "&")
        && name[0].is_capitalised();
    is_name.then(|| name.iter().map(|w| w.text).collect::<Vec<_>>().join(" "))
}

/// Some word refers to a company or describes one ("der Konzern", "die
/// Facebook-Mutter", "the carmaker").
fn describes_a_company(words: &[Word]) -> bool {
    words.iter().any(|w| {
        let tail = w.lower.rsplit(['-', '‐']).next().unwrap_or("");
        w.is(REFERENCES)
            || w.is(ENGLISH_COMPANY_NOUNS)
            || (w.is_capitalised()
                && (GERMAN_COMPANY_NOUNS.iter().any(|n| w.lower.ends_with(n))
                    || ["mutter", "tochter"].contains(&tail)))
    })
}

/// Words that refer to an organisation named before ("der Konzern", "das
/// Unternehmen", "the company"; "demnach": according to what was just said).
/// English descriptions a company is referred back with ("the carmaker",
/// "the networking company", "the lender"), compared with the end of the
/// word.
const ENGLISH_REFERENCE_ENDINGS: &[&str] = &[
    "maker",
    "carrier",
    "airline",
    "lender",
    "insurer",
    "bank",
    "retailer",
    "chain",
    "operator",
    "manufacturer",
    "supplier",
    "provider",
];

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

/// Within one sentence, also an English description refers back to the
/// employer named earlier in it ("GM said …; the carmaker employs about
/// 162,000 people"). Across sentences "the automaker" is the article's,
/// not the last name's (a plant: "Factory Zero currently employs …").
pub fn refers_back_within(words: &[Word]) -> bool {
    let english = words.windows(2).any(|p| {
        p[0].is(&["the"])
            && !p[1].is_capitalised()
            && ENGLISH_REFERENCE_ENDINGS
                .iter()
                .any(|e| p[1].lower.ends_with(e))
    });
    english || refers_back(words)
}

/// A reader quoted in the text ("Ein Leser kommentierte: …", "One reader
/// wrote: …"): an opinion below or beside the article, no claim.
pub fn a_reader_says(words: &[Word]) -> bool {
    const READERS: &[&str] = &["leser", "leserin", "reader", "commenter"];
    const WROTE: &[&str] = &[
        "kommentierte",
        "kommentiert",
        "schreibt",
        "schrieb",
        "commented",
        "wrote",
        "writes",
    ];
    words.windows(2).any(|p| p[0].is(READERS) && p[1].is(WROTE))
}

/// Lines that open the readers' comments below an article: a comments
/// heading ("7 Kommentare", "Comments (4)", "Leserkommentare"), or a
/// comment's own header ending in a reply control ("cwsuisse 29. Oktober
/// 2025 um 6:21 Uhr - Antworten"). Ingest removes comment sections from
/// the pages and dumps it reads; this stage also reads texts handed to it
/// directly (the Python API, the engines), and a reader's line is no claim
/// in either case.
const COMMENT_HEADINGS: &[&str] = &[
    "kommentare",
    "kommentar",
    "leserkommentare",
    "comments",
    "comment",
    "reader comments",
    "leserbriefe",
];
const REPLY_CONTROLS: &[&str] = &["antworten", "reply", "melden", "report"];

fn opens_comments(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    if lower.is_empty() || lower.chars().count() > 120 {
        return false;
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']'))
        .filter(|w| !w.is_empty())
        .collect();
    let heading = match words.as_slice() {
        [w] => COMMENT_HEADINGS.contains(w),
        [a, b] => {
            let count = |n: &str| n.bytes().all(|b| b.is_ascii_digit());
            (count(a) && COMMENT_HEADINGS.contains(b)) || (count(b) && COMMENT_HEADINGS.contains(a))
        }
        _ => false,
    };
    let reply = [" - ", " | ", " · "].iter().any(|sep| {
        lower
            .rsplit_once(sep)
            .is_some_and(|(head, last)| !head.is_empty() && REPLY_CONTROLS.contains(&last.trim()))
    });
    heading || reply
}

/// The byte offset where the readers' comments begin, if a line after the
/// article's first line opens them.
pub fn comments_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 && opens_comments(line) {
            return Some(offset);
        }
        offset += line.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_sections_begin_at_their_heading_or_first_reply_line() {
        let page = "Amazon streicht 14.000 Stellen.\n\n7 Kommentare\n\ncwsuisse: Amazon hat 1,55 Millionen Mitarbeiter";
        assert_eq!(comments_start(page), Some(33));
        let thread = "Text.\ncwsuisse 29. Oktober 2025 um 6:21 Uhr - Antworten\nEin Leser";
        assert_eq!(comments_start(thread), Some(6));
        assert_eq!(
            comments_start("Comments (4)\nAmazon cut 14,000 jobs."),
            None
        );
        for line in [
            "Die Kommentare der Analysten",
            "Report: Amazon could cut 30,000 jobs",
        ] {
            assert!(!opens_comments(line), "{line}");
        }
    }
}
