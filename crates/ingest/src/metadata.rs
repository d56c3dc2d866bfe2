//! The metadata every document carries, whatever its format: what the
//! source stated wins; what it did not state is derived from the text
//! (a publication date from the dateline, the language by detection, a
//! text file's headline), so the report can say when and in which
//! languages the corpus was written.

use crate::{dates, lang};
use std::collections::BTreeMap;

/// Characters of the text's start searched for a dateline.
const DATELINE_CHARS: usize = 400;

/// Fills `published`, `lang` (+ `lang_confidence` when detected) and, for
/// sources without one, `title` (a text's headline line).
pub(crate) fn complete(text: &str, meta: &mut BTreeMap<String, String>) {
    if !meta.contains_key("published") {
        let stated = ["date", "datePublished", "published_at", "pubdate"]
            .iter()
            .find_map(|k| meta.get(*k).and_then(|v| dates::parse(v)));
        let head_end = text
            .char_indices()
            .nth(DATELINE_CHARS)
            .map_or(text.len(), |(i, _)| i);
        if let Some(date) = stated.or_else(|| dates::find_in_text(&text[..head_end])) {
            meta.insert("published".to_string(), date);
        }
    }
    if !meta.contains_key("lang") {
        let stated = meta.get("language").and_then(|l| lang::normalize_tag(l));
        match stated {
            Some(code) => {
                meta.insert("lang".to_string(), code);
            }
            None => {
                if let Some(found) = lang::detect(text) {
                    meta.insert("lang".to_string(), found.code.to_string());
                    meta.insert(
                        "lang_confidence".to_string(),
                        format!("{:.2}", found.confidence),
                    );
                }
            }
        }
    }
    if !meta.contains_key("title") {
        if let Some(title) = headline(text) {
            meta.insert("title".to_string(), title.to_string());
        }
    }
}

/// The headline of a text: the first of its first lines that reads as one,
/// passing over kickers ("WIRTSCHAFT", "KURZ NOTIERT") and dated lines
/// ("BRIEFING | Davos, January 23, 2025"); a first paragraph of prose means
/// the text has none.
fn headline(text: &str) -> Option<&str> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(4)
    {
        let words = line.split_whitespace().count();
        if line.ends_with(['.', ',', ';']) || words > 25 || line.chars().count() > 200 {
            return None;
        }
        let kicker = words < 3 || !line.chars().any(char::is_lowercase);
        if !kicker && dates::find_in_text(line).is_none() {
            return Some(line);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_fields_win_and_the_rest_is_derived() {
        let mut meta = BTreeMap::from([("date".to_string(), "28.10.2025".to_string())]);
        complete(
            "Amazon streicht Stellen\n\nSeattle, 3. April 2024 – Der Konzern baut ab.",
            &mut meta,
        );
        assert_eq!(meta["published"], "2025-10-28");
        assert_eq!(meta["lang"], "de");
        assert!(meta.contains_key("lang_confidence"));
        assert_eq!(meta["title"], "Amazon streicht Stellen");

        let mut stated = BTreeMap::from([("lang".to_string(), "en".to_string())]);
        complete(
            "Seattle, 3. April 2024 – Der Konzern baut Stellen ab.",
            &mut stated,
        );
        assert_eq!(stated["lang"], "en");
        assert!(!stated.contains_key("lang_confidence"));
        assert_eq!(stated["published"], "2024-04-03");
        assert!(!stated.contains_key("title"), "a sentence is no headline");

        let mut dump = BTreeMap::new();
        complete("KURZ NOTIERT\n\nBRIEFING | Davos, January 23, 2025\n\nAmazon: Stellenabbau trotz Milliardengewinn\n\nSeattle, 29. Oktober 2025. Amazon streicht.", &mut dump);
        assert_eq!(dump["title"], "Amazon: Stellenabbau trotz Milliardengewinn");
    }
}
