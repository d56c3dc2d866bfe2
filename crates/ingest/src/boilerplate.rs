//! Lines that web pages and their copied text carry around the article:
//! skip links, photo credits, image links, related-article blocks,
//! subscription and consent prompts, and the reader comments below.

use crate::{comments, markdown};

/// Whole lines (compared case-insensitively, trimmed) that are never article text.
const EXACT_LINES: &[&str] = &[
    "zum hauptinhalt",
    "zum inhalt springen",
    "direkt zum inhalt",
    "skip to main content",
    "skip to content",
    "read more",
    "weiterlesen",
    "artikel teilen",
    "teilen",
    "share",
    "share this article",
    "anzeige",
    "advertisement",
    "werbung",
    "newsletter abonnieren",
    "menü",
    "menu",
    "suche",
    "search",
    "menü schließen",
    "menü öffnen",
    "close menu",
    "open menu",
    "navigation",
    "alle akzeptieren",
    "accept all",
    "akzeptieren",
    "ablehnen",
    "cookie-einstellungen",
    "cookie settings",
    "jetzt abonnieren",
    "jetzt weiterlesen",
    "abo abschließen",
    "sie haben bereits ein abo?",
    "bereits abonnent?",
    "already a subscriber?",
    "subscribe now",
    "sign in",
    "anmelden",
    "jetzt anmelden",
    "antworten",
    "reply",
    "drucken",
    "print",
    "zur startseite",
    "nach oben",
    "zurück",
    "zurück zur übersicht",
    "artikel drucken",
    "artikel versenden",
    "artikel merken",
    "merken",
    "vorlesen",
    "artikel anhören",
    "mehr anzeigen",
    "mehr lesen",
    "mehr erfahren",
    "alle artikel",
    "impressum",
    "datenschutz",
    "datenschutzerklärung",
    "kontakt",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "xing",
    "e-mail",
    "kommentieren",
    "jetzt kommentieren",
    "zum kommentarbereich",
    "sponsored",
    "back to top",
    "show more",
    "load more",
];

/// Line starts that mark credits, captions and prompts rather than text.
const CREDIT_PREFIXES: &[&str] = &[
    "bild:",
    "bilder:",
    "foto:",
    "fotos:",
    "image:",
    "photo:",
    "source:",
    "quelle:",
    "credit:",
    "credits:",
    "bildquelle:",
    "photo credit",
    "image credit",
    "(photo:",
    "(foto:",
    "(bild:",
    "(image:",
    "(source:",
    "subscribe to",
    "sign up for",
    "abonnieren sie",
    "jetzt newsletter",
    "©",
    "(c) ",
    "lesezeit:",
    "lesedauer:",
    "reading time:",
    "teilen auf",
    "share on",
    "folgen sie uns",
    "follow us",
    "lesen sie auch:",
    "lesen sie auch",
    "mehr zum thema:",
    "auch interessant:",
    "read more:",
    "related:",
    "see also:",
];

/// Headings of a block of links to other articles or topics: the heading
/// and the short lines under it are left out.
const RELATED_HEADINGS: &[&str] = &[
    "relevante themen",
    "das könnte sie auch interessieren",
    "das könnte sie interessieren",
    "mehr zum thema",
    "weitere artikel",
    "lesen sie auch",
    "auch interessant",
    "schlagworte",
    "tags",
    "ähnliche artikel",
    "verwandte artikel",
    "weitere meldungen",
    "das könnte dich auch interessieren",
    "top-themen",
    "themen des tages",
    "related topics",
    "related articles",
    "related stories",
    "more on this story",
    "you may also like",
    "most read",
    "meistgelesen",
];

pub(crate) fn is_boilerplate_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if lower.is_empty() {
        return false;
    }
    // "- Advertisement -", "» Weiterlesen"
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '?');
    EXACT_LINES.contains(&lower.as_str())
        || EXACT_LINES.contains(&bare)
        || is_menu_line(&lower)
        || is_contact_line(&lower)
        || ends_with_credit(&lower)
        || CREDIT_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// A menu copied as a line: three or more short items between `|`, `·`
