//! A cut or hire given as a share of a stated workforce: "Die Entlassungen
//! betreffen etwa vier Prozent der weltweit 350.000 Mitarbeiter", "cut 10%
//! of its 80,000 staff". The head count is the workforce figure; the cut is
//! derived from it (`derived: true`) unless the article states it as a
//! number too.

use crate::amount::amount_at;
use crate::kind::kind_of;
use crate::words::Word;
use crate::{Figure, Kind};
use std::ops::Range;

/// Words between the share and the head count ("vier Prozent der
/// weltweit", "10% of its").
const BETWEEN: &[&str] = &[
    "der",
    "des",
    "von",
    "of",
    "its",
    "their",
    "seiner",
    "ihrer",
    "seinen",
    "ihren",
    "the",
    "weltweit",
    "worldwide",
    "global",
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
    /// Words of the share ("vier Prozent").
    pub span: Range<usize>,
    /// Per cent, with an upper bound for a range ("drei bis vier Prozent").
    pub percent: (u64, Option<u64>),
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
    let unit = &words[i - 1];
    if !unit.is(&["%", "prozent", "percent", "pct"]) {
        return None;
    }
    // The amount that ends right before the unit.
    let amount = (i.saturating_sub(4)..i - 1)
        .filter_map(|k| amount_at(words, k))
        .find(|a| a.last + 2 == i && !a.vague)?;
    if amount.value == 0 || amount.value > 100 {
        return None;
    }
    let span = amount.first..i;
    let kind = kind_of(words, &span, None, &[]);
    matches!(kind, Kind::Cut | Kind::Hire).then_some(Share {
        span,
        percent: (amount.value, amount.value_max),
        kind,
    })
}

/// `percent` of `base`, rounded.
pub fn of(percent: u64, base: u64) -> u64 {
    (base.saturating_mul(percent) + 50) / 100
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
        assert_eq!((share.percent, share.kind), ((4, None), Kind::Cut));
        assert_eq!(of(4, 350_000), 14_000);
        let en = words("Intel will cut 15% of its 110,000 staff.", 0);
        let at = en.iter().position(|x| x.text == "110,000").unwrap();
        assert_eq!(share_before(&en, at).unwrap().percent, (15, None));
        // A share of revenue says nothing of jobs.
        let none = words("Der Umsatz stieg um 4 Prozent bei 350.000 Mitarbeitern.", 0);
        let at = none.iter().position(|x| x.text == "350.000").unwrap();
        assert!(share_before(&none, at).is_none());
    }
}
