//! The entities each document names, kept on disk rather than in memory:
//! a corpus of millions of documents needs them only twice, at the end, to
//! count documents per (folded) entity and the pairs named together.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

trait Storage: Read + Write + Seek + Send {}
impl<T: Read + Write + Seek + Send> Storage for T {}

/// Per document, the ids of the entity keys it names, appended in order.
pub(crate) struct DocSets {
    out: BufWriter<Box<dyn Storage>>,
    documents: usize,
}

impl DocSets {
    /// Spills into an unnamed temporary file in `dir` (gone with the
    /// process, whatever happens), else in the system's temporary folder,
    /// else in memory.
    pub(crate) fn new(dir: Option<&Path>) -> Self {
        let file = dir
            .and_then(|d| tempfile::tempfile_in(d).ok())
            .or_else(|| tempfile::tempfile().ok());
        let storage: Box<dyn Storage> = match file {
            Some(f) => Box::new(f),
            None => {
                tracing::warn!(
                    "no temporary file could be created; per-document entity lists stay in memory"
                );
                Box::new(std::io::Cursor::new(Vec::new()))
            }
        };
        DocSets {
            out: BufWriter::with_capacity(1 << 16, storage),
            documents: 0,
        }
    }

    pub(crate) fn push(&mut self, ids: &[u32]) -> std::io::Result<()> {
        self.documents += 1;
        self.out.write_all(&(ids.len() as u32).to_le_bytes())?;
        for id in ids {
            self.out.write_all(&id.to_le_bytes())?;
        }
        Ok(())
    }

    /// Calls `each` with every document's ids mapped through `map`, sorted
    /// and without repeats (entity keys folded into one entity).
    pub(crate) fn for_each(
        &mut self,
        map: &[u32],
        mut each: impl FnMut(&[u32]),
    ) -> std::io::Result<()> {
        self.out.flush()?;
        let storage = self.out.get_mut();
        storage.seek(SeekFrom::Start(0))?;
        let mut input = BufReader::with_capacity(1 << 16, storage);
        let mut word = [0u8; 4];
        let mut ids = Vec::new();
        for _ in 0..self.documents {
            input.read_exact(&mut word)?;
            let n = u32::from_le_bytes(word) as usize;
            ids.clear();
            for _ in 0..n {
                input.read_exact(&mut word)?;
                ids.push(map[u32::from_le_bytes(word) as usize]);
            }
            ids.sort_unstable();
            ids.dedup();
            each(&ids);
        }
        drop(input);
        self.out.get_mut().seek(SeekFrom::End(0))?;
        Ok(())
    }
}

/// The `limit` pairs of entities named together in most documents (at
/// least `min_documents`), exactly, counting pairs only among the entities
/// in most documents: a pair is in no more documents than either of its
/// entities, so when the last pair kept beats every entity left out, no
/// pair left out could rank. Otherwise the candidates grow and it counts again.
/// `order` breaks ties between equal counts (by name).
pub(crate) fn top_pairs(
    sets: &mut DocSets,
    map: &[u32],
    documents: &[usize],
    limit: usize,
    min_documents: usize,
    order: impl Fn(&(u32, u32), &(u32, u32)) -> std::cmp::Ordering,
) -> std::io::Result<Vec<((u32, u32), usize)>> {
    let mut by_documents: Vec<u32> = (0..documents.len() as u32).collect();
    by_documents.sort_by(|&a, &b| {
        documents[b as usize]
            .cmp(&documents[a as usize])
            .then(a.cmp(&b))
    });
    let mut candidates = 500usize;
    loop {
        let cut = candidates.min(by_documents.len());
        // Ties with the last candidate join it.
        let threshold = by_documents
            .get(cut.saturating_sub(1))
            .map_or(0, |&e| documents[e as usize]);
        let chosen: Vec<bool> = (0..documents.len())
            .map(|e| documents[e] >= threshold && documents[e] > 0)
            .collect();
        let left_out_best = (0..documents.len())
            .filter(|&e| !chosen[e])
            .map(|e| documents[e])
            .max()
            .unwrap_or(0);
        let mut pairs: HashMap<(u32, u32), usize> = HashMap::new();
        let mut own = Vec::new();
        sets.for_each(map, |ids| {
            own.clear();
            own.extend(ids.iter().copied().filter(|&e| chosen[e as usize]));
            for (i, &a) in own.iter().enumerate() {
                for &b in &own[i + 1..] {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        })?;
        let mut ranked: Vec<((u32, u32), usize)> = pairs
            .into_iter()
            .filter(|(_, n)| *n >= min_documents)
            .collect();
        ranked.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then_with(|| order(&x.0, &y.0))
                .then(x.0.cmp(&y.0))
        });
        ranked.truncate(limit);
        let exact = left_out_best < min_documents
            || (ranked.len() == limit && ranked[limit - 1].1 > left_out_best)
            || cut == by_documents.len();
        if exact {
            return Ok(ranked);
        }
        candidates = candidates.saturating_mul(8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every pair of every document.
    fn all_pairs(docs: &[Vec<u32>], limit: usize) -> Vec<((u32, u32), usize)> {
        let mut pairs: HashMap<(u32, u32), usize> = HashMap::new();
        for d in docs {
            for (i, &a) in d.iter().enumerate() {
                for &b in &d[i + 1..] {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<_> = pairs.into_iter().filter(|(_, n)| *n >= 2).collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        ranked.truncate(limit);
        ranked
    }

    #[test]
    fn top_pairs_equal_counting_every_pair() {
        // 3,000 entities: a few frequent ones, a long tail, random documents.
        let mut state = 12345u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let entities = 3000u32;
        let mut docs = Vec::new();
        let mut sets = DocSets::new(None);
        for _ in 0..4000 {
            let n = 1 + next() % 8;
            let mut d: Vec<u32> = (0..n)
                .map(|_| {
                    let r = next();
                    if r % 3 == 0 {
                        (r >> 8) as u32 % 20
                    } else {
                        (r >> 8) as u32 % entities
                    }
                })
                .collect();
            sets.push(&d).unwrap();
            d.sort_unstable();
            d.dedup();
            docs.push(d);
        }
        let identity: Vec<u32> = (0..entities).collect();
        let mut documents = vec![0usize; entities as usize];
        for d in &docs {
            for &e in d {
                documents[e as usize] += 1;
            }
        }
        for limit in [5, 50, 400] {
            let got =
                top_pairs(&mut sets, &identity, &documents, limit, 2, |a, b| a.cmp(b)).unwrap();
            assert_eq!(got, all_pairs(&docs, limit), "limit {limit}");
        }
    }
}
