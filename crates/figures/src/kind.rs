//! What happens to the counted jobs: the verb or noun of the clause nearest
//! to the figure, unless the words right before it make it a head count
//! ("mit 350.000 Mitarbeitern", "14.000 der 350.000 Stellen").

use crate::lexicon::{
    is_cue, CHANGE_CUES, COMPANY_WORDS, CONTRASTS, CUT_CUES, HIRE_CUES, LEAVE, NEW_JOBS, SEPARABLE,
    WORKFORCE_CUES, WORKFORCE_NOUNS,
};
use crate::words::Word;
use crate::{Kind, Unit};
use std::ops::Range;

/// Words that end a clause.
fn is_clause_break(w: &Word) -> bool {
    w.is(&[",", ";", ":", "–", "—", "(", ")"]) || w.is(CONTRASTS)
}

/// Word `i` joins two clauses: "und"/"and" between a noun and a verb
/// ("streicht 1.400 Stellen und verlagert …"), not inside a pair of nouns
/// ("Mitarbeiterinnen und Mitarbeiter", "Post- und Paketgeschäft").
fn is_coordination(words: &[Word], i: usize) -> bool {
    let nouns_around = i > 0
        && (words[i - 1].is(&["-", "‐"]) || words[i - 1].is_capitalised())
        && words.get(i + 1).is_some_and(Word::is_capitalised);
    // "500 Flugbegleiter sowie 150 Piloten einstellen": a list of figures
    // that share the verb.
    let figure_next = words
        .get(i + 1)
        .is_some_and(|n| n.is_number() || crate::amount::amount_at(words, i + 1).is_some());
    words[i].is(&["und", "and", "sowie"]) && !nouns_around && !figure_next
}

fn bounded(words: &[Word], span: &Range<usize>, brk: impl Fn(usize) -> bool) -> Range<usize> {
    let start = (0..span.start).rev().find(|&i| brk(i)).map_or(0, |p| p + 1);
    let end = (span.end..words.len())
        .find(|&i| brk(i))
        .unwrap_or(words.len());
    start..end
}

/// The clause around words `span` (indices into `words`): up to commas,
/// dashes, brackets and contrasting conjunctions.
pub fn clause(words: &[Word], span: &Range<usize>) -> Range<usize> {
    bounded(words, span, |i| is_clause_break(&words[i]))
}

/// The clause of a verb: also split at "und"/"and" ("streicht 1.400 Stellen
/// und verlagert weitere 1.400").
pub fn verb_clause(words: &[Word], span: &Range<usize>) -> Range<usize> {
    bounded(words, span, |i| {
        is_clause_break(&words[i]) || is_coordination(words, i)
    })
}