/// or wide gaps ("Startseite | Wirtschaft | Tech & Netz", "Anmelden   Abo
/// Suche").
fn is_menu_line(lower: &str) -> bool {
    // "| Amazon | 14.000 | Verwaltung |" is a table row, and its figures count.
    if lower.starts_with('|') && lower.ends_with('|') {
        return false;
    }
    let items: Vec<&str> = lower
        .split(['|', '·', '•', '\t'])
        .flat_map(|part| part.split("  "))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    // A dated line of short items is a byline ("28. Oktober 2025 · Von
    // Jana Köhler · Lesezeit: 4 Minuten"): its date is the dateline.
    // Chinese and Japanese names join their parts with a middle dot
    // ("哈立德·泰穆尔·阿克拉姆") and their sentences need no spaces: a line
    // with a full stop of those scripts is prose, and a menu item is short
    // in characters as well as in words.
    items.len() >= 3
        && !lower.contains(['。', '！', '？', '，', '、'])
        && crate::dates::find_in_text(lower).is_none()
        && items.iter().all(|item| {
            item.split_whitespace().count() <= 3
                && item.chars().count() <= 30
                && !item.ends_with(['.', '!', '?', ','])
        })
}

/// A caption whose last sentence is its credit: "Meta's campus in Menlo
/// Park. Photo: Bloomberg".
fn ends_with_credit(lower: &str) -> bool {
    if lower.chars().count() > 250 {
        return false;
    }
    let last = lower
        .rsplit(['.', '|', '–', '—'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches('(');
    last.len() < lower.len()
        && ["photo:", "foto:", "fotos:", "bild:", "image:", "credit:"]
            .iter()
            .any(|p| last.starts_with(p))
}

/// "Reach him at jd@example.com.", "Kontakt: redaktion@example.de": a
/// short line with an e-mail address is a tagline, not reporting.
fn is_contact_line(lower: &str) -> bool {
    // A sentence of the article may name an address ("Betroffene können
    // sich unter betriebsrat@… melden."); a tagline's sentence with the
    // address starts by saying it is one ("Reach him at …", "Kontakt: …").
    const CONTACT: &[&str] = &[
        "kontakt",
        "contact",
        "reach",
        "e-mail",
        "email",
        "mail",
        "schreiben sie",
        "write to",
        "follow",
        "folgen sie",
    ];
    let has_address = |text: &str| {
        text.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        })
    };
    lower.chars().count() <= 240
        && (!lower.ends_with(['.', '!', '?']) && has_address(lower)
            || lower
                .split(". ")
                .filter(|sentence| has_address(sentence))
                .any(|sentence| CONTACT.iter().any(|w| sentence.trim_start().starts_with(w))))
}

fn is_related_heading(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    RELATED_HEADINGS.contains(&lower.as_str())
}

/// A line of a link list: a topic or a headline, not a sentence.
fn is_link_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 100 && !t.ends_with(['.', '!', '?', ':', '"', '“', '«'])
}

