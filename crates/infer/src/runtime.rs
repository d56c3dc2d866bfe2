use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// ONNX Runtime can be loaded once per process; later calls must agree on
/// the library.
static ENVIRONMENT: OnceLock<(PathBuf, ort::environment::Environment)> = OnceLock::new();
static INIT_LOCK: Mutex<()> = Mutex::new(());

#[derive(Debug, thiserror::Error)]
pub enum RuntimeInitError {
    #[error("cannot load ONNX Runtime from {path}: {message}; run `cargo xtask setup` or point ORT_DYLIB_PATH at libonnxruntime.so 1.31")]
    Load { path: PathBuf, message: String },
    #[error("ONNX Runtime is already loaded from {loaded}, cannot switch to {requested}")]
    AlreadyLoaded { loaded: PathBuf, requested: PathBuf },
}

/// Loads the ONNX Runtime shared library at `library` (once) and returns the
/// process-wide environment sessions are built from.
pub fn init_runtime(
    library: &Path,
) -> Result<&'static ort::environment::Environment, RuntimeInitError> {
    let _guard = INIT_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((loaded, env)) = ENVIRONMENT.get() {
        return if loaded == library {
            Ok(env)
        } else {
            Err(RuntimeInitError::AlreadyLoaded {
                loaded: loaded.clone(),
                requested: library.to_path_buf(),
            })
        };
    }
    let load_err = |message: String| RuntimeInitError::Load {
        path: library.to_path_buf(),
        message,
    };
    let env = ort::init_from(library)
        .map_err(|e| load_err(e.to_string()))?
        .with_name("newsner")
        .build()
        .map_err(|e| load_err(e.to_string()))?;
    tracing::debug!(library = %library.display(), "ONNX Runtime loaded");
    let (_, env) = ENVIRONMENT.get_or_init(|| (library.to_path_buf(), env));
    Ok(env)
}
