//! What a page says about itself: title, publication date, authors, site,
//! canonical URL and language, from `<meta>` tags, JSON-LD, `<time>`, the
//! URL and, as a last resort, a dateline in the article text.

use super::walk::collapse_ws;
use crate::{dates, lang};
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;

/// The article object of a page's JSON-LD (NewsArticle, BlogPosting, ...),
/// found in any `<script type="application/ld+json">`, in `@graph` or in
/// an array.
pub(crate) fn json_ld_article(doc: &Html) -> Option<serde_json::Map<String, Value>> {
    let selector = Selector::parse(r#"script[type*="ld+json"]"#).ok()?;
    let scripts: Vec<Value> = doc
        .select(&selector)
        .filter_map(|script| serde_json::from_str(json_of(&script.text().collect::<String>())).ok())
        .collect();
    // A typed article first; else any object that says when it was published.
    scripts
        .iter()
        .find_map(|json| find_article(json, 0, &is_article))
        .or_else(|| {
            scripts
                .iter()
                .find_map(|json| find_article(json, 0, &|o| o.contains_key("datePublished")))
        })
}

/// The JSON inside a script that CMSs often wrap for old browsers:
/// `<![CDATA[ … ]]>`, `//<![CDATA[ … //]]>`.
fn json_of(script: &str) -> &str {
    let t = script.trim();
    let t = t.strip_prefix("//").map_or(t, str::trim_start);
    let t = t.strip_prefix("<![CDATA[").unwrap_or(t).trim_end();
    let t = t.strip_suffix("]]>").unwrap_or(t).trim_end();
    t.strip_suffix("//").unwrap_or(t).trim()
}

fn is_article(obj: &serde_json::Map<String, Value>) -> bool {
    let typed = |t: &str| {
        t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report"
    };
    match obj.get("@type") {
        Some(Value::String(t)) => typed(t),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(typed)),
        _ => false,
    }
}

fn find_article(
    value: &Value,
    depth: usize,
    wanted: &dyn Fn(&serde_json::Map<String, Value>) -> bool,
) -> Option<serde_json::Map<String, Value>> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .find_map(|v| find_article(v, depth + 1, wanted)),
        Value::Object(obj) if wanted(obj) => Some(obj.clone()),
        Value::Object(obj) => obj
            .get("@graph")
            .and_then(|g| find_article(g, depth + 1, wanted)),
        _ => None,
    }
}

/// A JSON-LD value as text: a string, or the `name` of an object, or the
/// names of an array of them ("author": [{"name": ...}, ...]).
fn names(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.trim().to_string()],
        Value::Object(obj) => obj.get("name").map(names).unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn attr(doc: &Html, selector: &str, attrs: &[&str]) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    doc.select(&selector).find_map(|el| {
        attrs
            .iter()
            .find_map(|a| el.value().attr(a))
            .map(collapse_ws)
            .filter(|v| !v.is_empty())
    })
}

fn text_of(doc: &Html, selector: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    let el = doc.select(&selector).next()?;
    Some(collapse_ws(&el.text().collect::<String>())).filter(|t| !t.is_empty())
}

/// `<meta>` tags that carry a publication date, in the order trusted.
const DATE_META: &[&str] = &[
    r#"meta[property="article:published_time"]"#,
    r#"meta[name="article:published_time"]"#,
    r#"meta[property="og:published_time"]"#,
    r#"meta[itemprop="datePublished"]"#,
    r#"meta[name="date"]"#,
    r#"meta[name="DC.date.issued"]"#,
    r#"meta[name="dc.date"]"#,
    r#"meta[name="DC.date"]"#,
    r#"meta[name="pubdate"]"#,
    r#"meta[name="publishdate"]"#,
    r#"meta[name="publish-date"]"#,
    r#"meta[name="parsely-pub-date"]"#,
    r#"meta[name="sailthru.date"]"#,
];

/// What Readability found of the same page, used where the page's own
/// tags say nothing.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
}

