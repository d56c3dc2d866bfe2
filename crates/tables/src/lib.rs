//! The corpus tables, computed from compact per-document counts: entities
//! with their folded name variants ([`fold_variants`]), co-occurring pairs,
//! near-duplicate articles ([`NearDuplicates`]) and the job-figure claims
//! per company ([`claims`]), plus `summary.json` ([`Summary`]).
//!
//! Memory grows with the distinct entities and, per document, with a few
//! words; document sets spill to a temporary file beside the output.

mod canonical;
mod corpus;
mod doc_sets;
mod figures;
mod syndication;

pub use canonical::{fold_variants, FoldRules};
pub use corpus::{CorpusTables, EntityRow, PairRow, Summary};
pub use figures::{claims, Claim, CompanyFigures};
pub use syndication::{minhash, NearDuplicates};
