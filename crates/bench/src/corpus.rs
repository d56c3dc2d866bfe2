//! The benchmark corpus: realistic, varied-length German and English news
//! documents, generated deterministically from the demo corpus (and the
//! GermEval sentences when the shared datasets are present).

use anyhow::{Context, Result};
use newsner_ingest::{discover, ingest_file, IngestLimits, Ingested};
use std::path::Path;

/// A tiny deterministic generator (64-bit LCG): the corpus must be the same
/// on every machine and run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Paragraphs of the demo corpus plus sentences of GermEval (detokenized).
fn pool(corpus_dir: &Path, germeval: Option<&Path>) -> Result<Vec<String>> {
    let (files, _) = discover(&[corpus_dir.to_path_buf()]);
    let mut pool = Vec::new();
    for file in &files {
        for item in ingest_file(file, &IngestLimits::default()) {
            if let Ingested::Doc(doc) = item {
                pool.extend(
                    doc.text
                        .split("\n\n")
                        .map(str::trim)
                        .filter(|p| p.chars().count() > 40)
                        .map(String::from),
                );
            }
        }
    }
    if let Some(path) = germeval.filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut sentence: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() {
                if sentence.len() > 5 {
                    pool.push(detokenize(&sentence));
                }
                sentence.clear();
            } else if !line.starts_with('#') {
                if let Some(token) = line.split('\t').nth(1) {
                    sentence.push(token);
                }
            }
        }
    }
    anyhow::ensure!(
        !pool.is_empty(),
        "no text found in {} to build the benchmark corpus from",
        corpus_dir.display()
    );
    Ok(pool)
}

fn detokenize(tokens: &[&str]) -> String {
    let mut out = String::new();
    for t in tokens {
        let glue =
            matches!(*t, "." | "," | ";" | ":" | "!" | "?" | ")" | "%") || out.ends_with('(');
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Writes `docs` documents as JSONL to `path`. Lengths follow news feeds:
/// three in four short (1-2 paragraphs), one in five medium (3-6), one in
/// twenty long (20-30 paragraphs, well over 512 tokens).
pub fn generate(
    corpus_dir: &Path,
    germeval: Option<&Path>,
    docs: usize,
    path: &Path,
) -> Result<()> {
    let pool = pool(corpus_dir, germeval)?;
    let mut rng = Lcg(0x006e_6577_736e_6572);
    let mut lines = Vec::with_capacity(docs);
    for i in 0..docs {
        let paragraphs = match rng.below(20) {
            0 => 20 + rng.below(11),
            1..=4 => 3 + rng.below(4),
            _ => 1 + rng.below(2),
        };
        let text: Vec<&str> = (0..paragraphs)
            .map(|_| pool[rng.below(pool.len())].as_str())
            .collect();
        let record = serde_json::json!({"id": format!("bench-{i:05}"), "text": text.join("\n\n")});
        lines.push(record.to_string());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, lines.join("\n") + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_corpus_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir(&src).unwrap();
        std::fs::write(src.join("a.txt"), "Amazon streicht 14.000 Stellen in der Verwaltung weltweit.\n\nAndy Jassy schrieb an die Belegschaft über generative KI.").unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        generate(&src, None, 30, &a).unwrap();
        generate(&src, None, 30, &b).unwrap();
        let text = std::fs::read_to_string(&a).unwrap();
        assert_eq!(text, std::fs::read_to_string(&b).unwrap());
        assert_eq!(text.lines().count(), 30);
        assert_eq!(
            detokenize(&["Er", "sagt", ":", "(", "gut", ")", "."]),
            "Er sagt: (gut)."
        );
    }
}
