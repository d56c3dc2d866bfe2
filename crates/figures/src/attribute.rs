//! Whose figure: the organisation the sentence ties it to. In order: an
//! organisation inside the figure ("14,000 Amazon jobs", "Amazon-Mitarbeiter"),
//! a possessive right before it ("Amazon's 350,000"), "bei X"/"at X" right
//! after it, the nearest organisation in its clause (before it, else after
//! it), then the nearest before it in an earlier clause of its sentence. Organisations that only report ("laut Reuters", "the New York
//! Times reported") do not count. Two names joined by "und"/"and" give no
//! organisation rather than a wrong one.

use crate::kind::{clause, possessive_before};
use crate::lexicon::{AT_ORG, CONTRASTS};
use crate::org_refs::OrgRef;
use crate::words::Word;
use std::collections::BTreeSet;
use std::ops::Range;

/// The organisation of the figure at words `span` whose counted noun is
/// word `noun`; `known`: lower-cased texts of the document's organisations.
pub fn attribute(
    words: &[Word],
    orgs: &[OrgRef],
    span: &Range<usize>,
    noun: usize,
    known: &BTreeSet<String>,
) -> Option<String> {
    let actors: Vec<&OrgRef> = orgs.iter().filter(|o| o.employs()).collect();
    if let Some(owner) = named_at_figure(words, &actors, span, noun, known) {
        return Some(owner);
    }
    let c = clause(words, span);
    if let Some(owner) = relative_antecedent(words, &actors, &c, known) {
        return Some(owner);
    }
    // A name after "its"/"seiner" (and at most one noun) names a part of the
    // owner, not the owner: "Meta … cut about 600 jobs in its AI unit",
    // "… in seiner Sparte Siemens Energy".
    let part_of_owner = |o: &OrgRef| is_part_of_owner(words, o, span);
    let in_clause: Vec<&OrgRef> = actors
        .iter()
        .copied()
        .filter(|o| o.words.start >= c.start && o.words.end <= c.end && !part_of_owner(o))
        .collect();
    if !in_clause.is_empty() {
        return nearest(words, &in_clause, &actors, span);
    }
    // Else the subject of an earlier clause ("Meta, led by Mark Zuckerberg,
    // cut about 600 jobs"), but not across a contrast ("..., während Amazon
    // ...") or into a later clause.
    let contrast = words[..c.start]
        .iter()
        .rposition(|w| w.is(&[";"]) || w.is(CONTRASTS))
        .map_or(0, |p| p + 1);
    // Not a name in brackets: "Meta (Mutterkonzern von Facebook und
    // Instagram) entließ 600" is Meta's.
    let earlier: Vec<&OrgRef> = actors
        .iter()
        .copied()
        .filter(|o| o.words.start >= contrast && o.words.end <= c.start && !part_of_owner(o))
        .filter(|o| !in_brackets(words, &o.words, span))
        .filter(|o| !in_relative_clause(words, o))
        .collect();
    nearest(words, &earlier, &actors, span).or_else(|| speaker_after(words, &actors, &c))
}

/// Verbs of a company's statement, before or after its name ("sagte
/// Bosch", "Bosch said"), and those that stand only before it ("teilte SAP
/// mit") or only after it ("wie SAP mitteilte").
const SAYS: &[&str] = &[
    "sagte",
    "erklärte",
    "bestätigte",
    "said",
    "says",
    "told",
    "confirmed",
    "announced",
];
const SAYS_BEFORE: &[&str] = &["teilte", "kündigte", "gab"];
const SAYS_AFTER: &[&str] = &["mitteilte", "mitgeteilt", "ankündigte", "bekanntgab"];

/// The organisation that states the figure in a later clause ("Rund 10.000
/// Beschäftigte haben das Unternehmen verlassen, teilte SAP mit", "…, wie
/// SAP mitteilte", "…, Nike said").
fn speaker_after(words: &[Word], actors: &[&OrgRef], c: &Range<usize>) -> Option<String> {
    actors
        .iter()
        .filter(|o| o.words.start >= c.end)
        .find(|o| {
            let before = o.words.start.checked_sub(1).map(|i| &words[i]);
            let after = words.get(o.words.end);
            before.is_some_and(|w| w.is(SAYS) || w.is(SAYS_BEFORE))
                || (after.is_some_and(|w| w.is(SAYS) || w.is(SAYS_AFTER))
                    && before.is_some_and(|w| w.is(&[",", "wie", "as"])))
        })
        .map(|o| o.text.clone())
}

