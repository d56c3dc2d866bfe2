//! Pinned external assets: what newsner needs from outside its own source
//! tree, where it lives on disk, and how to recognise a good copy.
//!
//! `fetch` downloads them (for `cargo xtask setup` and `newsner.setup()`);
//! the pipeline uses the same descriptions to find and check what setup
//! left behind.

mod checksum;
mod fetch;
mod manifest;
mod runtime;

pub use checksum::sha256_file;
pub use fetch::{ensure_model, ensure_runtime, Fetcher};
pub use manifest::{
    resolve_model, LabelScheme, LabelsSection, ManifestError, ModelFile, ModelManifest,
    ModelSection, PypiSource, SpanStyle, MANIFEST_FILE,
};
pub use runtime::{locate_runtime, OrtRuntime, RuntimeError, ORT_RUNTIME};

/// newsner's folder in the user's cache (`$XDG_CACHE_HOME/newsner`, else
/// `~/.cache/newsner`): where `newsner.setup()` puts ONNX Runtime when
/// there is no checkout, and where every caller looks for it last.
pub fn user_cache_dir() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))?;
    Some(base.join("newsner"))
}
