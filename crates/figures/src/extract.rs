//! Figures of one document: sentence by sentence, each amount followed by a
//! counted noun becomes a figure with its kind and organisation.

use crate::amount::{amount_at, qualifier_before, Amount};
use crate::attribute::{attribute, org_refs, OrgRef};
use crate::context::{labelled, refers_back, single_actor, with_known_names};
use crate::kind::kind_of;
use crate::lexicon::{counted_noun, GAP_STOP, NOT_A_COUNT, OF_WHICH, WORKFORCE_NOUNS, YEAR_BEFORE};
use crate::sentences::sentences;
use crate::words::{words, Word};
use crate::{Figure, Kind, OrgSpan, Unit};
use std::collections::BTreeSet;
use std::ops::Range;

/// The counted noun after an amount: (word index, unit, kind of the noun,
/// weak noun, index of the phrase's last word).
fn noun_after(words: &[Word], a: &Amount) -> Option<(usize, Unit, Option<Kind>, bool, usize)> {
    let mut j = a.last + 1;
    if words.get(j).is_some_and(|w| w.is(NOT_A_COUNT)) {
        return None;
    }
    let mut gap = 0;
    while let Some(w) = words.get(j) {
        if let Some((unit, kind, weak)) = w.is_alpha().then(|| counted_noun(w.text)).flatten() {
            // "job cuts", "job losses"
            let cut_after = words.get(j + 1).is_some_and(|n| n.is(&["cuts", "losses"]));
            let last = if cut_after { j + 1 } else { j };
            let kind = if cut_after { Some(Kind::Cut) } else { kind };
            return Some((j, unit, kind, weak, last));
        }
        // "hundreds of jobs", "Hunderte von Stellen", "10,000 or more jobs"
        let linking = (a.vague && w.is(&["of", "von"]))
            || (w.is(&["or", "oder"]) && words.get(j + 1).is_some_and(|n| n.is(&["more", "mehr"])));
        if linking {
            j += if w.is(&["of", "von"]) { 1 } else { 2 };
            continue;
        }
        let filler = w.is_alpha() && !w.is(GAP_STOP) && !w.is(NOT_A_COUNT);
        gap += 1;
        if !filler || gap > 2 {
            return None;
        }
        j += 1;
    }
    None
}

/// "2025 Mitarbeiter" after "im Jahr", "bis", ...: a year, not a count.
/// "2025 mehrfach Personal": a year-like number counts only when its noun
/// follows at once and no year preposition comes before it.
fn is_year(words: &[Word], a: &Amount) -> bool {
    let year_like = a.bare_digits && (1900..=2100).contains(&a.value);
    let before =
        a.first > 0 && (words[a.first - 1].is(YEAR_BEFORE) || words[a.first - 1].is_number());
    let noun_next = words
        .get(a.last + 1)
        .is_some_and(|w| w.is_alpha() && counted_noun(w.text).is_some());
    year_like && (before || !noun_next)
}

/// "$20 million", "€ 500": money, whatever follows.
fn after_currency(words: &[Word], a: &Amount) -> bool {
    a.first > 0 && words[a.first - 1].is(&["$", "€", "£", "us$", "usd", "eur", "chf"])
}

/// The document text of words `r`.
fn phrase(doc: &[char], w: &[Word], r: &Range<usize>) -> String {
    doc[w[r.start].start..w[r.end - 1].end].iter().collect()
}

#[derive(Clone)]
struct Found {
    amount: Amount,
    span: Range<usize>,
    noun: usize,
    unit: Unit,
    kind: Option<Kind>,
    weak: bool,
    qualifier: Option<(usize, bool)>,
    /// Where the figure whose noun this one shares starts ("davon
    /// 350.000"): its kind when the clause says nothing else.
    parent: Option<usize>,
}