/// Words that open a relative clause after a comma.
const RELATIVE: &[&str] = &[
    "which", "who", "whose", "der", "die", "das", "dessen", "deren", "welcher", "welche",
];

/// Clause `c` is a relative clause: ", which employs …", ", der weltweit …
/// beschäftigt" (not ", der Konzern …", an article).
fn is_relative(words: &[Word], c: &Range<usize>) -> bool {
    c.start > 0
        && words[c.start - 1].is(&[","])
        && words[c.start].is(RELATIVE)
        && words
            .get(c.start + 1)
            .is_some_and(|w| !w.is_capitalised() || words[c.start].is(&["which", "who", "whose"]))
}

/// The name a relative clause holding the figure is about: "zum
/// Stellantis-Konzern, der weltweit rund 250.000 Menschen beschäftigt" is
/// Stellantis's.
fn relative_antecedent(
    words: &[Word],
    actors: &[&OrgRef],
    c: &Range<usize>,
    known: &BTreeSet<String>,
) -> Option<String> {
    if !is_relative(words, c) || c.start < 2 {
        return None;
    }
    let before = c.start - 2;
    if let Some(o) = actors.iter().find(|o| o.words.end == before + 1) {
        return Some(o.text.clone());
    }
    let (head, _) = words[before].text.rsplit_once(['-', '‐'])?;
    known
        .contains(&head.to_lowercase())
        .then(|| head.to_string())
}

/// The name stands in a relative clause closed before the figure's:
/// "Schaeffler, which merged with Vitesco in 2024, employs 110,000" is not
/// Vitesco's.
fn in_relative_clause(words: &[Word], o: &OrgRef) -> bool {
    let c = clause(words, &o.words);
    is_relative(words, &c) && words.get(c.end).is_some_and(|w| w.is(&[","]))
}

/// An organisation named at the figure itself: inside it, right before it
/// (possessive, or a bracketed figure after a name), or "bei"/"at" right
/// after its noun.
fn named_at_figure(
    words: &[Word],
    actors: &[&OrgRef],
    span: &Range<usize>,
    noun: usize,
    known: &BTreeSet<String>,
) -> Option<String> {
    // Inside the figure: "14,000 Amazon jobs", "Amazon-Mitarbeiter".
    let noun_word = &words[noun];
    let prefix = noun_word.text.rsplit_once(['-', '‐']).map(|(p, _)| p);
    if let Some(o) = actors
        .iter()
        .find(|o| o.words.start < span.end && o.words.end > span.start)
    {
        return Some(match prefix {
            Some(p) if o.words.contains(&noun) => p.to_string(),
            _ => o.text.clone(),
        });
    }
    if let Some(p) = prefix.filter(|p| known.contains(&p.to_lowercase())) {
        return Some(p.to_string());
    }
    // A possessive or genitive right before: "Amazon's 350,000", "Amazons 350.000".
    let before_end = if possessive_before(words, span.start) {
        span.start - 2
    } else {
        span.start
    };
    if let Some(o) = actors.iter().find(|o| o.words.end == before_end) {
        return Some(o.text.clone());
    }
    // A figure in brackets after a name: "Intel (about 24,000), Microsoft
    // (more than 15,000)".
    let bracketed = span.start >= 2 && words[span.start - 1].is(&["("]);
    if let Some(o) = actors
        .iter()
        .find(|o| bracketed && o.words.end == span.start - 1)
    {
        return Some(o.text.clone());
    }
    // "bei AWS", "at Amazon" right after the noun.
    let c = clause(words, span);
    let mut k = span.end;
    while k < c.end.min(span.end + 3) {
        if words[k].is(AT_ORG) {
            let mut at = k + 1;
            if words
                .get(at)
                .is_some_and(|w| w.is(&["der", "dem", "den", "the"]))
            {
                at += 1;
            }
            if let Some(o) = actors.iter().find(|o| o.words.start == at) {
                return Some(o.text.clone());
            }
        }
        k += 1;
    }
    None
}

