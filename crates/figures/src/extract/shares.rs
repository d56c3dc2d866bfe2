//! Shares of the staff a sentence gives without a head count, read with
//! the sentence's owner and status like any figure of it.

use super::{owner, phrase, Context, Piece};
use crate::amount::{qualifier_before, Amount};
use crate::find::Found;
use crate::lexicon::counted_noun;
use crate::org_names::org_name;
use crate::share::{lone_shares, PendingShare};
use crate::status::status_of;
use crate::words::Word;
use crate::Unit;

/// The shares of the staff a sentence gives without a head count ("will
/// cut about 15% of its workforce"), with their owner and status: the
/// article's head count of that owner gives their number.
pub(super) fn lone_shares_of(
    chars: &[char],
    piece: &Piece,
    context: &Context,
) -> Vec<PendingShare> {
    let (w, refs) = (&piece.words, &piece.refs);
    let mut out = Vec::new();
    for (share, noun) in lone_shares(w) {
        if restates_the_count_before(w, share.span.start) {
            continue;
        }
        let found = Found {
            amount: Amount {
                value: share.parts.0,
                value_max: share.parts.1,
                vague: false,
                bare_digits: false,
                first: share.span.start,
                last: share.span.end - 1,
            },
            span: share.span.clone(),
            noun,
            unit: Unit::Jobs,
            kind: Some(share.kind),
            weak: false,
            qualifier: None,
            parent: None,
        };
        let Some(org) = owner(w, refs, &found, context).map(org_name) else {
            continue;
        };
        let (status, source) = status_of(
            w,
            &share.span,
            refs,
            &[],
            Some(&org),
            context.german,
            share.kind,
        );
        out.push(PendingShare {
            text: phrase(chars, w, &share.span),
            start: w[share.span.start].start,
            end: w[share.span.end - 1].end,
            sentence: piece.text.clone(),
            share,
            org,
            status,
            source,
        });
    }
    out
}

/// "cut about 2,000 jobs, or roughly 2% of its staff", "1.000 Stellen
/// (rund zwei Prozent der Belegschaft)": the share at word `start` says
/// how large the count before it is, and is no second figure.
fn restates_the_count_before(w: &[Word], start: usize) -> bool {
    let from = qualifier_before(w, start).map_or(start, |(q, _)| q);
    let before: Vec<&Word> = w[..from].iter().rev().take(3).collect();
    let joined = before
        .first()
        .is_some_and(|x| x.is(&["or", "oder", "bzw", "("]));
    let count = before
        .iter()
        .skip(1)
        .take_while(|x| x.is(&[",", ".", "or", "oder", "bzw"]) || x.is_alpha())
        .any(|x| x.is_alpha() && counted_noun(x.text).is_some());
    joined && count
}
