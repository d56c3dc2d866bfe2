//! How sure a figure is: the company's own statement of a decision
//! (`confirmed`) or of a plan (`announced`), a third party's report
//! (`reported`), or a forecast (`expected`). Read from the figure's clause
//! first, then from the rest of its sentence outside the clauses of its
//! other figures: "Amazon bestätigte 14.000 Stellen, die New York Times
//! hatte von bis zu 30.000 berichtet" holds one confirmed figure and one
//! reported one.

use crate::kind::{clause, verb_clause};
use crate::org_refs::OrgRef;
use crate::words::Word;
use crate::{Kind, Status};
use std::ops::Range;

/// Forecasts and estimates.
const EXPECTED: &[&str] = &[
    "erwartet",
    "erwarten",
    "erwartete",
    "erwarteten",
    "rechnet",
    "rechnen",
    "rechnete",
    "rechneten",
    "schätzt",
    "schätzen",
    "schätzte",
    "schätzten",
    "geschätzt",
    "schätzung",
    "schätzungen",
    "befürchtet",
    "befürchten",
    "befürchtete",
    "fürchtet",
    "fürchten",
    "prognostiziert",
    "prognostizieren",
    "prognose",
    "drohen",
    "droht",
    "möglicherweise",
    "möglich",
    "realistisch",
    "denkbar",
    "wahrscheinlich",
    "voraussichtlich",
    "expects",
    "expect",
    "expected",
    "estimate",
    "estimates",
    "estimated",
    "forecast",
    "forecasts",
    "projected",
    "projects",
    "predicts",
    "predicted",
    "fears",
    "fear",
    "feared",
    "likely",
    "warns",
    "warned",
    "warnt",
    "warnte",
];

/// Modal verbs of possibility: a forecast, unless a report says it.
const MODALS: &[&str] = &["könnten", "könnte", "dürften", "dürfte", "could", "might"];

/// A third party's report.
const REPORTED: &[&str] = &[
    "laut",
    "zufolge",
    "berichtet",
    "berichtete",
    "berichten",
    "berichteten",
    "bericht",
    "meldet",
    "meldete",
    "insider",
    "insidern",
    "kreisen",
    "informationen",
    "according",
    "reported",
    "reports",
    "reporting",
    "citing",
    "sources",
    "familiar",
    "insiders",
    "reportedly",
    // "wie Reuters aus Unternehmenskreisen erfuhr", "Bloomberg learned"
    "erfuhr",
    "erfuhren",
    "learned",
];

/// Verbs and words of a reporting frame after the figure ("…, people
/// familiar with the matter told Reuters", "…, berichtete das Handelsblatt").
const FRAME_VERBS: &[&str] = &[
    "told",
    "said",
    "say",
    "says",
    "sagte",
    "sagten",
    "berichtete",
    "berichtet",
    "berichten",
    "reported",
    "according",
    "zufolge",
    "erfuhr",
    "learned",
];

/// The company's plan or intention. German "will" (wants to) is one; in
/// English "will" is the future of a decision ("said it will cut").
const ANNOUNCED_DE: &[&str] = &[
    "will",
    "wollen",
    "wolle",
    "plant",
    "planen",
    "plante",
    "planten",
    "geplant",
    "geplante",
    "geplanten",
    "pläne",
    "plänen",
    "soll",
    "sollen",
    "beabsichtigt",
    "kündigte",
    "kündigt",
    "angekündigt",
    "angekündigte",
    "angekündigten",
    "vorhaben",
];
const ANNOUNCED_EN: &[&str] = &[
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intention",
    "aims",
    "targets",
];

/// English word `i` states a plan: a verb of planning before "to" ("plans
/// to cut", "aims to"), "planned", "announced plans", "targets 5,000"; not
/// the noun ("as part of a turnaround plan", "their electric-vehicle
/// plans").
fn announces_en(ws: &[Word], i: usize) -> bool {
    let w = &ws[i];
    if !w.is(ANNOUNCED_EN) && !w.is(&["announced"]) {
        return false;
    }
    let next = ws.get(i + 1);
    let verb_before_to = w.is(&["plans", "plan", "planning", "intends", "intend", "aims"])
        && next.is_some_and(|n| n.is(&["to"]));
    // "a plan, announced in early 2024, to cut 20,000 positions"
    let plan_to = w.is(&["plan", "plans"])
        && ws[i + 1..]
            .iter()
            .take(7)
            .any(|n| n.is(&["to", "announced", "unveiled"]));
    // "had announced 9,000 job cuts": an earlier plan.
    let had_announced = w.is(&["announced"]) && i > 0 && ws[i - 1].is(&["had"]);
    let announced_plans = w.is(&["plans", "plan"])
        && i > 0
        && ws[i - 1].is(&["announced", "unveiled", "outlined", "detailed"]);
    let targets = w.is(&["targets"]) && next.is_some_and(|n| n.is_number() || n.is(&["about"]));
    let always = w.is(&["planned", "intention"]);
    verb_before_to || plan_to || had_announced || announced_plans || targets || always
}

