//! The output files of a run, streamed document by document and finished
//! with the tables. Each is an [`AtomicWriter`] (or a Parquet file written
//! the same way): it appears whole when the set is finished, or not at all.

use crate::parquet_out::{EntityRows, ParquetFile};
use crate::report::ReportBuilder;
use newsner_ingest::{Document, IngestError};
use newsner_records::Figure;
use newsner_records::{DocumentRecord, ErrorRecord, Mention};
use newsner_rows::{DocumentRows, FigureRows, MentionRows};
use newsner_store::{AtomicWriter, OutputError};
use newsner_tables::{CorpusTables, EntityRow, Summary};

use std::path::{Path, PathBuf};

pub const OUTPUT_FILES: &[&str] = &[
    "report.html",
    "documents.parquet",
    "mentions.parquet",
    "entities.parquet",
    "figures.parquet",
    "documents.jsonl",
    "mentions.jsonl",
    "errors.jsonl",
    "entities.csv",
    "figures.jsonl",
    "figures.csv",
    "summary.json",
    "timings.json",
];

/// Streams the per-document files and writes the tables at the end.
pub struct OutputWriter {
    dir: PathBuf,
    formats: Formats,
    documents: Option<AtomicWriter>,
    mentions: Option<AtomicWriter>,
    /// errors.jsonl: written whatever the formats.
    errors: AtomicWriter,
    documents_parquet: Option<ParquetFile<DocumentRows>>,
    mentions_parquet: Option<ParquetFile<MentionRows>>,
    report: ReportBuilder,
}

/// Which files a run writes besides summary.json, errors.jsonl and
/// timings.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// documents.jsonl, mentions.jsonl, figures.jsonl
    pub jsonl: bool,
    /// entities.csv, figures.csv
    pub csv: bool,
    /// documents.parquet, mentions.parquet, entities.parquet, figures.parquet
    pub parquet: bool,
    /// report.html
    pub html: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            jsonl: true,
            csv: true,
            parquet: true,
            html: true,
        }
    }
}

impl std::str::FromStr for Formats {
    type Err = String;
    /// "jsonl,csv,parquet,html" (any subset) or "all".
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim() == "all" {
            return Ok(Formats::default());
        }
        let mut f = Formats {
            jsonl: false,
            csv: false,
            parquet: false,
            html: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "jsonl" => f.jsonl = true,
                "csv" => f.csv = true,
                "parquet" => f.parquet = true,
                "html" | "report" => f.html = true,
                other => {
                    return Err(format!(
                        "unknown format '{other}': use jsonl, csv, parquet, html or all"
                    ))
                }
            }
        }
        Ok(f)
    }
}

/// Documents whose texts the report keeps by default (the ones with most
/// mentions), so that it stays small for large corpora.
pub const REPORT_DOCS: usize = 1000;

impl OutputWriter {
    /// `report_docs`: how many documents' texts report.html keeps.
    pub fn create(dir: &Path, formats: Formats, report_docs: usize) -> Result<Self, OutputError> {
        std::fs::create_dir_all(dir).map_err(|source| OutputError {
            path: dir.to_path_buf(),
            source,
        })?;
        let jsonl = |name: &str| {
            formats
                .jsonl
                .then(|| AtomicWriter::create(&dir.join(name)))
                .transpose()
        };
        let parquet = formats.parquet;
        Ok(OutputWriter {
            dir: dir.to_path_buf(),
            formats,
            documents: jsonl("documents.jsonl")?,
            mentions: jsonl("mentions.jsonl")?,
            // The skipped items are always kept, whatever the formats: they
            // are the run's own record, and `aggregate` needs them to give
            // the run's files back.
            errors: AtomicWriter::create(&dir.join("errors.jsonl"))?,
            documents_parquet: parquet
                .then(|| ParquetFile::create(&dir.join("documents.parquet")))
                .transpose()?,
            mentions_parquet: parquet
                .then(|| ParquetFile::create(&dir.join("mentions.parquet")))
                .transpose()?,
            report: ReportBuilder::new(if formats.html { report_docs } else { 0 }),
        })
    }

    /// One document into the corpus tables and the output files (its
    /// near-duplicate cluster, its counts, its lines): the one path of
    /// `run` and `aggregate`.
    pub fn add(
        &mut self,
        tables: &mut CorpusTables,
        doc: &Document,
        mentions: &[Mention],
        figures: Vec<Figure>,
        order: Option<u64>,
    ) -> Result<(), OutputError> {
        let count = figures.len();
        let duplicate_of = tables.add_document(&doc.id, &doc.text, mentions, figures);
        self.document(doc, mentions, count, duplicate_of.as_deref(), order)
    }

