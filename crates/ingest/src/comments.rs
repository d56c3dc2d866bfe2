//! Where the reader comments below an article begin, in text: a comments
//! heading ("7 Kommentare", "Kommentare (3)", "12 Comments", "3 Antworten
//! auf …"), or, without one, a run of comment headers ("cwsuisse
//! 29. Oktober 2025 um 6:21 Uhr - Antworten", "Peter K., 28.10.2025, 19:15")
//! and reply links. Everything from there on is left out: comments are
//! readers' words, not the article's, and their figures are no claims.

use crate::dates;

/// Headings of a comment section, compared lower-cased without a count.
const HEADINGS: &[&str] = &[
    "kommentare",
    "leserkommentare",
    "kommentar schreiben",
    "schreiben sie einen kommentar",
    "comments",
    "reader comments",
    "join the discussion",
    "join the conversation",
    "leave a comment",
    "leave a reply",
];

/// Words that head a comment section on some sites and a section of the
/// article on others: they count only when comments follow at once.
const WEAK_HEADINGS: &[&str] = &[
    "diskussion",
    "diskutieren sie mit",
    "kommentieren",
    "ihre meinung",
    "discussion",
    "responses",
];

/// Controls under each comment.
const REPLY_CONTROLS: &[&str] = &[
    "antworten",
    "antwort",
    "melden",
    "zitieren",
    "gefällt mir",
    "reply",
    "report",
    "like",
    "permalink",
];

/// A line that opens a comment section: `Some(true)` for a heading that
/// says so by itself, `Some(false)` for a word that needs comments after it.
fn heading_kind(line: &str) -> Option<bool> {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    if lower.is_empty() || lower.len() > 120 {
        return None;
    }
    // "Kommentare (12)", "Comments [3]"
    let without_count = lower.split(['(', '[']).next().unwrap_or("").trim();
    if HEADINGS.contains(&without_count) {
        return Some(true);
    }
    if WEAK_HEADINGS.contains(&without_count) {
        return Some(false);
    }
    // "7 Kommentare", "12 comments", "3 Antworten auf „…“", "5 thoughts on “…”"
    let head: Vec<&str> = lower
        .split([' ', '\u{a0}'])
        .filter(|w| !w.is_empty())
        .collect();
    if head.len() >= 2 && head[0].bytes().all(|b| b.is_ascii_digit()) {
        let counted = matches!(
            head[1],
            "kommentare" | "kommentar" | "comments" | "comment" | "leserkommentare"
        ) && head.len() == 2;
        // WordPress: a title in quotes follows ("10 Antworten auf die
        // wichtigsten Fragen" is a headline, not a thread).
        let quoted = head
            .get(3)
            .is_some_and(|w| w.starts_with(['„', '“', '"', '«', '»', '‘', '\'', '‚']));
        let thread = matches!(
            (head[1], head.get(2).copied()),
            ("antworten" | "antwort", Some("auf" | "zu"))
                | ("thoughts" | "responses" | "replies", Some("on" | "to"))
        ) && quoted;
        return (counted || thread).then_some(true);
    }
    None
}

#[cfg(test)]
fn is_heading(line: &str) -> bool {
    heading_kind(line) == Some(true)
}

/// A reply control on a line of its own, or closing a comment header after
/// a spaced separator ("… 6:21 Uhr - Antworten", "… | Reply"); "Der
/// Jobs-Report" is a heading, not a control.
fn is_reply_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if REPLY_CONTROLS.contains(&lower.as_str()) {
        return true;
    }
    lower.len() < 160
        && [" - ", " | ", " · ", " • ", " – "].iter().any(|sep| {
            lower
                .rsplit_once(sep)
                .is_some_and(|(_, last)| REPLY_CONTROLS.contains(&last.trim()))
        })
}

/// A short line naming when a reader wrote: a full date and a time
/// ("29. Oktober 2025 um 6:21 Uhr", "28.10.2025, 19:15",
/// "October 29, 2025 at 6:21 am"), with little else on it.
fn is_comment_header(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 120 || t.ends_with(['.', '!', '?']) {
        return false;
    }
    // "Stand: 29.10.2025 06:21 Uhr", "Update: …": the article's own times.
    let lower = t.to_lowercase();
    if [
        "stand",
        "update",
        "aktualisiert",
        "zuletzt",
        "veröffentlicht",
        "published",
        "updated",
        "posted",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        return false;
    }
    let has_time = t.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    }) || t.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    });
    let words = t.split_whitespace().count();
    has_time && words <= 14 && dates::find_in_text(t).is_some()
}

/// The line index at which reader comments begin, if the text has them.
/// Only the later part of a text can hold them: a heading or header in
/// the first quarter is the page's top (a "7 Kommentare" jump link).
pub(crate) fn comments_start(lines: &[&str]) -> Option<usize> {
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut offset = 0usize;
    let mut starts = Vec::with_capacity(lines.len());
    for line in lines {
        starts.push(offset);
        offset += line.len() + 1;
    }
    let late = |i: usize| starts[i] * 4 >= total;
    let ahead = |i: usize| i + 1..lines.len().min(i + 8);
    let reply = |i: usize| is_reply_line(lines[i]);
    // A header counts when a reply control closes it or follows its comment.
    // A header counts when it names its writer before the date, or when a
    // reply control closes it or follows its comment; a bare timestamp
    // ("29.10.2025, 14:05 Uhr") heads a live blog's entry as often.
    let header = |i: usize| {
        is_comment_header(lines[i])
            && (starts_with_name(lines[i]) || reply(i) || ahead(i).take(5).any(reply))
    };
    let signal = |i: usize| header(i) || reply(i);
    // A heading in the second half, or one that comments follow at once
    // (a weekly edition's "Comments (5 posted)" link under each story
    // is neither); a weak heading only with comments after it.
    let opens = |i: usize| match heading_kind(lines[i]) {
        Some(true) => starts[i] * 2 >= total || i * 2 >= lines.len() || ahead(i).any(signal),
        Some(false) => ahead(i).any(signal),
        None => false,
    };
    if let Some(i) = (0..lines.len()).find(|&i| late(i) && opens(i)) {
        return Some(i);
    }
    // Without a heading: two signals (headers or reply controls) at least.
    let signals: Vec<usize> = (0..lines.len()).filter(|&i| late(i) && signal(i)).collect();
    if signals.len() < 2 {
        return None;
    }
    let first = signals[0];
    let mut start = first;
    if !is_comment_header(lines[first]) {
        // A reply control closes its comment: the comment began at its block.
        while start > 0 && !lines[start - 1].trim().is_empty() {
            start -= 1;
        }
    } else if start > 0 && is_author_name(lines[start - 1]) {
        start -= 1;
    }
    late(start).then_some(start)
}

