//! The aggregate stage: tagged documents in reading order -> every output
//! file of a run, published in one step ([`build`]), and `newsner
//! aggregate`, the same stage over finished runs, their shards and the
//! datasets Spark and Ray write ([`rebuild`]).
//!
//! It wires the crates that hold each concept: `newsner-records` (the
//! items), `newsner-tables` (the corpus tables), `newsner-output` (the
//! files) and `newsner-store` (the output folder's generations).

mod build;
mod dataset;
mod merge;
mod rebuild;

pub use build::{build, BuildError, BuildSettings, Built};
pub use dataset::is_dataset;
pub use rebuild::{rebuild, RebuildError, Rebuilt};
