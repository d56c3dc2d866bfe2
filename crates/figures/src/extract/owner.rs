//! Whose figure: the organisation its sentence ties it to
//! ([`crate::attribute`]), a list item's label, the one referred back to,
//! the one named before in its paragraph, else the article's subject; no
//! one's for a total of many employers.

use super::Context;
use crate::attribute::{attribute, is_part_of_owner};
use crate::context::{item_label, labelled, refers_back, refers_back_within, single_actor};
use crate::find::Found;
use crate::kind::clause;
use crate::lexicon::{AT_ORG, CONTRASTS};
use crate::org_names::org_key;
use crate::org_refs::OrgRef;
use crate::subject::{inherited_owner, is_aggregate, is_employer};
use crate::words::Word;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// A contrast between the figure and a name after it ("…, während Amazon
/// gleichzeitig …"): the sentence sets the figure against that company, it
/// is not the article's company's.
fn contrasted(between: &[Word]) -> bool {
    between.iter().any(|x| x.is(CONTRASTS))
}

/// The figure's clause follows a semicolon or colon with no name of its
/// own: "Stellantis streicht eine Schicht; rund 300 Stellen fallen weg",
/// "… nannte eine tiefere Zahl: Betroffen seien etwa 600 Stellen". It goes
/// on about the company of the clause before.
fn continues_after_semicolon(w: &[Word], c: &std::ops::Range<usize>) -> bool {
    c.start > 0 && w[c.start - 1].is(&[";", ":"])
}

/// Words that make a figure the sum of the companies named before it.
const JOINT: &[&str] = &["zusammen", "together", "combined", "gemeinsam"];

/// More people than any employer has (the largest employ about two
/// million).
const MOST_STAFF: u64 = 5_000_000;

/// Whose figure `f` is: the organisation its sentence ties it to; for a
/// sentence that names no employer (and is no total of many, and no
/// labelled list item), the one referred back to, else the one named
/// before in its paragraph, else the article's subject.
pub(super) fn owner(w: &[Word], refs: &[OrgRef], f: &Found, context: &Context) -> Option<String> {
    // No employer has tens of millions of staff: "300 Millionen
    // Arbeitsplätze" weltweit are an economy's, whoever estimates them.
    if f.amount.value > MOST_STAFF {
        return None;
    }
    // "Bosch, ZF, Continental und Schaeffler haben zusammen den Abbau von
    // 60.000 Stellen angekündigt": a joint figure is no one company's.
    // "… bei Commerzbank und Postbank zusammen" too; not "zusammen mit".
    let joint = (0..w.len())
        .any(|i| w[i].is(JOINT) && !w.get(i + 1).is_some_and(|n| n.is(&["mit", "with"])));
    if joint {
        let joined: BTreeSet<String> = refs
            .iter()
            .filter(|o| o.employs())
            .map(|o| org_key(&o.text))
            .collect();
        if joined.len() >= 2 {
            return None;
        }
    }
    // A labelled item ("• UPS: The parcel carrier said it eliminated …")
    // is about its label: a name after the figure owns it only when it
    // names it there ("… as Amazon volumes decline" does not).
    let label = item_label(w).filter(|l| is_employer(l));
    let own_refs: Cow<[OrgRef]> = match label {
        None => Cow::Borrowed(refs),
        Some(_) => refs
            .iter()
            .filter(|o| {
                o.words.start < f.span.end
                    || o.words
                        .start
                        .checked_sub(1)
                        .is_some_and(|b| w[b].is(AT_ORG))
            })
            .cloned()
            .collect(),
    };
    if let Some(org) = attribute(w, &own_refs, &f.span, f.noun, context.known) {
        return Some(org);
    }
    if let Some(label) = item_label(w) {
        return is_employer(&label).then_some(label);
    }
    // Employers named in a later clause ("…, vor allem in den Einheiten der
    // Postbank") do not stop the context; one named in or before the
    // figure's clause does, unless the figure's clause refers back to it
    // ("Amazon beschäftigt …; im Oktober hatte der Konzern den Abbau von
    // 14.000 Stellen bestätigt").
    let c = clause(w, &f.span);
    let named: Vec<&OrgRef> = refs
        .iter()
        .filter(|o| o.employs() && !is_part_of_owner(w, o, &f.span))
        .filter(|o| o.words.start < c.end || contrasted(&w[c.end..o.words.start]))
        .collect();
    if !named.is_empty() {
        let names: BTreeSet<String> = named.iter().map(|o| org_key(&o.text)).collect();
        let before_only = named.iter().all(|o| o.words.end <= c.start);
        // "ZF plant …; in der Sparte, die der Konzern verkauft, arbeiten
        // 32.000": a reference between the name and the figure's clause.
        let after_name = named.iter().map(|o| o.words.end).max().unwrap_or(c.start);
        let refers = refers_back_within(&w[c.clone()])
            || refers_back_within(&w[after_name.min(c.start)..c.start]);
        return (names.len() == 1 && before_only && (refers || continues_after_semicolon(w, &c)))
            .then(|| named[0].text.clone());
    }
    if labelled(w) || is_aggregate(w) {
        return None;
    }
    let back = refers_back(w)
        .then(|| single_actor(context.previous, context.previous_words))
        .flatten()
        .filter(|o| is_employer(o));
    back.or_else(|| inherited_owner(context.read, context.at, context.subject))
}
