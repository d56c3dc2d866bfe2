//! What a sentence says of figures besides stating them: that it confirms
//! the one before it, or that it asks for one (a demand, no figure).

use crate::lexicon::DEMANDS;
use crate::words::Word;
use std::ops::Range;

/// The sentence confirms the figure stated before it ("Der Konzern
/// bestätigte diese Zahl", "The company confirmed the figure"; not "wollte
/// die Zahl nicht bestätigen").
pub(super) fn confirms_the_figure(w: &[Word]) -> bool {
    let confirms = w.iter().any(|x| {
        x.is(&[
            "bestätigte",
            "bestätigt",
            "bestätigten",
            "confirmed",
            "confirms",
        ])
    });
    // "diese Zahl", "the figure" (not "eine dreistellige Zahl", "the
    // 20,000 figure": another number).
    let figure = w.windows(2).any(|p| {
        p[0].is(&[
            "diese", "dieser", "die", "the", "this", "that", "these", "those",
        ]) && p[1].is(&[
            "zahl", "zahlen", "angaben", "figure", "figures", "number", "numbers",
        ])
    });
    let negated = w.iter().any(|x| {
        x.is(&[
            "nicht",
            "nie",
            "not",
            "declined",
            "neither",
            "weder",
            "keine",
            "no",
            "lediglich",
            "nur",
            "only",
            "merely",
        ])
    });
    // A sentence with numbers of its own confirms those.
    let numbers = w.iter().any(Word::is_number);
    confirms && figure && !negated && !numbers
}

/// The figure at words `span` is what a demand asks for: a demand verb (or
/// "calls for") at most three words before it ("fordert 5.000 zusätzliche
/// Stellen", "demanded at least 2,000 new posts"); not "fordert, dass
/// keine der 36.000 Stellen wegfällt", the staff the demand is about.
pub(super) fn demanded(w: &[Word], span: &Range<usize>) -> bool {
    let from = span.start.saturating_sub(3);
    let before = &w[from..span.start];
    let calls_for = before
        .windows(2)
        .any(|p| p[0].is(&["calls", "called", "calling"]) && p[1].is(&["for"]));
    let demand = before.iter().any(|x| x.is(DEMANDS));
    let clause_break = before
        .iter()
        .any(|x| x.is(&[",", ";", ":", "dass", "that"]));
    // "fordert für die 5.000 Beschäftigten mehr Lohn": staff the demand is
    // for, named with an article.
    let determined = span.start > 0
        && w[span.start - 1].is(&["die", "der", "den", "the", "its", "their", "ihre", "seine"]);
    (demand || calls_for) && !clause_break && !determined
}