/// Words a dated line of the article itself starts with.
const DATE_LEADS: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "mo",
    "di",
    "mi",
    "do",
    "fr",
    "sa",
    "so",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "am",
    "um",
    "on",
    "at",
    "heute",
    "gestern",
    "today",
    "yesterday",
    "seit",
    "since",
    "ab",
];

/// "throwaway_sre Oct 23, 2025, 9:02 AM", "Peter K., 28.10.2025": the line
/// starts with a writer's name, not with the date or a date word.
fn starts_with_name(line: &str) -> bool {
    let first = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
        .to_lowercase();
    !first.is_empty()
        && !first.starts_with(|c: char| c.is_ascii_digit())
        && !dates::is_month(&first)
        && !DATE_LEADS.contains(&first.as_str())
}

/// A user name on its own line above a comment header ("cwsuisse",
/// "Sabine M.").
fn is_author_name(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 40
        && t.split_whitespace().count() <= 3
        && !t.ends_with(['!', '?', ':', ','])
        && !(t.ends_with('.') && t.split_whitespace().count() > 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_and_without_counts() {
        for h in [
            "7 Kommentare",
            "Kommentare (3)",
            "12 Comments",
            "Leserkommentare:",
            "3 Antworten auf „Amazon streicht Stellen“",
            "5 thoughts on “Amazon cuts”",
            "Join the conversation",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for h in [
            "Kommentar: Amazon irrt",
            "7 Kommentare zu viel sind das",
            "Die Kommentare der Analysten",
        ] {
            assert!(!is_heading(h), "{h}");
        }
    }

    #[test]
    fn comment_headers_and_reply_controls() {
        assert!(is_comment_header(
            "cwsuisse 29. Oktober 2025 um 6:21 Uhr - Antworten"
        ));
        assert!(is_comment_header("Peter_K aus Leipzig, 28.10.2025, 19:15"));
        assert!(is_comment_header("October 29, 2025 at 6:21 am"));
        assert!(!is_comment_header(
            "Am 28. Oktober 2025 um 6:21 Uhr bestätigte Amazon den Abbau."
        ));
        assert!(is_reply_line("Antworten"));
        assert!(is_reply_line("ms_k 29. Oktober 2025 um 7:02 Uhr | Reply"));
        assert!(!is_reply_line("Amazon wollte nicht antworten"));
        assert!(!is_reply_line("Der Jobs-Report"));
        assert!(!is_comment_header("Stand: 29.10.2025 06:21 Uhr"));
        assert!(starts_with_name("throwaway_sre Oct 23, 2025, 9:02 AM"));
        assert!(!starts_with_name("29.10.2025, 14:05 Uhr"));
        assert!(!starts_with_name("Oct. 29, 2025, 2:05 PM ET"));
        assert!(!starts_with_name("Mittwoch, 29.10.2025, 14:05 Uhr"));
    }

    #[test]
    fn a_thread_without_heading_is_found_after_the_article() {
        let text = "Amazon streicht Stellen\n\nDer Konzern baut 14.000 Stellen ab.\n\nDas betrifft die Verwaltung in vielen Ländern.\n\nGewerkschaften kritisieren den Schritt.\n\ncwsuisse\n29. Oktober 2025 um 6:21 Uhr\nAmazon hat weltweit ca 1,55 Millionen Mitarbeiter.\nAntworten\n\nmartin_b\n29. Oktober 2025 um 7:40 Uhr\nDas war absehbar.\nAntworten";
        let lines: Vec<&str> = text.lines().collect();
        let start = comments_start(&lines).unwrap();
        assert_eq!(lines[start], "cwsuisse");
    }

    #[test]
    fn dated_updates_and_live_blog_entries_are_no_comments() {
        let text = "Amazon streicht Stellen\n\nErster Absatz des Artikels über den Abbau.\n\nZweiter Absatz.\n\nUpdate: 29.10.2025, 10:15 Uhr\n\nDer Konzern bestätigte die Zahl.\n\n29.10.2025, 14:05 Uhr\n\nAuch AWS ist betroffen.\n\n29.10.2025, 16:30 Uhr\n\nDie Börse reagiert gelassen.\n\nStand: 29.10.2025 18:21 Uhr";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(comments_start(&lines), None);
    }

    #[test]
    fn a_live_blog_is_no_comment_thread() {
        let text = "Liveblog: Amazon-Abbau\n\n14:05 Uhr\nAmazon bestätigt 14.000 Stellen.\n\n12:30 Uhr\nErste Berichte über einen Abbau.\n\n11:00 Uhr\nDie Börse reagiert.";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(comments_start(&lines), None);
    }
}
