//! Syndicated copies: the same agency story on several sites, with small
//! edits. Each document gets a MinHash signature of its word 4-shingles
//! (64 slots); a document whose estimated shingle overlap (Jaccard) with an
//! earlier one is at least 0.7 is a copy of it, and joins the cluster of
//! that earlier document. Candidates come from 16 bands of 4 slots (locality
//! sensitive hashing), so lookups stay cheap however large the corpus.

use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

const SHINGLE: usize = 4;
const SLOTS: usize = 64;
const BAND: usize = 4;
/// Estimated Jaccard similarity from which a document is a copy.
const MIN_SIMILARITY: f64 = 0.7;
/// Shorter texts (in words) are never called copies: a headline or a
/// caption is not a syndicated article.
const MIN_WORDS: usize = 40;

fn mix(mut x: u64) -> u64 {
    // splitmix64's finaliser: one 64-bit hash per slot from one shingle hash.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The MinHash signature of a text, or None when it is too short to compare.
pub fn minhash(text: &str) -> Option<[u32; SLOTS]> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut sig = [u32::MAX; SLOTS];
    for shingle in words.windows(SHINGLE) {
        let h = xxh3_64(shingle.join(" ").as_bytes());
        for (slot, min) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (slot as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            *min = (*min).min(v);
        }
    }
    Some(sig)
}

fn similarity(a: &[u32; SLOTS], b: &[u32; SLOTS]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SLOTS as f64
}

const BANDS: usize = SLOTS / BAND;
const NONE: u32 = u32::MAX;

/// The first documents of clusters seen so far, by signature band. Only
/// those are kept (a copy is never compared again), in flat arrays: about
/// 0.5 KB per distinct long article, nothing per copy or short text.
#[derive(Default)]
pub struct NearDuplicates {
    /// Documents added so far.
    added: usize,
    /// Per indexed document: its index among all documents.
    roots: Vec<u32>,
    signatures: Vec<[u32; SLOTS]>,
    /// Band key -> the latest indexed document with that key; earlier ones
    /// follow through `chains` (per indexed document and band).
    heads: HashMap<u64, u32>,
    chains: Vec<[u32; BANDS]>,
}

impl NearDuplicates {
    /// Adds the next document; returns the index of the first document of
    /// its cluster (its own index when it copies nothing seen before).
    pub fn add(&mut self, text: &str) -> usize {
        let index = self.added;
        self.added += 1;
        let Some(sig) = minhash(text) else {
            return index;
        };
        let keys: Vec<u64> = sig
            .chunks(BAND)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(8 + 4 * BAND);
                bytes.extend_from_slice(&(band as u64).to_le_bytes());
                bytes.extend(rows.iter().flat_map(|r| r.to_le_bytes()));
                xxh3_64(&bytes)
            })
            .collect();
        // The most similar earlier cluster decides; ties go to the earliest.
        let mut candidates: Vec<u32> = Vec::new();
        for (band, key) in keys.iter().enumerate() {
            let mut at = self.heads.get(key).copied().unwrap_or(NONE);
            while at != NONE {
                candidates.push(at);
                at = self.chains[at as usize][band];
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(f64, u32)> = None;
        for other in candidates {
            let s = similarity(&sig, &self.signatures[other as usize]);
            if s >= MIN_SIMILARITY && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, other));
            }
        }
        if let Some((_, other)) = best {
            return self.roots[other as usize] as usize;
        }
        let slot = self.roots.len() as u32;
        let mut chain = [NONE; BANDS];
        for (band, key) in keys.into_iter().enumerate() {
            chain[band] = self.heads.insert(key, slot).unwrap_or(NONE);
        }
        self.roots.push(index as u32);
        self.signatures.push(sig);
        self.chains.push(chain);
        index
    }

    /// Whether document `index` is the first of a cluster that later
    /// documents may join (a long text, not itself a copy).
    pub fn is_indexed(&self, index: usize) -> bool {
        self.roots.binary_search(&(index as u32)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Amazon hat am Dienstag bestätigt, rund 14.000 Stellen in der Verwaltung zu streichen. \
        Personalchefin Beth Galetti kündigte den Abbau in einer E-Mail an die Beschäftigten an. \
        Betroffen seien vor allem Teams in Seattle, teilte der Konzern mit. Die New York Times hatte \
        zuvor berichtet, dass bis zu 30.000 Stellen wegfallen könnten. Amazon beschäftigt weltweit \
        rund 1,54 Millionen Menschen, davon etwa 350.000 in der Verwaltung. Der Konzern investiert \
        zugleich Milliarden in Rechenzentren und künstliche Intelligenz.";

    #[test]
    fn edited_copies_join_the_first_and_other_stories_do_not() {
        let mut seen = NearDuplicates::default();
        assert_eq!(seen.add(STORY), 0);
        let other = "Meta streicht rund 600 Stellen in seiner KI-Abteilung. ".repeat(2)
            + "Der Konzern will sich auf wenige Projekte konzentrieren, sagte ein Sprecher am Mittwoch in Menlo Park. \
               Betroffen sind Forscher und Ingenieure, die an Sprachmodellen arbeiten. Geoffrey Hinton warnte \
               zugleich, dass viele Berufe im Kundendienst wegfallen könnten.";
        assert_eq!(seen.add(&other), 1);
        // The agency text on another site: a new first sentence word, a
        // changed closing phrase.
        let copy = STORY
            .replace("am Dienstag", "an diesem Dienstag")
            .replace("künstliche Intelligenz", "KI");
        assert_eq!(seen.add(&copy), 0);
        assert_eq!(seen.add("Zu kurz, um eine Kopie zu sein."), 3);
    }
}
