//! Document ids seen so far, at 16 bytes each whatever their length: a
//! 128-bit hash per id (two different ids share one with a chance of about
//! n² / 2¹²⁹, never in practice).

use std::collections::HashSet;
use xxhash_rust::xxh3::xxh3_128;

#[derive(Debug, Default, Clone)]
pub struct IdSet(HashSet<u128>);

impl IdSet {
    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: &str) -> bool {
        self.0.insert(xxh3_128(id.as_bytes()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
