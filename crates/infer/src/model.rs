//! A model folder: ONNX weights, tokenizer.json, config.json, and the
//! optional `model.toml` manifest.

use crate::labels::LabelSet;
use crate::session::{NerSession, SessionOptions};
use newsner_assets::ModelManifest;
use newsner_assets::SpanStyle;
use newsner_tokenize::{HfTokenizer, Tokenize, WindowPlan, WordRule};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path} is missing; {hint}")]
    Missing { path: PathBuf, hint: &'static str },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(transparent)]
    Tokenizer(#[from] newsner_tokenize::TokenizeError),
}

const FETCH_HINT: &str = "run `cargo xtask setup` to fetch registry models, or pass a folder with an exported HuggingFace token-classification model";

/// A loaded model folder, ready to make sessions.
pub struct NerModel {
    pub folder: PathBuf,
    pub manifest: ModelManifest,
    pub labels: LabelSet,
    pub tokenizer: Arc<HfTokenizer>,
    pub onnx: PathBuf,
    /// The inference window: longest input fed to the model, special
    /// tokens included.
    pub max_len: usize,
    /// Tokens shared by neighbouring windows unless the caller overrides it.
    pub stride: usize,
}

/// Window overlap for models whose manifest names none.
pub const DEFAULT_STRIDE: usize = 128;

impl NerModel {
    pub fn load(folder: &Path, manifest: ModelManifest) -> Result<Self, ModelError> {
        let onnx = folder.join(&manifest.model.onnx);
        if !onnx.is_file() {
            return Err(ModelError::Missing {
                path: onnx,
                hint: FETCH_HINT,
            });
        }
        let tokenizer_path = folder.join("tokenizer.json");
        if !tokenizer_path.is_file() {
            return Err(ModelError::Missing {
                path: tokenizer_path,
                hint: FETCH_HINT,
            });
        }
        let config_path = folder.join("config.json");
        let config = read_json(&config_path)?;
        let id2label = parse_id2label(&config).map_err(|message| ModelError::Invalid {
            path: config_path.clone(),
            message,
        })?;
        let labels = LabelSet::new(id2label, &manifest.labels);
        let words = match manifest.model.spans {
            SpanStyle::Transformers => WordRule::Transformers,
            SpanStyle::Readable => WordRule::Punctuation,
        };
        let tokenizer = Arc::new(HfTokenizer::from_file(&tokenizer_path)?.with_word_rule(words));
        // A tokenizer from another model gives token ids the embedding table
        // does not have (or means other words): wrong mentions, silently.
        let pieces = tokenizer.inner().get_vocab_size(true);
        if let Some(rows) = config.get("vocab_size").and_then(|v| v.as_u64()) {
            if pieces as u64 > rows {
                return Err(ModelError::Invalid {
                    path: tokenizer_path,
                    message: format!(
                        "has {pieces} tokens but the model's embedding table (config.json vocab_size) has {rows} rows: this tokenizer belongs to another model; put the model's own tokenizer.json beside it"
                    ),
                });
            }
        }
        let max_len = manifest.model.max_length.unwrap_or_else(|| {
            max_len_from_config(
                &config,
                &read_json(&folder.join("tokenizer_config.json")).ok(),
            )
        });
        let manifest_stride = manifest.model.stride.unwrap_or(DEFAULT_STRIDE);
        Ok(NerModel {
            folder: folder.to_path_buf(),
            manifest,
            labels,
            tokenizer,
            onnx,
            max_len,
            stride: manifest_stride,
        })
    }

    pub fn name(&self) -> &str {
        &self.manifest.model.name
    }

    /// Windows of the model's length (or `max_len`, when shorter; special
    /// tokens included) sharing the model's stride (or `stride`) tokens with
    /// their neighbours.
    pub fn window_plan(&self, max_len: Option<usize>, stride: Option<usize>) -> WindowPlan {
        let len = max_len.map_or(self.max_len, |l| l.min(self.max_len));
        WindowPlan::new(
            len,
            self.tokenizer.frame().len(),
            stride.unwrap_or(self.stride),
        )
    }

    /// A fresh ONNX Runtime session; checks that the model's inputs are ones
    /// newsner can feed and that its output width matches `id2label`.
    pub fn session(
        &self,
        runtime: crate::Runtime,
        options: &SessionOptions,
    ) -> Result<NerSession, ModelError> {
        NerSession::new(runtime.env(), &self.onnx, self.labels.len(), options).map_err(|message| {
            ModelError::Invalid {
                path: self.onnx.clone(),
                message,
            }
        })
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ModelError::Missing {
            path: path.to_path_buf(),
            hint: FETCH_HINT,
        },
        _ => ModelError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        },
    })?;
    serde_json::from_str(&text).map_err(|e| ModelError::Invalid {
        path: path.to_path_buf(),
        message: format!("not valid JSON: {e}"),
    })
}

