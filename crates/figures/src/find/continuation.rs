//! Amounts without a noun of their own that still count jobs: a part or
//! a continuation of an earlier figure ("davon 1.750 in Deutschland",
//! "weltweit sind es etwa 157.000"), a count after a verb of employment,
//! or a change or level of a counted noun before it ("die Zahl der
//! Beschäftigten sank um 2.500 auf 112.000").

use super::noun_after;
use super::{of_them_at, Found, LEVEL_FROM};
use crate::amount::{amount_at, Amount};
use crate::kind::has_cue;
use crate::lexicon::{counted_noun, NOT_A_COUNT, OF_WHICH, WORKFORCE_NOUNS};
use crate::words::Word;
use crate::{Kind, Unit};

/// An amount without a noun of its own that still counts jobs: part of an
/// earlier figure ("davon 1.750 in Deutschland", "1.200 Angestellte in den
/// USA und 300 in Irland"), or after a counted noun ("die Zahl der
/// Beschäftigten sank um 2.500 auf 112.000", "trimmed its staff by 27,000").
pub(super) fn without_noun(
    w: &[Word],
    a: &Amount,
    start: usize,
    found: &[Found],
    org_ends: &[usize],
) -> Option<Found> {
    if w.get(a.last + 1).is_some_and(|n| n.is(NOT_A_COUNT)) {
        return None;
    }
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
    if start == 0 {
        // "… fallen 11.000 Arbeitsplätze weg. 5.000 davon werden in der
        // Produktion abgebaut": a part of the article's figure before it
        // (its kind is read with the article).
        return of_them_at(w, a.last + 1).then_some(base);
    }
    let from = w[start - 1].is(&["from", "von"]);
    // "shrank from about 3,000 to 1,200 people": the earlier level of the
    // count after it.
    if from && w.get(a.last + 1).is_some_and(|n| n.is(&["to", "auf"])) {
        let level = amount_at(w, a.last + 2).and_then(|b| noun_after(w, &b));
        if let Some((noun, unit, _, weak, _)) = level {
            return Some(Found {
                noun,
                unit,
                weak,
                kind: Some(Kind::Workforce),
                ..base
            });
        }
    }
    if employed_before(w, a, start) {
        return Some(Found {
            unit: Unit::Employees,
            kind: Some(Kind::Workforce),
            ..base
        });
    }
    // "Bereits eingestellt wurden nach Unternehmensangaben 1.800.": a
    // sentence opening with the verb (a German passive) and ending in the
    // bare count of what it happened to.
    let ends_sentence = w
        .get(a.last + 1)
        .is_none_or(|n| n.is(&[".", "!"]) && a.last + 2 >= w.len());
    let verb_first = (0..2).any(|i| {
        w.len() > i + 1
            && has_cue(w, i..i + 1)
            && w[i + 1].is(&["wurden", "werden", "wurde", "sind", "seien", "sollen"])
    }) && w[..start].iter().all(|x| !x.is_number());
    if ends_sentence && verb_first {
        return Some(base);
    }
    if let Some(parent) = earlier_figure(w, a, start, found, org_ends) {
        // A continuation with no figure before it near enough is none,
        // unless it is where a level started ("staff from 9,000 to 5,000").
        let Some(parent) = parent else {
            // "Bis 2026 sollen weitere 1.100 wegfallen": the verb right
            // after the amount says what happens to the jobs the article
            // counts.
            let further = w[start - 1].is(&["weitere", "weiteren", "further", "another"]);
            if further && has_cue(w, a.last + 1..(a.last + 2).min(w.len())) {
                return Some(base);
            }
            // "Inzwischen sind es knapp 10.000": continues the article's
            // last figure (its kind is read with the article).
            if it_is_before(w, start) {
                return Some(base);
            }
            return if from {
                change_or_level(w, start, found, base)
            } else {
                None
            };
        };
        // It counts what its figure counts: "Menschen" only where a verb
        // says they are staff ("beschäftigt … 50.000 Menschen, weltweit
        // sind es 157.000").
        return Some(Found {
            noun: parent.noun,
            unit: parent.unit,
            weak: parent.weak,
            parent: Some(parent.span.start),
            ..base
        });
    }
    change_or_level(w, start, found, base)
}

/// "sind es" / "waren es" before the amount at word `start`, at most three
/// words between ("Inzwischen sind es nach Unternehmensangaben knapp
/// 10.000", "Im Frühjahr waren es noch etwa 12.500"): the count continues
/// the one before it, in this sentence or an earlier one.
pub fn it_is_before(w: &[Word], start: usize) -> bool {
    (1..=4).any(|gap| {
        start > gap
            && w[start - gap].is(&["es"])
            && w[start - gap - 1].is(&["sind", "waren", "seien", "wären", "werden", "würden"])
            && w[start - gap + 1..start].iter().all(Word::is_alpha)
    })
}

/// A count right after a verb of employment, ending its clause: "Am
/// Standort Sindelfingen arbeiten rund 35.000.", "employs about 9,000,",
/// "weltweit beschäftigt der Familienkonzern rund 22.000.".
fn employed_before(w: &[Word], a: &Amount, start: usize) -> bool {
    // "beschäftigt in Österreich rund 16.000 und in Osteuropa etwa 45.000
    // Mitarbeiter": the noun of the count it is joined to.
    let joined_to_count = w.get(a.last + 1).is_some_and(|n| n.is(&["und", "and"]))
        && (a.last + 2..(a.last + 9).min(w.len()))
            .any(|i| amount_at(w, i).is_some_and(|b| noun_after(w, &b).is_some_and(|n| !n.3)));
    let ends = joined_to_count
        || w.get(a.last + 1)
            .is_none_or(|n| n.is(&[".", ",", ";", "!"]));
    let verb = (1..=4).any(|back| {
        start >= back
            && w[start - back].is(&[
                "arbeiten",
                "arbeitet",
                "arbeiteten",
                "beschäftigt",
                "beschäftigte",
                "beschäftigen",
                "employs",
                "employed",
                "employ",
            ])
            && (start - back + 1..start).all(|i| {
                let x = &w[i];
                // "in Österreich": a place, not another company.
                let place = w[i - 1].is(&["in", "im"]);
                x.is_alpha()
                    && (!x.is_capitalised()
                        || place
                        || crate::context::refers_back(std::slice::from_ref(x)))
            })
    });
    ends && verb
}

