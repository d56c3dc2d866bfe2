//! The report's view model: numbers and texts the template shows, charts
//! laid out here as plain coordinates.

use super::{BuilderTotals, KeptDoc, ReportBuilder};
use base64::Engine;
use newsner_records::Figure;
use newsner_tables::{EntityRow, Summary};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const TEMPLATE: &str = include_str!("report.html");
const SCRIPT: &str = include_str!("report.js");
/// Rows of the figures table (all figures are in figures.csv).
const FIGURE_ROWS: usize = 300;

fn color(label: &str) -> &'static str {
    match label {
        "PER" => "#f9c74f",
        "ORG" => "#7fb3ee",
        "LOC" => "#90d493",
        "MISC" => "#d3a6e8",
        _ => "#d9d9d9",
    }
}

#[derive(Serialize)]
struct Bar {
    name: String,
    variants: String,
    mentions: usize,
    documents: usize,
    y: usize,
    width: f64,
}

#[derive(Serialize)]
struct TypeView {
    label: String,
    color: &'static str,
    entities: usize,
    mentions: usize,
    height: usize,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct Segment {
    text: String,
    label: Option<String>,
    score: Option<String>,
    color: Option<&'static str>,
}

#[derive(Serialize)]
struct DocView {
    anchor: String,
    id: String,
    title: Option<String>,
    source: String,
    mentions: usize,
    figures: usize,
    duplicate_of: Option<String>,
    search: String,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct FigureRow {
    company: Option<String>,
    kind: &'static str,
    value: String,
    unit: &'static str,
    status: String,
    text: String,
    sentence: String,
    doc: String,
    anchor: Option<String>,
}

/// How sure a figure is, as the report writes it: "reported (Reuters)",
/// "confirmed, derived".
pub(super) fn status_text(status: &str, source: Option<&str>, derived: bool) -> String {
    let mut text = status.to_string();
    if let Some(s) = source {
        text.push_str(&format!(" ({s})"));
    }
    if derived {
        text.push_str(", derived");
    }
    text
}

/// A figure as the report writes it: "100–999", "~14000", "27000".
fn value_text(value: u64, max: Option<u64>, approx: bool) -> String {
    match max {
        Some(m) => format!("{value}–{m}"),
        None if approx => format!("~{value}"),
        None => value.to_string(),
    }
}

/// Splits a text at its (sorted, non-overlapping) mention spans.
fn segments(doc: &KeptDoc) -> Vec<Segment> {
    let bytes: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain([doc.text.len()])
        .collect();
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let mut out = Vec::new();
    let mut pos = 0;
    for (start, end, label, score) in &doc.mentions {
        if *start < pos || end <= start {
            continue;
        }
        if *start > pos {
            out.push(Segment {
                text: doc.text[at(pos)..at(*start)].to_string(),
                label: None,
                score: None,
                color: None,
            });
        }
        out.push(Segment {
            text: doc.text[at(*start)..at(*end)].to_string(),
            label: Some(label.clone()),
            score: Some(format!("{score:.2}")),
            color: Some(color(label)),
        });
        pos = *end;
    }
    if pos < bytes.len() - 1 {
        out.push(Segment {
            text: doc.text[at(pos)..].to_string(),
            label: None,
            score: None,
            color: None,
        });
    }
    out
}

fn type_views(summary: &Summary, rows: &[EntityRow]) -> Vec<TypeView> {
    summary
        .top_entities
        .iter()
        .map(|(label, top)| {
            let max = top.iter().map(|r| r.mentions).max().unwrap_or(1).max(1) as f64;
            let bars = top
                .iter()
                .enumerate()
                .map(|(i, r)| Bar {
                    name: r.entity.clone(),
                    variants: r.variants.join(", "),
                    mentions: r.mentions,
                    documents: r.documents,
                    y: i * 26,
                    width: (r.mentions as f64 / max * 420.0).max(2.0),
                })
                .collect::<Vec<_>>();
            TypeView {
                label: label.clone(),
                color: color(label),
                entities: rows.iter().filter(|r| &r.label == label).count(),
                mentions: summary.labels.get(label).map_or(0, |c| c.mentions),
                height: bars.len() * 26,
                bars,
            }
        })
        .collect()
}

/// Entities of the strongest pairs (at most 12) and the documents each
/// pair shares.
fn matrix(summary: &Summary) -> (Vec<String>, Vec<Vec<(usize, f64)>>) {
    let mut names: Vec<String> = Vec::new();
    for p in &summary.cooccurrences {
        for n in [&p.a, &p.b] {
            if !names.contains(n) && names.len() < 12 {
                names.push(n.clone());
            }
        }
    }
    let max = summary
        .cooccurrences
        .iter()
        .map(|p| p.documents)
        .max()
        .unwrap_or(1) as f64;
    let mut cells = vec![vec![(0usize, 0.0f64); names.len()]; names.len()];
    for p in &summary.cooccurrences {
        let (Some(i), Some(j)) = (
            names.iter().position(|n| *n == p.a),
            names.iter().position(|n| *n == p.b),
        ) else {
            continue;
        };
        let shade = 0.15 + 0.85 * p.documents as f64 / max;
        cells[i][j] = (p.documents, shade);
        cells[j][i] = (p.documents, shade);
    }
    (names, cells)
}

/// The kept documents as the report shows them: text in segments, an
/// entity's words searchable.
fn doc_views(docs: &[KeptDoc]) -> Vec<DocView> {
    docs.iter()
        .map(|d| {
            let segments = segments(d);
            // The entities' words, so that the filter finds them.
            let names: Vec<&str> = segments
                .iter()
                .filter(|s| s.label.is_some())
                .map(|s| s.text.as_str())
                .collect();
            DocView {
                anchor: format!("d{}", d.seq),
                id: d.id.clone(),
                title: d.title.clone(),
                source: d.source.clone(),
                mentions: d.mentions.len(),
                figures: d.figures,
                duplicate_of: d.duplicate_of.clone(),
                search: format!(
                    "{} {} {}",
                    d.id,
                    d.title.as_deref().unwrap_or(""),
                    names.join(" ")
                )
                .to_lowercase(),
                segments,
            }
        })
        .collect()
}

/// The first job figures, each linked to its document where the report
/// keeps it.
fn figure_rows(figures: &[Figure], anchors: &BTreeMap<&str, String>) -> Vec<FigureRow> {
    figures
        .iter()
        .take(FIGURE_ROWS)
        .map(|f| FigureRow {
            company: f.entity.clone().or_else(|| f.org.clone()),
            kind: f.kind.as_str(),
            value: value_text(f.value, f.value_max, f.approx),
            unit: f.unit.as_str(),
            status: status_text(f.status.as_str(), f.source.as_deref(), f.derived),
            text: f.text.clone(),
            sentence: f.sentence.clone(),
            doc: f.doc.clone(),
            anchor: anchors.get(f.doc.as_str()).cloned(),
        })
        .collect()
}

/// Companies charted by the documents that state figures about them.
const CHART_COMPANIES: usize = 10;
const BAR_HEIGHT: usize = 26;
const BAR_MAX_WIDTH: f64 = 420.0;

/// The bar chart of companies with job figures.
fn company_bars(summary: &Summary) -> Vec<Bar> {
    let companies: Vec<_> = summary
        .figures
        .iter()
        .filter(|c| c.company.is_some())
        .take(CHART_COMPANIES)
        .collect();
    let max_docs = companies
        .iter()
        .map(|c| c.documents)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    companies
        .iter()
        .enumerate()
        .map(|(i, c)| Bar {
            name: c.company.clone().unwrap_or_default(),
            variants: c
                .figures
                .iter()
                .take(3)
                .map(|f| {
                    format!(
                        "{} {} {}",
                        f.kind.as_str(),
                        value_text(f.value, f.value_max, f.approx),
                        f.unit.as_str()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            mentions: c.figures.iter().map(|f| f.mentions).sum(),
            documents: c.documents,
            y: i * BAR_HEIGHT,
            width: (c.documents as f64 / max_docs * BAR_MAX_WIDTH).max(2.0),
        })
        .collect()
}

/// The template environment: the report's template and its helpers.
fn environment() -> Result<minijinja::Environment<'static>, String> {
    let mut env = minijinja::Environment::new();
    env.add_function("value_text", value_text);
    env.add_function(
        "status_text",
        |status: String, sources: Vec<String>, derived: bool| {
            let source = (!sources.is_empty()).then(|| sources.join(", "));
            status_text(&status, source.as_deref(), derived)
        },
    );
    env.add_filter("truncate", |s: String, n: usize| -> String {
        if s.chars().count() <= n {
            s
        } else {
            s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
        }
    });
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| e.to_string())?;
    Ok(env)
}

pub fn render(
    builder: ReportBuilder,
    summary: &Summary,
    rows: &[EntityRow],
    figures: &[Figure],
) -> Result<String, String> {
    let (docs, totals): (Vec<KeptDoc>, BuilderTotals) = builder.into_parts();
    let anchors: BTreeMap<&str, String> = docs
        .iter()
        .map(|d| (d.id.as_str(), format!("d{}", d.seq)))
        .collect();
    let doc_views = doc_views(&docs);
    let company_bars = company_bars(summary);
    let timeline = super::timeline::build(figures, &totals.published, &anchors, |f| {
        value_text(f.value, f.value_max, f.approx)
    });
    let (matrix_names, matrix_cells) = matrix(summary);
    let script_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let ctx = minijinja::context! {
        summary => summary,
        documents => totals.documents,
        shown_docs => doc_views.len(),
        keep_docs => totals.keep_docs,
        languages => totals.languages,
        dates => totals.dates,
        skipped => totals.skipped,
        skipped_total => totals.skipped.values().sum::<usize>(),
        skipped_examples => totals.skipped_examples,
        figures_total => figures.len(),
        figure_rows => figure_rows(figures, &anchors),
        company_height => company_bars.len() * BAR_HEIGHT,
        company_bars => company_bars,
        timeline => timeline,
        types => type_views(summary, rows),
        matrix_names => matrix_names,
        matrix_cells => matrix_cells,
        docs => doc_views,
        script => minijinja::Value::from_safe_string(SCRIPT.to_string()),
        script_hash => script_hash,
    };
    environment()?
        .get_template("report.html")
        .and_then(|t| t.render(ctx))
        .map_err(|e| format!("cannot render the report: {e}"))
}
