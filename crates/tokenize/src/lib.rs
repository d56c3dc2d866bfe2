//! Tokenize: document text -> tokens with character offsets -> windows the
//! model can take.
//!
//! A document is tokenized once, whole, without special tokens; windows are
//! slices of that token sequence wrapped in the model's special tokens. Every
//! content token keeps its character span in the document text, so what the
//! model says about a window maps straight back to the text.

mod hf;
mod readable;
mod window;

pub use hf::{HfTokenizer, TokenizeError, WordRule};
pub use readable::{continues_word, readable_span, readable_spans};
pub use window::{plan_windows, DocWindows, Frame, TokenRows, Window, WindowPlan};

/// The tokens of one document. All vectors have one entry per token.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenizedDoc {
    pub ids: Vec<u32>,
    pub type_ids: Vec<u32>,
    /// Character (Unicode scalar) offsets `[start, end)` into the text.
    pub offsets: Vec<(usize, usize)>,
    /// Vocabulary strings of the tokens (e.g. `##ing`, `▁Amazon`).
    pub tokens: Vec<String>,
    /// Tokens the tokenizer itself marks special (never tagged).
    pub special: Vec<bool>,
    /// Whether a token continues the word of the token before it, decided as
    /// HuggingFace's token-classification pipeline decides it.
    pub is_subword: Vec<bool>,
}

impl TokenizedDoc {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A tokenizer stage: any implementation that yields offsets-aligned tokens
/// and knows how to wrap a slice of them for the model.
pub trait Tokenize: Send + Sync {
    fn tokenize(&self, text: &str) -> Result<TokenizedDoc, TokenizeError>;
    /// Special tokens placed around every window.
    fn frame(&self) -> &Frame;
    fn pad_id(&self) -> u32;
}
