use crate::{Frame, Tokenize, TokenizedDoc};
use std::path::{Path, PathBuf};
use tokenizers::models::ModelWrapper;
use tokenizers::Tokenizer;

#[derive(Debug, thiserror::Error)]
pub enum TokenizeError {
    #[error("cannot load tokenizer {path}: {message}; the model folder needs a HuggingFace fast-tokenizer tokenizer.json")]
    Load { path: PathBuf, message: String },
    #[error("tokenizer failed on the text: {0}")]
    Encode(String),
}

/// A HuggingFace `tokenizer.json` tokenizer.
pub struct HfTokenizer {
    inner: Tokenizer,
    frame: Frame,
    pad_id: u32,
    unk_id: Option<u32>,
    /// `Some` for word-aware models (WordPiece `##`, BPE with a continuing
    /// prefix), where HuggingFace can tell sub-words exactly.
    subword_prefix: Option<String>,
    words: WordRule,
}

/// How a tokenizer without a sub-word marker (SentencePiece, byte-level
/// BPE) tells where words begin, which decides the word-level aggregation
/// strategies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WordRule {
    /// transformers' heuristic, for parity: a piece continues a word unless
    /// a plain space touches its start. A newline does not count, and
    /// "Zeitung." or "(AWS" are single words.
    #[default]
    Transformers,
    /// Words end at any whitespace and at punctuation: "Zeitung" and "."
    /// are two words, "(", "AWS", ")" three; hyphenated compounds
    /// ("Amazon-Chef") and numbers ("14.000") stay one.
    Punctuation,
}

impl HfTokenizer {
    pub fn from_file(path: &Path) -> Result<Self, TokenizeError> {
        let load_err = |message: String| TokenizeError::Load {
            path: path.to_path_buf(),
            message,
        };
        let mut inner = Tokenizer::from_file(path).map_err(|e| load_err(e.to_string()))?;
        // Windows are cut by newsner; the tokenizer must see whole documents.
        inner
            .with_truncation(None)
            .map_err(|e| load_err(e.to_string()))?;
        inner.with_padding(None);

        let (subword_prefix, unk_token) = match inner.get_model() {
            ModelWrapper::WordPiece(wp) => (
                Some(wp.continuing_subword_prefix.clone()),
                Some(wp.unk_token.clone()),
            ),
            ModelWrapper::BPE(bpe) => {
                (bpe.continuing_subword_prefix.clone(), bpe.unk_token.clone())
            }
            ModelWrapper::WordLevel(wl) => (None, Some(wl.unk_token.clone())),
            ModelWrapper::Unigram(_) => (None, None),
        };
        let subword_prefix = subword_prefix.filter(|p| !p.is_empty());
        let unk_id = unk_token
            .or_else(|| special_from_config(path, "unk_token"))
            .and_then(|t| inner.token_to_id(&t))
            .or_else(|| ["<unk>", "[UNK]"].iter().find_map(|t| inner.token_to_id(t)));
        let pad_id = special_from_config(path, "pad_token")
            .and_then(|t| inner.token_to_id(&t))
            .or_else(|| ["[PAD]", "<pad>"].iter().find_map(|t| inner.token_to_id(t)))
            .unwrap_or(0);

        // The frame of special tokens, learned from the post-processor itself
        // so any template (BERT, XLM-R, none at all) works.
        let probe = inner
            .encode("a", true)
            .map_err(|e| load_err(format!("cannot encode a probe text: {e}")))?;
        let seq = probe.get_sequence_ids();
        let first = seq.iter().position(Option::is_some).unwrap_or(seq.len());
        let last = seq
            .iter()
            .rposition(Option::is_some)
            .map_or(first, |i| i + 1);
        let pair = |i: usize| (probe.get_ids()[i], probe.get_type_ids()[i]);
        let prefix = (0..first).map(pair).collect();
        let suffix = (last..seq.len()).map(pair).collect();
        Ok(HfTokenizer {
            inner,
            frame: Frame { prefix, suffix },
            pad_id,
            unk_id,
            subword_prefix,
            words: WordRule::default(),
        })
    }

    pub fn inner(&self) -> &Tokenizer {
        &self.inner
    }

    /// Chooses how words are told apart where the vocabulary has no
    /// sub-word marker (word-aware tokenizers ignore this).
    pub fn with_word_rule(mut self, words: WordRule) -> Self {
        self.words = words;
        self
    }

    /// Whether sub-words are told apart exactly (`##`-style prefix) rather
    /// than by transformers' space heuristic.
    pub fn is_word_aware(&self) -> bool {
        self.subword_prefix.is_some()
    }

    pub fn unk_id(&self) -> Option<u32> {
        self.unk_id
    }
}

/// Reads `unk_token`/`pad_token` from tokenizer_config.json or
/// special_tokens_map.json next to tokenizer.json, as transformers does.
fn special_from_config(tokenizer_json: &Path, key: &str) -> Option<String> {
    let dir = tokenizer_json.parent()?;
    ["tokenizer_config.json", "special_tokens_map.json"]
        .iter()
        .find_map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            match value.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => o.get("content")?.as_str().map(str::to_string),
                _ => None,
            }
        })
}

