//! Figures of one document: the article read whole (its sentences, their
//! organisations, the employer it is about), then sentence by sentence
//! each figure found ([`crate::find`]) with its kind, owner and status.

use crate::article::{
    headline_status, in_full, paragraph_starts, split_at_lines, starts_with_headline,
};
use crate::attribute::{each_owners, is_part_of_owner};
use crate::context::{comments_start, list_item, with_known_names};
use crate::find::{find_in_sentence, Found};
use crate::kind::sentence_cue;
use crate::language::is_german;
use crate::lexicon::counted_noun;
use crate::org_names::org_name;
use crate::org_refs::{body_acronyms, org_refs, OrgRef};
use crate::sentences::sentences;
use crate::share::{self, share_before, Share};
use crate::status::{sentence_status, status_of};
use crate::subject::{article_subject, Read};
use crate::words::{words, Word};
use crate::{Figure, Kind, OrgSpan, Status};
use figure_kind::figure_kind;
use owner::owner;
use said::{confirms_the_figure, demanded};
use std::collections::BTreeSet;
use std::ops::Range;

/// The document text of words `r`.
fn phrase(doc: &[char], w: &[Word], r: &Range<usize>) -> String {
    doc[w[r.start].start..w[r.end - 1].end].iter().collect()
}

/// One sentence (or piece of a run-on one) with what the stage reads in it.
struct Piece<'t> {
    text: String,
    words: Vec<Word<'t>>,
    refs: Vec<OrgRef>,
}

