//! What the article is about, for figures of sentences that name no
//! employer ("Bereits zwischen 2022 und 2023 wurden 27.000 Jobs
//! gestrichen", "Der Konzern beschäftigt 1,54 Millionen Menschen"): the
//! employer named earlier in the same paragraph, else the one the article
//! is about (most named, the headline and lead counting more). ORG mentions
//! that are no employer (a technology, a department, a union, a source)
//! never own a figure.

use crate::lexicon::{ENGLISH_COMPANY_NOUNS, GERMAN_COMPANY_NOUNS};
use crate::org_names::org_key;
#[cfg(test)]
use crate::org_names::org_name;
use crate::words::Word;
use std::collections::BTreeMap;

/// ORG mentions that name no employer: technologies, departments, roles,
/// bodies of employees. Compared lower-cased, whole or as the last part of
/// a compound ("KI-Sparte", "HR-Abteilung").
const NOT_EMPLOYERS: &[&str] = &[
    "ki",
    "ai",
    "genai",
    "hr",
    "it",
    "ceo",
    "cfo",
    "cto",
    "personal",
    "personalabteilung",
    "abteilung",
    "sparte",
    "vorstand",
    "aufsichtsrat",
    "betriebsrat",
    "gesamtbetriebsrat",
    "gewerkschaft",
    "union",
    "works council",
    "board",
    "management",
    "cloud",
    // Countries the model tags as organisations at times.
    "u.s.",
    "us",
    "usa",
    "u.k.",
    // People who estimate others' jobs, tagged ORG at times.
    "analysts",
    "analysten",
    "experten",
    "experts",
    "economists",
    "ökonomen",
];

/// Words of a name that make it a union or works council: they speak about
/// an employer's jobs, they do not cut them.
const EMPLOYEE_BODIES: &[&str] = &[
    "gewerkschaft",
    "betriebsrat",
    "ig",
    "verdi",
    "ver.di",
    "teamsters",
    "uaw",
];

/// The lower-cased word (letters, digits, inner hyphens) before character
/// `start`, past the spaces there, and whether there were any.
pub(crate) fn word_before(chars: &[char], start: usize) -> (String, bool) {
    let before = &chars[..start.min(chars.len())];
    let end = before.len() - before.iter().rev().take_while(|c| **c == ' ').count();
    let word_start = before[..end]
        .iter()
        .rposition(|c| !c.is_alphanumeric() && *c != '-')
        .map_or(0, |p| p + 1);
    let word = before[word_start..end]
        .iter()
        .collect::<String>()
        .to_lowercase();
    (word, end < before.len())
}

/// The mention starting at character `start` is introduced as a company:
/// "Der Autozulieferer Schaeffler", "the German supplier Mahle". A name the
/// model tagged as a person there ("Schaeffler" is also a family) still
/// names the employer.
pub(crate) fn introduced_as_company(chars: &[char], start: usize) -> bool {
    let (word, spaced) = word_before(chars, start);
    if !spaced || word.is_empty() {
        return false;
    }
    // "Der Maschinenbauer Trumpf", "the chipmaker Nvidia"
    let compound = COMPOUND_DESCRIPTIONS
        .iter()
        .any(|d| word.len() > d.len() + 2 && word.ends_with(d));
    GERMAN_COMPANY_NOUNS
        .iter()
        .chain(ENGLISH_COMPANY_NOUNS)
        .any(|n| word.ends_with(n))
        || compound
}

/// Parts of the names of research institutes, statistics offices and
/// forums: in job news they estimate or count other employers' jobs.
const SOURCE_BODIES: &[&str] = &[
    "institut",
    "forschung",
    // Press-release wires: they carry a company's text.
    "newswire",
    "business wire",
    "wirtschaftsforum",
    "economic forum",
    "bundesagentur",
    "bundesamt",
    "statisti",
];

