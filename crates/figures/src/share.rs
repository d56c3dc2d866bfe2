//! A cut or hire given as a share of a stated workforce: "Die Entlassungen
//! betreffen etwa vier Prozent der weltweit 350.000 Mitarbeiter", "cut 10%
//! of its 80,000 staff". The head count is the workforce figure; the cut is
//! derived from it (`derived: true`) unless the article states it as a
//! number too.

use crate::amount::{amount_at, Amount};
use crate::kind::kind_of;
use crate::lexicon::{FRACTIONS, FRACTION_PARTS, WORKFORCE_NOUNS};
use crate::words::Word;
use crate::{Figure, Kind};
use std::ops::Range;

/// Words between the share and the head count ("vier Prozent der
/// weltweit", "10% of its").
const BETWEEN: &[&str] = &[
    "der",
    "den",
    "dem",
    "des",
    "von",
    "of",
    "its",
    "their",
    "those",
    "these",
    "dieser",
    "seiner",
    "ihrer",
    "seine",
    "ihre",
    "seinen",
    "ihren",
    "the",
    "weltweit",
    "weltweiten",
    "gesamten",
    "globalen",
    "worldwide",
    "global",
    "entire",
    "insgesamt",
    "total",
    "rund",
    "etwa",
    "about",
    "around",
    "knapp",
    "roughly",
    "some",
    "approximately",
    "nearly",
    "fast",
];

/// A share before a head count.
pub struct Share {
    /// Words of the share ("vier Prozent", "ein Fünftel").
    pub span: Range<usize>,
    /// Parts, with an upper bound for a range ("drei bis vier Prozent"),
    /// of `per` ("vier Prozent": 4 of 100; "zwei Drittel": 2 of 3).
    pub parts: (u64, Option<u64>),
    pub per: u64,
    /// What the share does: cut or hire.
    pub kind: Kind,
}

/// The share of the head count starting at word `start`, if the words
/// before it give one and the clause says what happens to it.
pub fn share_before(words: &[Word], start: usize) -> Option<Share> {
    let mut i = start;
    let mut skipped = 0;
    while i > 0 && words[i - 1].is(BETWEEN) && skipped < 4 {
        i -= 1;
        skipped += 1;
    }
    if skipped == 0 || i == 0 {
        return None;
    }
    let (parts, per, first) = percent_at(words, i - 1, i.saturating_sub(4))?;
    let span = first..i;
    let kind = kind_of(words, &span, None, &[]);
    matches!(kind, Kind::Cut | Kind::Hire).then_some(Share {
        span,
        parts,
        per,
        kind,
    })
}

/// `parts` of `per` of `base`, rounded.
pub fn of(parts: u64, per: u64, base: u64) -> u64 {
    let per = per.max(1);
    (base.saturating_mul(parts).saturating_mul(2) + per) / (2 * per)
}

/// The share a fraction word at `unit` gives ("ein Fünftel", "die Hälfte",
/// "two thirds", "half"): (parts, per) and the word where it starts.
fn fraction_at(words: &[Word], unit: usize) -> Option<((u64, u64), usize)> {
    let per = FRACTIONS.iter().find(|(f, _)| words[unit].lower == *f)?.1;
    let before = unit.checked_sub(1).map(|b| &words[b]);
    let counted = before.and_then(|b| FRACTION_PARTS.iter().find(|(n, _)| b.lower == *n));
    match counted {
        Some((_, parts)) if *parts < per => Some(((*parts, per), unit - 1)),
        // "die Hälfte", "half of its staff"
        _ if per == 2 => {
            let article = before.is_some_and(|b| b.is(&["die", "der", "the"]));
            Some(((1, 2), if article { unit - 1 } else { unit }))
        }
        _ => None,
    }
}

