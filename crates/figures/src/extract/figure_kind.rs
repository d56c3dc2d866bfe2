//! What happens to the jobs of a figure: the kind its clause gives
//! ([`crate::kind`]), else the kind of the whole it is a part of, of the
//! list it is an item of, or of the figure it continues; people the
//! sentence says nothing about are no figure.

use super::Context;
use crate::context::list_item;
use crate::find::{is_part_of, Found};
use crate::kind::{has_cue, kind_of};
use crate::lexicon::REPORTED;
use crate::words::Word;
use crate::{Kind, Unit};
use std::ops::Range;

/// Words before a count of staff that make it the staff of someone.
const STAFF_OF: &[&str] = &[
    "die", "der", "den", "dem", "des", "ihre", "ihren", "seine", "seinen", "its", "their", "the",
    "(", "zusammen", "our", "unsere", "unseren", "unserer",
];

/// The whole a figure is a part of: its span and kind.
pub(super) type Whole = (Range<usize>, Kind);

/// What happens to the jobs of figure `f` (`others`: the spans of the
/// sentence's other figures), and the whole it is a part of, whose kind
/// and status it then takes; `None` for people the sentence says nothing
/// about ("600 Menschen").
pub(super) fn figure_kind(
    w: &[Word],
    f: &Found,
    found: &[Found],
    others: &[Range<usize>],
    context: &Context,
) -> Option<(Kind, Option<Whole>)> {
    let mut kind = kind_of(w, &f.span, f.kind, others);
    let parent = f
        .parent
        .and_then(|s| found.iter().find(|g| g.span.start == s));
    let mut whole_of_part = None;
    if let Some(p) = parent {
        let whole = kind_of(w, &p.span, p.kind, &[]);
        if is_part_of(w, &f.span, &p.span) && whole != Kind::Other {
            whole_of_part = Some((p.span.clone(), whole));
        }
        if kind == Kind::Other || whole_of_part.is_some() {
            kind = whole;
        }
    }
    if kind == Kind::Other {
        if let Some(g) = coordinated_with(w, f, found) {
            kind = kind_of(w, &g.span, g.kind, &[]);
        }
    }
    // A list item without a verb says what its introduction says.
    if kind == Kind::Other && list_item(w) {
        kind = context.intro.unwrap_or(Kind::Other);
    }
    if kind == Kind::Other {
        kind = continued_kind(w, f, found, context);
        // "… 1.600 neue Mitarbeiter einstellen, darunter rund 700
        // Busfahrer": the part is as sure as its whole.
        if whole_of_part.is_none() && kind != Kind::Other {
            whole_of_part = named_whole(w, f, found).map(|g| (g.span.clone(), kind));
        }
        // "werden es eher 3.500 sein" with nothing before it to continue.
        if kind == Kind::Other && f.parent.is_none() && crate::find::it_is_before(w, f.span.start) {
            return None;
        }
    }
    // "10.000 neue Mitarbeiter sollen eingestellt werden, darunter 1.500
    // Piloten": a part named with a noun of its own is as sure as its whole
    // too.
    // So is one joined to such a part ("darunter 200 Piloten und 300
    // Flugbegleiter").
    let part_word = |at: usize| crate::find::part_word_before(w, at);
    let joined_part = (f.span.start > 0 && w[f.span.start - 1].is(&["und", "and", "sowie"]))
        .then(|| {
            found.iter().find(|g| {
                g.span.end < f.span.start
                    && f.span.start - g.span.end <= 3
                    && part_word(g.span.start)
            })
        })
        .flatten();
    let part = if part_word(f.span.start) {
        Some(f)
    } else {
        joined_part
    };
    if let Some(part) = part.filter(|_| whole_of_part.is_none() && kind != Kind::Other) {
        whole_of_part = named_whole(w, part, found).map(|g| (g.span.clone(), kind));
    }
    // "die rund 5.000 Beschäftigten am Stammsitz", "(1.300
    // Beschäftigte)", "its 9,000 employees": the staff of someone, with
    // nothing happening to them, are a head count ("600 Mitarbeiter
    // protestierten" are not).
    // "ABB's more than 105,000 employees are committed to …"
    let possessive =
        f.span.start >= 2 && w[f.span.start - 1].is(&["s"]) && w[f.span.start - 2].is(&["'", "’"]);
    let determined = (f.span.start > 0 && w[f.span.start - 1].is(STAFF_OF)) || possessive;
    if kind == Kind::Other && f.unit == Unit::Employees && !f.weak && determined {
        kind = Kind::Workforce;
    }
    // People ("600 Menschen", "3.000 Beschäftigte kamen zur
    // Betriebsversammlung", "600 Mitarbeiter protestierten") count only
    // when the sentence says what they are: cut, hired, or a head count.
    let people = f.weak || f.unit == Unit::Employees;
    (!(people && kind == Kind::Other)).then_some((kind, whole_of_part))
}