/// An amount without a noun of its own that still counts jobs: part of an
/// earlier figure ("davon 1.750 in Deutschland", "1.200 Angestellte in den
/// USA und 300 in Irland"), or after a counted noun ("die Zahl der
/// Beschäftigten sank um 2.500 auf 112.000", "trimmed its staff by 27,000").
fn without_noun(w: &[Word], a: &Amount, start: usize, found: &[Found]) -> Option<Found> {
    if w.get(a.last + 1).is_some_and(|n| n.is(NOT_A_COUNT)) || start == 0 {
        return None;
    }
    let prev = &w[start - 1];
    let base = Found {
        amount: a.clone(),
        span: start..a.last + 1,
        noun: start,
        unit: Unit::Jobs,
        kind: None,
        weak: false,
        qualifier: None,
        parent: None,
    };
    // "und 300 in Irland" (not "und 12 Standorte": a noun of its own).
    let place_after = w
        .get(a.last + 1)
        .is_none_or(|n| n.is(&["in", "im", "bei", "at", "from", ",", ".", ";"]));
    if prev.is(OF_WHICH) && (!prev.is(&["und", "and"]) || place_after) {
        let parent = found.iter().rev().find(|f| f.span.end + 6 >= start)?;
        return Some(Found {
            noun: parent.noun,
            unit: parent.unit,
            parent: Some(parent.span.start),
            ..base
        });
    }
    let level = prev.is(&["auf", "to", "von", "from"]);
    if !(level || prev.is(&["um", "by"])) {
        return None;
    }
    let clause = crate::kind::clause(w, &(start..a.last + 1));
    // A noun already counted by an amount after it is taken ("14.000 Stellen");
    // one counted by an amount before it can take more ("um 2.500 auf 112.000").
    let used = |i: usize| {
        found
            .iter()
            .any(|f| f.span.contains(&i) || (f.noun == i && f.noun >= f.span.start))
    };
    let (noun, (unit, _, _)) = (clause.start..start - 1)
        .rev()
        .filter(|&i| !used(i) && w[i].is_alpha())
        .find_map(|i| {
            counted_noun(w[i].text)
                .filter(|(_, _, weak)| !weak)
                .map(|c| (i, c))
        })?;
    Some(Found {
        noun,
        unit,
        kind: level.then_some(Kind::Workforce),
        ..base
    })
}

fn find_in_sentence(w: &[Word]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut pending: Option<Amount> = None; // "14.000 der 350.000 Stellen"
    let mut i = 0;
    while i < w.len() {
        let Some(a) = amount_at(w, i) else {
            i += 1;
            continue;
        };
        i = a.last + 1;
        if is_year(w, &a) || after_currency(w, &a) {
            continue;
        }
        let qualifier = qualifier_before(w, a.first);
        let start = qualifier.map_or(a.first, |(q, _)| q);
        if let Some((noun, unit, kind, weak, last)) = noun_after(w, &a) {
            if let Some(p) = pending.take().filter(|p| a.first <= p.last + 5) {
                let q = qualifier_before(w, p.first);
                found.push(Found {
                    span: q.map_or(p.first, |(s, _)| s)..p.last + 1,
                    amount: p,
                    noun,
                    unit,
                    kind,
                    weak,
                    qualifier: q,
                    parent: None,
                });
            }
            found.push(Found {
                span: start..last + 1,
                amount: a,
                noun,
                unit,
                kind,
                weak,
                qualifier,
                parent: None,
            });
            continue;
        }
        // "Belegschaft von 1,54 Millionen", "workforce of 1.54 million"
        let workforce_noun = start >= 2
            && w[start - 1].is(&["von", "of"])
            && WORKFORCE_NOUNS
                .iter()
                .any(|n| w[start - 2].lower.ends_with(n));
        if workforce_noun && !w.get(a.last + 1).is_some_and(|n| n.is(NOT_A_COUNT)) {
            found.push(Found {
                span: start - 2..a.last + 1,
                noun: start - 2,
                unit: Unit::Employees,
                kind: Some(Kind::Workforce),
                weak: false,
                qualifier,
                amount: a,
                parent: None,
            });
            continue;
        }
        let of_next = w
            .get(a.last + 1)
            .is_some_and(|n| n.is(&["der", "of", "von"]));
        if of_next {
            pending = Some(a);
            continue;
        }
        if let Some(f) = without_noun(w, &a, start, &found) {
            found.push(Found { qualifier, ..f });
        }
    }
    found.sort_by_key(|f| f.span.start);
    found
}