/// The sentence opens by pointing at what was just said: "That would be
/// …", "Das entspräche …", "This represents …".
fn refers_to_the_figure_before(sentence: &str) -> bool {
    let mut words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let pointer = ["that", "this", "das", "dies", "dieses"].contains(&first.as_str());
    let verb = [
        "would",
        "is",
        "was",
        "represents",
        "amounts",
        "equals",
        "wäre",
        "wären",
        "sind",
        "ist",
        "entspricht",
        "entspräche",
        "entsprechen",
        "macht",
        "machen",
    ]
    .contains(&second.as_str());
    pointer && verb
}

/// Drops the derived figures whose cut or hire the document also states
/// as a number for the same organisation (within a tenth): "cut 10% of its
/// workforce, about 17,000 jobs" is one figure, not two. A stated number
/// the sentence gives no kind of ("about 17,000 jobs") takes the share's
/// kind and status.
pub fn drop_restated(figures: &mut Vec<Figure>) {
    let restates = |stated: &Figure, derived: &Figure| {
        stated.kind == Kind::Other || stated.kind == derived.kind
    };
    let mut keep = vec![true; figures.len()];
    for d in 0..figures.len() {
        if !figures[d].derived {
            continue;
        }
        let same = (0..figures.len()).find(|&s| {
            let (stated, derived) = (&figures[s], &figures[d]);
            !stated.derived
                && restates(stated, derived)
                && stated.org.as_ref().map(|o| o.to_lowercase())
                    == derived.org.as_ref().map(|o| o.to_lowercase())
                && stated.value.abs_diff(derived.value) * 10 <= derived.value
        });
        // "… could cut as many as 30,000 jobs. That would be close to 10%
        // of its 350,000 employees": the share restates the figure before.
        let restated_before = || {
            (0..figures.len())
                .filter(|&s| {
                    let (stated, derived) = (&figures[s], &figures[d]);
                    !stated.derived
                        && stated.end <= derived.start
                        && restates(stated, derived)
                        && stated.org.as_ref().map(|o| o.to_lowercase())
                            == derived.org.as_ref().map(|o| o.to_lowercase())
                })
                .max_by_key(|&s| figures[s].end)
        };
        let same = same.or_else(|| {
            refers_to_the_figure_before(&figures[d].sentence)
                .then(restated_before)
                .flatten()
        });
        if let Some(s) = same {
            keep[d] = false;
            if figures[s].kind == Kind::Other {
                figures[s].kind = figures[d].kind;
                figures[s].status = figures[d].status;
                figures[s].source = figures[d].source.clone();
            }
        }
    }
    let mut keep = keep.into_iter();
    figures.retain(|_| keep.next().unwrap_or(true));
}

/// Words that round a share ("by about 10%").
const QUALIFIERS: &[&str] = &[
    "about",
    "around",
    "rund",
    "etwa",
    "roughly",
    "some",
    "approximately",
];

/// Words for the whole staff a share can be of without a number ("15% of
/// its workforce", "fünf Prozent ihrer Belegschaft", "40 Prozent der
/// Arbeitsplätze").
fn whole_staff(w: &Word) -> bool {
    w.is(WORKFORCE_NOUNS)
        || w.is(&[
            "staff",
            "employees",
            "jobs",
            "mitarbeiter",
            "beschäftigten",
            "stellen",
            "arbeitsplätze",
        ])
}

/// The share whose per-cent word is word `unit` ("15 %", "vier Prozent"),
/// its number starting at word `from` or later: the per cent (1 to 100,
/// a range with its upper bound) and the word where the share starts.
fn percent_at(
    words: &[Word],
    unit: usize,
    from: usize,
) -> Option<((u64, Option<u64>), u64, usize)> {
    if let Some(((parts, per), first)) = fraction_at(words, unit) {
        return Some(((parts, None), per, first));
    }
    if !words[unit].is(&["%", "prozent", "percent", "pct"]) {
        return None;
    }
    let amount = (from..unit)
        .filter_map(|k| amount_at(words, k))
        .find(|a| a.last + 1 == unit && !a.vague)?;
    (1..=100).contains(&amount.value).then(|| {
        let (parts, first) = with_lower_bound(words, &amount);
        (parts, 100, first)
    })
}

