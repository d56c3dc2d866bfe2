//! The job figures a sentence states: each amount followed by a counted
//! noun ("rund 14.000 Stellen"), or without one where it continues an
//! earlier figure ("davon 1.750 in Deutschland") or follows a counted noun
//! ("die Zahl der Beschäftigten sank um 2.500 auf 112.000").

use crate::amount::{amount_at, qualifier_before, Amount};
use crate::kind::has_cue;
use crate::lexicon::{
    counted_noun, GAP_STOP, NOT_A_COUNT, NOT_STAFF, WORKFORCE_NOUNS, YEAR_BEFORE,
};
use crate::words::Word;
use crate::{Kind, Unit};
pub use continuation::it_is_before;
use continuation::without_noun;
use std::ops::Range;

/// The counted noun after an amount: (word index, unit, kind of the noun,
/// weak noun, index of the phrase's last word).
fn noun_after(words: &[Word], a: &Amount) -> Option<(usize, Unit, Option<Kind>, bool, usize)> {
    let mut j = a.last + 1;
    if words.get(j).is_some_and(|w| w.is(NOT_A_COUNT)) {
        return None;
    }
    let mut gap = 0;
    let mut paired = false;
    while let Some(w) = words.get(j) {
        if let Some((unit, kind, weak)) = w.is_alpha().then(|| counted_noun(w.text)).flatten() {
            // "two people familiar with the plans": informants, no staff.
            if words
                .get(j + 1)
                .is_some_and(|n| n.is(&["familiar", "briefed"]))
            {
                return None;
            }
            // "14,000 cuts" counts jobs; "1.1 million announced cuts
            // nationwide" is a tally of many employers' plans.
            if w.is(&["cuts"]) && gap > 0 {
                return None;
            }
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
        // "1.000 neue Flugbegleiterinnen und Flugbegleiter": a gendered
        // pair names people, whatever their job.
        if let Some(last) = gendered_pair(words, j) {
            return Some((j, Unit::Employees, None, true, last));
        }
        // "9,500 management and non-operational roles"
        let pair = w.is(&["and", "und", "or", "oder"])
            && gap >= 1
            && words
                .get(j + 1)
                .is_some_and(|n| n.is_alpha() && !n.is(GAP_STOP));
        paired |= pair;
        // "150 KI- und Datenspezialisten": the dash of a compound's first
        // part whose second part the next noun gives.
        let truncated = w.text == "-"
            && words
                .get(j + 1)
                .is_some_and(|n| n.is(&["und", "oder", "sowie"]));
        let filler = pair || truncated || (w.is_alpha() && !w.is(GAP_STOP) && !w.is(NOT_A_COUNT));
        gap += 1;
        if !filler || gap > if paired { 3 } else { 2 } {
            return None;
        }
        j += 1;
    }
    None
}

/// Words `i..=last` are a noun in its female and male form
/// ("Flugbegleiterinnen und Flugbegleiter"): the index of the last.
fn gendered_pair(words: &[Word], i: usize) -> Option<usize> {
    let female = words[i].lower.strip_suffix("innen")?;
    let joined = words.get(i + 1)?.is(&["und", "oder"]);
    let male = words.get(i + 2)?;
    (words[i].is_capitalised()
        && joined
        && female.len() >= 4
        // "Kolleginnen und Kollegen", "Ärztinnen und Ärzte"
        && male.lower.starts_with(female)
        && male.lower.len() <= female.len() + 2
        && !male.is(NOT_STAFF))
    .then_some(i + 2)
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

#[derive(Clone)]
pub struct Found {
    pub amount: Amount,
    pub span: Range<usize>,
    pub noun: usize,
    pub unit: Unit,
    pub kind: Option<Kind>,
    pub weak: bool,
    pub qualifier: Option<(usize, bool)>,
    /// Where the figure whose noun this one shares starts ("davon
    /// 350.000"): its kind when the clause says nothing else.
    pub parent: Option<usize>,
}

/// Words from `i` are "of them" / "of whom" / "davon": the amount before
/// is a part of the figure before it ("3,000 of them", "8.500 davon").
pub(crate) fn of_them_at(w: &[Word], i: usize) -> bool {
    (w.get(i).is_some_and(|n| n.is(&["of"])) && w.get(i + 1).is_some_and(|n| n.is(&["them", "whom", "those", "these"])))
        // "etwa 8.500 davon in Deutschland"
        || w.get(i).is_some_and(|n| n.is(&["davon", "darunter"]))
}

/// Words before an amount that make it an earlier level of the count
/// before it ("down from 45,000", "nach 108.000 ein Jahr zuvor").
const LEVEL_FROM: &[&str] = &["from", "nach"];

/// The figure at words `span` is a part of the one at `whole` ("davon
/// 70.000 in Deutschland", "3,000 of them at its Regensburg site") with no
/// verb of its own after the comma that ends the whole's clause ("1.100
/// Stellen abbauen, davon 560"; not "und streicht davon 6.000"), or an
/// earlier level of the same count ("to 3,000 from 5,500", "down from
/// 45,000"): what happens to the whole happens to it.
pub fn is_part_of(w: &[Word], span: &Range<usize>, whole: &Range<usize>) -> bool {
    let before = part_word_before(w, span.start);
    let of_them = of_them_at(w, span.end);
    let between = whole.end..span.start;
    let own = between
        .clone()
        .rev()
        .find(|&i| w[i].is(&[","]))
        .map_or(between.clone(), |c| c + 1..between.end);
    let level = level_before(w, span.start);
    ((before || of_them) && !has_cue(w, own)) || level
}

/// The words before word `at` make what follows a part of a figure before
/// it: "davon", "darunter", "including", "of them" ("3,200 roles, of them
/// about 1,000 in the UK").
pub(crate) fn part_word_before(w: &[Word], at: usize) -> bool {
    let one = at > 0 && w[at - 1].is(&["davon", "darunter", "including"]);
    let of_them =
        at > 1 && w[at - 1].is(&["them", "whom", "those", "these"]) && w[at - 2].is(&["of"]);
    one || of_them
}

/// The words before word `at` make what follows an earlier level of the
/// count before it: "from", "nach", "compared with" ("97,000 employees,
/// compared with 108,000 a year earlier"), "verglichen mit".
pub(crate) fn level_before(w: &[Word], at: usize) -> bool {
    let compared = at > 1
        && ((w[at - 1].is(&["with", "to"]) && w[at - 2].is(&["compared"]))
            || (w[at - 1].is(&["mit"]) && w[at - 2].is(&["verglichen"])));
    (at > 0 && w[at - 1].is(LEVEL_FROM)) || compared
}

/// The number at word `i` ends a name ("ProSiebenSat.1", "Sat.1"): glued to
/// a word and a dot before it.
fn in_a_name(w: &[Word], i: usize) -> bool {
    i >= 2
        && w[i - 1].text == "."
        && w[i - 1].end == w[i].start
        && w[i - 2].end == w[i - 1].start
        && w[i - 2].is_alpha()
}

/// The figure of amount `a` (from word `start`, its qualifier included)
/// counted by the noun [`noun_after`] found.
fn counted(
    a: Amount,
    start: usize,
    qualifier: Option<(usize, bool)>,
    (noun, unit, kind, weak, last): (usize, Unit, Option<Kind>, bool, usize),
) -> Found {
    Found {
        span: start..last + 1,
        amount: a,
        noun,
        unit,
        kind,
        weak,
        qualifier,
        parent: None,
    }
}

/// The amounts of a sentence in reading order, years and sums of money
/// left out.
fn amounts<'w>(w: &'w [Word]) -> impl Iterator<Item = Amount> + 'w {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < w.len() {
            let Some(a) = amount_at(w, i) else {
                i += 1;
                continue;
            };
            i = a.last + 1;
            if !(is_year(w, &a) || after_currency(w, &a)) {
                return Some(a);
            }
        }
        None
    })
}

