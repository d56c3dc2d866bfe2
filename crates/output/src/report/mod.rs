//! `report.html`: one self-contained page a person reads top to bottom —
//! the corpus at a glance, entities by type, job figures by company, who is
//! named with whom, and the documents with their entities highlighted.
//!
//! Rendered with minijinja from `report.html` (auto-escaping: every piece
//! of document text is escaped), charts as inline SVG computed here, no
//! network. A Content-Security-Policy allows only the page's own script (by
//! its hash), so even a missed escape could not run a document's script.

mod timeline;
mod view;

use newsner_ingest::IngestError;
use newsner_records::{DocumentRecord, Figure, Mention};
use newsner_tables::{EntityRow, Summary};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// A document kept for the report: its text and mention spans.
#[derive(Debug, Clone)]
pub(crate) struct KeptDoc {
    pub seq: usize,
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub text: String,
    pub mentions: Vec<(usize, usize, String, f32)>,
    pub figures: usize,
    pub duplicate_of: Option<String>,
}

/// Collects what the report shows while documents stream past, in memory
/// bounded by `keep_docs` (the documents with most mentions keep their text).
pub struct ReportBuilder {
    keep_docs: usize,
    /// Min-heap on (mentions, earlier first) of the kept documents.
    kept: BinaryHeap<Reverse<(usize, Reverse<usize>)>>,
    docs: BTreeMap<usize, KeptDoc>,
    pub(crate) documents: usize,
    pub(crate) languages: BTreeMap<String, usize>,
    pub(crate) dates: Option<(String, String)>,
    /// Publication dates of the documents that state job figures (the
    /// timeline's x axis).
    pub(crate) published: BTreeMap<String, String>,
    pub(crate) skipped: BTreeMap<String, usize>,
    pub(crate) skipped_examples: Vec<IngestError>,
}

/// A document's publication date as an ISO day: ingest's `published`, else
/// a source's own `date`, if either is a real calendar date.
fn publication_day(doc: &DocumentRecord) -> Option<String> {
    let date = doc.meta.get("published").or_else(|| doc.meta.get("date"))?;
    newsner_ingest::parse_date(date)
}

impl ReportBuilder {
    pub fn new(keep_docs: usize) -> Self {
        ReportBuilder {
            keep_docs,
            kept: BinaryHeap::new(),
            docs: BTreeMap::new(),
            documents: 0,
            languages: BTreeMap::new(),
            dates: None,
            published: BTreeMap::new(),
            skipped: BTreeMap::new(),
            skipped_examples: Vec::new(),
        }
    }

    pub fn add_document(&mut self, doc: &DocumentRecord, mentions: &[Mention]) {
        let seq = self.documents;
        self.documents += 1;
        if let Some(lang) = doc.meta.get("lang").or_else(|| doc.meta.get("language")) {
            // "de-DE" as a source wrote it counts as "de".
            let code = newsner_ingest::normalize_lang(lang).unwrap_or_else(|| lang.clone());
            *self.languages.entry(code).or_default() += 1;
        }
        // ISO days sort as text.
        if let Some(day) = publication_day(doc) {
            if doc.figures > 0 {
                self.published.insert(doc.id.clone(), day.clone());
            }
            self.dates = Some(match self.dates.take() {
                None => (day.clone(), day),
                Some((a, b)) => (a.min(day.clone()), b.max(day)),
            });
        }
        if self.keep_docs == 0 {
            return;
        }
        let key = (mentions.len(), Reverse(seq));
        if self.kept.len() == self.keep_docs {
            match self.kept.peek() {
                Some(Reverse(min)) if key > *min => {
                    if let Some(Reverse((_, Reverse(out)))) = self.kept.pop() {
                        self.docs.remove(&out);
                    }
                }
                _ => return,
            }
        }
        self.kept.push(Reverse(key));
        self.docs.insert(
            seq,
            KeptDoc {
                seq,
                id: doc.id.clone(),
                title: doc.meta.get("title").cloned(),
                source: doc.source.clone(),
                text: doc.text.clone(),
                mentions: mentions
                    .iter()
                    .map(|m| (m.start, m.end, m.label.clone(), m.score))
                    .collect(),
                figures: doc.figures,
                duplicate_of: doc.duplicate_of.clone(),
            },
        );
    }

    pub fn add_error(&mut self, error: &IngestError) {
        let kind = serde_json::to_value(error.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *self.skipped.entry(kind).or_default() += 1;
        if self.skipped_examples.len() < 50 {
            self.skipped_examples.push(error.clone());
        }
    }

    /// The page, as HTML.
    pub fn render(
        self,
        summary: &Summary,
        rows: &[EntityRow],
        figures: &[Figure],
    ) -> Result<String, String> {
        view::render(self, summary, rows, figures)
    }

    pub(crate) fn into_parts(self) -> (Vec<KeptDoc>, BuilderTotals) {
        let totals = BuilderTotals {
            documents: self.documents,
            keep_docs: self.keep_docs,
            languages: self.languages,
            dates: self.dates,
            published: self.published,
            skipped: self.skipped,
            skipped_examples: self.skipped_examples,
        };
        (self.docs.into_values().collect(), totals)
    }
}

pub(crate) struct BuilderTotals {
    pub documents: usize,
    pub keep_docs: usize,
    pub languages: BTreeMap<String, usize>,
    pub dates: Option<(String, String)>,
    pub published: BTreeMap<String, String>,
    pub skipped: BTreeMap<String, usize>,
    pub skipped_examples: Vec<IngestError>,
}
