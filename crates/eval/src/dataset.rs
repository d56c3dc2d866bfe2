//! Reading GermEval 2014 TSV (`idx  token  outer  nested`) and CoNLL/IOB
//! (`token ... tag`) files into sentences with gold spans.

use crate::score::Span;
use newsner_infer::split_tag;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

/// How dataset tags become newsner types.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagOptions {
    /// Keep GermEval's `deriv`/`part` tags (e.g. `B-LOCderiv`) as their base
    /// type instead of ignoring them.
    pub keep_derived: bool,
}

/// A sentence: tokens joined by single spaces make its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    /// IOB tags as mapped to PER/ORG/LOC/MISC (or `O`).
    pub tags: Vec<String>,
}

impl Sentence {
    pub fn text(&self) -> String {
        self.tokens.join(" ")
    }

    /// Gold entities as character spans of [`Sentence::text`]. IOB1 and
    /// IOB2 both work: an I- tag after O or another type starts an entity.
    pub fn gold_spans(&self) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut pos = 0usize;
        let mut open: Option<Span> = None;
        for (token, tag) in self.tokens.iter().zip(&self.tags) {
            let start = pos;
            let end = start + token.chars().count();
            pos = end + 1;
            let (begin, kind) = match split_tag(tag) {
                (_, kind) if kind == tag => (false, None),
                (begin, kind) => (begin, Some(kind)),
            };
            match (kind, open.as_mut()) {
                (Some(kind), Some(span)) if !begin && span.label == kind => span.end = end,
                (Some(kind), _) => {
                    spans.extend(open.take());
                    open = Some(Span {
                        label: kind.to_string(),
                        start,
                        end,
                    });
                }
                (None, _) => spans.extend(open.take()),
            }
        }
        spans.extend(open);
        spans
    }
}

fn map_tag(tag: &str, options: TagOptions) -> String {
    let (begin, kind) = split_tag(tag);
    if kind == tag {
        return "O".to_string();
    }
    let prefix = if begin { "B" } else { "I" };
    let base = kind
        .strip_suffix("deriv")
        .or_else(|| kind.strip_suffix("part"));
    if base.is_some() && !options.keep_derived {
        return "O".to_string();
    }
    let kind = match base.unwrap_or(kind) {
        "OTH" | "MISC" => "MISC",
        "PER" => "PER",
        "ORG" => "ORG",
        "LOC" => "LOC",
        _ => return "O".to_string(),
    };
    format!("{prefix}-{kind}")
}

/// Long runs without blank lines (some IOB corpora) are cut after
/// sentence-final punctuation once this many tokens have gathered.
const MAX_SENTENCE_TOKENS: usize = 120;

/// Reads a GermEval TSV (4 tab-separated columns, index first) or a
/// CoNLL/IOB file (token first, tag last).
pub fn read_dataset(path: &Path, options: TagOptions) -> Result<Vec<Sentence>, DataError> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| DataError::Read {
        path: display.clone(),
        message: e.to_string(),
    })?;
    let mut sentences = Vec::new();
    let mut current = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let mut flush = |current: &mut Sentence| {
        if !current.tokens.is_empty() {
            sentences.push(std::mem::replace(
                current,
                Sentence {
                    tokens: Vec::new(),
                    tags: Vec::new(),
                },
            ));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut current);
            continue;
        }
        if line.starts_with('#') || line.starts_with("-DOCSTART-") {
            continue;
        }
        let columns: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let germeval = columns.len() >= 4 && columns[0].chars().all(|c| c.is_ascii_digit());
        let (token, tag) = match (germeval, columns.as_slice()) {
            (true, [_, token, outer, ..]) => (*token, *outer),
            (false, [token, .., tag]) => (*token, *tag),
            _ => {
                return Err(DataError::Format {
                    path: display,
                    line: i + 1,
                    message: format!("expected `token tag` or GermEval columns, found {line:?}"),
                })
            }
        };
        current.tokens.push(token.to_string());
        current.tags.push(map_tag(tag, options));
        let sentence_end = matches!(token, "." | "!" | "?");
        if sentence_end && current.tokens.len() >= MAX_SENTENCE_TOKENS {
            flush(&mut current);
        }
    }
    flush(&mut current);
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMEVAL: &str = "#\thttp://example.org\t[2009-10-23]\n1\tAmazon\tB-ORG\tO\n2\tWeb\tI-ORG\tO\n3\tServices\tI-ORG\tO\n4\tin\tO\tO\n5\tSeattle\tB-LOC\tO\n6\tund\tO\tO\n7\tdeutschen\tB-LOCderiv\tO\n8\tBüros\tO\tO\n9\t.\tO\tO\n\n#\tx\n1\tJassy\tB-PER\tO\n2\tsagt\tO\tO\n3\tRelevanz\tB-OTH\tO\n";

    #[test]
    fn germeval_sentences_and_spans() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.tsv");
        std::fs::write(&path, GERMEVAL).unwrap();
        let sentences = read_dataset(&path, TagOptions::default()).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(
            sentences[0].text(),
            "Amazon Web Services in Seattle und deutschen Büros ."
        );
        let spans = sentences[0].gold_spans();
        assert_eq!(
            spans,
            vec![
                Span {
                    label: "ORG".into(),
                    start: 0,
                    end: 19
                },
                Span {
                    label: "LOC".into(),
                    start: 23,
                    end: 30
                }
            ]
        );
        assert_eq!(sentences[1].gold_spans()[1].label, "MISC");
        let kept = read_dataset(&path, TagOptions { keep_derived: true }).unwrap();
        assert_eq!(kept[0].gold_spans().len(), 3);
    }

    #[test]
    fn conll_with_iob1_tags() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bio");
        std::fs::write(&path, "-DOCSTART- O\n\nBeth I-PER\nGaletti I-PER\nMatt B-PER\nGarman I-PER\nin O\nBerlin I-LOC\n").unwrap();
        let spans = read_dataset(&path, TagOptions::default()).unwrap()[0].gold_spans();
        let texts: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(texts, vec![(0, 12), (13, 24), (28, 34)]);
    }

    #[test]
    fn a_broken_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.tsv");
        std::fs::write(&path, "Amazon B-ORG\nlonely\n").unwrap();
        let err = read_dataset(&path, TagOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.tsv:2"), "{err}");
    }
}
