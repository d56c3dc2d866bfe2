//! Article-extraction evaluation on saved web pages: each page's cleaned
//! text against the article a person reads there, scored as the public
//! extraction benchmarks score it, plus title, date and language.
//!
//! A pages folder holds one folder per page: `source.html` (or
//! `source.txt`/`source.md`, a page copied as text), the expected article
//! as `expected.html` or `expected.txt`, and `expected-metadata.json`
//! (`title`, `publishedTime` or `published`, `lang`).
//!
//! Body score: the word 4-grams ("shingles") of lower-cased `\w+` tokens
//! of both texts, counted as multisets; per page true/false positives and
//! false negatives are normalised to sum to 1 (every page weighs the
//! same), summed over pages, and precision, recall and F1 computed from
//! the sums.

use anyhow::{bail, Context, Result};
use newsner_ingest::{ingest_bytes, Format, IngestLimits, Ingested};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// One saved page and what a reader finds on it.
#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub format: Format,
    pub source: Vec<u8>,
    pub expected_text: String,
    pub expected: Expected,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expected {
    pub title: Option<String>,
    #[serde(alias = "publishedTime")]
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// What an extractor kept of a page (newsner's or a peer's, read from JSONL
/// lines of this shape with a `page` field).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extracted {
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// Reads every page folder under `dir`, sorted by name.
pub fn read_pages(dir: &Path) -> Result<Vec<Page>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the pages folder {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for name in names {
        let folder = dir.join(&name);
        let Some((file, format)) = [
            ("source.html", Format::Html),
            ("source.txt", Format::Text),
            ("source.md", Format::Text),
        ]
        .into_iter()
        .find(|(f, _)| folder.join(f).is_file()) else {
            continue;
        };
        let source = std::fs::read(folder.join(file))?;
        let expected_text = if folder.join("expected.txt").is_file() {
            std::fs::read_to_string(folder.join("expected.txt"))?
        } else if folder.join("expected.html").is_file() {
            html_text(&std::fs::read_to_string(folder.join("expected.html"))?)
        } else {
            bail!("{}: no expected.txt or expected.html", folder.display());
        };
        let meta = folder.join("expected-metadata.json");
        let expected = if meta.is_file() {
            serde_json::from_str(&std::fs::read_to_string(&meta)?)
                .with_context(|| format!("{}: not valid JSON", meta.display()))?
        } else {
            Expected::default()
        };
        pages.push(Page {
            name,
            format,
            source,
            expected_text,
            expected,
        });
    }
    if pages.is_empty() {
        bail!(
            "{}: no page folders (each needs a source.html, source.txt or source.md)",
            dir.display()
        );
    }
    Ok(pages)
}

/// All text of an HTML fragment, blocks apart (only the words count).
fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

/// newsner's ingest on one page, as a run reads it.
pub fn extract(page: &Page) -> Extracted {
    let name = format!("{}/source", page.name);
    let doc = ingest_bytes(&name, page.format, &page.source, &IngestLimits::default())
        .into_iter()
        .find_map(|item| match item {
            Ingested::Doc(doc) => Some(doc),
            Ingested::Failed(_) => None,
        });
    let Some(doc) = doc else {
        return Extracted {
            page: page.name.clone(),
            ..Default::default()
        };
    };
    Extracted {
        page: page.name.clone(),
        text: doc.text,
        title: doc.meta.get("title").cloned(),
        published: doc.meta.get("published").cloned(),
        lang: doc.meta.get("lang").cloned(),
    }
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let words = tokens(text);
    let mut counts = HashMap::new();
    if words.len() < 4 {
        if !words.is_empty() {
            counts.insert(words, 1);
        }
        return counts;
    }
    for w in words.windows(4) {
        *counts.entry(w.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// One page's scores; `None` where the page states nothing to check.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub page: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub empty: bool,
    pub title_ok: Option<bool>,
    pub published_ok: Option<bool>,
    pub lang_ok: Option<bool>,
    /// For pages under 0.8: what was missed and what was kept too much.
    pub problems: Vec<String>,
    /// Normalised true positives, false positives, false negatives.
    #[serde(skip)]
    counts: (f64, f64, f64),
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub empty: usize,
    pub under_08: usize,
    pub title_ok: (usize, usize),
    pub published_ok: (usize, usize),
    pub lang_ok: (usize, usize),
}

/// Scores what an extractor kept of each page (matched by page name; a page
/// it has no line for counts as empty).
pub fn score(pages: &[Page], extracted: &[Extracted]) -> (Vec<PageScore>, Totals) {
    let by_page: HashMap<&str, &Extracted> =
        extracted.iter().map(|e| (e.page.as_str(), e)).collect();
    let empty = Extracted::default();
    let rows: Vec<PageScore> = pages
        .iter()
        .map(|p| score_page(p, by_page.get(p.name.as_str()).copied().unwrap_or(&empty)))
        .collect();
    let mut t = Totals {
        pages: rows.len(),
        ..Default::default()
    };
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for r in &rows {
        tp += r.counts.0;
        fp += r.counts.1;
        fn_ += r.counts.2;
        t.empty += r.empty as usize;
        t.under_08 += (r.f1 < 0.8) as usize;
        for (ok, total) in [
            (r.title_ok, &mut t.title_ok),
            (r.published_ok, &mut t.published_ok),
            (r.lang_ok, &mut t.lang_ok),
        ] {
            if let Some(ok) = ok {
                total.0 += ok as usize;
                total.1 += 1;
            }
        }
    }
    t.precision = ratio(tp, tp + fp);
    t.recall = ratio(tp, tp + fn_);
    t.f1 = f1(t.precision, t.recall);
    (rows, t)
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

fn f1(p: f64, r: f64) -> f64 {
    ratio(2.0 * p * r, p + r)
}

fn score_page(page: &Page, got: &Extracted) -> PageScore {
    let truth = shingles(&page.expected_text);
    let pred = shingles(&got.text);
    let overlap: usize = pred
        .iter()
        .map(|(k, n)| (*n).min(*truth.get(k).unwrap_or(&0)))
        .sum();
    let (tp, fp, fn_) = (
        overlap as f64,
        (pred.values().sum::<usize>() - overlap) as f64,
        (truth.values().sum::<usize>() - overlap) as f64,
    );
    let sum = tp + fp + fn_;
    let counts = if sum == 0.0 {
        (1.0, 0.0, 0.0)
    } else {
        (tp / sum, fp / sum, fn_ / sum)
    };
    let precision = if pred.is_empty() && truth.is_empty() {
        1.0
    } else {
        ratio(tp, tp + fp)
    };
    let recall = if truth.is_empty() {
        1.0
    } else {
        ratio(tp, tp + fn_)
    };
    let f = f1(precision, recall);
    let mut problems = Vec::new();
    if f < 0.8 {
        if tokens(&got.text).is_empty() {
            problems.push("no text at all".to_string());
        } else {
            if let Some(missing) = first_unmatched(&page.expected_text, &pred) {
                problems.push(format!("recall {recall:.2}, missing e.g. «{missing}»"));
            }
            if let Some(extra) = first_unmatched(&got.text, &truth) {
                problems.push(format!("precision {precision:.2}, extra e.g. «{extra}»"));
            }
        }
    }
    let expected_date = page
        .expected
        .published
        .as_deref()
        .and_then(newsner_ingest::parse_date);
    PageScore {
        page: page.name.clone(),
        precision,
        recall,
        f1: f,
        empty: tokens(&got.text).is_empty() && !truth.is_empty(),
        title_ok: page
            .expected
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| same_title(t, got.title.as_deref().unwrap_or(""))),
        published_ok: expected_date.map(|d| got.published.as_deref() == Some(d.as_str())),
        lang_ok: page
            .expected
            .lang
            .as_deref()
            .and_then(newsner_ingest::normalize_lang)
            .map(|l| got.lang.as_deref().and_then(newsner_ingest::normalize_lang) == Some(l)),
        problems,
        counts,
    }
}

/// Titles agree when their word sets overlap by 80 % (Jaccard): case,
/// punctuation and a word more or less in a long title do not count; a
/// site name left in a short title or another headline does.
fn same_title(expected: &str, got: &str) -> bool {
    let a: std::collections::BTreeSet<String> = tokens(expected).into_iter().collect();
    let b: std::collections::BTreeSet<String> = tokens(got).into_iter().collect();
    let union = a.union(&b).count();
    union > 0 && a.intersection(&b).count() as f64 / union as f64 >= 0.8
}

/// Eight words around the first shingle of `text` that `other` lacks.
fn first_unmatched(text: &str, other: &HashMap<Vec<String>, usize>) -> Option<String> {
    let words = tokens(text);
    let at = (0..words.len().saturating_sub(3)).find(|&i| !other.contains_key(&words[i..i + 4]))?;
    Some(words[at..(at + 8).min(words.len())].join(" "))
}

/// The table: totals per extractor, then every page under 0.8 of the first.
pub fn format_report(runs: &[(String, Vec<PageScore>, Totals)]) -> String {
    let mut out = format!(
        "{:<14} {:>6} {:>9} {:>7} {:>6} {:>6} {:>6} {:>9} {:>11} {:>8}\n",
        "extractor",
        "pages",
        "precision",
        "recall",
        "f1",
        "empty",
        "<0.8",
        "title",
        "published",
        "lang"
    );
    let frac = |(a, b): (usize, usize)| format!("{a}/{b}");
    for (name, _, t) in runs {
        out.push_str(&format!(
            "{name:<14} {:>6} {:>9.3} {:>7.3} {:>6.3} {:>6} {:>6} {:>9} {:>11} {:>8}\n",
            t.pages,
            t.precision,
            t.recall,
            t.f1,
            t.empty,
            t.under_08,
            frac(t.title_ok),
            frac(t.published_ok),
            frac(t.lang_ok)
        ));
    }
    if let Some((name, rows, _)) = runs.first() {
        let low: Vec<&PageScore> = rows.iter().filter(|r| r.f1 < 0.8).collect();
        if !low.is_empty() {
            out.push_str(&format!("\n{name}: pages under 0.8\n"));
        }
        for r in low {
            out.push_str(&format!(
                "  {:<40} f1 {:.2}  {}\n",
                r.page,
                r.f1,
                r.problems.join("; ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
