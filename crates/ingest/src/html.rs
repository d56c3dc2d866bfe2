//! HTML -> readable article text, by walking the parsed DOM (html5ever via
//! `scraper`) and leaving out page furniture.

use crate::boilerplate::clean_plain_text;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::BTreeMap;

/// Elements whose content is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg", "button",
    "template", "select", "input", "textarea", "head", "menu", "dialog",
];

/// Class/id words that mark navigation, consent banners, sharing widgets and
/// reader comments.
const SKIPPED_MARKERS: &[&str] = &[
    "nav",
    "navigation",
    "navbar",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "consent",
    "banner",
    "comment",
    "comments",
    "kommentare",
    "share",
    "sharing",
    "social",
    "newsletter",
    "related",
    "teaser",
    "advert",
    "ads",
    "ad",
    "sidebar",
    "footer",
    "subscribe",
    "paywall",
    "skip",
    "skiplink",
];

/// Elements that end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "tr",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "address",
    "time",
];

pub struct HtmlPage {
    pub text: String,
    pub meta: BTreeMap<String, String>,
}

/// Deepest element nesting an HTML page may have. Parsing is fine this deep
/// (about a second); far deeper nesting costs the parser quadratic time.
pub const MAX_NESTING: usize = 20_000;

/// Tags that never (void) or often (implied end) have a closing tag.
const NO_END_TAG: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
    "param", "track", "p", "li", "td", "th", "tr", "option", "dt", "dd",
];

/// Approximate element nesting depth of a page, by counting open and close
/// tags (comments skipped), without parsing it.
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i += bytes[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(bytes.len() - i, |p| p + 3);
            continue;
        }
        if bytes.get(i) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        let tag_end = bytes[i..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| i + p);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if !self_closing && !NO_END_TAG.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
        i += name_len;
    }
    max
}

pub fn html_to_text(html: &str) -> HtmlPage {
    let doc = Html::parse_document(html);
    let mut meta = BTreeMap::new();
    if let Some(title) = first_text(&doc, "title") {
        meta.insert("title".to_string(), title);
    }
    for (key, selector) in [
        ("date", r#"meta[property="article:published_time"]"#),
        ("date", r#"meta[name="date"]"#),
        ("url", r#"link[rel="canonical"]"#),
        ("url", r#"meta[property="og:url"]"#),
    ] {
        if meta.contains_key(key) {
            continue;
        }
        if let Some(value) = first_attr(&doc, selector, &["content", "href"]) {
            meta.insert(key.to_string(), value);
        }
    }
    if let Some(lang) = first_attr(&doc, "html", &["lang"]) {
        meta.insert("lang".to_string(), lang);
    }
    if !meta.contains_key("date") {
        if let Some(date) = first_attr(&doc, "time[datetime]", &["datetime"]) {
            meta.insert("date".to_string(), date);
        }
    }

    // An <article> (or <main>) holds the story; fall back to the body.
    let root = ["article", "main", "body"]
        .iter()
        .find_map(|tag| select_first(&doc, tag))
        .unwrap_or_else(|| doc.root_element());
    let mut raw = String::new();
    collect_text(root, &mut raw);
    HtmlPage {
        text: clean_plain_text(&raw),
        meta,
    }
}

fn select_first<'a>(doc: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    doc.select(&selector).next()
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let el = select_first(doc, selector)?;
    let text = collapse_ws(&el.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}

fn first_attr(doc: &Html, selector: &str, attrs: &[&str]) -> Option<String> {
    let el = select_first(doc, selector)?;
    attrs
        .iter()
        .find_map(|a| el.value().attr(a))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn is_skipped(el: &ElementRef) -> bool {
    let value = el.value();
    if SKIPPED_TAGS.contains(&value.name()) {
        return true;
    }
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marked = |attr: Option<&str>| {
        attr.is_some_and(|v| {
            v.to_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| SKIPPED_MARKERS.contains(&word))
        })
    };
    marked(value.attr("class")) || marked(value.attr("id")) || marked(value.attr("role"))
}

/// The text under `el`, block elements on lines of their own. Iterative
/// (an explicit stack, not recursion): a page of 100,000 nested elements
/// cannot overflow the thread's stack.
fn collect_text(el: ElementRef, out: &mut String) {
    enum Step<'a> {
        Node(ego_tree::NodeRef<'a, Node>),
        Leave { paragraph: bool },
    }
    let mut stack = vec![Step::Node(*el)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave { paragraph } => {
                end_line(out, paragraph);
                continue;
            }
            Step::Node(node) => node,
        };
        if let Node::Text(text) = node.value() {
            push_inline(out, text);
            continue;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if is_skipped(&el) {
            continue;
        }
        let block = BLOCK_TAGS.contains(&el.value().name());
        let paragraph = matches!(
            el.value().name(),
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
        );
        if block {
            end_line(out, paragraph);
            stack.push(Step::Leave { paragraph });
        }
        // Reversed, so that the children come off the stack in order.
        let children: Vec<_> = node
            .children()
            .filter(|c| matches!(c.value(), Node::Text(_) | Node::Element(_)))
            .collect();
        stack.extend(children.into_iter().rev().map(Step::Node));
    }
}

/// Appends inline text with HTML whitespace rules: any run of whitespace
/// (newlines and non-breaking spaces included) is one space.
fn push_inline(out: &mut String, text: &str) {
    for (i, piece) in text.split(char::is_whitespace).enumerate() {
        if i > 0 && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

fn end_line(out: &mut String, paragraph: bool) {
    while out.ends_with(' ') {
        out.pop();
    }
    if out.is_empty() {
        return;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if paragraph && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn collapse_ws(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
<p>Amazon&nbsp;Web Services (AWS) baut <b>mehrere hundert</b> Jobs ab.</p>
<figure><img src="a.png"><figcaption>Bild: AWS</figcaption></figure>
<p>Matt Garman spricht von einer Neuausrichtung in M&uuml;nchen.</p>
<section class="comments"><p>Leser: Schade um die Leute.</p></section>
</article><footer>Impressum</footer></body></html>"#;

    #[test]
    fn keeps_the_article_and_drops_page_furniture() {
        let page = html_to_text(PAGE);
        assert_eq!(
            page.text,
            "AWS streicht Hunderte Stellen\n\nAmazon Web Services (AWS) baut mehrere hundert Jobs ab.\n\nMatt Garman spricht von einer Neuausrichtung in München."
        );
        assert_eq!(page.meta["title"], "AWS streicht Stellen");
        assert_eq!(page.meta["date"], "2024-04-04");
        assert_eq!(page.meta["lang"], "de");
    }

    #[test]
    fn page_without_article_uses_the_body() {
        let page =
            html_to_text("<html><body><nav>Menü</nav><p>Meta baut 600 Jobs ab.</p></body></html>");
        assert_eq!(page.text, "Meta baut 600 Jobs ab.");
    }
}
