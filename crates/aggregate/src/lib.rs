//! Aggregate: per-document mentions -> corpus tables and the output files.
//!
//! Mentions are written as they come (streamed, in document order); corpus
//! tables are computed at the end from compact counts, so memory grows with
//! the number of distinct entities, not with the corpus.

mod canonical;
mod corpus;
mod figures;
mod mention;
mod output;
mod syndication;

pub use canonical::{fold_variants, surface_key};
pub use corpus::{CorpusTables, EntityRow, PairRow, Summary};
pub use figures::{claims, Claim, CompanyFigures};
pub use mention::{read_mentions, Mention};
pub use output::{AtomicWriter, OutputError, OutputWriter, OUTPUT_FILES};
pub use syndication::{minhash, NearDuplicates};
