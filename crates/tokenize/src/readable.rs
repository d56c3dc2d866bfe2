//! The readable-span rule, in one place: where a word ends for models
//! whose manifest asks for readable spans ([`continues_word`], used by the
//! tokenizer's `WordRule::Punctuation`), and which edges of an entity span
//! a reader would not mark ([`readable_span`], used on decoded spans).
//!
//! `scripts/readable_words.py` is the one Python copy (the benchmark's
//! Python peers and the de-news training recipe delimit words with it);
//! `tests/python_copy.rs` holds the two to the same answers.

/// Characters that join two alphanumeric runs into one word: "Amazon-Chef",
/// "CDU/CSU", "O'Brien", "14.000", "U.S".
const JOINERS: &[char] = &['-', '/', '\'', '’', '.', ',', '&', '_'];

/// [`crate::WordRule::Punctuation`]: a piece continues the word before it only if
/// nothing separates them: no whitespace, and no punctuation other than a
/// joiner between two letters or digits. This matches the tokenization of
/// the German NER corpora (GermEval) models are trained on, where
/// punctuation is split off but compounds and numbers are single tokens.
pub fn continues_word(chars: &[char], start: usize, end: usize) -> bool {
    if start == 0 || start >= chars.len() || end <= start {
        return false;
    }
    let at = |i: usize| chars.get(i).copied();
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let joiner_between = |i: usize| {
        at(i).is_some_and(|c| JOINERS.contains(&c)) && i > 0 && alnum(at(i - 1)) && alnum(at(i + 1))
    };
    let (prev, first) = (at(start - 1), at(start));
    (alnum(prev) && alnum(first)) || joiner_between(start) || joiner_between(start - 1)
}

/// Characters that never begin or end a name.
fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‚'
            | '‘'
            | '’'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '-'
            | '–'
            | '—'
            | '/'
            | '*'
            | '.'
    )
}

/// Trims whitespace and punctuation off both ends of `[start, end)`,
/// keeping a final dot that belongs to an abbreviation ("Inc.", "U.S.",
/// "Co."). `None` when nothing is left, or nothing a reader would call a
/// name: a span without a letter or digit ("$", "€", "&").
pub fn readable_span(chars: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(chars.len());
    let mut s = start;
    let mut e = end;
    while s < e && (chars[s].is_whitespace() || is_edge_punctuation(chars[s])) {
        s += 1;
    }
    while e > s && (chars[e - 1].is_whitespace() || is_edge_punctuation(chars[e - 1])) {
        if chars[e - 1] == '.' && is_abbreviation(&chars[s..e - 1]) {
            break;
        }
        e -= 1;
    }
    (s < e && chars[s..e].iter().any(|c| c.is_alphanumeric())).then_some((s, e))
}

/// The readable spans of a decoded span: its pieces between blank lines,
/// each trimmed as [`readable_span`] trims. A name never runs over a
/// paragraph's end: a headline's last word and the dateline below it ("…
/// in Hannover\n\nHannover. Der Autozulieferer …") are two names, though
/// the model, which never sees the line break, tags them as one. A single
/// line break ("Deutsche\nBank" in hard-wrapped text) is no such end.
pub fn readable_spans(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let end = end.min(chars.len());
    let mut out = Vec::new();
    let mut from = start;
    let mut i = start;
    while i < end {
        // A run of whitespace holding two line breaks ends a paragraph.
        let run = chars[i..end]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
        let breaks = chars[i..i + run].iter().filter(|c| **c == '\n').count();
        if breaks >= 2 {
            out.extend(readable_span(chars, from, i));
            from = i + run;
        }
        i += run.max(1);
    }
    if from < end {
        out.extend(readable_span(chars, from, end));
    }
    out
}

/// The last word before a dot is short and capitalised ("Inc", "Co", "Jr")
/// or itself dotted ("U.S").
fn is_abbreviation(before_dot: &[char]) -> bool {
    let word: Vec<char> = before_dot
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .copied()
        .collect();
    let len = word.len();
    len > 0 && (word.contains(&'.') || (len <= 3 && word.last().is_some_and(|c| c.is_uppercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trim(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        readable_span(&chars, 0, chars.len()).map(|(s, e)| chars[s..e].iter().collect())
    }

    #[test]
    fn a_name_never_runs_over_a_line_end() {
        let text = "Jobs in Hannover\n\nHannover. Der Autozulieferer";
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<String> = readable_spans(&chars, 8, 27)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect();
        assert_eq!(spans, ["Hannover", "Hannover"]);
        // One line break is no paragraph's end.
        let wrapped: Vec<char> = "Deutsche\nBank".chars().collect();
        assert_eq!(readable_spans(&wrapped, 0, wrapped.len()), [(0, 13)]);
        // One line: one span, trimmed as readable_span trims it.
        assert_eq!(readable_spans(&chars, 7, 17), [(8, 16)]);
        // Nothing but a line break and punctuation: no name.
        assert!(readable_spans(&chars, 16, 18).is_empty());
    }

    #[test]
    fn spans_lose_edges_a_reader_would_not_mark() {
        assert_eq!(trim(" Zeitung.").as_deref(), Some("Zeitung"));
        assert_eq!(
            trim("\nAmazon Web Services,").as_deref(),
            Some("Amazon Web Services")
        );
        assert_eq!(trim("(AWS)").as_deref(), Some("AWS"));
        assert_eq!(trim("„Amazon“").as_deref(), Some("Amazon"));
        assert_eq!(trim("Amazon-").as_deref(), Some("Amazon"));
        assert_eq!(
            trim("Ernst-Ludwig Winnacker").as_deref(),
            Some("Ernst-Ludwig Winnacker")
        );
        assert_eq!(trim(" ..."), None);
        assert_eq!(trim("$"), None);
        assert_eq!(trim(" € "), None);
        assert_eq!(trim("AT&T").as_deref(), Some("AT&T"));
    }

    #[test]
    fn abbreviations_keep_their_dot() {
        assert_eq!(trim("Amazon.com Inc.").as_deref(), Some("Amazon.com Inc."));
        assert_eq!(trim("U.S.").as_deref(), Some("U.S."));
        assert_eq!(trim("Seattle.").as_deref(), Some("Seattle"));
    }
}