/// The job figures of a document. `orgs`: its ORG mentions (character
/// offsets into `text`).
pub fn extract(doc: &str, text: &str, orgs: &[OrgSpan]) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    let orgs = organisations(&chars, orgs);
    let known: BTreeSet<String> = orgs
        .iter()
        .map(|o| {
            chars[o.start..o.end]
                .iter()
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let pieces = pieces(text, &chars, &orgs);
    // The whole article first: each sentence's paragraph and employers, the
    // employer it is about, its language.
    let paragraphs = paragraph_starts(&chars);
    let read: Vec<Read> = pieces
        .iter()
        .map(|p| Read {
            paragraph: paragraphs.partition_point(|&s| s <= p.words[0].start) - 1,
            employers: employers(&p.words, &p.refs),
        })
        .collect();
    // A headline line above the text: the lead is the paragraph below it.
    let lead = if starts_with_headline(text) { 2 } else { 1 };
    let subject = article_subject(&read, lead);
    let german = is_german(pieces.iter().flat_map(|p| &p.words));
    let (mut out, mut pending) = (Vec::new(), Vec::new());
    let (mut intro, mut intro_status) = (None, None);
    for (at, piece) in pieces.iter().enumerate() {
        if !list_item(&piece.words) {
            // The sentence right before a list may say how sure it is
            // ("Here are the largest, as confirmed by the companies:").
            let kind = sentence_cue(&piece.words);
            let status = sentence_status(&piece.words, german);
            if kind.is_some() || status.is_some() {
                intro_status = status;
            }
            intro = kind.or(intro);
        }
        // The previous sentence's organisations, not the parts it names
        // ("Bosch will in seiner Zuliefersparte Mobility …").
        let previous: Vec<OrgRef> = at
            .checked_sub(1)
            .map(|p| {
                let words = &pieces[p].words;
                pieces[p]
                    .refs
                    .iter()
                    .filter(|o| !is_part_of_owner(words, o, &(0..0)))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let context = Context {
            read: &read,
            at,
            subject: subject.as_deref(),
            previous: &previous,
            previous_words: at.checked_sub(1).map_or(&[][..], |p| &pieces[p].words),
            known: &known,
            german,
            intro,
            intro_status,
            last_change: out
                .iter()
                .rev()
                .map(|f: &Figure| f.kind)
                .find(|k| matches!(k, Kind::Cut | Kind::Hire)),
            last_kind: out
                .iter()
                .rev()
                .map(|f: &Figure| f.kind)
                .find(|k| *k != Kind::Other),
        };
        let before = out.len();
        for told in sentence_figures(&piece.words, &piece.refs, &context) {
            out.extend(figures_of(doc, &chars, piece, &told));
        }
        pending.extend(shares::lone_shares_of(&chars, piece, &context));
        // "Der Konzern bestätigte diese Zahl.": the figures of the sentence
        // before are confirmed.
        if out.len() == before && confirms_the_figure(&piece.words) {
            let since = at
                .checked_sub(1)
                .map_or(usize::MAX, |p| pieces[p].words[0].start);
            for f in out.iter_mut().filter(|f| f.start >= since) {
                f.status = Status::Confirmed;
                f.source = None;
            }
        }
    }
    in_full(&chars, &orgs, &mut out);
    share::derive_from_head_counts(pending, &mut out);
    share::drop_restated(&mut out);
    headline_status(text, &mut out);
    out.sort_by_key(|f| (f.start, f.derived));
    out
}

/// The ORG mentions that can name an organisation: inside the text, not
/// the counted noun ("Jobs" tagged ORG), cut at line ends, plus every other
/// occurrence of their names.
fn organisations(chars: &[char], orgs: &[OrgSpan]) -> Vec<OrgSpan> {
    let orgs: Vec<OrgSpan> = orgs
        .iter()
        .copied()
        .filter(|o| o.start < o.end && o.end <= chars.len())
        .filter(|o| {
            let name: String = chars[o.start..o.end].iter().collect();
            name.contains(['-', '‐']) || counted_noun(&name).is_none()
        })
        .collect();
    with_known_names(chars, &split_at_lines(chars, &orgs))
}

/// The article's sentences up to the readers' comments (no claims), each
/// with its words and organisations. A run-on "sentence" (a table, a list
/// without periods) is read in pieces, so that the cost stays linear.
fn pieces<'t>(text: &'t str, chars: &[char], orgs: &[OrgSpan]) -> Vec<Piece<'t>> {
    let article = &text[..comments_start(text).unwrap_or(text.len())];
    let bodies = body_acronyms(article);
    let mut pieces = Vec::new();
    for s in sentences(article) {
        let all_words = words(s.text, s.start);
        for w in all_words.chunks(MAX_SENTENCE_WORDS) {
            let text = if all_words.len() <= MAX_SENTENCE_WORDS {
                s.text.to_string()
            } else {
                chars[w[0].start..w[w.len() - 1].end].iter().collect()
            };
            let mut refs = org_refs(w, orgs, chars);
            for r in refs.iter_mut().filter(|r| bodies.contains(r.text.trim())) {
                r.body = true;
            }
            pieces.push(Piece {
                text,
                words: w.to_vec(),
                refs,
            });
        }
    }
    pieces
}

/// The figure `told` of a sentence, and the cut or hire derived from the
/// share before it ("vier Prozent der 350.000 Mitarbeiter").
fn figures_of(doc: &str, chars: &[char], piece: &Piece, told: &Told) -> Vec<Figure> {
    let (w, f) = (&piece.words, &told.found);
    let figure = Figure {
        doc: doc.to_string(),
        org: told.org.clone(),
        entity: None,
        value: f.amount.value,
        value_max: f.amount.value_max,
        approx: f.amount.vague || f.qualifier.is_some_and(|(_, approx)| approx),
        kind: told.kind,
        unit: f.unit,
        status: told.status,
        source: told.source.clone(),
        derived: false,
        qualifier: f
            .qualifier
            .map(|(q, _)| phrase(chars, w, &(q..f.amount.first))),
        text: phrase(chars, w, &f.span),
        start: w[f.span.start].start,
        end: w[f.span.end - 1].end,
        sentence: piece.text.clone(),
    };
    let Some((share, status, source)) = &told.share else {
        return vec![figure];
    };
    let ((low, high), per) = (share.parts, share.per);
    let derived = Figure {
        value: share::of(low, per, f.amount.value),
        value_max: high.map(|h| share::of(h, per, f.amount.value)),
        approx: true,
        kind: share.kind,
        status: *status,
        source: source.clone(),
        derived: true,
        qualifier: None,
        text: phrase(chars, w, &share.span),
        start: w[share.span.start].start,
        end: w[share.span.end - 1].end,
        ..figure.clone()
    };
    vec![derived, figure]
}

/// Sentences longer than this (in words) are read in pieces of this size.
const MAX_SENTENCE_WORDS: usize = 300;

/// What the article around a sentence says.
struct Context<'a> {
    read: &'a [Read],
    /// The sentence's index in `read`.
    at: usize,
    subject: Option<&'a str>,
    /// The organisations of the sentence before.
    previous: &'a [OrgRef],
    /// The words of the sentence before.
    previous_words: &'a [Word<'a>],
    /// Lower-cased names of the document's organisations.
    known: &'a BTreeSet<String>,
    /// The document is German (for the status: German "will" is a plan).
    german: bool,
    /// What the last sentence that is no list item says happens to jobs
    /// (the introduction of a list).
    intro: Option<Kind>,
    /// How sure that sentence says its figures are.
    intro_status: Option<Status>,
    /// The kind of the last cut or hire figure before the sentence.
    last_change: Option<Kind>,
    /// The kind of the last figure before the sentence.
    last_kind: Option<Kind>,
}

