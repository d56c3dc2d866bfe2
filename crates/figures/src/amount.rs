//! Amounts in German and English formats: "14.000", "27’000", "30,000",
//! "1,54 Millionen", "1.54 million", "mehrere hundert", "Tausende",
//! "200 bis 300", and the qualifier before them ("rund", "mehr als").

use crate::lexicon::{NUMBER_WORDS, QUALIFIERS, SCALES, VAGUE};
use crate::words::Word;

/// An amount found at words `first..=last`.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: u64,
    pub value_max: Option<u64>,
    /// A vague amount ("Hunderte", "several hundred").
    pub vague: bool,
    /// Written with digits and nothing else ("2025"): could be a year.
    pub bare_digits: bool,
    pub first: usize,
    pub last: usize,
}

/// The value of a number written with digits: `Some((value, is_integer))`.
/// "14.000", "27'000", "30,000" are thousands; "1,54" and "1.54" are
/// decimals (a count only with a scale word after them).
fn digits_value(text: &str) -> Option<(f64, bool)> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse::<f64>().ok().map(|v| (v, true));
    }
    let seps: Vec<char> = text.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = text.split(['.', ',', '\'', '’']).collect();
    let thousands = seps.iter().all(|c| *c == seps[0])
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    if thousands {
        return groups.concat().parse::<f64>().ok().map(|v| (v, true));
    }
    if groups.len() == 2 && matches!(seps[0], '.' | ',') {
        return format!("{}.{}", groups[0], groups[1])
            .parse::<f64>()
            .ok()
            .map(|v| (v, false));
    }
    None
}

fn scale_at(words: &[Word], i: usize) -> Option<(u64, usize)> {
    let w = words.get(i)?;
    let (_, scale) = SCALES.iter().find(|(s, _)| w.lower == *s)?;
    // "Mio." takes its period.
    let last = if words.get(i + 1).is_some_and(|p| p.text == ".") && w.lower == "mio" {
        i + 1
    } else {
        i
    };
    Some((*scale, last))
}

fn matches_seq(words: &[Word], i: usize, seq: &[&str]) -> bool {
    seq.iter()
        .enumerate()
        .all(|(k, s)| words.get(i + k).is_some_and(|w| w.lower == *s))
}

/// A number written as a word: "fünf", "zwölf", and the German compounds
/// of a number word and "hundert" or "tausend" ("zweitausend",
/// "dreihundert").
fn number_word(lower: &str) -> Option<u64> {
    let word = |w: &str| NUMBER_WORDS.iter().find(|(s, _)| w == *s).map(|(_, v)| *v);
    word(lower).or_else(|| {
        [("tausend", 1000), ("hundert", 100)]
            .iter()
            .find_map(|(scale, n)| Some(word(lower.strip_suffix(scale)?)? * n))
            .filter(|v| *v >= 200)
    })
}

/// A single amount (no range) starting at word `i`.
fn single(words: &[Word], i: usize) -> Option<Amount> {
    for (seq, low, high) in VAGUE {
        if matches_seq(words, i, seq) {
            return Some(Amount {
                value: *low,
                value_max: Some(*high),
                vague: true,
                bare_digits: false,
                first: i,
                last: i + seq.len() - 1,
            });
        }
    }
    let w = words.get(i)?;
    let (base, integer) = match digits_value(w.text) {
        Some(v) => v,
        None => (number_word(&w.lower)? as f64, true),
    };
    let (value, last, bare) = match scale_at(words, i + 1) {
        Some((scale, last)) => (base * scale as f64, last, false),
        None if integer => (base, i, w.text.chars().all(|c| c.is_ascii_digit())),
        None => return None,
    };
    Some(Amount {
        value: value.round() as u64,
        value_max: None,
        vague: false,
        bare_digits: bare,
        first: i,
        last,
    })
}

/// An amount starting at word `i`, with a range after it ("200 bis 300",
/// "200-300", "between 200 and 300").
pub fn amount_at(words: &[Word], i: usize) -> Option<Amount> {
    let mut a = single(words, i)?;
    if a.vague {
        return Some(a);
    }
    let between = i > 0 && words[i - 1].is(&["zwischen", "between"]);
    let joiner = words.get(a.last + 1);
    let is_range_word = joiner
        .is_some_and(|j| j.is(&["bis", "to", "-", "–"]) || (between && j.is(&["und", "and"])));
    if is_range_word && !words.get(a.last + 2).is_some_and(|w| w.is(&["zu"])) {
        if let Some(b) = single(words, a.last + 2).filter(|b| !b.vague && b.value > a.value) {
            // "2023 bis 2025" stays year-like.
            let year = |x: &Amount| x.bare_digits && (1900..=2100).contains(&x.value);
            a.bare_digits = year(&a) && year(&b);
            a.value_max = Some(b.value);
            a.last = b.last;
        }
    }
    Some(a)
}

/// The qualifier ending right before word `first`: its first word index and
/// whether it makes the amount approximate.
pub fn qualifier_before(words: &[Word], first: usize) -> Option<(usize, bool)> {
    let mut best: Option<(usize, bool)> = None;
    for (q, approx) in QUALIFIERS {
        let parts: Vec<&str> = q
            .split(' ')
            .flat_map(|p| match p.strip_suffix('.') {
                Some(stem) => vec![stem, "."],
                None => vec![p],
            })
            .collect();
        if parts.len() > first {
            continue;
        }
        let start = first - parts.len();
        if matches_seq(words, start, &parts) && best.is_none_or(|(b, _)| start < b) {
            best = Some((start, *approx));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    fn amount(text: &str) -> Option<(u64, Option<u64>)> {
        let w = words(text, 0);
        amount_at(&w, 0).map(|a| (a.value, a.value_max))
    }

    #[test]
    fn formats() {
        assert_eq!(amount("14.000 Stellen"), Some((14_000, None)));
        assert_eq!(amount("27’000 Jobs"), Some((27_000, None)));
        assert_eq!(amount("27'000 Jobs"), Some((27_000, None)));
        assert_eq!(amount("30,000 jobs"), Some((30_000, None)));
        assert_eq!(
            amount("1,54 Millionen Beschäftigte"),
            Some((1_540_000, None))
        );
        assert_eq!(amount("1.54 million employees"), Some((1_540_000, None)));
        assert_eq!(amount("1,5 Mio. Mitarbeiter"), Some((1_500_000, None)));
        assert_eq!(amount("mehrere Hundert Stellen"), Some((100, Some(999))));
        assert_eq!(amount("Zehntausende Jobs"), Some((10_000, Some(99_999))));
        assert_eq!(
            amount("tens of thousands of jobs"),
            Some((10_000, Some(99_999)))
        );
        assert_eq!(amount("200 bis 300 Stellen"), Some((200, Some(300))));
        assert_eq!(amount("1,5 Stellen"), None);
        assert_eq!(amount("zwei Millionen"), Some((2_000_000, None)));
        assert_eq!(amount("zweitausend Stellen"), Some((2_000, None)));
        assert_eq!(amount("dreihundert Jobs"), Some((300, None)));
    }

    #[test]
    fn qualifiers() {
        let w = words("bis zu 30.000 Jobs", 0);
        assert_eq!(qualifier_before(&w, 2), Some((0, false)));
        let w = words("Amazon hat ca. 600 Jobs", 0);
        assert_eq!(qualifier_before(&w, 4), Some((2, true)));
        let w = words("as many as 30,000", 0);
        assert_eq!(qualifier_before(&w, 3), Some((0, false)));
    }
}