/// The job figures of a document. `orgs`: its ORG mentions (character
/// offsets into `text`).
pub fn extract(doc: &str, text: &str, orgs: &[OrgSpan]) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    // "Jobs" tagged as an organisation is the counted noun, not a company.
    let orgs: Vec<OrgSpan> = orgs
        .iter()
        .copied()
        .filter(|o| o.start < o.end && o.end <= chars.len())
        .filter(|o| {
            let name: String = chars[o.start..o.end].iter().collect();
            name.contains(['-', '‐']) || counted_noun(&name).is_none()
        })
        .collect();
    let orgs = with_known_names(&chars, &orgs);
    let known: BTreeSet<String> = orgs
        .iter()
        .map(|o| {
            chars[o.start..o.end]
                .iter()
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let orgs = &orgs[..];
    let mut out = Vec::new();
    let mut previous_orgs: Vec<OrgRef> = Vec::new();
    for s in sentences(text) {
        let all_words = words(s.text, s.start);
        // A run-on "sentence" (a table, a list without periods) is read in
        // pieces, so that the cost stays linear in the text.
        for w in all_words.chunks(MAX_SENTENCE_WORDS) {
            let sentence: String = if all_words.len() <= MAX_SENTENCE_WORDS {
                s.text.to_string()
            } else {
                chars[w[0].start..w[w.len() - 1].end].iter().collect()
            };
            let refs = org_refs(w, orgs, &chars);
            for f in sentence_figures(w, &refs, &known, &previous_orgs) {
                let (kind, org, f) = f;
                out.push(Figure {
                    doc: doc.to_string(),
                    org,
                    entity: None,
                    value: f.amount.value,
                    value_max: f.amount.value_max,
                    approx: f.amount.vague || f.qualifier.is_some_and(|(_, approx)| approx),
                    kind,
                    unit: f.unit,
                    qualifier: f
                        .qualifier
                        .map(|(q, _)| phrase(&chars, w, &(q..f.amount.first))),
                    text: phrase(&chars, w, &f.span),
                    start: w[f.span.start].start,
                    end: w[f.span.end - 1].end,
                    sentence: sentence.clone(),
                });
            }
            previous_orgs = refs;
        }
    }
    out
}

/// Sentences longer than this (in words) are read in pieces of this size.
const MAX_SENTENCE_WORDS: usize = 300;

/// The figures of one sentence: kind, organisation and what was found.
fn sentence_figures(
    w: &[Word],
    refs: &[OrgRef],
    known: &BTreeSet<String>,
    previous_orgs: &[OrgRef],
) -> Vec<(Kind, Option<String>, Found)> {
    let found = find_in_sentence(w);
    let spans: Vec<Range<usize>> = found.iter().map(|f| f.span.clone()).collect();
    let mut out = Vec::new();
    for (n, f) in found.iter().enumerate() {
        let others: Vec<Range<usize>> = spans
            .iter()
            .enumerate()
            .filter(|(m, _)| *m != n)
            .map(|(_, s)| s.clone())
            .collect();
        let mut kind = kind_of(w, &f.span, f.kind, &others);
        if kind == Kind::Other {
            let parent = f
                .parent
                .and_then(|s| found.iter().find(|g| g.span.start == s));
            if let Some(p) = parent {
                kind = kind_of(w, &p.span, p.kind, &[]);
            }
        }
        // "600 Menschen" counts only when the sentence says what they are:
        // cut, hired, or a head count.
        if f.weak && kind == Kind::Other {
            continue;
        }
        let mut org = attribute(w, refs, &f.span, f.noun, known);
        if org.is_none() && refs.iter().all(|o| o.source) && refers_back(w) && !labelled(w) {
            org = single_actor(previous_orgs);
        }
        out.push((kind, org, f.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org_of(text: &str, org: &str) -> Option<String> {
        owner_of(text, &[org])
    }

    /// The owner of the one figure of `text`, whose organisations are `orgs`.
    fn owner_of(text: &str, orgs: &[&str]) -> Option<String> {
        let spans: Vec<OrgSpan> = orgs
            .iter()
            .map(|org| {
                let start = text[..text.find(org).unwrap()].chars().count();
                OrgSpan {
                    start,
                    end: start + org.chars().count(),
                }
            })
            .collect();
        let figures = extract("d", text, &spans);
        assert_eq!(figures.len(), 1, "{text}: {figures:?}");
        figures[0].org.clone()
    }

    #[test]
    fn whoever_estimates_a_figure_does_not_own_it() {
        assert_eq!(
            org_of(
                "Die New York Times hält bis zu 30.000 Streichungen für möglich.",
                "New York Times"
            ),
            None
        );
        assert_eq!(
            org_of(
                "Analysten von Gartner schätzen, dass 5.000 Stellen wegfallen.",
                "Gartner"
            ),
            None
        );
        let own = "Amazon hält an seinen Plänen fest und streicht 14.000 Stellen.";
        assert_eq!(org_of(own, "Amazon").as_deref(), Some("Amazon"));
    }

    #[test]
    fn a_unit_named_after_its_owner_does_not_own_the_figure() {
        let en = "Meta, led by Mark Zuckerberg, cut about 600 jobs in its AI unit last week.";
        assert_eq!(owner_of(en, &["Meta", "AI"]).as_deref(), Some("Meta"));
        let de = "Der Konzern Bosch streicht 5.000 Stellen in seiner Sparte BSH.";
        assert_eq!(owner_of(de, &["Bosch", "BSH"]).as_deref(), Some("Bosch"));
        // Not a part: "bei" names the owner.
        let at = "Bosch streicht 5.000 Stellen bei BSH.";
        assert_eq!(owner_of(at, &["Bosch", "BSH"]).as_deref(), Some("BSH"));
    }

    /// Random texts from the pieces job figures are made of: no panic,
    /// every figure at valid character offsets of the text.
    #[test]
    fn any_text_gives_figures_at_their_offsets() {
        const PIECES: &[&str] = &[
            "Amazon",
            " ",
            ". ",
            ",",
            "14.000",
            "1,54",
            "Millionen",
            "Stellen",
            "Jobs",
            "-",
            "bis",
            "zu",
            "rund",
            "mehrere",
            "hundert",
            "streicht",
            "der",
            "von",
            "mit",
            "\n\n",
            "’",
            "'s",
            "%",
            "2025",
            "3.",
            "z. B.",
            ":",
            "Mitarbeiter",
            "Amazon-Mitarbeiter",
            "laut",
            "Reuters",
            "é",
            "🙂",
            "und",
            "davon",
            "um",
            "auf",
            "of",
            "thousands",
            "cut",
            "jobs",
            "(",
            ")",
            "Konzern",
            "0",
            "999999999999999999999",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut found = 0;
        for _ in 0..2000 {
            let len = (next() % 40) as usize;
            // Mostly space-separated, sometimes glued ("14.000Stellen").
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                if next() % 5 != 0 {
                    text.push(' ');
                }
            }
            let chars: Vec<char> = text.chars().collect();
            // A few random ORG spans, some past the end of the text.
            let mut orgs: Vec<OrgSpan> = Vec::new();
            for _ in 0..(next() % 4) {
                let s = (next() % (chars.len() as u64 + 1)) as usize;
                let e = s + (next() % 8) as usize;
                orgs.push(OrgSpan { start: s, end: e });
            }
            orgs.sort_by_key(|o| (o.start, o.end));
            for f in extract("d", &text, &orgs) {
                found += 1;
                assert!(f.start < f.end && f.end <= chars.len(), "{text:?}: {f:?}");
                let at: String = chars[f.start..f.end].iter().collect();
                assert_eq!(at, f.text, "{text:?}");
            }
        }
        assert!(found > 100, "the random texts should hold figures: {found}");
    }
}
