//! Finding a model and ONNX Runtime as every caller does (the CLI, the
//! Python package): explicit paths first, then `models/` and `.runtime/`
//! beside the working directory or the executable (inside a checkout:
//! `target/release/`), then the user's cache (`~/.cache/newsner`, where
//! `newsner.setup()` puts the runtime).

use anyhow::{Context, Result};
use newsner_assets::{locate_runtime, resolve_model};
use newsner_infer::{init_runtime, NerModel, Runtime};
use std::path::{Path, PathBuf};

/// Where models and the runtime are; `None` searches the usual places.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    /// The folder holding named models (`NEWSNER_MODELS_DIR`).
    pub models_dir: Option<PathBuf>,
    /// `libonnxruntime.so` (`ORT_DYLIB_PATH`).
    pub runtime: Option<PathBuf>,
    /// More places to search for `models/` and `.runtime/`, before the
    /// working directory and the executable's folder.
    pub search: Vec<PathBuf>,
}

impl Locations {
    /// Explicit locations from `NEWSNER_MODELS_DIR` and `ORT_DYLIB_PATH`.
    pub fn from_env() -> Self {
        Locations {
            models_dir: std::env::var_os("NEWSNER_MODELS_DIR").map(PathBuf::from),
            runtime: std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from),
            search: Vec::new(),
        }
    }

    fn roots(&self) -> Vec<PathBuf> {
        let mut roots = self.search.clone();
        if let Ok(cwd) = std::env::current_dir() {
            roots.push(cwd);
        }
        if let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        {
            roots.push(dir);
        }
        // Where `newsner.setup()` provisions the runtime outside a checkout.
        roots.extend(newsner_assets::user_cache_dir());
        roots
    }

    /// The models folder: explicit, else the nearest `models/` above a
    /// search root.
    pub fn models_dir(&self) -> PathBuf {
        self.models_dir.clone().unwrap_or_else(|| {
            self.roots()
                .iter()
                .flat_map(|r| r.ancestors().map(|a| a.join("models")).collect::<Vec<_>>())
                .find(|p| p.is_dir())
                .unwrap_or_else(|| PathBuf::from("models"))
        })
    }

    /// The ONNX Runtime library: explicit, else the first provisioned copy.
    pub fn find_runtime(&self) -> Result<PathBuf> {
        Ok(locate_runtime(self.runtime.as_deref(), &self.roots())?)
    }

    /// Loads `model` (a name under the models folder, or a model folder)
    /// and the runtime.
    pub fn load(&self, model: &str) -> Result<(NerModel, Runtime)> {
        let (folder, manifest) = resolve_model(model, &self.models_dir())?;
        let loaded = NerModel::load(&folder, manifest)
            .with_context(|| format!("model '{model}' cannot be used"))?;
        let runtime = init_runtime(&self.find_runtime()?)?;
        tracing::info!(model = loaded.name(), folder = %folder.display(), max_len = loaded.max_len, labels = loaded.labels.len(), "model loaded");
        Ok((loaded, runtime))
    }
}
