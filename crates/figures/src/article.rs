//! The layout of an article as the figures need it: its paragraphs (and
//! list items), its headline, ORG mentions cut where a line ends.

use crate::{Figure, Kind, OrgSpan, Status};

/// Character offsets where the text's paragraphs start: blocks between
/// blank lines, and each item of a list ("- 2022–2023: Amazon cut …"),
/// whose items are about different things.
pub fn paragraph_starts(chars: &[char]) -> Vec<usize> {
    let mut starts = vec![0];
    for i in 1..chars.len() {
        let blank_before = chars[i - 1] == '\n' && chars[..i - 1].last() == Some(&'\n');
        let item = chars[i - 1] == '\n'
            && matches!(chars[i], '-' | '*' | '•' | '–')
            && chars.get(i + 1).is_some_and(|c| *c == ' ');
        if blank_before || item {
            starts.push(i);
        }
    }
    starts
}

/// ORG mentions split where a line ends: a headline's last name and the
/// next paragraph's first word are two things ("Bayer\n\nAnalysts").
pub fn split_at_lines(chars: &[char], orgs: &[OrgSpan]) -> Vec<OrgSpan> {
    let mut out = Vec::new();
    for o in orgs {
        let mut start = o.start;
        for i in o.start..=o.end {
            if i < o.end && chars[i] != '\n' {
                continue;
            }
            let (mut s, mut e) = (start, i);
            while s < e && chars[s].is_whitespace() {
                s += 1;
            }
            while e > s && chars[e - 1].is_whitespace() {
                e -= 1;
            }
            let whole = s == o.start && e == o.end;
            let capitalised = chars
                .get(s)
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
            if s < e && (whole || capitalised) {
                out.push(OrgSpan { start: s, end: e });
            }
            start = i + 1;
        }
    }
    out
}

/// The text's first block is a headline: one line, without a closing
/// period, and short when it asks or exclaims ("Aldi Süd: 4.000 neue
/// Jobs?").
pub fn starts_with_headline(text: &str) -> bool {
    let first = text.split("\n\n").next().unwrap_or("").trim_end();
    let asks = first.ends_with(['!', '?']) && first.split_whitespace().count() <= 12;
    !first.contains('\n') && (!first.ends_with(['.', '!', '?']) || asks)
}

/// A headline is terse ("Daimler Truck streicht 5.000 Stellen" over "…
/// will bis 2030 rund 5.000 Stellen streichen"): its figures take the
/// status of the same figure in the text below, when there is one (and
/// its kind, when the headline's words give none), and a
/// headline figure that is the upper bound of a range below is that range.
pub fn headline_status(text: &str, figures: &mut Vec<Figure>) {
    let first = text.split("\n\n").next().unwrap_or("");
    if !starts_with_headline(text) || first.len() == text.len() {
        return;
    }
    let end = first.chars().count();
    type Said = (Option<String>, Kind, u64, Status, Option<String>);
    let body: Vec<Said> = figures
        .iter()
        .filter(|f| f.start >= end)
        .map(|f| (f.org.clone(), f.kind, f.value, f.status, f.source.clone()))
        .collect();
    for f in figures.iter_mut().filter(|f| f.end <= end) {
        // "Voith: Bis zu 1000 Jobs auf dem Prüfstand" names no verb the
        // text below has: the same number of the same company there says
        // what happens to them.
        if f.kind == Kind::Other {
            let kinds: Vec<Kind> = body
                .iter()
                .filter(|b| b.0 == f.org && b.2 == f.value && b.1 != Kind::Other)
                .map(|b| b.1)
                .collect();
            if let Some(&kind) = kinds.first().filter(|k| kinds.iter().all(|o| o == *k)) {
                f.kind = kind;
            }
        }
        // The same figure below, of the same company, or of the one
        // company the text gives it to ("BVG sucht 1.600 neue Beschäftigte"
        // over "Die Berliner Verkehrsbetriebe (BVG) wollen … 1.600 …
        // einstellen").
        let twins: Vec<&Said> = body
            .iter()
            .filter(|b| b.1 == f.kind && b.2 == f.value)
            .collect();
        let same_company: Vec<&Said> = twins.iter().copied().filter(|b| b.0 == f.org).collect();
        let one_company = twins.iter().all(|b| b.0 == twins[0].0);
        let twin = match same_company.is_empty() && one_company {
            true => twins.into_iter().min_by_key(|b| b.3),
            false => same_company.into_iter().min_by_key(|b| b.3),
        };
        if let Some(b) = twin {
            f.status = b.3;
            f.source = b.4.clone();
        }
    }
    // "FedEx to cut up to 1,800 jobs" over "… will cut between 1,400 and
    // 1,800 jobs": the headline gives the range's upper bound, one claim.
    let bounds: Vec<(Option<String>, Kind, u64)> = figures
        .iter()
        .filter(|f| f.start >= end)
        .filter_map(|f| Some((f.org.clone(), f.kind, f.value_max.filter(|m| *m > f.value)?)))
        .collect();
    figures.retain(|f| {
        let restated = f.end <= end && f.value_max.is_none_or(|m| m == f.value);
        !(restated && bounds.contains(&(f.org.clone(), f.kind, f.value)))
    });
    // "Rewe schafft 1.200 Jobs" over 700 and 350 new jobs below, "dm sucht
    // Tausende neue Kräfte" over 1.400 and 600: a headline number the text
    // never states, about the total of the same company's figures of that
    // kind below (or one of them, rounded), sums or rounds them and is no
    // claim of its own. Not "Amazon streicht 14.000 Stellen" over the
    // 27.000 of an earlier round.
    let about = |v: u64, max: Option<u64>, total: u128| match max {
        Some(m) => (u128::from(v)..=u128::from(m)).contains(&total),
        None => 4 * total <= 5 * u128::from(v) && 4 * u128::from(v) <= 5 * total,
    };
    let summarised = |f: &Figure| {
        let below: Vec<u128> = body
            .iter()
            .filter(|b| b.1 == f.kind && same_employer(&b.0, &f.org))
            .map(|b| u128::from(b.2))
            .collect();
        f.end <= end
            && !body.iter().any(|b| b.1 == f.kind && b.2 == f.value)
            && (about(f.value, f.value_max, below.iter().sum())
                || below.iter().any(|&b| about(f.value, f.value_max, b)))
    };
    figures.retain(|f| !summarised(f));
}

/// Two figures' companies are one, also where one name adds a kind word
/// ("Rewe" and "Rewe Group").
fn same_employer(a: &Option<String>, b: &Option<String>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let core = crate::org_names::core_words;
    crate::org_names::same_company(a, b) || core(a) == core(b)
}

/// A company the text also names in full owns its figures under that name:
/// "Conti" (which the model may even tag as a person) is "Continental" in
/// an article that names Continental, and in no other.
pub fn in_full(chars: &[char], orgs: &[OrgSpan], figures: &mut [Figure]) {
    let names: std::collections::BTreeSet<String> = orgs
        .iter()
        .map(|o| crate::org_names::org_name(chars[o.start..o.end].iter().collect()))
        .collect();
    for f in figures.iter_mut() {
        let Some(org) = &f.org else { continue };
        let full: Vec<&String> = names
            .iter()
            // Not "Lufthansa-Cargo" for Lufthansa: a compound names a part.
            .filter(|n| !n.contains(['-', '‐']) && crate::org_names::clips(org, n))
            .collect();
        if let [only] = full[..] {
            f.org = Some(only.clone());
        }
    }
}