/// Possessive determiners: what follows belongs to someone named before.
const OWN_PART: &[&str] = &[
    "its", "their", "his", "her", "seiner", "seinem", "seine", "seinen", "seines", "ihrer",
    "ihrem", "ihre", "ihren", "ihres",
];

/// The nearest organisation before the figure (else after it); none when
/// two are joined ("Microsoft und Google").
fn nearest(
    words: &[Word],
    orgs: &[&OrgRef],
    all: &[&OrgRef],
    span: &Range<usize>,
) -> Option<String> {
    let before = orgs
        .iter()
        .filter(|o| o.words.end <= span.start)
        .max_by_key(|o| o.words.end);
    let chosen = before.or_else(|| {
        orgs.iter()
            .filter(|o| o.words.start >= span.end)
            .min_by_key(|o| o.words.start)
    })?;
    let s = chosen.words.start;
    let joined = |at: usize| {
        words
            .get(at)
            .is_some_and(|w| w.is(&["und", "and", "sowie", "or", "oder"]))
    };
    let coordinated = (s >= 1 && joined(s - 1) && all.iter().any(|o| o.words.end + 1 == s))
        || (joined(chosen.words.end) && all.iter().any(|o| o.words.start == chosen.words.end + 1));
    (!coordinated).then(|| chosen.text.clone())
}

/// Words `name` stand inside brackets that end before the figure at `span`.
fn in_brackets(words: &[Word], name: &Range<usize>, span: &Range<usize>) -> bool {
    let open = words[..name.start].iter().rposition(|w| w.is(&["(", "["]));
    let close = words[..name.start].iter().rposition(|w| w.is(&[")", "]"]));
    let opened = open.is_some_and(|o| close.is_none_or(|c| c < o));
    opened
        && words[name.end..span.start]
            .iter()
            .any(|w| w.is(&[")", "]"]))
}

/// "jeweils", "je", "each": one figure for every organisation named.
const EACH: &[&str] = &["je", "jeweils", "each", "apiece"];

/// Words joining a list of organisations ("Bosch, ZF und Conti", "sowohl X
/// als auch Y", "both X and Y").
const LIST_JOINS: &[&str] = &[
    ",", "und", "and", "sowie", "als", "auch", "sowohl", "both", "&",
];

/// Articles a list entry may open with, right after a joining word
/// ("sowohl die DZ Bank als auch die Helaba"; not the genitive of "Audi
/// und Porsche der Volkswagen AG").
const LIST_ARTICLES: &[&str] = &["die", "der", "das", "the"];

/// The organisations that each own the figure at `span`: "X und Y
/// streichen jeweils 500 Stellen", "X and Y will each cut 500 jobs". Empty
/// unless the sentence says "each" near the figure and names two or more
/// employers in one list before it.
pub fn each_owners(words: &[Word], orgs: &[OrgRef], span: &Range<usize>) -> Vec<String> {
    let near = words[span.start.saturating_sub(3)..(span.end + 2).min(words.len())]
        .iter()
        .any(|w| w.is(EACH));
    if !near {
        return Vec::new();
    }
    // "die Landesbank Hessen-Thüringen (Helaba)": the acronym in brackets
    // is the name before it, no second entry.
    let bracketed = |o: &OrgRef| {
        o.words.start >= 2
            && words[o.words.start - 1].is(&["("])
            && words.get(o.words.end).is_some_and(|w| w.is(&[")"]))
            && orgs.iter().any(|p| p.words.end + 1 == o.words.start)
    };
    let actors: Vec<&OrgRef> = orgs
        .iter()
        .filter(|o| o.employs() && o.words.end <= span.start && !bracketed(o))
        .collect();
    // The list that ends nearest to the figure, read backwards.
    let mut list: Vec<&OrgRef> = Vec::new();
    for o in actors.iter().rev() {
        let joined = list.last().is_none_or(|next| {
            let between = &words[o.words.end.min(next.words.start)..next.words.start];
            o.words.end <= next.words.start
                && (0..between.len()).all(|i| {
                    between[i].is(LIST_JOINS)
                        || (i > 0 && between[i].is(LIST_ARTICLES) && between[i - 1].is(LIST_JOINS))
                })
        });
        if !joined {
            break;
        }
        list.push(o);
    }
    let mut names: Vec<String> = list.iter().rev().map(|o| o.text.clone()).collect();
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if names.len() >= 2 {
        names
    } else {
        Vec::new()
    }
}

