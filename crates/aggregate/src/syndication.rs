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

/// Documents seen so far, by signature band.
#[derive(Default)]
pub struct NearDuplicates {
    /// Per document: its signature and the cluster it belongs to (the index
    /// of the cluster's first document).
    docs: Vec<(Option<Box<[u32; SLOTS]>>, usize)>,
    bands: HashMap<(usize, u64), Vec<usize>>,
}

impl NearDuplicates {
    /// Adds the next document; returns the index of the first document of
    /// its cluster (its own index when it copies nothing seen before).
    pub fn add(&mut self, text: &str) -> usize {
        let index = self.docs.len();
        let Some(sig) = minhash(text) else {
            self.docs.push((None, index));
            return index;
        };
        let keys: Vec<(usize, u64)> = sig
            .chunks(BAND)
            .enumerate()
            .map(|(band, rows)| {
                let bytes: Vec<u8> = rows.iter().flat_map(|r| r.to_le_bytes()).collect();
                (band, xxh3_64(&bytes))
            })
            .collect();
        // The most similar earlier cluster decides; ties go to the earliest.
        // Only the first document of each cluster is indexed: a thousand
        // copies of one story cost one comparison, not a thousand.
        let mut candidates: Vec<usize> = keys
            .iter()
            .flat_map(|key| self.bands.get(key).map(Vec::as_slice).unwrap_or(&[]))
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(f64, usize)> = None;
        for other in candidates {
            if let Some(other_sig) = &self.docs[other].0 {
                let s = similarity(&sig, other_sig);
                if s >= MIN_SIMILARITY && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, other));
                }
            }
        }
        let cluster = best.map_or(index, |(_, other)| self.docs[other].1);
        if cluster == index {
            for key in keys {
                self.bands.entry(key).or_default().push(index);
            }
        }
        // Copies are never compared again: only a cluster's first keeps its signature.
        self.docs
            .push(((cluster == index).then(|| Box::new(sig)), cluster));
        cluster
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