/// The kind of a figure with no cue of its own that continues another:
/// a part named after its whole ("4.500 Mitarbeiter einstellen, darunter
/// rund 1.200 Auszubildende", "1.55 million people, including about 50,000
/// in Seattle") is what its whole is; "weitere 500 Stellen sollen folgen"
/// is what the article's last cut or hire was, and so are jobs a report
/// speaks of; "kommt auf 10.000 Mitarbeiter" is a
/// head count.
fn continued_kind(w: &[Word], f: &Found, found: &[Found], context: &Context) -> Kind {
    let Some(before) = f.span.start.checked_sub(1).map(|b| &w[b]) else {
        // "About 800 of those are in Linköping.": a part of the figure
        // before, with no verb of its own.
        if crate::find::of_them_at(w, f.span.end) && !has_cue(w, f.span.end..w.len()) {
            return context.last_kind.unwrap_or(Kind::Other);
        }
        return Kind::Other;
    };
    if crate::find::part_word_before(w, f.span.start) {
        let whole = named_whole(w, f, found).map(|g| kind_of(w, &g.span, g.kind, &[]));
        return whole.unwrap_or(Kind::Other);
    }
    // "Inzwischen sind es knapp 10.000" after a sentence on the cut.
    if f.parent.is_none() && crate::find::it_is_before(w, f.span.start) {
        return context.last_kind.unwrap_or(Kind::Other);
    }
    let follows = w[f.span.end..]
        .iter()
        .take_while(|n| !n.is(&[",", ";", ".", "!", "?"]))
        .any(|n| {
            n.is(&[
                "folgen", "folgten", "folgt", "follow", "follows", "followed",
            ])
        });
    if before.is(&["weitere", "weiteren", "further", "another"]) && follows {
        return context.last_change.unwrap_or(Kind::Other);
    }
    // "Zuvor hatte die „Bild“ von bis zu 4.500 Stellen berichtet": a report
    // of jobs tells of the cut or hire the article is about.
    // So are jobs an estimate holds possible ("Analysten halten zwischen
    // 5.000 und 6.500 Stellen für realistisch", "seien denkbar").
    // And jobs someone fears or expects ("Die IG BCE befürchtet, dass es
    // am Ende bis zu 3.000 Stellen werden könnten", "Analysten erwarten,
    // dass noch einmal 2.000 Stellen hinzukommen könnten").
    let estimate = w.iter().any(|n| {
        n.is(&[
            "realistisch",
            "denkbar",
            "möglich",
            "wahrscheinlich",
            "likely",
            "possible",
            "befürchtet",
            "befürchten",
            "fürchtet",
            "fürchten",
            "erwartet",
            "erwarten",
            "fears",
            "feared",
            "fear",
            "expects",
            "expect",
        ])
    });
    if f.unit == Unit::Jobs && !f.weak && (estimate || w.iter().any(|n| n.is(REPORTED))) {
        return context.last_change.unwrap_or(Kind::Other);
    }
    let amounts_to = f.span.start >= 2
        && before.is(&["auf"])
        && w[f.span.start - 2].is(&["kommt", "kam", "kommen", "kamen"]);
    if amounts_to && f.unit == Unit::Employees && !f.weak {
        return Kind::Workforce;
    }
    Kind::Other
}

/// The figure a part right after "darunter", "davon", "including", "of
/// them" is part of: the sentence's figure before it.
fn named_whole<'f>(w: &[Word], f: &Found, found: &'f [Found]) -> Option<&'f Found> {
    if !crate::find::part_word_before(w, f.span.start) {
        return None;
    }
    found.iter().rfind(|g| g.span.end <= f.span.start)
}

/// The figure before `f` that it is joined to under one verb, with no
/// verb of its own: "employs about 16,000 corporate staff worldwide and
/// about 361,000 people in total" (not "streicht 14.000 Stellen, und 600
/// Menschen protestieren").
fn coordinated_with<'f>(w: &[Word], f: &Found, found: &'f [Found]) -> Option<&'f Found> {
    let g = found.iter().rfind(|g| g.span.end <= f.span.start)?;
    let between = &w[g.span.end..f.span.start];
    let joined = between.len() <= 3
        && between
            .last()
            .is_some_and(|x| x.is(&["and", "und", "sowie"]))
        && between.iter().all(|x| x.is_alpha() && !x.is_capitalised());
    // "rund 9.000 und in Osteuropa insgesamt etwa 40.000 Mitarbeiter":
    // "und", then where.
    let joined_with_place = between.len() <= 5
        && between
            .first()
            .is_some_and(|x| x.is(&["and", "und", "sowie"]))
        && (1..between.len()).all(|i| {
            let x = &between[i];
            x.is_alpha() && (!x.is_capitalised() || between[i - 1].is(&["in", "im"]))
        });
    let joined = joined || joined_with_place;
    let ends = w.get(f.span.end).is_none_or(|n| {
        n.is(&[
            ",",
            ".",
            ";",
            "in",
            "at",
            "im",
            "am",
            "an",
            "bei",
            "worldwide",
            "weltweit",
            "globally",
            "insgesamt",
        ])
    });
    (joined && ends).then_some(g)
}
