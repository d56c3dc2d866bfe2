//! newsner's output files: the writer that streams documents, mentions and
//! skipped items and finishes with the tables ([`OutputWriter`]: JSONL, CSV,
//! Parquet, report.html), the readers of its Parquet files, and the report.

mod files;
mod parquet_in;
mod parquet_out;
mod report;

pub use files::{Formats, OutputWriter, OUTPUT_FILES, REPORT_DOCS};
pub use parquet_in::{
    document_rows, mention_rows, read_documents_parquet, read_entities_parquet,
    read_figures_parquet, read_mentions_parquet,
};
/// Reading other writers' Parquet tables (the datasets Spark and Ray write)
/// column by column.
pub mod parquet {
    pub use crate::parquet_in::{err as record_error, mention_row, meta_row, rows, Columns};
}
pub use report::ReportBuilder;