fn cue_kind(words: &[Word], i: usize, within: &Range<usize>) -> Option<Kind> {
    let w = &words[i];
    if !w.is_alpha() {
        return None;
    }
    // "a spokesperson said, adding that …": speech, not hiring.
    if w.is(&["add", "adds", "added", "adding"])
        && words.get(i + 1).is_some_and(|n| n.is(&["that"]))
    {
        return None;
    }
    // "baut ... ab": a lower-case verb (not the noun "Stellen") and its
    // particle as the last word of its clause (not the article "ein").
    if !w.is_capitalised() {
        let last_word = (i + 1..within.end)
            .take_while(|&k| !is_clause_break(&words[k]) && !words[k].is(&[".", "!", "?"]))
            .filter(|&k| words[k].is_alpha() || words[k].is_number())
            .last();
        for (verbs, particle, kind) in SEPARABLE {
            if w.is(verbs) && last_word.is_some_and(|l| words[l].lower == *particle) {
                return Some(*kind);
            }
        }
    }
    // "niedrigere Kosten": the noun, not the verb ("Jobs kosten").
    if w.is_capitalised() && w.is(&["kosten"]) {
        return None;
    }
    // "500 Beschäftigte sollen gehen", "1,000 jobs will go"
    if w.is(&["gehen", "go"])
        && i > 0
        && words[i - 1].is(&[
            "sollen", "müssen", "sollten", "müssten", "könnten", "will", "would", "could", "to",
            "must",
        ])
    {
        return Some(Kind::Cut);
    }
    // "plans to bring on about 100,000 seasonal staff"
    if w.is(&["bring", "brings", "bringing", "brought"])
        && words.get(i + 1).is_some_and(|n| n.is(&["on"]))
    {
        return Some(Kind::Hire);
    }
    // "haben das Unternehmen verlassen", "left the company": staff gone.
    if w.is(LEAVE) && words[within.clone()].iter().any(|n| n.is(COMPANY_WORDS)) {
        return Some(Kind::Cut);
    }
    // "let go"
    if w.is(&["let"]) && words.get(i + 1).is_some_and(|n| n.is(&["go"])) {
        return Some(Kind::Cut);
    }
    // "haben ein Abfindungsangebot angenommen", "accepted buyouts": staff
    // leaving on a severance offer.
    let severance = |n: &Word| {
        [
            "abfindung",
            "angebot",
            "freiwilligenprogramm",
            "aufhebungsvertr",
            "buyout",
            "severance",
        ]
        .iter()
        .any(|s| n.lower.contains(s))
    };
    if w.is(&[
        "angenommen",
        "annahmen",
        "nahmen",
        "accepted",
        "took",
        "taken",
    ]) && words[within.clone()].iter().any(severance)
    {
        return Some(Kind::Cut);
    }
    // "trotz Sparkurs … einstellen", "despite the cuts": set against what
    // happens, not what happens.
    if i >= 1 && words[i - 1].is(&["trotz", "despite", "ungeachtet"])
        || (i >= 2
            && words[i - 2].is(&["trotz", "despite"])
            && words[i - 1].is(&["des", "der", "the"]))
    {
        return None;
    }
    // "had 20,400 employees before the cuts", "nach dem Abbau": a time,
    // not what happens to these jobs.
    let when = i >= 2
        && words[i - 1].is(&["the", "dem", "den", "der"])
        && words[i - 2].is(&["before", "after", "vor", "nach", "since", "seit"]);
    if when {
        return None;
    }
    let lower = w.lower.as_str();
    if is_cue(lower, CUT_CUES) {
        Some(Kind::Cut)
    } else if is_cue(lower, HIRE_CUES) {
        Some(Kind::Hire)
    } else if is_cue(lower, WORKFORCE_CUES) {
        Some(Kind::Workforce)
    } else {
        None
    }
}

/// Some word of `range` says what happens to jobs ("und streicht davon
/// etwa 6.000": the part has a verb of its own).
pub fn has_cue(words: &[Word], range: Range<usize>) -> bool {
    range.clone().any(|i| cue_kind(words, i, &range).is_some())
}

/// The kind given by the cue nearest to `span` within `within`, skipping
/// words for which `skip` holds. A cut or hire cue goes before a head-count
/// word of the same clause ("shed 10% of its workforce, or 12,500 jobs").
fn nearest_cue(
    words: &[Word],
    span: &Range<usize>,
    within: &Range<usize>,
    skip: impl Fn(usize) -> bool,
) -> Option<Kind> {
    let mut best: Option<(bool, usize, Kind)> = None;
    for i in within.clone() {
        if skip(i) {
            continue;
        }
        if let Some(kind) = cue_kind(words, i, within) {
            // Within the figure only an attribute counts ("1.500
            // bedrohten Jobs"), not its noun ("500 Beschäftigte").
            if span.contains(&i) && kind != Kind::Cut {
                continue;
            }
            let distance = if span.contains(&i) {
                0
            } else if i < span.start {
                span.start - i
            } else {
                i + 1 - span.end
            };
            let rank = (kind == Kind::Workforce, distance, kind);
            if best.is_none_or(|b| (rank.0, rank.1) < (b.0, b.1)) {
                best = Some(rank);
            }
        }
    }
    best.map(|(_, _, k)| k)
}

/// Words `i-3..i` are a possessive name: "Amazon's", "Amazon’s".
pub fn possessive_before(words: &[Word], i: usize) -> bool {
    i >= 3
        && words[i - 1].lower == "s"
        && words[i - 2].is(&["'", "’"])
        && words[i - 3].is_capitalised()
}

/// Words between "mit"/"of" and the amount that do not change its meaning.
const DETERMINERS: &[&str] = &[
    "ihren",
    "seinen",
    "ihrer",
    "seiner",
    "its",
    "their",
    "insgesamt",
    "weltweit",
    "worldwide",
    "a",
    "total",
    "derzeit",
    "aktuell",
    "noch",
    "currently",
    "current",
    // "4 Prozent von den etwa 350.000", "4% of the 350,000"
    "den",
    "dem",
    "the",
    // "7 Prozent der damals rund 90.000 Beschäftigten"
    "damals",
    "then",
    "zuletzt",
];