impl Tokenize for HfTokenizer {
    fn tokenize(&self, text: &str) -> Result<TokenizedDoc, TokenizeError> {
        let enc = self
            .inner
            .encode_char_offsets(text, false)
            .map_err(|e| TokenizeError::Encode(e.to_string()))?;
        let chars: Vec<char> = text.chars().collect();
        let offsets: Vec<(usize, usize)> = enc.get_offsets().to_vec();
        let tokens = enc.get_tokens().to_vec();
        let is_subword = tokens
            .iter()
            .zip(&offsets)
            .zip(enc.get_ids())
            .map(|((token, &(start, end)), &id)| {
                if Some(id) == self.unk_id {
                    return false;
                }
                match &self.subword_prefix {
                    // transformers: `len(word) != len(word_ref)`.
                    Some(_) => token.chars().count() != end.saturating_sub(start),
                    // transformers' fallback heuristic for non word-aware
                    // tokenizers: `start > 0 and " " not in text[start-1:start+1]`.
                    None if self.words == WordRule::Transformers => {
                        start > 0 && !chars[start - 1..(start + 1).min(chars.len())].contains(&' ')
                    }
                    None => crate::readable::continues_word(&chars, start, end),
                }
            })
            .collect();
        Ok(TokenizedDoc {
            ids: enc.get_ids().to_vec(),
            type_ids: enc.get_type_ids().to_vec(),
            offsets,
            tokens,
            special: enc
                .get_special_tokens_mask()
                .iter()
                .map(|&m| m != 0)
                .collect(),
            is_subword,
        })
    }

    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn pad_id(&self) -> u32 {
        self.pad_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny SentencePiece-style (Metaspace + Unigram) tokenizer.
    fn sentencepiece(dir: &Path) -> PathBuf {
        let pieces = [
            "<unk>",
            "<s>",
            "</s>",
            "▁",
            "▁Amazon",
            "-",
            "Chef",
            "▁sagte",
            "▁der",
            "▁Zeitung",
            ".",
            "▁(",
            "A",
            "WS",
            ")",
            "▁Meta",
            "▁14",
            ".000",
            "▁Ja",
            "ssy",
        ];
        let vocab: Vec<serde_json::Value> = pieces
            .iter()
            .map(|p| serde_json::json!([p, -1.0]))
            .collect();
        let json = serde_json::json!({
            "version": "1.0", "truncation": null, "padding": null,
            "added_tokens": [{"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                             {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                             {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
            // XLM-R's precompiled normalizer turns newlines into spaces.
            "normalizer": {"type": "Replace", "pattern": {"String": "\n"}, "content": " "},
            "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
            "post_processor": {"type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}, "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
            "decoder": null,
            "model": {"type": "Unigram", "unk_id": 0, "vocab": vocab, "byte_fallback": false}
        });
        let path = dir.join("tokenizer.json");
        std::fs::write(&path, json.to_string()).unwrap();
        path
    }

    fn words(tok: &HfTokenizer, text: &str) -> Vec<String> {
        let doc = tok.tokenize(text).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<String> = Vec::new();
        for (t, &(start, end)) in doc.offsets.iter().enumerate() {
            let piece: String = chars[start..end].iter().collect();
            match out.last_mut() {
                Some(last) if doc.is_subword[t] => last.push_str(&piece),
                _ => out.push(piece.trim_start().to_string()),
            }
        }
        out
    }

    #[test]
    fn frame_is_learned_from_the_post_processor() {
        let dir = tempfile::tempdir().unwrap();
        let tok = HfTokenizer::from_file(&sentencepiece(dir.path())).unwrap();
        assert_eq!(tok.frame().prefix, vec![(1, 0)]);
        assert_eq!(tok.frame().suffix, vec![(2, 0)]);
        assert!(!tok.is_word_aware());
    }

    #[test]
    fn transformers_rule_glues_punctuation_and_lines() {
        let dir = tempfile::tempdir().unwrap();
        let tok = HfTokenizer::from_file(&sentencepiece(dir.path())).unwrap();
        assert_eq!(
            words(&tok, "Amazon-Chef sagte der Zeitung.\nMeta (AWS)"),
            ["Amazon-Chef", "sagte", "der", "Zeitung.\nMeta", "(AWS)"]
        );
    }

    #[test]
    fn punctuation_rule_gives_words_a_reader_would_mark() {
        let dir = tempfile::tempdir().unwrap();
        let tok = HfTokenizer::from_file(&sentencepiece(dir.path()))
            .unwrap()
            .with_word_rule(WordRule::Punctuation);
        assert_eq!(
            words(
                &tok,
                "Amazon-Chef Jassy sagte der Zeitung.\nMeta (AWS) 14.000"
            ),
            [
                "Amazon-Chef",
                "Jassy",
                "sagte",
                "der",
                "Zeitung",
                ".",
                "Meta",
                "(",
                "AWS",
                ")",
                "14.000"
            ]
        );
    }
}