/// The page's metadata; `published` from the text's dateline is added
/// later, once the text is known.
pub(crate) fn page_meta(
    doc: &Html,
    ld: Option<&serde_json::Map<String, Value>>,
    found: &Found,
) -> BTreeMap<String, String> {
    let ld_get = |key: &str| ld.and_then(|o| o.get(key));
    let mut meta = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            meta.entry(key.to_string()).or_insert(v);
        }
    };

    put("title", found.title.clone());
    put(
        "title",
        attr(doc, r#"meta[property="og:title"]"#, &["content"]),
    );
    put(
        "title",
        ld_get("headline").and_then(|v| names(v).into_iter().next()),
    );
    put("title", text_of(doc, "h1"));
    put("title", text_of(doc, "title"));

    let url = attr(doc, r#"link[rel="canonical"]"#, &["href"])
        .or_else(|| attr(doc, r#"meta[property="og:url"]"#, &["content"]))
        .filter(|u| u.starts_with("http"));

    let published = published(doc, ld, found, url.as_deref());
    put("published", published);

    let authors = authors(doc, ld, found);
    put("authors", authors.map(|a| a.join("; ")));

    put(
        "site",
        attr(doc, r#"meta[property="og:site_name"]"#, &["content"]),
    );
    put(
        "site",
        ld_get("publisher").and_then(|v| names(v).into_iter().next()),
    );
    put("site", found.site.clone());

    let stated_lang = attr(doc, "html", &["lang", "xml:lang"])
        .or_else(|| attr(doc, r#"meta[http-equiv="content-language"]"#, &["content"]))
        .or_else(|| attr(doc, r#"meta[property="og:locale"]"#, &["content"]))
        .or_else(|| {
            ld_get("inLanguage")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    put("lang", stated_lang.and_then(|l| lang::normalize_tag(&l)));
    put("url", url);
    meta
}

/// When the page says it was published: its JSON-LD, its meta tags,
/// Readability's find, `<time>` elements, the URL, and last the time it
/// was changed.
fn published(
    doc: &Html,
    ld: Option<&serde_json::Map<String, Value>>,
    found: &Found,
    url: Option<&str>,
) -> Option<String> {
    ld.and_then(|o| o.get("datePublished"))
        .and_then(Value::as_str)
        .and_then(dates::parse)
        .or_else(|| {
            DATE_META
                .iter()
                .find_map(|s| attr(doc, s, &["content"]).and_then(|v| dates::parse(&v)))
        })
        .or_else(|| found.published.as_deref().and_then(dates::parse))
        .or_else(|| {
            [
                "time[pubdate]",
                r#"time[itemprop="datePublished"]"#,
                "time[datetime]",
            ]
            .iter()
            .find_map(|s| attr(doc, s, &["datetime"]).and_then(|v| dates::parse(&v)))
        })
        .or_else(|| url.and_then(dates::from_url))
        // Last: when it was changed is a date of the article, not its own.
        .or_else(|| {
            attr(
                doc,
                r#"meta[property="article:modified_time"]"#,
                &["content"],
            )
            .and_then(|v| dates::parse(&v))
        })
}

/// The page's authors: JSON-LD, else the author meta tags or the byline.
fn authors(
    doc: &Html,
    ld: Option<&serde_json::Map<String, Value>>,
    found: &Found,
) -> Option<Vec<String>> {
    ld.and_then(|o| o.get("author"))
        .map(names)
        .filter(|a| !a.is_empty())
        .or_else(|| {
            attr(doc, r#"meta[name="author"]"#, &["content"])
                .or_else(|| attr(doc, r#"meta[property="article:author"]"#, &["content"]))
                .filter(|a| !a.starts_with("http"))
                .or_else(|| found.byline.clone())
                .map(|a| split_byline(&a))
        })
}

/// "Von Anna Berg und Jan Roth", "By Jane Doe, John Roe and Ann Poe" ->
/// the names.
fn split_byline(byline: &str) -> Vec<String> {
    let mut b = collapse_ws(byline);
    for prefix in ["von ", "by ", "text: ", "autor: ", "author: "] {
        if b.to_lowercase().starts_with(prefix) {
            b = b[prefix.len()..].to_string();
        }
    }
    // Not at '&': "Mac & i" is one byline.
    b.split([',', ';', '|'])
        .flat_map(|p| {
            p.split(" und ")
                .flat_map(|q| q.split(" and "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().count() <= 60)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(page: &str) -> BTreeMap<String, String> {
        let doc = Html::parse_document(page);
        page_meta(&doc, json_ld_article(&doc).as_ref(), &Found::default())
    }

    #[test]
    fn json_ld_first_then_meta_tags() {
        let page = r#"<html lang="de-DE"><head><title>Amazon streicht Stellen | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<link rel="canonical" href="https://example.de/wirtschaft/2025/10/28/amazon">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
{"@type":"NewsArticle","headline":"Amazon streicht 14.000 Stellen","datePublished":"2025-10-28T18:02:00+01:00",
"author":[{"@type":"Person","name":"Anna Berg"},{"@type":"Person","name":"Jan Roth"}]}]}</script>
</head><body><h1>Amazon streicht 14.000 Stellen</h1></body></html>"#;
        let meta = meta_of(page);
        assert_eq!(meta["title"], "Amazon streicht 14.000 Stellen");
        assert_eq!(meta["published"], "2025-10-28");
        assert_eq!(meta["authors"], "Anna Berg; Jan Roth");
        assert_eq!(meta["site"], "Beispiel-Zeitung");
        assert_eq!(meta["lang"], "de");
        assert_eq!(
            meta["url"],
            "https://example.de/wirtschaft/2025/10/28/amazon"
        );
    }

    #[test]
    fn json_ld_in_cdata_and_of_other_types() {
        let page = r#"<script type="application/ld+json">//<![CDATA[
{"@type":"SocialMediaPosting","datePublished":"2015-10-15T02:19:15Z"}
//]]></script><meta property="article:published_time" content="2015-12-11">"#;
        let meta = meta_of(page);
        assert_eq!(meta["published"], "2015-10-15");
    }

    #[test]
    fn a_stated_publication_beats_a_modification() {
        let page = r#"<meta property="article:modified_time" content="2025-11-02">
<time itemprop="datePublished" datetime="2025-10-28">28. Oktober</time>"#;
        let meta = meta_of(page);
        assert_eq!(meta["published"], "2025-10-28");
    }

    #[test]
    fn time_element_url_and_byline() {
        let page = r#"<html><head><meta name="author" content="Von Anna Berg und Jan Roth"></head>
<body><time datetime="2024-04-03T09:00:00Z">3. April</time></body></html>"#;
        let meta = meta_of(page);
        assert_eq!(meta["published"], "2024-04-03");
        assert_eq!(meta["authors"], "Anna Berg; Jan Roth");
        assert_eq!(split_byline("Mac & i"), ["Mac & i"]);
        let from_url = meta_of(r#"<link rel="canonical" href="https://x.com/2025/10/28/a">"#);
        assert_eq!(from_url["published"], "2025-10-28");
    }
}
