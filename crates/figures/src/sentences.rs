//! Sentences, German and English: Unicode's sentence boundaries (UAX #29,
//! from `unicode-segmentation`), then rejoined where a period does not end a
//! sentence: after a day or ordinal number ("3. April", "28. Oktober"), an
//! abbreviation ("z. B.", "u. a.", "Dr.", "Inc.") or a single initial.

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations that take a period and rarely end a sentence (lower-case,
/// without the period).
const ABBREVIATIONS: &[&str] = &[
    "z", "b", "u", "a", "d", "h", "s", "vgl", "ca", "bzw", "dr", "prof", "st", "nr", "mio", "mrd",
    "tsd", "inc", "corp", "co", "ltd", "mr", "mrs", "ms", "jr", "sr", "vs", "etc", "no", "dt",
    "engl", "sog", "ggf", "inkl", "evtl", "zzgl", "jan", "feb", "aug", "sept", "okt", "nov", "dez",
    "oct", "dec", "u.s", "e.g", "i.e", "approx",
];

/// A sentence: its text and the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// True when the text before a boundary ends in a period that does not end
/// a sentence.
fn period_continues(before: &str) -> bool {
    let trimmed = before.trim_end();
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    let last: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if last.is_empty() {
        return false;
    }
    // "3." "28." : a day or an ordinal (a year like "2025." ends sentences).
    if last.chars().all(|c| c.is_ascii_digit()) {
        return last.len() <= 2;
    }
    // A single letter: an initial or part of "z. B.".
    if last.chars().count() == 1 {
        return true;
    }
    ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

/// Splits a document's text into sentences (offsets in characters).
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out: Vec<(usize, usize)> = Vec::new(); // byte ranges
    for (byte, piece) in text.split_sentence_bound_indices() {
        let end = byte + piece.len();
        match out.last_mut() {
            // A paragraph break always ends a sentence.
            Some(last)
                if period_continues(&text[last.0..last.1])
                    && !text[last.0..last.1].ends_with("\n\n")
                    && !text[last.0..last.1].trim_end_matches(' ').ends_with('\n') =>
            {
                last.1 = end
            }
            _ => out.push((byte, end)),
        }
    }
    let mut chars_before = 0;
    let mut last_byte = 0;
    out.into_iter()
        .filter_map(|(b, e)| {
            chars_before += text[last_byte..b].chars().count();
            last_byte = b;
            let piece = &text[b..e];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| Sentence {
                text: trimmed,
                start: chars_before + piece[..lead].chars().count(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn dates_and_abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("Am 28. Oktober 2025 bestätigte Amazon z. B. den Abbau. Dr. Galetti schrieb an die Inc. Mitarbeiter. Ende."),
            [
                "Am 28. Oktober 2025 bestätigte Amazon z. B. den Abbau.",
                "Dr. Galetti schrieb an die Inc. Mitarbeiter.",
                "Ende."
            ]
        );
        assert_eq!(
            texts("AWS cut jobs on 3. April. Mr. Garman said so. It was 2025. Then more."),
            [
                "AWS cut jobs on 3. April.",
                "Mr. Garman said so.",
                "It was 2025.",
                "Then more."
            ]
        );
    }

    #[test]
    fn headlines_and_offsets() {
        let text = "Stellenabbau bei AWS\n\nÄrger in Seattle. Mehr";
        let s = sentences(text);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].text, "Ärger in Seattle.");
        let chars: Vec<char> = text.chars().collect();
        let at: String = chars[s[1].start..s[1].start + 5].iter().collect();
        assert_eq!(at, "Ärger");
    }
}
