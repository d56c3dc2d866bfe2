//! The language of a text, when its source does not state one: whatlang's
//! trigram detector, reported as an ISO 639-1 code with its confidence.

/// A detected language: ISO 639-1 code (639-3 where there is none) and the
/// detector's confidence in 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedLang {
    pub code: &'static str,
    pub confidence: f64,
}

/// Characters read for detection: enough for a stable answer on any
/// article, bounded so a huge document costs no more than a long one.
const SAMPLE_CHARS: usize = 4_000;

/// The language of `text`, or `None` for text without letters. A low
/// confidence is reported as it is, not hidden: short notes are often
/// unsure, and a user filtering by language still wants the best guess.
pub fn detect(text: &str) -> Option<DetectedLang> {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    Some(DetectedLang {
        code: iso_639_1(info.lang()),
        // Two decimals: the figure is a hint, and a stable one across CPUs.
        confidence: (info.confidence() * 100.0).round() / 100.0,
    })
}

/// The two-letter code of a stated language tag ("de-DE", "en_US", "DE").
pub fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    valid.then_some(primary)
}

fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_german_from_english() {
        let de = detect("Amazon streicht weltweit rund 14.000 Stellen in der Verwaltung, wie der Konzern am Dienstag bestätigte.").unwrap();
        assert_eq!(de.code, "de");
        let en = detect(
            "Amazon confirmed on Tuesday that it will cut about 14,000 corporate jobs worldwide.",
        )
        .unwrap();
        assert_eq!(en.code, "en");
        assert!(en.confidence > 0.5 && en.confidence <= 1.0);
    }

    #[test]
    fn stated_tags_become_two_letter_codes() {
        assert_eq!(normalize_tag("de-DE").as_deref(), Some("de"));
        assert_eq!(normalize_tag(" EN_us").as_deref(), Some("en"));
        assert_eq!(normalize_tag("x"), None);
        assert_eq!(normalize_tag("12"), None);
    }
}