/// Words that make what follows a part of something: "4 % der 350.000".
const OF: &[&str] = &["der", "von", "of", "its", "seiner", "ihrer"];

/// A head count by the words before the figure: "mit"/"with", or
/// "der"/"of" after a share or right after another figure ("4 % der
/// 350.000", "of Amazon's approximately 350,000").
fn head_count_before(words: &[Word], start: usize, figure_just_before: bool) -> bool {
    let mut i = start;
    if possessive_before(words, i) {
        i -= 3;
    }
    // "der weltweit 350.000", "of its 350,000": the determiners first.
    let mut d = i;
    while d > 0 && words[d - 1].is(DETERMINERS) && !words[d - 1].is(OF) {
        d -= 1;
    }
    // Not "on top of 6,000": an addition.
    let of_like = d > 0 && words[d - 1].is(OF) && !(d >= 2 && words[d - 2].is(&["top"]));
    while i > 0 && words[i - 1].is(DETERMINERS) {
        i -= 1;
    }
    let Some(prev) = i.checked_sub(1).map(|p| &words[p]) else {
        return false;
    };
    // "rechnet mit Tausenden Jobs": expects, not has.
    if prev.is(&["mit", "with"]) {
        return !(i >= 2 && words[i - 2].is(&["rechnet", "rechnen", "rechnete", "gerechnet"]));
    }
    if of_like {
        let share = words[i.saturating_sub(5)..i]
            .iter()
            .any(crate::lexicon::is_share_word);
        return share || figure_just_before;
    }
    false
}

/// "Gemessen an den 350.000 Beschäftigten entspricht der Abbau 4 %": the
/// people a change is measured against (not jobs: "gemessen an den 4.000
/// Stellen, die Daimler streicht").
fn measured_against(words: &[Word], span: &Range<usize>) -> bool {
    let mut i = span.start;
    while i > 0 && (words[i - 1].is(DETERMINERS) || words[i - 1].is(&["die"])) {
        i -= 1;
    }
    let people = words[span.clone()]
        .last()
        .and_then(|w| crate::lexicon::counted_noun(w.text))
        .is_some_and(|(unit, kind, _)| unit == Unit::Employees && kind.is_none());
    people && i >= 2 && is_base_phrase(&words[i - 2].lower, &words[i - 1].lower)
}

/// Two words that make the head count after them the base a change is
/// measured against: "gemessen an", "bezogen auf", "im Verhältnis zu",
/// "relative to".
fn is_base_phrase(first: &str, second: &str) -> bool {
    matches!(
        (first, second),
        ("gemessen", "an" | "am")
            | ("bezogen", "auf")
            | ("verhältnis", "zu" | "zur" | "zum")
            | ("relative", "to")
            | ("proportion" | "share", "of")
    )
}

/// What a sentence as a whole says happens to jobs: its first cut or hire
/// cue, else its first head-count cue ("Diese Zulieferer streichen
/// Stellen:" before a list of figures).
pub fn sentence_cue(words: &[Word]) -> Option<Kind> {
    let all = 0..words.len();
    let cues: Vec<Kind> = all
        .clone()
        .filter_map(|i| cue_kind(words, i, &all))
        .collect();
    cues.iter()
        .find(|k| matches!(k, Kind::Cut | Kind::Hire))
        .or(cues.first())
        .copied()
}

/// Words before "to"/"auf" that make it part of a phrase, not a level:
/// "up to 2,000", "close to 500", "bis auf".
const NOT_LEVEL: &[&str] = &["up", "close", "closer", "bis", "nearly"];

/// Nouns of a count of cuts or hires: "raised the number of job cuts to
/// 30,000" sets the level of the cuts, not of the staff.
fn counts_changes(w: &Word) -> bool {
    w.is(&["cuts", "layoffs", "reductions", "redundancies", "hires"])
        || [
            "streichungen",
            "abbau",
            "entlassungen",
            "kündigungen",
            "einstellungen",
        ]
        .iter()
        .any(|s| w.is_capitalised() && w.lower.ends_with(s))
}

