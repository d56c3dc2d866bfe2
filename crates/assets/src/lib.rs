//! Pinned external assets: what newsner needs from outside its own source
//! tree, where it lives on disk, and how to recognise a good copy.
//!
//! Nothing here downloads anything; `xtask setup` does that, using these
//! descriptions. The pipeline uses the same descriptions to find and check
//! what setup left behind.

mod checksum;
mod manifest;
mod runtime;

pub use checksum::sha256_file;
pub use manifest::{
    resolve_model, LabelScheme, LabelsSection, ManifestError, ModelFile, ModelManifest,
    ModelSection, PypiSource, SpanStyle, MANIFEST_FILE,
};
pub use runtime::{locate_runtime, OrtRuntime, RuntimeError, ORT_RUNTIME};
