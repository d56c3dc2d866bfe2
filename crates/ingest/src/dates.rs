//! Publication dates as pages write them ("2025-10-28T06:21:00+01:00",
//! "28. Oktober 2025", "Oct. 28, 2025", "28.10.2025", a URL's /2025/10/28/)
//! turned into ISO 8601 dates (`2025-10-28`).

const MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("jan", 1),
    ("februar", 2),
    ("february", 2),
    ("feb", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mär", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("dez", 12),
    ("dec", 12),
];

/// Years a news page can be dated in; anything else is a number, not a year.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2100;

/// `YYYY-MM-DD` if the values form a real calendar date.
fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (YEARS.contains(&year) && (1..=days).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A date value from metadata (`<meta>`, JSON-LD, `<time datetime>`):
/// ISO forms first, then any written form [`find_in_text`] knows.
pub fn parse(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = v.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    // 2025-10-28, 2025/10/28, 2025-10-28T..., 20251028
    if b.len() >= 10 && matches!(b.get(4), Some(b'-' | b'/' | b'.')) && b.get(7) == b.get(4) {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if b.get(10).is_none_or(|c| !c.is_ascii_digit()) {
                return iso(y, m, d);
            }
        }
    }
    if b.len() == 8 {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(4..6), digits(6..8)) {
            return iso(y, m, d);
        }
    }
    find_in_text(v)
}

/// Words of a text: runs of letters and digits.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a word names a month ("Oktober", "Oct").
pub(crate) fn is_month(word: &str) -> bool {
    month_of(word).is_some()
}

fn month_of(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, m)| m)
}

fn number(word: &str, max_len: usize) -> Option<u32> {
    (word.len() <= max_len && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The first full date (day, month and year) written in `text`:
/// "28. Oktober 2025", "28 October 2025", "October 28, 2025",
/// "Oct. 28, 2025", "28.10.2025", "2025-10-28".
pub fn find_in_text(text: &str) -> Option<String> {
    let w = words(text);
    for i in 0..w.len() {
        let window = |k: usize| w.get(i + k).copied();
        // day month year
        if let (Some(d), Some(m), Some(y)) = (
            window(0).and_then(|x| number(x, 2)),
            window(1).and_then(month_of),
            window(2).and_then(|x| number(x, 4)),
        ) {
            if let Some(date) = iso(y, m, d) {
                return Some(date);
            }
        }
        // month day year
        if let (Some(m), Some(d), Some(y)) = (
            window(0).and_then(month_of),
            window(1).and_then(|x| number(x, 2)),
            window(2).and_then(|x| number(x, 4)),
        ) {
            if let Some(date) = iso(y, m, d) {
                return Some(date);
            }
        }
    }
    numeric_date(text)
}

/// "28.10.2025" (day first, as German writes it) or "2025-10-28".
fn numeric_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for i in 0..b.len() {
        // A date starts at a digit that does not continue a number; it is
        // at most "2025-10-28" long, so that and one more byte (a digit
        // there means a longer number) is all that is looked at.
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let mut end = (i + 11).min(b.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let rest = &text[i..end];
        let parts: Vec<&str> = rest.splitn(4, ['.', '-']).take(3).collect();
        if parts.len() < 3 {
            continue;
        }
        let year_len = parts[2].bytes().take_while(u8::is_ascii_digit).count();
        let (Some(a), Some(m)) = (number(parts[0], 4), number(parts[1], 2)) else {
            continue;
        };
        let Some(c) = number(&parts[2][..year_len], 4) else {
            continue;
        };
        let date = if parts[0].len() == 4 && year_len == 2 {
            iso(a, m, c)
        } else if parts[0].len() <= 2 && year_len == 4 && rest.as_bytes()[parts[0].len()] == b'.' {
            iso(c, m, a)
        } else {
            None
        };
        if date.is_some() {
            return date;
        }
    }
    None
}

/// The date in a URL path: /2025/10/28/, /2025-10-28-title, /20251028/.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').collect();
    for i in 0..segments.len() {
        let num = |k: usize, len: usize| {
            segments
                .get(i + k)
                .and_then(|s| (s.len() == len).then(|| number(s, len))?)
        };
        if let (Some(y), Some(m)) = (num(0, 4), num(1, 2)) {
            let day = segments.get(i + 2).and_then(|s| {
                number(s.get(..2)?, 2).filter(|_| s.len() == 2 || !s.as_bytes()[2].is_ascii_digit())
            });
            if let Some(date) = day.and_then(|d| iso(y, m, d)) {
                return Some(date);
            }
        }
        let seg = segments[i];
        if seg.len() >= 10 && seg.as_bytes()[4] == b'-' {
            if let Some(date) = seg.get(..10).and_then(parse) {
                return Some(date);
            }
        }
        if seg.len() == 8 {
            if let Some(date) = parse(seg) {
                return Some(date);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_values() {
        assert_eq!(
            parse("2025-10-28T06:21:00+01:00").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(parse("2024/04/03").as_deref(), Some("2024-04-03"));
        assert_eq!(parse("20251028").as_deref(), Some("2025-10-28"));
        assert_eq!(
            parse("Tue, 28 Oct 2025 06:21:00 GMT").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(parse("2025-02-30"), None);
        assert_eq!(parse("soon"), None);
    }

    #[test]
    fn written_dates_in_german_and_english() {
        assert_eq!(
            find_in_text("Seattle, 28. Oktober 2025 – Amazon").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(
            find_in_text("SEATTLE, Oct. 28, 2025 — Amazon").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(
            find_in_text("Published 3 April 2024, 09:12").as_deref(),
            Some("2024-04-03")
        );
        assert_eq!(
            find_in_text("Stand: 29.10.2025, 06:21 Uhr").as_deref(),
            Some("2025-10-29")
        );
        assert_eq!(find_in_text("am 3. April"), None);
        assert_eq!(find_in_text("14.000 Stellen, 1,54 Millionen"), None);
        assert_eq!(find_in_text("zwischen 2022 und 2023"), None);
        assert_eq!(find_in_text("Nummer 28.10.20251"), None);
        assert_eq!(
            find_in_text("Stand 2025-10-28: ü"),
            Some("2025-10-28".to_string())
        );
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            from_url("https://x.de/2025/10/28/amazon-jobs").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(
            from_url("https://x.com/news/2024-04-03-aws-cuts.html").as_deref(),
            Some("2024-04-03")
        );
        assert_eq!(
            from_url("https://x.com/a/20251028/b").as_deref(),
            Some("2025-10-28")
        );
        assert_eq!(from_url("https://x.com/2025/10/amazon").as_deref(), None);
        assert_eq!(from_url("https://x.com/id/12345678"), None);
        // Byte 10 inside a character: no slice across it.
        assert_eq!(
            from_url("https://www.example.de/tech-größte-entlassungswelle"),
            None
        );
    }
}
