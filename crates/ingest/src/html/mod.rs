//! HTML -> the article a person reads, and what the page says about it.
//!
//! Readability (`dom_smoothie`) finds the article block; newsner's walker
//! turns it into text, leaving out what news pages carry inside articles
//! (captions, credits, newsletter and donation boxes, comment threads); the
//! text-level cleaner then drops furniture lines and reader comments.

mod article;
mod meta;
mod walk;

pub use article::Extraction;
pub use walk::{nesting_depth, MAX_NESTING};

use crate::boilerplate::clean_plain_text;
use scraper::{Html, Selector};
use std::collections::BTreeMap;

pub struct HtmlPage {
    pub text: String,
    pub meta: BTreeMap<String, String>,
    pub extraction: Extraction,
}

/// The text of an element tree, cleaned.
fn walk_text(root: scraper::ElementRef) -> String {
    let mut raw = String::new();
    walk::collect_text(root, &mut raw);
    clean_plain_text(&raw)
}

pub fn html_to_text(html: &str) -> HtmlPage {
    read_page(html, nesting_depth(html))
}

/// [`html_to_text`] for a page whose nesting depth the caller has measured.
pub(crate) fn read_page(html: &str, depth: usize) -> HtmlPage {
    let readable = article::readability(html, depth);
    let doc = Html::parse_document(html);
    // Parsed once: the article body and the metadata both read it.
    let json_ld = meta::json_ld_article(&doc);
    // An article block that is all furniture to the walker (a container
    // classed "teaser") counts as none: the main block is read instead.
    let article_text = readable
        .as_ref()
        .map(|r| walk_text(Html::parse_fragment(&r.html).root_element()));
    let main_block = || {
        // An <article> (or <main>) holds the story; fall back to the body.
        let root = ["article", "main", "body"]
            .iter()
            .find_map(|tag| doc.select(&Selector::parse(tag).ok()?).next())
            .unwrap_or_else(|| doc.root_element());
        walk_text(root)
    };
    let body = json_ld
        .as_ref()
        .and_then(article::json_ld_body)
        .map(|b| clean_plain_text(&b));
    let (text, extraction) = article::choose(article_text, body, main_block);
    let found = readable.map(|r| r.found).unwrap_or_default();
    let mut meta = meta::page_meta(&doc, json_ld.as_ref(), &found);
    let text = with_headline(text, meta.get("title").map(String::as_str));
    if extraction == Extraction::MainBlock {
        meta.insert("extraction".to_string(), "main_block".to_string());
    }
    HtmlPage {
        text,
        meta,
        extraction,
    }
}

/// The headline leads the text, as it leads the page, unless the article
/// block already starts with it (or with a variant of it: most of the
/// title's words in its first lines).
fn with_headline(text: String, title: Option<&str>) -> String {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return text;
    };
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let head: Vec<String> = text.lines().take(3).flat_map(words).collect();
    let title_words = words(title);
    let shared = title_words.iter().filter(|w| head.contains(w)).count();
    if text.is_empty() || title_words.is_empty() || shared * 5 >= title_words.len() * 3 {
        return text;
    }
    format!("{title}\n\n{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="de"><head><title>AWS streicht Stellen</title>
<style>body{color:red}</style><script>var x = "Amazon";</script>
<meta property="article:published_time" content="2024-04-04"></head>
<body><nav><a href="/">Startseite</a> <a href="/tech">Tech</a></nav>
<div class="cookie-banner">Wir nutzen Cookies</div>
<article><h1>AWS streicht Hunderte Stellen</h1>
<p>Amazon&nbsp;Web Services (AWS) baut <b>mehrere hundert</b> Jobs ab. Betroffen sind der Vertrieb, das Marketing und die globalen Dienste des Konzerns.</p>
<figure><img src="a.png"><figcaption>Bild: AWS</figcaption></figure>
<p>Matt Garman spricht von einer Neuausrichtung in M&uuml;nchen. Am stärksten betroffen sei voraussichtlich die Zentrale in Seattle, berichten Reuters und GeekWire.</p>
<section class="comments"><p>Leser: Schade um die Leute.</p></section>
</article><footer>Impressum</footer></body></html>"#;

    #[test]
    fn keeps_the_article_and_drops_page_furniture() {
        let page = html_to_text(PAGE);
        assert_eq!(
            page.text,
            "AWS streicht Hunderte Stellen\n\nAmazon Web Services (AWS) baut mehrere hundert Jobs ab. Betroffen sind der Vertrieb, das Marketing und die globalen Dienste des Konzerns.\n\nMatt Garman spricht von einer Neuausrichtung in München. Am stärksten betroffen sei voraussichtlich die Zentrale in Seattle, berichten Reuters und GeekWire."
        );
        assert_eq!(page.meta["published"], "2024-04-04");
        assert_eq!(page.meta["lang"], "de");
    }

    #[test]
    fn a_class_that_says_what_an_element_lacks_is_not_furniture() {
        let page = html_to_text(
            "<html><body><div class=\"layout has-sidebar\"><div class=\"item no_caption\">\
             <h2>Amazon streicht 14.000 Stellen in der Verwaltung.</h2></div>\
             <div class=\"caption\">Bild: dpa</div>\
             <table><tr><td>Caolán McNamara</td><td>4307</td></tr></table></div></body></html>",
        );
        assert!(
            page.text.contains("Amazon streicht 14.000 Stellen"),
            "{}",
            page.text
        );
        assert!(page.text.contains("Caolán McNamara 4307"), "{}", page.text);
        assert!(!page.text.contains("dpa"), "{}", page.text);
    }

    #[test]
    fn list_items_keep_their_marks_as_in_markdown() {
        let page = html_to_text(
            "<html><body><article><h1>Stellenabbau in der Tech-Branche</h1>\
             <p>Mehrere Konzerne bauen Stellen ab, wie eine Übersicht zeigt.</p>\
             <h2>Zum Vergleich</h2><ul><li>Meta: rund 600 Jobs</li>\
             <li><p>AWS: mehrere Hundert Stellen</p></li><li> </li>\
             <li>Intel: <b>über 20 %</b> der Belegschaft</li></ul>\
             <p>Weitere Zahlen folgen.</p></article></body></html>",
        );
        // A paragraph inside an item ends the item's paragraph too.
        assert!(
            page.text.ends_with(
                "Zum Vergleich\n\n- Meta: rund 600 Jobs\n- AWS: mehrere Hundert Stellen\n\n\
                 - Intel: über 20 % der Belegschaft\n\nWeitere Zahlen folgen."
            ),
            "{:?}",
            page.text
        );
        assert!(
            !page.text.lines().any(|l| l.trim() == "-"),
            "{:?}",
            page.text
        );
    }

    #[test]
    fn page_without_article_uses_the_body() {
        let page =
            html_to_text("<html><body><nav>Menü</nav><p>Meta baut 600 Jobs ab.</p></body></html>");
        assert_eq!(page.text, "Meta baut 600 Jobs ab.");
    }
}
