//! Which part of a page is the article: Mozilla Readability's choice (the
//! `dom_smoothie` port), checked against the page's JSON-LD `articleBody`
//! and, when it finds nothing worth reading, the page's main block.

use super::meta::Found;

/// Pages nested deeper than this skip Readability (its scoring recurses)
/// and are read by the iterative walker alone; real articles nest a few
/// dozen elements deep.
const READABILITY_MAX_DEPTH: usize = 1_000;

/// Elements Readability is asked to score at most: beyond this a page is
/// a dump, not an article, and the walker reads it in linear time.
const READABILITY_MAX_ELEMENTS: usize = 200_000;

/// Readability's article: its HTML (classes kept, so newsner's walker can
/// still leave out what they mark) and what it read of the page's metadata.
pub(crate) struct Readable {
    pub html: String,
    pub found: Found,
}

pub(crate) fn readability(html: &str, depth: usize) -> Option<Readable> {
    if depth > READABILITY_MAX_DEPTH {
        return None;
    }
    let config = dom_smoothie::Config {
        keep_classes: true,
        max_elements_to_parse: READABILITY_MAX_ELEMENTS,
        ..Default::default()
    };
    // A bug in the extractor must cost this page its extraction, not the run.
    let parsed = std::panic::catch_unwind(|| {
        let mut readability = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
        readability.parse().ok()
    })
    .ok()
    .flatten()?;
    let some = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Some(Readable {
        html: parsed.content.to_string(),
        found: Found {
            title: some(Some(parsed.title)),
            byline: some(parsed.byline),
            published: some(parsed.published_time),
            site: some(parsed.site_name),
        },
    })
}

/// How the text of a page was chosen, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extraction {
    /// Readability's article block.
    Article,
    /// The page's JSON-LD `articleBody` (the visible page held less).
    JsonLd,
    /// No article found: the `<article>`, `<main>` or `<body>`, furniture left out.
    MainBlock,
}

/// Readability's text unless it is missing or empty (then the page's main
/// block: never nothing), or the page's JSON-LD `articleBody` holds much
/// more (a page whose visible body is built by script). Lengths are
/// counted in characters, which measure Chinese and German text alike.
pub(crate) fn choose(
    article: Option<String>,
    json_ld_body: Option<String>,
    main_block: impl FnOnce() -> String,
) -> (String, Extraction) {
    let chars = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let article_chars = article.as_deref().map_or(0, chars);
    if let Some(body) = json_ld_body {
        if chars(&body) > article_chars.max(200) * 3 / 2 {
            return (body, Extraction::JsonLd);
        }
    }
    match article {
        Some(text) if article_chars > 0 => (text, Extraction::Article),
        _ => (main_block(), Extraction::MainBlock),
    }
}

/// The `articleBody` of a page's JSON-LD article, if it has one.
pub(crate) fn json_ld_body(article: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let body = article.get("articleBody")?.as_str()?.trim();
    (!body.is_empty()).then(|| body.to_string())
}