/// When the words around the amount say it continues an earlier figure:
/// that figure, if one is near enough (`Some(None)` when none is); `None`
/// when the amount continues nothing.
fn earlier_figure<'f>(
    w: &[Word],
    a: &Amount,
    start: usize,
    found: &'f [Found],
    org_ends: &[usize],
) -> Option<Option<&'f Found>> {
    let prev = &w[start - 1];
    // "und 300 in Irland" (not "und 12 Standorte": a noun of its own).
    let place_after = w
        .get(a.last + 1)
        .is_none_or(|n| n.is(&["in", "im", "bei", "at", "from", ",", ".", ";"]));
    // "weitere 6.000 durch Auslagerungen", "a further 10,000", "from 29,600
    // a year earlier", and a list without verbs: "Schaeffler will 4.700
    // Stellen streichen, Mahle rund 1.000."
    let ends_clause = w
        .get(a.last + 1)
        .is_none_or(|n| n.is(&[".", ",", ";", ")", ":"]));
    // "weltweit sind es etwa 157.000", "nach 124.800 Ende 2023", "in
    // Germany (2,900) and Britain (800)".
    let it_is = it_is_before(w, start);
    let of_them = of_them_at(w, a.last + 1);
    // "beschäftigt in Deutschland rund 28.000 Menschen, weltweit etwa
    // 100.000": the same count for a wider scope, after a comma.
    let wider = prev.is(&["weltweit", "worldwide", "globally", "insgesamt"])
        && start >= 2
        && w[start - 2].is(&[","]);
    // "9,000 roles, on top of 6,000 in May"
    let on_top = prev.is(&["of"]) && start >= 2 && w[start - 2].is(&["top"]);
    // "Von den 5.500 Stellen entfallen rund 3.800 auf Deutschland", "Of
    // the 14,000 roles, about 4,000 are in Seattle": the sentence opens
    // with the whole its other amounts are parts of.
    let opened_by_whole = w.len() > 2
        && w[0].is(&["von", "of"])
        && w[1].is(&["den", "the", "its", "seinen", "ihren"])
        && found
            .first()
            .is_some_and(|f| f.span.start <= 3 && f.span.end < start);
    // "Cisco cut roughly 5,600 jobs; Dell has shed more than 10,000.": a
    // company, its verb and a bare count that ends the clause, after a
    // figure whose noun it leaves out.
    let verb_then_count = ends_clause
        && start >= 2
        && has_cue(w, start - 2..start)
        && org_ends.iter().any(|&e| e < start && e + 4 >= start);
    let continues = prev.is(&[
        "weitere", "weiteren", "further", "another", "from", "nach", "(",
    ]) || super::level_before(w, start)
        || super::part_word_before(w, start)
        || it_is
        || verb_then_count
        || opened_by_whole
        || on_top
        || wider
        || of_them
        || (start >= 2 && org_ends.contains(&start) && ends_clause);
    if continues {
        // "…, down from roughly 100,000 a year earlier" reaches further.
        let down_from = start >= 2 && w[start - 2].is(&["down", "up"]);
        let reach = if prev.is(LEVEL_FROM) && !down_from {
            6
        } else if super::level_before(w, start) {
            // ", compared with 108,000 a year earlier"
            10
        } else {
            16
        };
        return Some(
            found
                .iter()
                .rev()
                // Not a level of a vague amount of people ("hire several
                // thousand engineers, up from 2,000 this year").
                .find(|f| f.span.end + reach >= start && !(f.weak && f.amount.vague)),
        );
    }
    if prev.is(OF_WHICH) && (!prev.is(&["und", "and"]) || place_after) {
        return Some(found.iter().rev().find(|f| f.span.end + 6 >= start));
    }
    // "darunter 1.500 Piloten und 4.000 Flugbegleiter": the next part of
    // the same whole, whatever its noun.
    if prev.is(&["und", "and", "sowie"]) {
        if let Some(sibling) = found
            .last()
            .filter(|f| f.span.end + 3 >= start && f.parent.is_some())
        {
            let whole = found.iter().find(|g| Some(g.span.start) == sibling.parent);
            return whole.map(Some);
        }
    }
    None
}

/// An amount after "um"/"by" (a change) or "auf"/"to"/"von"/"from" (a
/// level) of a counted noun earlier in its clause.
fn change_or_level(w: &[Word], start: usize, found: &[Found], base: Found) -> Option<Found> {
    let prev = &w[start - 1];
    let level = prev.is(&["auf", "to", "von", "from"]);
    if !(level || prev.is(&["um", "by"])) {
        return None;
    }
    let clause = crate::kind::clause(w, &base.span);
    // "The bank's headcount has fallen … to about 210,000": the level of a
    // workforce.
    let workforce = (clause.start..start - 1)
        .rev()
        .find(|&i| WORKFORCE_NOUNS.iter().any(|n| w[i].lower.ends_with(n)));
    if let (true, Some(noun)) = (level, workforce) {
        return Some(Found {
            noun,
            unit: Unit::Employees,
            kind: Some(Kind::Workforce),
            ..base
        });
    }
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