/// Associations and chambers: they speak for their members' jobs, and
/// unlike an agency or institute are never the employer an article is
/// about ("Die Bundesagentur für Arbeit (BA) streicht …" can be).
const SPEAKERS_FOR_OTHERS: &[&str] = &[
    "verband",
    "vereinigung",
    "kammer",
    "association",
    "federation",
    "confederation",
    "consortium",
    "chamber",
];

/// Words that describe a company without naming it ("Autobauer", "der
/// Konzern", "the tech giant"): the model at times tags them; they refer
/// back to the company named before and own nothing themselves. Whole
/// words, or the end of a German compound ("Softwarekonzern"; not the
/// company Bauer) or of an English one ("chipmaker"; not Citigroup).
const GERMAN_DESCRIPTIONS: &[&str] = &[
    "konzern",
    "hersteller",
    "zulieferer",
    "händler",
    "unternehmen",
    "versicherer",
];
const ENGLISH_DESCRIPTIONS: &[&str] = &["company", "group", "firm", "retailer", "giant"];
/// Only as the end of a compound.
const COMPOUND_DESCRIPTIONS: &[&str] = &["bauer", "maker"];

/// The name is a description: a company noun, after lower-case words only
/// ("Softwarekonzern", "tech giant"; not "Volkswagen Group").
fn is_description(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, adjectives)) = words.split_last() else {
        return false;
    };
    let last = last.to_lowercase();
    let whole = GERMAN_DESCRIPTIONS
        .iter()
        .chain(ENGLISH_DESCRIPTIONS)
        .any(|d| last == *d);
    let compound = !last.contains(['-', '‐'])
        && GERMAN_DESCRIPTIONS
            .iter()
            .chain(COMPOUND_DESCRIPTIONS)
            .any(|d| last.len() > d.len() + 2 && last.ends_with(d));
    let described = whole || compound;
    let adjectives_only = adjectives
        .iter()
        .all(|a| a.chars().next().is_some_and(char::is_lowercase));
    described && adjectives_only
}

/// An ORG mention that cannot own a figure.
pub fn is_employer(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    if NOT_EMPLOYERS.contains(&lower.as_str()) || is_description(name.trim()) {
        return false;
    }
    let last = lower.rsplit(['-', '‐', ' ']).next().unwrap_or("");
    if NOT_EMPLOYERS.contains(&last) && lower.contains(['-', '‐']) {
        return false;
    }
    let first = lower.split([' ', '-']).next().unwrap_or("");
    !(EMPLOYEE_BODIES.contains(&first) || names_a_body(&lower))
}

/// The (lower-case) words name a union, works council, association,
/// institute or other body that speaks of other employers' jobs.
fn names_a_body(lower: &str) -> bool {
    speaks_for_others(lower) || SOURCE_BODIES.iter().any(|b| lower.contains(b))
}

/// The (lower-case) words name a union, works council, association or
/// chamber: a body that speaks for other people's jobs and is never the
/// employer a job story is about.
pub(crate) fn speaks_for_others(lower: &str) -> bool {
    lower.contains("gewerkschaft")
        || lower.ends_with(" union")
        || lower.contains("betriebsrat")
        || SPEAKERS_FOR_OTHERS.iter().any(|b| lower.contains(b))
}

/// Words that make a sentence's figure a total of many employers ("die
/// Branche", "zusammen", "across 250 companies"): it belongs to none.
const AGGREGATE: &[&str] = &[
    "branche",
    "branchen",
    "industrie",
    "industry",
    "sector",
    "sektor",
    "zusammen",
    "together",
    "combined",
    "companies",
    "firms",
    "konzerne",
    "firmen",
    "arbeitgeber",
    "employers",
    "bundesweit",
    "deutschlandweit",
    "nationwide",
    "landesweit",
    "economy",
    "wirtschaft",
];

/// Parts of one company, in the plural.
const UNITS_SUMMED: &[&str] = &[
    "divisions",
    "units",
    "sparten",
    "bereiche",
    "geschäftsbereiche",
    "segments",
    "segmente",
    "abteilungen",
    "departments",
];