/// `id2label` as a dense list in column order.
fn parse_id2label(config: &serde_json::Value) -> Result<Vec<String>, String> {
    let map = config.get("id2label").and_then(|v| v.as_object()).ok_or(
        "has no id2label object; a token-classification config.json lists its labels there",
    )?;
    let mut by_id = BTreeMap::new();
    for (key, value) in map {
        let id: usize = key
            .parse()
            .map_err(|_| format!("id2label key '{key}' is not a number"))?;
        let name = value
            .as_str()
            .ok_or_else(|| format!("id2label[{key}] is not a string"))?;
        by_id.insert(id, name.to_string());
    }
    if by_id.keys().copied().ne(0..by_id.len()) {
        return Err("id2label ids are not 0..n without gaps".to_string());
    }
    if by_id.is_empty() {
        return Err("id2label is empty".to_string());
    }
    Ok(by_id.into_values().collect())
}

/// transformers' limit: position embeddings (minus RoBERTa's padding offset),
/// capped by the tokenizer's `model_max_length` when that is a real number.
fn max_len_from_config(
    config: &serde_json::Value,
    tokenizer_config: &Option<serde_json::Value>,
) -> usize {
    let model_type = config
        .get("model_type")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let offset = if matches!(
        model_type,
        "roberta" | "xlm-roberta" | "camembert" | "longformer"
    ) {
        2
    } else {
        0
    };
    let positions = config
        .get("max_position_embeddings")
        .and_then(|v| v.as_u64())
        .map_or(512, |p| p as usize - offset.min(p as usize));
    let tokenizer_limit = tokenizer_config
        .as_ref()
        .and_then(|c| c.get("model_max_length"))
        .and_then(|v| v.as_f64())
        .filter(|&v| v > 0.0 && v < 1e6)
        .map(|v| v as usize);
    tokenizer_limit.map_or(positions, |t| t.min(positions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id2label_must_be_dense() {
        assert_eq!(
            parse_id2label(&json!({"id2label": {"1": "B-PER", "0": "O"}})).unwrap(),
            vec!["O", "B-PER"]
        );
        assert!(
            parse_id2label(&json!({"id2label": {"0": "O", "2": "B-PER"}}))
                .unwrap_err()
                .contains("gaps")
        );
        assert!(parse_id2label(&json!({"labels": []}))
            .unwrap_err()
            .contains("id2label"));
    }

    #[test]
    fn max_len_follows_transformers() {
        assert_eq!(
            max_len_from_config(
                &json!({"max_position_embeddings": 512, "model_type": "bert"}),
                &None
            ),
            512
        );
        assert_eq!(
            max_len_from_config(
                &json!({"max_position_embeddings": 514, "model_type": "xlm-roberta"}),
                &None
            ),
            512
        );
        let tok = Some(json!({"model_max_length": 256}));
        assert_eq!(
            max_len_from_config(&json!({"max_position_embeddings": 512}), &tok),
            256
        );
        let huge = Some(json!({"model_max_length": 1e30}));
        assert_eq!(
            max_len_from_config(&json!({"max_position_embeddings": 512}), &huge),
            512
        );
    }
}
