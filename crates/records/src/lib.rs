//! The records every stage of newsner shares: an entity [`Mention`], a
//! tagged document or skipped item in reading order ([`PartItem`]) and where
//! the reading stands ([`Position`]), the lines of the output files
//! ([`DocumentRecord`], [`ErrorRecord`]), document ids ([`IdSet`]) and
//! `timings.json` ([`Timings`]).
//!
//! No file formats beyond JSON lines and no tables live here: the tagging
//! stage and the Python package depend on this crate, not on Parquet or
//! the report.

mod dataset;
mod id_set;
mod lines;
mod mention;
mod part;
mod timings;

pub use dataset::{DatasetSettings, DATASET_SETTINGS};
pub use id_set::IdSet;
pub use lines::{read_jsonl, DocumentRecord, ErrorRecord, RecordError};
pub use mention::{document_figures, read_mentions, surface_key, Mention};
/// The job-figure record (a line of `figures.jsonl`) and its enums.
pub use newsner_figures::{Figure, Kind, Status, Unit};
pub use part::{PartItem, Position};
pub use timings::{peak_rss_mb, Timings, TimingsFile, Workload};
