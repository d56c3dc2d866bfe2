//! Durable run state: everything that makes newsner's output folder safe to
//! kill, resume and read at any instant.
//!
//! - [`AtomicWriter`]: a file appears under its name whole or not at all;
//! - [`Journal`]: an unfinished run's committed parts, in reading order,
//!   and the [`RunKey`] that says which run may resume it;
//! - [`OutputFolder`]: the generations of `--out`, one rename publishing a
//!   complete set, and the lock that keeps a second process out.

mod atomic;
mod journal;
mod publish;

pub use atomic::{persist, temp_beside, AtomicWriter, OutputError};
pub use journal::{Journal, JournalError, RunId, RunKey, INPUTS_KEY};
pub use publish::{Generation, OutputFolder, STATE_DIR};