/// The per cent of `amount` (the number before a per-cent sign) and the
/// word where the share starts, with the lower bound of a range written
/// "between 5% and 6%" ("zwischen 5 und 6 Prozent" is one amount).
fn with_lower_bound(words: &[Word], amount: &Amount) -> ((u64, Option<u64>), usize) {
    let first = amount.first;
    let low = first
        .checked_sub(3)
        .filter(|&l| words[first - 1].is(&["and", "und", "to", "bis"]) && words[l + 1].is(&["%"]))
        .and_then(|l| amount_at(words, l).filter(|a| a.last == l && a.value < amount.value));
    match low {
        Some(low) => ((low.value, Some(amount.value)), low.first),
        None => ((amount.value, amount.value_max), first),
    }
}

/// A share of the staff whose head count the sentence does not give:
/// "Intel will cut about 15% of its workforce", "reduce its global
/// workforce by about 10%", "rund fünf Prozent ihrer Belegschaft". With
/// the word index of the staff noun. A share before a head count
/// ([`share_before`]) is not one.
pub fn lone_shares(words: &[Word]) -> Vec<(Share, usize)> {
    let mut out = Vec::new();
    for u in 1..words.len() {
        let Some((parts, per, first)) = percent_at(words, u, u.saturating_sub(4)) else {
            continue;
        };
        let mut j = u + 1;
        while j < words.len() && words[j].is(BETWEEN) && j < u + 5 {
            j += 1;
        }
        // Not a part of the staff ("der Mitarbeiter im operativen Bereich"),
        // not an upper bound ("fewer than 1%", "unter 5 Prozent").
        // "of its workforce in its annual review" names a time, not a part:
        // an English "in"/"at" narrows the staff to a place or unit only.
        let narrowed = |noun: usize| {
            let english_in = words.get(noun + 1).is_some_and(|w| w.is(&["in", "at"]))
                && words
                    .get(noun + 2)
                    .is_some_and(|w| w.is(&["its", "the", "their"]));
            if english_in {
                return words[noun + 3..(noun + 6).min(words.len())]
                    .iter()
                    .any(|w| w.is_capitalised() || w.is(crate::lexicon::PARTS_OF_A_COMPANY));
            }
            words.get(noun + 1).is_some_and(|w| {
                w.is(&["im", "in", "at", "bei", "der", "des", "of", "from", "aus"])
            })
        };
        let bounded = (first >= 2
            && words[first - 1].is(&["than", "als"])
            && words[first - 2].is(&["fewer", "less", "weniger"]))
            || (first >= 1 && words[first - 1].is(&["unter", "below"]));
        if bounded {
            continue;
        }
        let after = words
            .get(j)
            .filter(|w| whole_staff(w) && !narrowed(j))
            .map(|_| j);
        // "reduce its global workforce by about 10%": the staff noun right
        // before "by", itself after a possessive, an article or "global".
        let by = match first.checked_sub(1) {
            Some(b) if words[b].is(&["by", "um"]) => Some(b),
            Some(q) if q >= 1 && words[q].is(QUALIFIERS) && words[q - 1].is(&["by", "um"]) => {
                Some(q - 1)
            }
            _ => None,
        };
        let before = by
            .and_then(|b| b.checked_sub(1))
            .filter(|&k| whole_staff(&words[k]) && k >= 1 && words[k - 1].is(BETWEEN));
        let Some(noun) = after.or(before) else {
            continue;
        };
        let span = first..u + 1;
        let kind = kind_of(words, &span, None, &[]);
        if matches!(kind, Kind::Cut | Kind::Hire) {
            out.push((
                Share {
                    span,
                    parts,
                    per,
                    kind,
                },
                noun,
            ));
        }
    }
    out
}

