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

    /// Takes `id` for a new document from `source`: `None` when unseen,
    /// else the first free `id#2`, `id#3`, … (how every path names repeated
    /// ids), with a warning naming the source.
    pub fn claim(&mut self, id: &str, source: &str) -> Option<String> {
        if self.insert(id) {
            return None;
        }
        let renamed = (2..)
            .map(|n| format!("{id}#{n}"))
            .find(|candidate| self.insert(candidate))?;
        tracing::warn!(
            "document id '{id}' of {source} is taken by an earlier document; kept as '{renamed}'"
        );
        Some(renamed)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn a_repeated_id_gets_the_first_free_number() {
        let mut ids = IdSet::default();
        assert_eq!(ids.claim("a", "x"), None);
        assert_eq!(ids.claim("a#2", "x"), None);
        assert_eq!(ids.claim("a", "x").as_deref(), Some("a#3"));
        assert_eq!(ids.claim("a", "y").as_deref(), Some("a#4"));
    }
}