    pub fn document(
        &mut self,
        doc: &Document,
        mentions: &[Mention],
        figures: usize,
        duplicate_of: Option<&str>,
        order: Option<u64>,
    ) -> Result<(), OutputError> {
        let record = DocumentRecord {
            id: doc.id.clone(),
            order,
            source: doc.source.clone(),
            meta: doc.meta.clone(),
            chars: doc.text.chars().count(),
            mentions: mentions.len(),
            figures,
            duplicate_of: duplicate_of.map(str::to_string),
            text: doc.text.clone(),
        };
        if let Some(w) = &mut self.documents {
            w.json_line(&record)?;
        }
        if let Some(w) = &mut self.documents_parquet {
            w.push(&record)?;
        }
        self.report.add_document(&record, mentions);
        for m in mentions {
            if let Some(w) = &mut self.mentions {
                w.json_line(m)?;
            }
            if let Some(w) = &mut self.mentions_parquet {
                w.push(m)?;
            }
        }
        Ok(())
    }

    pub fn error(&mut self, error: &IngestError, order: Option<u64>) -> Result<(), OutputError> {
        self.report.add_error(error);
        self.errors.json_line(&ErrorRecord {
            error: error.clone(),
            order,
        })
    }

    /// Writes the tables and moves every file into place.
    pub fn finish(
        self,
        rows: &[EntityRow],
        figures: &[Figure],
        summary: &Summary,
    ) -> Result<Vec<PathBuf>, OutputError> {
        let mut written = Vec::new();
        for w in [self.documents, self.mentions, Some(self.errors)]
            .into_iter()
            .flatten()
        {
            written.push(w.commit()?);
        }
        if let Some(w) = self.documents_parquet {
            written.push(w.commit()?);
        }
        if let Some(w) = self.mentions_parquet {
            written.push(w.commit()?);
        }
        let f = self.formats;
        if f.csv {
            written.push(write_csv(
                &self.dir.join("entities.csv"),
                &["entity", "label", "mentions", "documents", "variants"],
                rows.iter().map(|row| {
                    vec![
                        row.entity.clone(),
                        row.label.clone(),
                        row.mentions.to_string(),
                        row.documents.to_string(),
                        row.variants.join(" | "),
                    ]
                }),
            )?);
        }
        if f.parquet {
            let mut p = ParquetFile::<EntityRows>::create(&self.dir.join("entities.parquet"))?;
            for row in rows {
                p.push(row)?;
            }
            written.push(p.commit()?);
            let mut p = ParquetFile::<FigureRows>::create(&self.dir.join("figures.parquet"))?;
            for fig in figures {
                p.push(fig)?;
            }
            written.push(p.commit()?);
        }
        if f.jsonl {
            let mut jsonl = AtomicWriter::create(&self.dir.join("figures.jsonl"))?;
            for fig in figures {
                jsonl.json_line(fig)?;
            }
            written.push(jsonl.commit()?);
        }
        if f.csv {
            written.push(write_figures_csv(&self.dir.join("figures.csv"), figures)?);
        }
        if f.html {
            let path = self.dir.join("report.html");
            let html = self
                .report
                .render(summary, rows, figures)
                .map_err(|e| OutputError {
                    path: path.clone(),
                    source: std::io::Error::other(e),
                })?;
            let mut file = AtomicWriter::create(&path)?;
            file.write_all(html.as_bytes())?;
            written.push(file.commit()?);
        }

        let path = self.dir.join("summary.json");
        let mut text = serde_json::to_vec_pretty(summary).map_err(|e| OutputError {
            path: path.clone(),
            source: e.into(),
        })?;
        text.push(b'\n');
        let mut file = AtomicWriter::create(&path)?;
        file.write_all(&text)?;
        written.push(file.commit()?);
        Ok(written)
    }
}

/// figures.csv: the columns of figures.jsonl, empty cells for nulls.
fn write_figures_csv(path: &Path, figures: &[Figure]) -> Result<PathBuf, OutputError> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    write_csv(
        path,
        &[
            "doc",
            "org",
            "entity",
            "kind",
            "unit",
            "value",
            "value_max",
            "approx",
            "status",
            "source",
            "derived",
            "qualifier",
            "text",
            "start",
            "end",
            "sentence",
        ],
        figures.iter().map(|f| {
            vec![
                f.doc.clone(),
                opt(&f.org),
                opt(&f.entity),
                f.kind.as_str().to_string(),
                f.unit.as_str().to_string(),
                f.value.to_string(),
                f.value_max.map(|v| v.to_string()).unwrap_or_default(),
                f.approx.to_string(),
                f.status.as_str().to_string(),
                opt(&f.source),
                f.derived.to_string(),
                opt(&f.qualifier),
                f.text.clone(),
                f.start.to_string(),
                f.end.to_string(),
                f.sentence.clone(),
            ]
        }),
    )
}

/// A CSV file with a header row, written atomically.
fn write_csv(
    path: &Path,
    header: &[&str],
    records: impl Iterator<Item = Vec<String>>,
) -> Result<PathBuf, OutputError> {
    let mut file = AtomicWriter::create(path)?;
    let io = |e: csv::Error| OutputError {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    {
        let mut csv = csv::Writer::from_writer(&mut file);
        csv.write_record(header).map_err(io)?;
        for record in records {
            csv.write_record(&record).map_err(io)?;
        }
        csv.flush().map_err(|e| OutputError {
            path: path.to_path_buf(),
            source: e,
        })?;
    }
    file.commit()
}
