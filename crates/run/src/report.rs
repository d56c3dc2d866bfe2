//! What a run did, as the CLI prints it and `timings.json` records it.

use newsner_records::{Timings, TimingsFile, Workload};
use newsner_tables::{EntityRow, Summary};
use std::path::PathBuf;

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub documents: usize,
    /// Items (documents and skipped items) an earlier, interrupted process
    /// had done: this one did not redo them.
    pub resumed: usize,
    pub errors: usize,
    pub mentions: usize,
    pub figures: usize,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
    pub timings: Timings,
    pub rows: Vec<EntityRow>,
    pub summary: Option<Summary>,
    pub written: Vec<PathBuf>,
}

impl RunReport {
    /// Share of the tokens fed to the model that were padding.
    pub fn padding_share(&self) -> f64 {
        self.workload().padding_share()
    }

    /// What the run fed the model.
    pub fn workload(&self) -> Workload {
        Workload {
            documents: self.documents,
            windows: self.windows,
            batches: self.batches,
            real_tokens: self.real_tokens,
            padded_tokens: self.padded_tokens,
        }
    }

    /// `timings.json`.
    pub fn timings_file(&self) -> TimingsFile {
        TimingsFile::new(self.timings.clone(), self.workload())
    }
}