/// The company confirms: its statement ends the search.
const CONFIRMED: &[&str] = &[
    "bestätigt",
    "bestätigte",
    "bestätigten",
    "confirmed",
    "confirms",
];

/// Words after "laut"/"according to" that name the company itself: its own
/// statement, not a third party's report.
const OWN_WORD: &[&str] = &[
    "unternehmen",
    "unternehmensangaben",
    "konzern",
    "konzernangaben",
    "angaben",
    "firmenangaben",
    "company",
    "firm",
    "sprecher",
    "sprecherin",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "mitteilung",
    "pflichtmitteilung",
    "filing",
    "notice",
    "statement",
    "memo",
    "its",
    "their",
    "seinem",
    "seiner",
    "ihrem",
    "ihrer",
    "eigenen",
];

/// What a run of words says: the strongest cue (expected, then reported,
/// then announced), or `Confirmed` for a company's confirmation; `None`
/// when it says nothing.
fn cue(words: &[Word], range: Range<usize>, german: bool, owner: Option<&str>) -> Option<Status> {
    let ws = &words[range.clone()];
    if ws.iter().any(|w| w.is(CONFIRMED)) {
        return Some(Status::Confirmed);
    }
    // "may" the verb, not "May" the month.
    let modal = ws.iter().any(|w| w.is(MODALS) || w.text == "may");
    // "more than it had previously forecast", "mehr als erwartet": set
    // against an earlier forecast, not one.
    let compared = |k: usize| {
        ws[k.saturating_sub(3)..k].iter().any(|x| {
            x.is(&[
                "than",
                "previously",
                "originally",
                "als",
                "zuvor",
                "ursprünglich",
                "bisher",
            ])
        })
    };
    let estimate = ws
        .iter()
        .enumerate()
        .any(|(k, w)| {
            (w.is(EXPECTED) && !compared(k)) || w.lower == "analysten" || w.lower == "analysts"
        })
        // "Er geht davon aus, dass …": an assumption.
        || ws
            .windows(2)
            .any(|p| p[0].is(&["davon"]) && p[1].is(&["aus"]));
    if estimate {
        return Some(Status::Expected);
    }
    // "Laut dem Zeitungsbericht könnte KNDS 1.000 übernehmen": a report
    // of a possibility is a report.
    let reported = third_party_says(ws, owner);
    if modal && !reported {
        return Some(Status::Expected);
    }
    if reported || union_says(ws) {
        return Some(Status::Reported);
    }
    // "4,700 positions are to be eliminated": a plan.
    let to_be = ws
        .windows(3)
        .any(|p| p[0].is(&["is", "are"]) && p[1].is(&["to"]) && p[2].is(&["be"]));
    let planned = ws
        .iter()
        .enumerate()
        .any(|(i, w)| (german && w.is(ANNOUNCED_DE)) || (!german && announces_en(ws, i)))
        || (!german && to_be);
    planned.then_some(Status::Announced)
}

/// What a company reports about itself: "reported third-quarter results".
const RESULTS: &[&str] = &[
    "results",
    "earnings",
    "profit",
    "revenue",
    "sales",
    "loss",
    "zahlen",
    "quartalszahlen",
    "ergebnis",
    "ergebnisse",
    "gewinn",
    "umsatz",
    "verlust",
];

/// A third party reports it ("laut Reuters", "according to people familiar
/// with the matter"), not the company itself ("laut Unternehmensangaben",
/// "according to a regulatory filing").
fn third_party_says(ws: &[Word], owner: Option<&str>) -> bool {
    ws.iter().enumerate().any(|(i, w)| {
        if !w.is(REPORTED) {
            return false;
        }
        // "as it reported third-quarter results": a company's own figures.
        if w.is(&["reported", "reports", "reporting", "meldete", "meldet"])
            && ws[i + 1..].iter().take(3).any(|n| n.is(RESULTS))
        {
            return false;
        }
        // "citing slower demand" gives a reason; "citing people familiar
        // with the matter", "citing Reuters" a source.
        if w.is(&["citing"]) {
            return ws.get(i + 1).is_some_and(|n| {
                n.is_capitalised()
                    || n.is(&[
                        "people",
                        "sources",
                        "unnamed",
                        "insiders",
                        "a",
                        "an",
                        "documents",
                        "internal",
                        "persons",
                    ])
            });
        }
        // "laut Unternehmensangaben", "according to the company", "laut
        // Amazon": the company itself speaks.
        let next: Vec<&Word> = ws[i + 1..]
            .iter()
            .filter(|n| {
                !n.is(&[
                    "to",
                    "the",
                    "a",
                    "an",
                    "des",
                    "der",
                    "dem",
                    "einem",
                    "eines",
                    "einer",
                    "regulatory",
                ])
            })
            .take(2)
            .collect();
        let own = next.iter().any(|n| {
            n.is(OWN_WORD) || owner.is_some_and(|o| o.to_lowercase().starts_with(n.lower.as_str()))
        });
        !(w.is(&["laut", "according", "angaben", "informationen"]) && own)
    })
}