/// The amounts of a sentence that count jobs or staff, with their nouns.
/// `org_ends`: the word indices right after each organisation mention.
pub fn find_in_sentence(w: &[Word], org_ends: &[usize]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut pending: Option<Amount> = None; // "14.000 der 350.000 Stellen"
    for a in amounts(w) {
        if in_a_name(w, a.first) {
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
            found.push(counted(a, start, qualifier, (noun, unit, kind, weak, last)));
            continue;
        }
        // "Belegschaft von 1,54 Millionen", "workforce of 1.54 million"
        let workforce_noun = start >= 2
            && w[start - 1].is(&["von", "of"])
            && WORKFORCE_NOUNS
                .iter()
                .any(|n| w[start - 2].lower.ends_with(n));
        if workforce_noun && !w.get(a.last + 1).is_some_and(|n| n.is(NOT_A_COUNT)) {
            let last = a.last;
            let head_count = (
                start - 2,
                Unit::Employees,
                Some(Kind::Workforce),
                false,
                last,
            );
            found.push(counted(a, start - 2, qualifier, head_count));
            continue;
        }
        // "its 240,000-strong workforce", "die 5.000-köpfige Belegschaft":
        // a head count that describes the staff.
        let strong = w.get(a.last + 1).is_some_and(|n| n.text == "-")
            && w.get(a.last + 2).is_some_and(|n| {
                n.is(&[
                    "strong",
                    "köpfige",
                    "köpfigen",
                    "köpfiger",
                    "starke",
                    "starken",
                ])
            })
            && w.get(a.last + 3).is_some_and(|n| {
                WORKFORCE_NOUNS.iter().any(|s| n.lower.ends_with(s))
                    || n.is(&["staff", "team", "belegschaft", "mannschaft"])
            });
        if strong {
            let noun = a.last + 3;
            let head_count = (noun, Unit::Employees, Some(Kind::Workforce), false, noun);
            found.push(counted(a, start, qualifier, head_count));
            continue;
        }
        // "reduce headcount by about 7,000", "die Belegschaft um 2.000
        // verkleinern": a head count changed by people; the verb says how.
        let workforce_change = start >= 2
            && w[start - 1].is(&["by", "um"])
            && WORKFORCE_NOUNS
                .iter()
                .any(|n| w[start - 2].lower.ends_with(n));
        if workforce_change && !w.get(a.last + 1).is_some_and(|n| n.is(NOT_A_COUNT)) {
            found.push(Found {
                span: start..a.last + 1,
                noun: start - 2,
                unit: Unit::Employees,
                kind: None,
                weak: false,
                qualifier,
                amount: a,
                parent: None,
            });
            continue;
        }
        // "14.000 der 350.000 Stellen", "10.500 ihrer derzeit 26.000
        // Stellen" wait for their noun; "3,000 of them" continues the
        // figure before it.
        let of_next = !of_them_at(w, a.last + 1)
            && w.get(a.last + 1)
                .is_some_and(|n| n.is(&["der", "of", "von", "ihrer", "seiner"]));
        if of_next {
            // "Rund 1.700 der betroffenen Stellen": a part of the jobs
            // named after it, when no head count follows.
            let count_follows =
                (a.last + 2..(a.last + 6).min(w.len())).any(|k| amount_at(w, k).is_some());
            let part = Amount {
                last: a.last + 1,
                ..a.clone()
            };
            if let Some(n) =
                noun_after(w, &part).filter(|_| !count_follows && w[a.last + 1].is(&["der"]))
            {
                found.push(counted(a, start, qualifier, n));
                continue;
            }
            // "About 1,000 of the roles will go", "2,600 of the cuts will be
            // in Germany": a part of the jobs the article counts.
            let of_the = w[a.last + 1].is(&["of"])
                && w.get(a.last + 2)
                    .is_some_and(|n| n.is(&["the", "these", "those"]));
            let noun = w.get(a.last + 3).filter(|n| n.is_alpha());
            if let Some((unit, kind, weak)) = noun
                .filter(|_| of_the && !count_follows)
                .and_then(|n| counted_noun(n.text))
            {
                let noun = a.last + 3;
                found.push(counted(a, start, qualifier, (noun, unit, kind, weak, noun)));
                continue;
            }
            pending = Some(a);
            continue;
        }
        if let Some(f) = without_noun(w, &a, start, &found, org_ends) {
            found.push(Found { qualifier, ..f });
        }
    }
    found.sort_by_key(|f| f.span.start);
    found
}