/// A level the staff changes to: "reduced its workforce to about 112,000
/// employees", "from about 8,500 to roughly 4,800 people", "die
/// Belegschaft auf 8.000 Beschäftigte verkleinern".
fn level_to(words: &[Word], span: &Range<usize>) -> bool {
    let Some(to) = span.start.checked_sub(1) else {
        return false;
    };
    // "from about 9,000 to 5,000" is a level; "1,000 to 2,000" a range.
    let from_before = words[to.saturating_sub(4)..to]
        .iter()
        .any(|w| w.is(&["from", "von"]));
    let range = to > 0 && words[to - 1].is_number() && !from_before;
    if !words[to].is(&["to", "auf"]) || (to > 0 && words[to - 1].is(NOT_LEVEL)) || range {
        return false;
    }
    let own = verb_clause(words, span);
    let before = &words[own.start..to];
    before.iter().any(|w| is_cue(&w.lower, CHANGE_CUES)) && !before.iter().any(counts_changes)
}

/// Separable prefixes before the "ge" of a German participle
/// ("eingeführt", "abgebaut", "angekündigt").
const PARTICIPLE_PREFIXES: &[&str] = &[
    "", "ein", "ab", "an", "auf", "aus", "vor", "zu", "mit", "nach", "weg", "um", "fest", "zurück",
];

/// A lower-case German past participle: "eingeführt", "gestrichen",
/// "informiert".
fn is_german_participle(lower: &str) -> bool {
    let ends = lower.ends_with('t') || lower.ends_with("en");
    let ge = PARTICIPLE_PREFIXES.iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with("ge") && rest.chars().count() >= 5)
    });
    // "berichtet", "verkauft", "erklärt": no "ge" after these prefixes.
    let inseparable = lower.ends_with('t')
        && lower.chars().count() >= 7
        && ["be", "ver", "er", "ent", "zer"]
            .iter()
            .any(|p| lower.starts_with(p));
    lower.chars().all(char::is_alphabetic) && ends && (ge || inseparable || lower.ends_with("iert"))
}

/// The figure stands in a relative clause about a workforce ("ihrer
/// Belegschaft, die zuletzt bei gut 72.000 Mitarbeitern lag", "its
/// workforce, which numbered about 9,000").
fn about_the_workforce(words: &[Word], span: &Range<usize>) -> bool {
    let own = clause(words, span);
    own.start >= 2
        && words[own.start - 1].is(&[","])
        && words[own.start].is(&["die", "der", "which", "that"])
        && WORKFORCE_NOUNS
            .iter()
            .any(|n| words[own.start - 2].lower.ends_with(n))
}

/// "hat 17.000 Mitarbeitende": a head count when nothing else is said.
const HAVE: &[&str] = &["hat", "hatte", "haben", "hatten", "has", "had", "have"];

/// The kind of the figure at words `span` of a sentence. `noun_kind`: the
/// kind the counted noun carries itself ("Entlassungen"); `others`: the
/// spans of the sentence's other figures, whose clauses' verbs are theirs.
pub fn kind_of(
    words: &[Word],
    span: &Range<usize>,
    noun_kind: Option<Kind>,
    others: &[Range<usize>],
) -> Kind {
    if let Some(k) = noun_kind {
        return k;
    }
    let just_before = others
        .iter()
        .any(|o| o.end <= span.start && o.end + 4 >= span.start);
    if head_count_before(words, span.start, just_before)
        || measured_against(words, span)
        || level_to(words, span)
        || about_the_workforce(words, span)
    {
        return Kind::Workforce;
    }
    let own = verb_clause(words, span);
    if let Some(k) = nearest_cue(words, span, &own, |_| false) {
        return k;
    }
    // Not the auxiliary: "hatte Kurzarbeit für 1.400 Beschäftigte
    // eingeführt".
    let participle_after = words[span.end..own.end.max(span.end)]
        .iter()
        .any(|w| !w.is_capitalised() && is_german_participle(&w.lower));
    if words[own.clone()].iter().any(|w| w.is(HAVE)) && !participle_after {
        return Kind::Workforce;
    }
    let theirs: Vec<Range<usize>> = others.iter().map(|o| verb_clause(words, o)).collect();
    let taken = |i: usize| !own.contains(&i) && theirs.iter().any(|c| c.contains(&i));
    if let Some(k) = nearest_cue(words, span, &(0..words.len()), taken) {
        return k;
    }
    // "500 neue Stellen", "1,000 new jobs"
    if words[span.clone()].iter().any(|w| w.is(NEW_JOBS)) {
        return Kind::Hire;
    }
    Kind::Other
}