/// "Die IG Metall spricht von bis zu 7.000", "Nach Angaben des
/// Gesamtbetriebsrats haben 4.000 …", "according to the union": a union's
/// or works council's count, a third party's.
fn union_says(ws: &[Word]) -> bool {
    let union = |w: &Word| {
        w.is(&["ig", "union", "unite", "verdi"])
            || ["gewerkschaft", "betriebsrat"]
                .iter()
                .any(|u| w.lower.contains(u))
    };
    let speaks = ws
        .iter()
        .any(|w| w.is(&["spricht", "sprach", "sprechen", "says", "said"]))
        && ws.iter().any(union);
    let according = ws.iter().enumerate().any(|(i, w)| {
        w.is(&["laut", "angaben", "according"]) && ws[i + 1..].iter().take(3).any(union)
    });
    speaks || according
}

/// The clause before the figure's says a third party reports it: "Wie die
/// Nachrichtenagentur Reuters erfuhr, sollen 2.000 Stellen wegfallen", "As
/// Bloomberg reported, …".
fn reported_before(words: &[Word], own: &Range<usize>, owner: Option<&str>) -> bool {
    if own.start < 2 || !words[own.start - 1].is(&[","]) {
        return false;
    }
    let before = clause(words, &(own.start - 2..own.start - 1));
    words[before.start].is(&["wie", "as"]) && third_party_says(&words[before], owner)
}

/// What a whole sentence says of how sure its figures are (the
/// introduction of a list: "Diese Unternehmen wollen 2026 einstellen:").
pub fn sentence_status(words: &[Word], german: bool) -> Option<Status> {
    cue(words, 0..words.len(), german, None)
}

/// The status of the figure at words `span` of a sentence, and its source:
/// the organisation reporting or expecting it, when one is named.
/// `others`: the spans of the sentence's other figures; `owner`: the
/// organisation the figure belongs to, if known.
pub fn status_of(
    words: &[Word],
    span: &Range<usize>,
    refs: &[OrgRef],
    others: &[Range<usize>],
    owner: Option<&str>,
    german: bool,
    kind: Kind,
) -> (Status, Option<String>) {
    let own = clause(words, span);
    // A head count is a fact or someone's report of it: the rest of the
    // sentence ("…, will ihr Filialnetz verkleinern") speaks of something
    // else, and a head count is not planned.
    if kind == Kind::Workforce {
        // "beschäftigt 317.000 Menschen und rechnet damit, dass …": its own
        // verb's clause.
        let status = match cue(words, verb_clause(words, span), german, owner) {
            Some(Status::Announced) | None => Status::Confirmed,
            Some(s) => s,
        };
        return (status, source_of(refs, span, owner, status));
    }
    let theirs: Vec<Range<usize>> = others
        .iter()
        .map(|o| clause(words, o))
        .filter(|c| *c != own)
        .collect();
    if reported_before(words, &own, owner) {
        return (
            Status::Reported,
            source_of(refs, span, owner, Status::Reported),
        );
    }
    // "The company plans to cut 800 jobs, people familiar with the matter
    // told Reuters": a third party's frame after the figure's clause says
    // who says so, whatever the plan's own verb.
    let frame_after = own.end < words.len()
        && words[own.end].is(&[","])
        && !theirs.iter().any(|c| c.start >= own.end)
        && words[own.end..].iter().any(|w| w.is(FRAME_VERBS))
        && cue(words, own.end..words.len(), german, owner) == Some(Status::Reported);
    if frame_after && cue(words, own.clone(), german, owner) != Some(Status::Expected) {
        return (
            Status::Reported,
            source_of(refs, span, owner, Status::Reported),
        );
    }
    let status = cue(words, own.clone(), german, owner).or_else(|| {
        // The rest of the sentence, in pieces between the clauses of the
        // other figures.
        let mut free: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for i in 0..=words.len() {
            let taken =
                i < words.len() && (own.contains(&i) || theirs.iter().any(|c| c.contains(&i)));
            if taken || i == words.len() {
                if start < i {
                    free.push(start..i);
                }
                start = i + 1;
            }
        }
        free.into_iter()
            .filter_map(|r| cue(words, r, german, owner))
            .min_by_key(|s| std::cmp::Reverse(*s))
    });
    let status = status.unwrap_or(Status::Confirmed);
    (status, source_of(refs, span, owner, status))
}

/// The organisation reporting or expecting a figure: the source nearest to
/// it, for a reported or expected one.
fn source_of(
    refs: &[OrgRef],
    span: &Range<usize>,
    owner: Option<&str>,
    status: Status,
) -> Option<String> {
    matches!(status, Status::Reported | Status::Expected)
        .then(|| {
            // The reporting organisation nearest to the figure.
            refs.iter()
                .filter(|o| o.source)
                .filter(|o| owner.is_none_or(|w| !w.eq_ignore_ascii_case(&o.text)))
                .min_by_key(|o| {
                    if o.words.end <= span.start {
                        span.start - o.words.end
                    } else {
                        o.words.start.saturating_sub(span.end)
                    }
                })
                .map(|o| o.text.clone())
        })
        .flatten()
}

#[cfg(test)]
mod tests;