/// The amounts of an answer to a question about a count ("Wie viele
/// Menschen arbeiten für Trumpf?" – "Weltweit knapp 19.000, in Ditzingen
/// rund 4.700."): bare amounts count what the question asked for, with
/// its kind (what its verb says); amounts with a noun of
/// their own are left to [`find_in_sentence`]. None when `question` asks
/// no such thing.
pub fn answer_to(w: &[Word], question: &[Word]) -> Vec<Found> {
    let asks = question.last().is_some_and(|l| l.text == "?")
        && (0..question.len().saturating_sub(1)).any(|i| {
            (question[i].is(&["wie"]) && question[i + 1].is(&["viele"]))
                || (question[i].is(&["how"]) && question[i + 1].is(&["many"]))
        });
    let asked = question
        .iter()
        .find_map(|q| q.is_alpha().then(|| counted_noun(q.text)).flatten());
    let (Some((unit, noun_kind, weak)), true) = (asked, asks) else {
        return Vec::new();
    };
    let asked_kind = crate::kind::sentence_cue(question);
    let mut found = Vec::new();
    for a in amounts(w) {
        if noun_after(w, &a).is_some() {
            continue;
        }
        let qualifier = qualifier_before(w, a.first);
        let start = qualifier.map_or(a.first, |(q, _)| q);
        found.push(Found {
            span: start..a.last + 1,
            noun: start,
            unit,
            kind: noun_kind.or(asked_kind),
            weak,
            qualifier,
            amount: a,
            parent: None,
        });
    }
    found
}

mod continuation;