/// A figure of a sentence with what the stage decided about it.
struct Told {
    kind: Kind,
    org: Option<String>,
    status: Status,
    source: Option<String>,
    found: Found,
    /// A head count after a share of it ("vier Prozent der 350.000"): the
    /// share, with its own status.
    share: Option<(Share, Status, Option<String>)>,
}

/// The figures of one sentence: kind, organisation, status and what was
/// found.
fn sentence_figures(w: &[Word], refs: &[OrgRef], context: &Context) -> Vec<Told> {
    if crate::context::a_reader_says(w) {
        return Vec::new();
    }
    let org_ends: Vec<usize> = refs.iter().map(|o| o.words.end).collect();
    let mut found = find_in_sentence(w, &org_ends);
    // An interview's answer: "Wie viele Menschen arbeiten für Trumpf?" –
    // "Weltweit knapp 19.000, in Ditzingen rund 4.700." The question's
    // employer (else the article's) owns what the answer counts.
    // Read so before a bare amount's other readings ("Weltweit sind es gut
    // 15.000" would continue the article's last figure).
    let answers = crate::find::answer_to(w, context.previous_words);
    let mut asker = None;
    if !answers.is_empty() {
        found.retain(|f| !answers.iter().any(|a| a.amount.first == f.amount.first));
        found.extend(answers);
        found.sort_by_key(|f| f.span.start);
        asker = crate::context::single_actor(context.previous, context.previous_words)
            .filter(|o| crate::subject::is_employer(o))
            .or_else(|| context.subject.map(String::from));
    }
    let spans: Vec<Range<usize>> = found.iter().map(|f| f.span.clone()).collect();
    let intro_status = list_item_status(w, context);
    let mut out = Vec::new();
    for (n, f) in found.iter().enumerate() {
        let others: Vec<Range<usize>> = spans
            .iter()
            .enumerate()
            .filter(|(m, _)| *m != n)
            .map(|(_, s)| s.clone())
            .collect();
        let Some((kind, whole_of_part)) = figure_kind(w, f, &found, &others, context) else {
            continue;
        };
        if demanded(w, &f.span) {
            continue;
        }
        let each = each_owners(w, refs, &f.span);
        let owners = if each.is_empty() {
            vec![owner(w, refs, f, context).or_else(|| asker.clone())]
        } else {
            each.into_iter().map(Some).collect()
        };
        for org in owners.into_iter().map(|o| o.map(org_name)) {
            let status = |span: &Range<usize>, kind: Kind| {
                status_of(w, span, refs, &others, org.as_deref(), context.german, kind)
            };
            let (mut status_now, mut source) = match &whole_of_part {
                Some((whole, whole_kind)) => status(whole, *whole_kind),
                None => status(&f.span, kind),
            };
            if let Some(intro) = intro_status {
                (status_now, source) = (intro, None);
            }
            let share = (kind == Kind::Workforce)
                .then(|| share_before(w, f.span.start))
                .flatten()
                .map(|s| {
                    let (st, so) = status(&s.span, s.kind);
                    (s, st, so)
                });
            out.push(Told {
                kind,
                org,
                status: status_now,
                source,
                found: f.clone(),
                share,
            });
        }
    }
    out
}

/// A list item without a verb or a word of its own on it is as sure as
/// its introduction ("wollen einstellen: - Lidl: 4.500"; not "- 2022–2023:
/// Amazon cut 27,000 jobs").
fn list_item_status(w: &[Word], context: &Context) -> Option<Status> {
    if !list_item(w) || matches!(sentence_cue(w), Some(Kind::Cut | Kind::Hire)) {
        return None;
    }
    sentence_status(w, context.german)
        .is_none()
        .then_some(context.intro_status)
        .flatten()
}

/// The employers among a sentence's organisation mentions.
pub fn employers(words: &[Word], refs: &[OrgRef]) -> Vec<String> {
    refs.iter()
        // Not the parts it names ("at its Factory Zero plant").
        .filter(|o| o.employs() && !is_part_of_owner(words, o, &(0..0)))
        .map(|o| o.text.clone())
        .collect()
}

mod figure_kind;
mod owner;
mod said;
mod shares;

#[cfg(test)]
mod continuation_tests;
#[cfg(test)]
mod naming_tests;
#[cfg(test)]
mod reading_tests;
#[cfg(test)]
mod restating_tests;
#[cfg(test)]
mod tests;
