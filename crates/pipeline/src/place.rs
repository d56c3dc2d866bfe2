//! Giving each item read its place: a unique document id, whether it
//! belongs to this shard, its number in reading order, and whether an
//! earlier (interrupted) process has done it already.

use newsner_ingest::{Document, Ingested};
use newsner_records::IdSet;
use xxhash_rust::xxh3::xxh3_64;

/// `--shard i/n`: this process handles the documents whose id hashes to `i`
/// modulo `n` (and the skipped items whose source and item do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    fn holds(&self, key: &str) -> bool {
        xxh3_64(key.as_bytes()) % u64::from(self.count) == u64::from(self.index)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// "i/n", 0 <= i < n.
    fn from_str(s: &str) -> Result<Self, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("'{s}': write a shard as i/n, e.g. 0/4"))?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("'{i}' is not a shard number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("'{n}' is not a shard count"))?;
        if count == 0 || index >= count {
            return Err(format!("shard {index}/{count}: need 0 <= i < n"));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// An item with its place: reading order, input bytes, file end.
pub(crate) struct Placed<T> {
    pub seq: usize,
    /// Place among all items of every shard.
    pub order: u64,
    pub bytes: u64,
    pub file_end: Option<u64>,
    pub item: T,
}

pub(crate) struct Placer {
    /// Ids so far, of every shard: two sources that map to one id (a JSONL
    /// record whose id is another file's name) are kept apart, the same way
    /// in every shard.
    /// None: ids are kept as given (a caller that sees only part of a
    /// corpus leaves naming repeats to `aggregate`).
    ids: Option<IdSet>,
    shard: Option<Shard>,
    /// This shard's items so far.
    pub seq: usize,
    /// Items so far, of every shard.
    order: u64,
    /// Items before this one are done (a resumed run).
    skip: usize,
    /// Bytes of other shards' items, counted with the next own item.
    carried: u64,
}

impl Placer {
    /// `seq`: the first item's place (after files a resumed run skips,
    /// which is also its order: a resumed shard skips no file).
    pub fn new(ids: Option<IdSet>, shard: Option<Shard>, seq: usize, skip: usize) -> Self {
        Placer {
            ids,
            shard,
            seq,
            order: seq as u64,
            skip,
            carried: 0,
        }
    }

    /// Places `item`; it is added to `out` unless another shard or an
    /// earlier process has it.
    pub fn place(
        &mut self,
        mut item: Ingested,
        bytes: u64,
        file_end: Option<u64>,
        out: &mut Vec<Placed<Ingested>>,
    ) {
        if let Ingested::Doc(doc) = &mut item {
            self.unique_id(doc);
        }
        let order = self.order;
        self.order += 1;
        if let Some(shard) = self.shard {
            let own = match &item {
                Ingested::Doc(doc) => shard.holds(&doc.id),
                Ingested::Failed(err) => shard.holds(&err.to_string()),
            };
            if !own {
                self.carried += bytes;
                return;
            }
        }
        let bytes = bytes + std::mem::take(&mut self.carried);
        if self.seq >= self.skip {
            out.push(Placed {
                seq: self.seq,
                order,
                bytes,
                file_end,
                item,
            });
        }
        self.seq += 1;
    }

    /// The document's id, made unique: a repeated id gets `#2`, `#3`, …
    /// and a warning names both sources. Ids given `as_given` stay.
    fn unique_id(&mut self, doc: &mut Document) {
        let Some(ids) = &mut self.ids else {
            return;
        };
        if let Some(id) = ids.claim(&doc.id, &doc.source) {
            doc.id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_ids_between_them() {
        assert_eq!(
            "1/3".parse::<Shard>().unwrap(),
            Shard { index: 1, count: 3 }
        );
        for bad in ["3/3", "1", "a/2", "0/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (0..3).map(|i| Shard { index: i, count: 3 }).collect();
        for n in 0..300 {
            let id = format!("doc-{n}");
            assert_eq!(shards.iter().filter(|s| s.holds(&id)).count(), 1);
        }
    }
}