/// Firms of a kind, in the plural ("der Zulieferer" refers back to one):
/// people who work at them ("viele davon bei Dienstleistern", "work for
/// suppliers") are staff of many firms; not "including 30,000
/// contractors", the company's own.
const FIRMS_OF_A_KIND: &[&str] = &[
    "dienstleistern",
    "zulieferern",
    "callcentern",
    "suppliers",
    "contractors",
    "subcontractors",
];

/// Verbs whose particle is "zusammen" ("führt … zusammen", "legt …
/// zusammen"): one employer merging its own units.
const JOINING_VERBS: &[&str] = &[
    "führt",
    "führen",
    "führte",
    "führten",
    "legt",
    "legen",
    "legte",
    "legten",
    "fasst",
    "fassen",
    "fasste",
    "schließt",
    "schließen",
    "schloss",
    "schlossen",
];

/// The sentence speaks of many employers at once.
pub fn is_aggregate(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        // Not the particle of "führt seine Sparten zusammen und …"
        // (but "bei beiden Banken zusammen").
        let particle = w.is(&["zusammen"])
            && words
                .get(i + 1)
                .is_none_or(|n| n.is(&[".", ",", ";", "und", "!", "?"]))
            && words[..i].iter().any(|v| v.is(JOINING_VERBS));
        let at_firms =
            w.is(FIRMS_OF_A_KIND) && i > 0 && words[i - 1].is(&["bei", "in", "at", "for"]);
        // "two divisions that together employed 20,000": parts of one
        // employer, summed.
        let of_units =
            w.is(&["zusammen", "together", "combined"]) && words.iter().any(|u| u.is(UNITS_SUMMED));
        (w.is(AGGREGATE) && !particle && !of_units)
            || at_firms
            || (w.is_capitalised()
                && ["branche", "industrie", "handel", "wirtschaft"]
                    .iter()
                    .any(|s| w.lower.ends_with(s))
                // Ways of running an economy, not a trade's employers.
                && !w.is(&[
                    "kreislaufwirtschaft",
                    "marktwirtschaft",
                    "planwirtschaft",
                    "misswirtschaft",
                    "volkswirtschaft",
                ]))
    })
}

/// One sentence of the article as the context needs it.
pub struct Read {
    pub paragraph: usize,
    /// Its employers, as written (sources left out).
    pub employers: Vec<String>,
}

/// The employer the article is about: the most named one, a mention in the
/// lead (the first `lead` paragraphs: the headline and the first paragraph
/// below it) counting three times; ties go to the one named first. None
/// when no employer is named twice.
pub fn article_subject(read: &[Read], lead: usize) -> Option<String> {
    let mut weight: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    let mut order = 0;
    for r in read {
        for name in &r.employers {
            let entry = weight.entry(org_key(name)).or_insert_with(|| {
                order += 1;
                (0, order, name.clone())
            });
            entry.0 += if r.paragraph < lead { 3 } else { 1 };
        }
    }
    weight
        .into_values()
        .filter(|(w, _, _)| *w >= 2)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, name)| name)
}

/// The employer a figure of sentence `at` that names none belongs to: the
/// single employer of the nearest earlier sentence of its paragraph that
/// names any, else the article's subject.
pub fn inherited_owner(read: &[Read], at: usize, subject: Option<&str>) -> Option<String> {
    let paragraph = read[at].paragraph;
    for r in read[..at]
        .iter()
        .rev()
        .take_while(|r| r.paragraph == paragraph)
    {
        let mut names: Vec<String> = r.employers.iter().map(|n| org_key(n)).collect();
        names.sort();
        names.dedup();
        match names.len() {
            0 => continue,
            1 => return r.employers.first().cloned(),
            // Several: the article's subject if it is one of them.
            _ => {
                return subject
                    .filter(|s| names.contains(&org_key(s)))
                    .map(String::from)
            }
        }
    }
    subject.map(String::from)
}

#[cfg(test)]
mod tests;
