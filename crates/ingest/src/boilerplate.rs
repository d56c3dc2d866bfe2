//! Lines that web pages and their copied text carry around the article:
//! skip links, photo credits, image links, teaser headings, comment sections.

/// Whole lines (compared case-insensitively, trimmed) that are never article text.
const EXACT_LINES: &[&str] = &[
    "zum hauptinhalt",
    "zum inhalt springen",
    "direkt zum inhalt",
    "skip to main content",
    "skip to content",
    "relevante themen",
    "das könnte sie auch interessieren",
    "mehr zum thema",
    "related topics",
    "related articles",
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
];

/// Line starts that mark credits and captions rather than text.
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
    "©",
    "(c) ",
];

/// Headings after which, near the end of a page, only reader comments follow.
const COMMENT_HEADINGS: &[&str] = &[
    "kommentare",
    "leserkommentare",
    "comments",
    "reader comments",
    "diskussion",
];

pub(crate) fn is_boilerplate_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if lower.is_empty() {
        return false;
    }
    EXACT_LINES.contains(&lower.as_str())
        || CREDIT_PREFIXES.iter().any(|p| lower.starts_with(p))
        || is_markdown_image(&lower)
}

fn is_markdown_image(lower: &str) -> bool {
    (lower.starts_with("![") || lower.starts_with("[![")) && lower.ends_with(')')
}

fn is_comment_heading(line: &str) -> bool {
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    // "Kommentare (12)" counts too.
    let head = lower.split(" (").next().unwrap_or("");
    COMMENT_HEADINGS.contains(&head)
}

/// Cleans plain text: drops boilerplate lines, cuts a trailing comment
/// section (a comments heading in the second half of the text), trims
/// trailing spaces and collapses runs of blank lines into one.
pub fn clean_plain_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines
        .iter()
        .enumerate()
        .rev()
        .find(|(i, line)| *i * 2 >= lines.len() && is_comment_heading(line))
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in &lines[..cut] {
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
        let raw = "Zum Hauptinhalt\nAmazon streicht Stellen\n\n\n\n\nBild: AWS\n![Logo](https://x/y.png)\nSource: Unsplash\nDer Konzern baut 14.000 Jobs ab.\nRelevante Themen\n";
        assert_eq!(
            clean_plain_text(raw),
            "Amazon streicht Stellen\n\nDer Konzern baut 14.000 Jobs ab."
        );
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
    fn keeps_sentences_that_merely_mention_a_photo() {
        assert!(!is_boilerplate_line("Das Bild: ein Konzern im Umbruch"));
        assert!(is_boilerplate_line("  Foto: dpa  "));
    }
}
