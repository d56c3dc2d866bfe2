//! Syndicated copies: the same agency story on several sites, with small
//! edits. Each document gets a MinHash signature of its word 4-shingles
//! (64 slots); a document whose estimated shingle overlap (Jaccard) with an
//! earlier one is at least 0.7 is a copy of it, and joins the cluster of
//! that earlier document. Candidates come from 16 bands of 4 slots (locality
//! sensitive hashing), so lookups stay cheap however large the corpus.

use std::collections::{HashMap, VecDeque};
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
/// Distinct long articles the index holds: a document is compared with the
/// clusters of the last this many (about 27 MB). Copies of an agency story
/// appear within days of each other, and an archive is read in path order
/// (mostly date order), so the bound keeps memory flat in corpus size at
/// little cost.
pub const MAX_INDEXED: usize = 50_000;

/// The first documents of clusters seen so far, by signature band. Only
/// those are kept (a copy is never compared again), in flat arrays, and
/// only the latest [`MAX_INDEXED`] of them.
#[derive(Default)]
pub struct NearDuplicates {
    /// Documents added so far.
    added: usize,
    /// Indexed documents ever (slot numbers count up; the live ones are
    /// the last `signatures.len()`).
    slots: u32,
    /// Per live slot: its document's index among all documents, its
    /// signature, and the previous slot with the same key per band.
    roots: VecDeque<u32>,
    signatures: VecDeque<[u32; SLOTS]>,
    chains: VecDeque<[u32; BANDS]>,
    /// Band key -> the latest slot with that key.
    heads: HashMap<u32, u32>,
}

/// One key per band: its number and values, hashed to 32 bits (a rare
/// shared key only adds a candidate, which the similarity check rejects).
fn band_keys(sig: &[u32; SLOTS]) -> [u32; BANDS] {
    let mut keys = [0u32; BANDS];
    for (band, rows) in sig.chunks(BAND).enumerate() {
        let mut bytes = [0u8; 8 + 4 * BAND];
        bytes[..8].copy_from_slice(&(band as u64).to_le_bytes());
        for (i, r) in rows.iter().enumerate() {
            bytes[8 + 4 * i..12 + 4 * i].copy_from_slice(&r.to_le_bytes());
        }
        keys[band] = (xxh3_64(&bytes) >> 32) as u32;
    }
    keys
}

impl NearDuplicates {
    /// The first live slot.
    fn oldest(&self) -> u32 {
        self.slots - self.roots.len() as u32
    }

    /// Adds the next document; returns the index of the first document of
    /// its cluster (its own index when it copies nothing seen before).
    pub fn add(&mut self, text: &str) -> usize {
        let index = self.added;
        self.added += 1;
        let Some(sig) = minhash(text) else {
            return index;
        };
        let keys = band_keys(&sig);
        // The most similar earlier cluster decides; ties go to the earliest.
        let oldest = self.oldest();
        let mut candidates: Vec<u32> = Vec::new();
        for (band, key) in keys.iter().enumerate() {
            let mut at = self.heads.get(key).copied().unwrap_or(NONE);
            while at != NONE && at >= oldest {
                candidates.push(at);
                at = self.chains[(at - oldest) as usize][band];
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(f64, u32)> = None;
        for slot in candidates {
            let s = similarity(&sig, &self.signatures[(slot - oldest) as usize]);
            if s >= MIN_SIMILARITY && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, slot));
            }
        }
        if let Some((_, slot)) = best {
            return self.roots[(slot - oldest) as usize] as usize;
        }
        if self.roots.len() == MAX_INDEXED {
            self.evict_oldest();
        }
        let slot = self.slots;
        self.slots += 1;
        let mut chain = [NONE; BANDS];
        for (band, key) in keys.into_iter().enumerate() {
            chain[band] = self.heads.insert(key, slot).unwrap_or(NONE);
        }
        self.roots.push_back(index as u32);
        self.signatures.push_back(sig);
        self.chains.push_back(chain);
        index
    }

    fn evict_oldest(&mut self) {
        let oldest = self.oldest();
        let (Some(_), Some(sig), Some(_)) = (
            self.roots.pop_front(),
            self.signatures.pop_front(),
            self.chains.pop_front(),
        ) else {
            return;
        };
        // Newer slots' chains may still name it: walks stop at `oldest`.
        for key in band_keys(&sig) {
            if self.heads.get(&key) == Some(&oldest) {
                self.heads.remove(&key);
            }
        }
    }

    /// Whether document `index` is the first of a cluster that later
    /// documents may join (a long text, not itself a copy, still indexed).
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

    #[test]
    fn only_the_latest_clusters_are_kept_and_copies_of_them_still_found() {
        let mut seen = NearDuplicates::default();
        // Distinct articles: 60 words drawn per story.
        let story = |i: usize| {
            let mut x = i as u64 + 1;
            (0..60)
                .map(|_| {
                    x = mix(x);
                    format!("w{}", x % 5000)
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        for i in 0..MAX_INDEXED + 10 {
            assert_eq!(seen.add(&story(i)), i, "story {i} is new");
        }
        assert_eq!(seen.roots.len(), MAX_INDEXED, "the index holds its bound");
        assert!(!seen.is_indexed(0) && seen.is_indexed(MAX_INDEXED + 9));
        let copy = |i: usize| story(i) + " Ende";
        assert_eq!(seen.add(&copy(MAX_INDEXED + 5)), MAX_INDEXED + 5);
        assert_eq!(
            seen.add(&copy(5)),
            MAX_INDEXED + 11,
            "too far back: not compared"
        );
    }
}
