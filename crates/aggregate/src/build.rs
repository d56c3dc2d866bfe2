//! The aggregate stage proper: tagged documents in reading order -> every
//! output file of a run, in a new generation of the output folder, then
//! published in one step. `newsner run` feeds it the parts of its journal,
//! `newsner aggregate` the documents and mentions of finished runs.

use newsner_output::{Formats, OutputWriter};
use newsner_records::{document_figures, PartItem, RecordError};
use newsner_store::{AtomicWriter, Generation, JournalError, OutputError, OutputFolder};
use newsner_tables::{CorpusTables, EntityRow, Summary};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// The model and settings the tables are made for (`summary.json`).
#[derive(Debug, Clone)]
pub struct BuildSettings {
    pub model: String,
    pub aggregation: String,
    /// Types whose neighbours separated by one space are one name.
    pub join_adjacent: Vec<String>,
    pub formats: Formats,
    /// Documents whose texts report.html keeps.
    pub report_docs: usize,
    /// The shard (`i/n`) a run tagged, if any.
    pub shard: Option<String>,
}

/// What the aggregate stage built (not yet visible: see [`Built::publish`]).
#[derive(Debug)]
pub struct Built {
    pub documents: usize,
    pub errors: usize,
    pub mentions: usize,
    pub figures: usize,
    pub rows: Vec<EntityRow>,
    pub summary: Summary,
    /// Time spent finding job figures.
    pub figures_time: Duration,
    generation: Generation,
}

impl Built {
    /// Adds a file that is part of the set but not of the tables
    /// (`timings.json`).
    pub fn add_file(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let mut file = AtomicWriter::create(&self.generation.dir.join(name))?;
        file.write_all(bytes)?;
        file.commit().map(drop)
    }

    /// Switches the output folder to this set; returns its visible files.
    pub fn publish(self, folder: &OutputFolder) -> Result<Vec<PathBuf>, OutputError> {
        folder.publish(self.generation)
    }
}

/// Runs the aggregate stage over `items` into a new generation of `folder`.
pub fn build<E>(
    items: impl Iterator<Item = Result<PartItem, E>>,
    folder: &OutputFolder,
    settings: &BuildSettings,
) -> Result<Built, BuildError>
where
    BuildError: From<E>,
{
    let generation = folder.new_generation()?;
    let mut writer = OutputWriter::create(&generation.dir, settings.formats, settings.report_docs)?;
    let mut tables =
        CorpusTables::spilling_in(settings.join_adjacent.iter().cloned(), Some(folder.root()));
    let (mut documents, mut errors, mut mentions, mut figures) = (0, 0, 0, 0);
    let mut figures_time = Duration::ZERO;
    for item in items {
        match item? {
            PartItem::Error { error, order } => {
                errors += 1;
                writer.error(&error, order)?;
            }
            PartItem::Document {
                document,
                mentions: own,
                order,
            } => {
                let t = Instant::now();
                let found = document_figures(&document.id, &document.text, &own);
                figures_time += t.elapsed();
                documents += 1;
                mentions += own.len();
                figures += found.len();
                writer.add(&mut tables, &document, &own, found, order)?;
            }
        }
    }
    let (rows, mut summary, figure_rows) = tables
        .finish(&settings.model, &settings.aggregation, errors)
        .map_err(|source| OutputError {
            path: folder.root().to_path_buf(),
            source,
        })?;
    summary.shard = settings.shard.clone();
    writer.finish(&rows, &figure_rows, &summary)?;
    Ok(Built {
        documents,
        errors,
        mentions,
        figures,
        rows,
        summary,
        figures_time,
        generation,
    })
}
