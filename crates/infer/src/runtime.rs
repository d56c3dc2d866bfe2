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

/// ONNX Runtime, loaded: what sessions are made from. One per process;
/// callers hold this handle, never `ort` types.
#[derive(Clone, Copy)]
pub struct Runtime {
    env: &'static ort::environment::Environment,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let library = ENVIRONMENT.get().map(|(p, _)| p.display().to_string());
        f.debug_struct("Runtime")
            .field("library", &library)
            .finish()
    }
}

impl Runtime {
    pub(crate) fn env(&self) -> &'static ort::environment::Environment {
        self.env
    }
}

/// Loads the ONNX Runtime shared library at `library` (once) and returns the
/// process-wide runtime sessions are built from.
pub fn init_runtime(library: &Path) -> Result<Runtime, RuntimeInitError> {
    init_env(library).map(|env| Runtime { env })
}

fn init_env(library: &Path) -> Result<&'static ort::environment::Environment, RuntimeInitError> {
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
