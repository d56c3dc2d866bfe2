//! Words of a sentence with their character offsets: letters and digits
//! joined by inner hyphens or number separators ("Amazon-Mitarbeiter",
//! "14.000", "1,54", "27’000"), every other visible character its own word.

#[derive(Debug, Clone, PartialEq)]
pub struct Word<'a> {
    pub text: &'a str,
    /// Lower-cased text, for the word lists.
    pub lower: String,
    /// Character offsets into the document text.
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    pub fn is_number(&self) -> bool {
        self.text.starts_with(|c: char| c.is_ascii_digit())
    }
    pub fn is_alpha(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphabetic)
    }
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// One of `words` (lower-case).
    pub fn is(&self, words: &[&str]) -> bool {
        words.contains(&self.lower.as_str())
    }
}

fn joins(prev: char, c: char, next: Option<char>) -> bool {
    let next_alnum = next.is_some_and(char::is_alphanumeric);
    match c {
        // "200-300" is a range of two numbers, not one word; "240,000-strong"
        // and "50-jährige" are a number and what it measures.
        '-' | '‐' => prev.is_alphanumeric() && next_alnum && !prev.is_ascii_digit(),
        '.' | ',' | '\'' | '’' => {
            prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
        }
        _ => false,
    }
}

/// Splits `text` (which starts at character `offset` of the document).
pub fn words(text: &str, offset: usize) -> Vec<Word<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            i += 1;
            while i < chars.len() {
                let c = chars[i].1;
                if c.is_alphanumeric() || joins(chars[i - 1].1, c, chars.get(i + 1).map(|x| x.1)) {
                    i += 1;
                } else {
                    break;
                }
            }
        } else {
            i += 1;
        }
        let end_byte = chars.get(i).map_or(text.len(), |x| x.0);
        let slice = &text[byte..end_byte];
        out.push(Word {
            text: slice,
            lower: slice.to_lowercase(),
            start: offset + start,
            end: offset + i,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_compounds_stay_whole() {
        let w: Vec<&str> = words(
            "Rund 14.000 Amazon-Mitarbeiter (4 %), 27’000 und 1,54 Mio.",
            0,
        )
        .iter()
        .map(|w| w.text)
        .collect();
        assert_eq!(
            w,
            [
                "Rund",
                "14.000",
                "Amazon-Mitarbeiter",
                "(",
                "4",
                "%",
                ")",
                ",",
                "27’000",
                "und",
                "1,54",
                "Mio",
                "."
            ]
        );
    }

    #[test]
    fn offsets_are_characters() {
        let w = words("Für 600 Jobs", 10);
        assert_eq!((w[1].start, w[1].end), (14, 17));
        assert_eq!((w[2].start, w[2].end), (18, 22));
    }
}
