//! The text under an element, block elements on lines of their own,
//! leaving out page furniture (navigation, consent banners, sharing
//! widgets, comment sections) by tag and by class/id words.

use scraper::{ElementRef, Node};

/// Elements whose content is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
    "select",
    "input",
    "textarea",
    "head",
    "menu",
    "dialog",
    "figcaption",
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
    "caption",
    "credit",
    "credits",
    "copyright",
    "byline",
    "donation",
    "donate",
    "spenden",
    "promo",
    "outbrain",
    "taboola",
    "recommendations",
    "sr",
    "visually",
    "screen",
    "print",
];

/// Starts of class/id words that mark furniture in compounds too
/// ("spendenaufruf", "newsletterbox", "cookiebar").
const MARKER_PREFIXES: &[&str] = &[
    "spende",
    "newsletter",
    "cookie",
    "consent",
    "paywall",
    "donat",
    "breadcrumb",
    "werbung",
    "advert",
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

fn is_skipped(el: &ElementRef) -> bool {
    let value = el.value();
    if SKIPPED_TAGS.contains(&value.name()) {
        return true;
    }
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marked = |attr: Option<&str>| {
        attr.is_some_and(|v| v.to_lowercase().split_whitespace().any(names_furniture))
    };
    // An id of many words is an anchor made from a heading
    // ("sharing-with-a-single-developer"), not a widget's name.
    let short_id = value
        .attr("id")
        .filter(|id| id.split(|c: char| !c.is_ascii_alphanumeric()).count() <= 2);
    marked(value.attr("class")) || marked(short_id) || marked(value.attr("role"))
}

/// Words before a marker that say the element has or lacks the thing, not
/// that it is it: "no_caption", "has-sidebar", "with-comments".
const NOT_FURNITURE_BEFORE: &[&str] = &["no", "has", "with", "without"];

/// Whether one class name (or id, or role) names furniture: one of its
/// words is a marker, and not as what the element has or lacks.
fn names_furniture(name: &str) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, word)| {
        let marker =
            SKIPPED_MARKERS.contains(word) || MARKER_PREFIXES.iter().any(|p| word.starts_with(p));
        marker && !(i > 0 && NOT_FURNITURE_BEFORE.contains(&words[i - 1]))
    })
}

/// The text under `el`, block elements on lines of their own. Iterative
/// (an explicit stack, not recursion): a page of 100,000 nested elements
/// cannot overflow the thread's stack.
pub(crate) fn collect_text(el: ElementRef, out: &mut String) {
    enum Step<'a> {
        Node(ego_tree::NodeRef<'a, Node>),
        Leave { paragraph: bool, item: bool },
    }
    let mut stack = vec![Step::Node(*el)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave { paragraph, item } => {
                if item && has_pending_mark(out) {
                    out.truncate(out.len() - ITEM_MARK.len());
                }
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
        // Table cells sit side by side: "Caolán McNamara 4307", not
        // "McNamara4307".
        if matches!(el.value().name(), "td" | "th")
            && !out.is_empty()
            && !out.ends_with([' ', '\n'])
        {
            out.push(' ');
        }
        let block = BLOCK_TAGS.contains(&el.value().name());
        let paragraph = matches!(
            el.value().name(),
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
        );
        let item = el.value().name() == "li";
        if block {
            end_line(out, paragraph);
            if item && !has_pending_mark(out) {
                out.push_str(ITEM_MARK);
            }
            stack.push(Step::Leave { paragraph, item });
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

/// What a list item starts with, as in Markdown: the figures stage reads
/// "- Meta: rund 600 Jobs" as an item with its label, and a reader sees a
/// list, not lines run together.
const ITEM_MARK: &str = "- ";

/// A list item's mark waits for the item's text: a block inside the item
/// (`<li><p>…`) does not break the line after it.
fn has_pending_mark(out: &str) -> bool {
    out.strip_suffix(ITEM_MARK)
        .is_some_and(|before| before.is_empty() || before.ends_with('\n'))
}

fn end_line(out: &mut String, paragraph: bool) {
    if has_pending_mark(out) {
        return;
    }
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

pub(crate) fn collapse_ws(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