/// Cleans plain text: drops boilerplate lines and related-article blocks,
/// cuts the reader comments (see [`comments`]), trims trailing spaces and
/// collapses runs of blank lines into one.
pub fn clean_plain_text(text: &str) -> String {
    let readable: Vec<String> = text.lines().filter_map(markdown::readable_line).collect();
    let lines: Vec<&str> = readable.iter().map(String::as_str).collect();
    let cut = comments::comments_start(&lines).unwrap_or(lines.len());
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    let mut in_related = false;
    let mut related_links = 0usize;
    for line in &lines[..cut] {
        if is_related_heading(line) {
            in_related = true;
            related_links = 0;
            continue;
        }
        if in_related {
            // The block ends at the first line of prose, or at a blank line
            // after its links: a subheading further on is the article's.
            if line.trim().is_empty() {
                if related_links > 0 {
                    in_related = false;
                }
                continue;
            }
            if is_link_line(line) {
                related_links += 1;
                continue;
            }
            in_related = false;
        }
        if is_boilerplate_line(line) {
            continue;
        }
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_skip_links_credits_and_image_links() {
        let raw = "Zum Hauptinhalt\nAmazon streicht Stellen\n\n\n\n\nBild: AWS\n![Logo](https://x/y.png)\nSource: Unsplash\nDer Konzern baut 14.000 Jobs ab.\nRelevante Themen\nAmazon\nKI\n";
        assert_eq!(
            clean_plain_text(raw),
            "Amazon streicht Stellen\n\nDer Konzern baut 14.000 Jobs ab."
        );
    }

    #[test]
    fn a_related_block_ends_at_the_next_sentence() {
        let raw = "Titel\n\nErster Absatz des Artikels.\n\nMehr zum Thema\nAWS streicht Stellen im Vertrieb\nMeta baut KI-Abteilung um\n\nDer Artikel geht hier weiter.";
        assert_eq!(
            clean_plain_text(raw),
            "Titel\n\nErster Absatz des Artikels.\n\nDer Artikel geht hier weiter."
        );
        let after = "Titel\n\nErster Absatz.\n\nMehr zum Thema\nAWS streicht Stellen\n\nDie Reaktion der Gewerkschaften\n\nVerdi kritisiert den Abbau.";
        assert!(clean_plain_text(after).contains("Die Reaktion der Gewerkschaften"));
    }

    #[test]
    fn cuts_a_trailing_comment_section_but_not_an_early_heading() {
        let raw = "Titel\nText eins.\nText zwei.\nText drei.\nKommentare (2)\nLeser A: Schlimm!\nLeser B: Na ja.";
        assert_eq!(
            clean_plain_text(raw),
            "Titel\nText eins.\nText zwei.\nText drei."
        );
        let early = "Kommentare\nDer Artikel selbst.\nNoch mehr Text.\nUnd mehr.";
        assert!(clean_plain_text(early).contains("Der Artikel selbst."));
    }

    #[test]
    fn menus_copied_as_lines_go() {
        assert!(is_boilerplate_line(
            "Startseite | Wirtschaft | Tech & Netz | Karriere"
        ));
        assert!(is_boilerplate_line("Anmelden   Abo   Suche"));
        assert!(is_boilerplate_line("News · Cloud · AI · Jobs"));
        assert!(!is_boilerplate_line(
            "28. Oktober 2025 · Von Jana Köhler · Lesezeit: 4 Minuten"
        ));
        assert!(!is_boilerplate_line(
            "July 18, 2025 | By Daniel Ortega, Seattle"
        ));
        assert!(!is_boilerplate_line(
            "Amazon, Meta und Google streichen | bauen ab | investieren in KI, sagen Analysten."
        ));
        // Names with middle dots in prose without spaces (Chinese).
        assert!(!is_boilerplate_line(
            "巴基斯坦人类命运共同体研究中心主任哈立德·泰穆尔·阿克拉姆指出，中美元首旧金山会晤为改善两国关系带来希望"
        ));
        assert!(!is_boilerplate_line(
            "前NASA宇航员巴兹·奥尔德林(Buzz Aldrin)在采访中表示，他在和尼尔·阿姆斯特朗走出登月舱之前喝了少量葡萄酒"
        ));
    }

    #[test]
    fn keeps_sentences_that_merely_mention_a_photo() {
        assert!(!is_boilerplate_line("Das Bild: ein Konzern im Umbruch"));
        assert!(is_boilerplate_line("  Foto: dpa  "));
        assert!(is_boilerplate_line(
            "Der Campus in Menlo Park. Foto: Bloomberg"
        ));
        assert!(!is_boilerplate_line(
            "Er zeigte ein Foto: Amazon-Zentrale in Seattle, 2024, voller Büros und Menschen."
        ));
    }
}