/// A share the article gives without its head count, with what the stage
/// read of its sentence.
pub struct PendingShare {
    pub share: Share,
    pub org: String,
    pub status: crate::Status,
    pub source: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

/// The derived figure of each pending share from the head count of the
/// same organisation nearest before it, else nearest after it ("Intel
/// will cut about 15% of its workforce. The chipmaker had about 108,900
/// employees"), when the document states one.
pub fn derive_from_head_counts(pending: Vec<PendingShare>, figures: &mut Vec<Figure>) {
    let mut derived = Vec::new();
    for p in pending {
        let counts: Vec<&Figure> = figures
            .iter()
            .filter(|f| f.kind == Kind::Workforce && !f.derived)
            .filter(|f| {
                f.org
                    .as_deref()
                    .is_some_and(|o| crate::org_names::same_company(o, &p.org))
            })
            .collect();
        // A share of the worldwide staff ("10 Prozent der weltweiten
        // Belegschaft") is one of a worldwide head count, when the article
        // gives one, not of a site's.
        let worldwide = |text: &str, words: &[&str]| {
            text.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| words.contains(&w))
        };
        let share_scope = ["weltweit", "weltweiten", "worldwide", "global", "globalen"];
        // "beschäftigte weltweit rund 140.000" (not "eine weltweite Sparrunde").
        let count_scope = ["weltweit", "worldwide", "global", "globally"];
        let counts: Vec<&Figure> = if worldwide(&p.sentence, &share_scope)
            && counts.iter().any(|f| worldwide(&f.sentence, &count_scope))
        {
            counts
                .into_iter()
                .filter(|f| worldwide(&f.sentence, &count_scope))
                .collect()
        } else {
            counts
        };
        let base = counts
            .iter()
            .filter(|f| f.end <= p.start)
            .max_by_key(|f| f.end)
            .or_else(|| {
                counts
                    .iter()
                    .filter(|f| f.start >= p.end)
                    .min_by_key(|f| f.start)
            });
        let Some(base) = base else {
            continue;
        };
        let ((low, high), per) = (p.share.parts, p.share.per);
        derived.push(Figure {
            doc: base.doc.clone(),
            org: Some(p.org),
            entity: None,
            value: of(low, per, base.value),
            value_max: high.map(|h| of(h, per, base.value)),
            approx: true,
            kind: p.share.kind,
            unit: base.unit,
            status: p.status,
            source: p.source,
            derived: true,
            qualifier: None,
            text: p.text,
            start: p.start,
            end: p.end,
            sentence: p.sentence,
        });
    }
    figures.extend(derived);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    #[test]
    fn a_share_of_a_head_count_is_read_with_its_kind() {
        let text = "Die Entlassungen betreffen etwa vier Prozent der weltweit 350.000 Mitarbeiter.";
        let w = words(text, 0);
        let at = w.iter().position(|x| x.text == "350.000").unwrap();
        let share = share_before(&w, at).unwrap();
        assert_eq!(
            (share.parts, share.per, share.kind),
            ((4, None), 100, Kind::Cut)
        );
        assert_eq!(of(4, 100, 350_000), 14_000);
        assert_eq!(of(1, 3, 300_000), 100_000);
        let en = words("Intel will cut 15% of its 110,000 staff.", 0);
        let at = en.iter().position(|x| x.text == "110,000").unwrap();
        assert_eq!(share_before(&en, at).unwrap().parts, (15, None));
        // A fraction is a share too.
        let third = words("Bosch streicht ein Drittel der 1.800 Stellen.", 0);
        let at = third.iter().position(|x| x.text == "1.800").unwrap();
        let share = share_before(&third, at).unwrap();
        assert_eq!((share.parts, share.per), ((1, None), 3));
        // A share of revenue says nothing of jobs.
        let none = words("Der Umsatz stieg um 4 Prozent bei 350.000 Mitarbeitern.", 0);
        let at = none.iter().position(|x| x.text == "350.000").unwrap();
        assert!(share_before(&none, at).is_none());
    }
}