/// Nouns for a part of a company: a name right after one ("in der
/// Fertigungssparte Intel Foundry", "its cloud unit AWS") names the part,
/// and the figure is the company's.
/// Words before a name that make it the owner's brand or purchase.
const OWNED: &[&str] = &[
    "marken",
    "brands",
    "übernahme",
    "zukauf",
    "kauf",
    "acquisition",
    "takeover",
    "purchase",
];

const UNIT_NOUNS: &[&str] = &[
    "sparte",
    "bereich",
    "geschäftsbereich",
    "division",
    "unit",
    "segment",
    "abteilung",
];

/// A name after "its"/"seiner" (and at most one noun) after the figure at
/// `span`, or after (or starting with) a unit noun anywhere, names a part
/// of the owner, not
/// the owner: "Meta … cut about 600 jobs in its AI unit", "… in seiner
/// Sparte Siemens Energy". (A subsidiary before the figure is its own
/// employer: "Seine Tochter AWS streicht 500 Stellen".)
pub fn is_part_of_owner(words: &[Word], o: &OrgRef, span: &Range<usize>) -> bool {
    let s = o.words.start;
    let possessive = s >= span.end && (1..=2).any(|back| s >= back && words[s - back].is(OWN_PART));
    let unit_noun = |w: &Word| w.is_alpha() && UNIT_NOUNS.iter().any(|u| w.lower.ends_with(u));
    // The model's span may take the noun along ("Sparte Defence and Space")
    // or leave a first word out ("Sparte Cross-Domain [Computing
    // Solutions]").
    // "brands such as Clinique and MAC", "nach der Übernahme des
    // Konkurrenten About You": what the owner owns or bought.
    let owned = (1..=5).any(|back| {
        s >= back
            && words[s - back].is(OWNED)
            && !words[s - back + 1..s]
                .iter()
                .any(|x| x.is(&[",", ";", "."]))
    });
    // A unit that opens the sentence is its subject, and its own employer:
    // "Die Digitalsparte Schwarz Digits will 1.000 IT-Fachkräfte
    // einstellen".
    let opens = |u: usize| words[..u].iter().all(|x| x.is(OPENING_DETERMINERS));
    let unit_before = |u: usize| unit_noun(&words[u]) && !opens(u);
    let unit = owned
        || (s >= 1 && unit_before(s - 1))
        || (s >= 2 && unit_before(s - 2) && words[s - 1].is_capitalised())
        || (o.words.len() >= 2 && unit_before(s));
    possessive || unit || parent_in_apposition(words, s)
}

/// Determiners that may open a sentence before its subject.
const OPENING_DETERMINERS: &[&str] = &["die", "der", "das", "the", "its", "seine", "ihre"];

/// Words of an apposition that names the parent of the company before it.
const PARENT_OF: &[&str] = &["tochter", "teil", "subsidiary", "unit", "part", "arm"];

/// The name at word `s` is the parent of the company the sentence is
/// about, in an apposition ("Helios, eine Tochter des Gesundheitskonzerns
/// Fresenius, will … streichen", "Cruise, a unit of GM, said …") or in
/// the description that opens it ("Die Stahltochter von Thyssenkrupp will
/// … abbauen"): the figures are the company's, not the parent's.
fn parent_in_apposition(words: &[Word], s: usize) -> bool {
    (1..=4).any(|back| {
        if s <= back || !words[s - back + 1..s].iter().all(|x| x.is_alpha()) {
            return false;
        }
        let p = s - back;
        // "Tochter von/des", "unit of" (not "Die Tochter Zeiss SMT").
        let parent_word = (words[p].is(PARENT_OF)
            || (words[p].is_capitalised()
                && words[p].lower.len() > 8
                && words[p].lower.ends_with("tochter")))
            && words[p + 1].is(&["von", "des", "der", "of"]);
        let apposition = (1..=2).any(|b| p >= b && words[p - b].is(&[","]));
        let opens = words[..p].iter().all(|x| x.is(OPENING_DETERMINERS));
        parent_word && (apposition || opens)
    })
}
