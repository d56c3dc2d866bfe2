//! Aggregate: per-document mentions -> corpus tables and the output files.
//!
//! Mentions are written as they come (streamed, in document order); corpus
//! tables are computed at the end from compact counts. Memory grows with the
//! distinct entities, and per document with a few words (its id, the entity
//! keys it names, a 256-byte signature for near-duplicates) plus its job
//! figures; texts are not kept (but for the report's bounded selection).

mod build;
mod canonical;
mod corpus;
mod dataset;
mod doc_sets;
mod figures;
mod id_set;
mod journal;
mod mention;
mod output;
mod parquet_in;
mod parquet_out;
mod publish;
mod rebuild;
mod records;
mod report;
mod syndication;

pub use build::{build, BuildError, BuildSettings, Built};
pub use canonical::{fold_variants, surface_key};
pub use corpus::{CorpusTables, EntityRow, PairRow, Summary};
pub use dataset::{is_dataset, DatasetSettings, DATASET_SETTINGS};
pub use figures::{claims, Claim, CompanyFigures};
pub use id_set::IdSet;
pub use journal::{Journal, JournalError, PartItem, Position, RunKey};
pub use mention::{document_figures, read_mentions, Mention};
/// The job-figure record (a line of `figures.jsonl`) and its enums.
pub use newsner_figures::{Figure, Kind, Unit};
pub use output::{AtomicWriter, Formats, OutputError, OutputWriter, OUTPUT_FILES, REPORT_DOCS};
pub use parquet_in::{
    read_documents_parquet, read_entities_parquet, read_figures_parquet, read_mentions_parquet,
};
/// The output tables as Arrow record batches (the rows of the Parquet files).
pub use parquet_out::{FigureRows, MentionRows, RowBuilder};
pub use publish::{Generation, OutputFolder, STATE_DIR};
pub use rebuild::{rebuild, RebuildError, Rebuilt};
pub use records::{read_jsonl, DocumentRecord, ErrorRecord, RecordError};
pub use report::ReportBuilder;
pub use syndication::{minhash, NearDuplicates};
