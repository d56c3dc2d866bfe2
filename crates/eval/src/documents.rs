//! Labelled sentences as the documents the pipeline is given: one sentence
//! each, or consecutive sentences joined into articles, so that a model is
//! scored on whole documents (long windows, sentences far from a window's
//! start) as well as on isolated sentences.

use crate::dataset::Sentence;
use crate::score::Span;
use newsner_ingest::Document;
use std::collections::BTreeMap;

/// How sentences become documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Every sentence is its own document.
    Sentences,
    /// `per_document` consecutive sentences make one document; within it,
    /// `per_paragraph` sentences joined by spaces make a paragraph, and
    /// paragraphs are separated by a blank line.
    Documents {
        per_document: usize,
        per_paragraph: usize,
    },
}

impl Grouping {
    pub fn describe(&self) -> String {
        match self {
            Grouping::Sentences => "one document per sentence".to_string(),
            Grouping::Documents {
                per_document,
                per_paragraph,
            } => format!("documents of {per_document} sentences in paragraphs of {per_paragraph}"),
        }
    }
}

/// A document to tag and the gold spans in its text.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalDoc {
    pub text: String,
    pub gold: Vec<Span>,
}

impl EvalDoc {
    pub fn to_document(&self, id: String) -> Document {
        Document {
            id,
            source: "eval".into(),
            text: self.text.clone(),
            meta: BTreeMap::new(),
        }
    }
}

/// Groups `sentences` into documents, shifting each sentence's gold spans
/// by its character position in the document.
pub fn group(sentences: &[Sentence], grouping: Grouping) -> Vec<EvalDoc> {
    let (per_document, per_paragraph) = match grouping {
        Grouping::Sentences => (1, 1),
        Grouping::Documents {
            per_document,
            per_paragraph,
        } => (per_document.max(1), per_paragraph.max(1)),
    };
    sentences
        .chunks(per_document)
        .map(|chunk| {
            let mut doc = EvalDoc {
                text: String::new(),
                gold: Vec::new(),
            };
            let mut chars = 0;
            for (i, sentence) in chunk.iter().enumerate() {
                if i > 0 {
                    let separator = if i % per_paragraph == 0 { "\n\n" } else { " " };
                    doc.text.push_str(separator);
                    chars += separator.chars().count();
                }
                let text = sentence.text();
                doc.gold
                    .extend(sentence.gold_spans().into_iter().map(|s| Span {
                        start: s.start + chars,
                        end: s.end + chars,
                        ..s
                    }));
                chars += text.chars().count();
                doc.text.push_str(&text);
            }
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(tokens: &[&str], tags: &[&str]) -> Sentence {
        Sentence {
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn slice(text: &str, span: &Span) -> String {
        text.chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect()
    }

    #[test]
    fn gold_spans_follow_their_sentence_into_the_document() {
        let sentences = vec![
            sentence(&["Jassy", "schreibt", "."], &["B-PER", "O", "O"]),
            sentence(&["Die", "Büros", "in", "Köln"], &["O", "O", "O", "B-LOC"]),
            sentence(&["Amazon", "Web", "Services"], &["B-ORG", "I-ORG", "I-ORG"]),
            sentence(&["Meta", "."], &["B-ORG", "O"]),
            sentence(&["Ende"], &["O"]),
        ];
        let docs = group(
            &sentences,
            Grouping::Documents {
                per_document: 4,
                per_paragraph: 2,
            },
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].text,
            "Jassy schreibt . Die Büros in Köln\n\nAmazon Web Services Meta ."
        );
        let names: Vec<(String, &str)> = docs[0]
            .gold
            .iter()
            .map(|s| (slice(&docs[0].text, s), s.label.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Jassy".to_string(), "PER"),
                ("Köln".to_string(), "LOC"),
                ("Amazon Web Services".to_string(), "ORG"),
                ("Meta".to_string(), "ORG"),
            ]
        );
        assert_eq!(docs[1].text, "Ende");
        assert!(docs[1].gold.is_empty());
    }

    #[test]
    fn sentence_mode_is_one_document_per_sentence() {
        let sentences = vec![
            sentence(&["Köln"], &["B-LOC"]),
            sentence(&["Bonn"], &["B-LOC"]),
        ];
        let docs = group(&sentences, Grouping::Sentences);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].gold[0].start, 0);
    }
}
