use std::path::{Path, PathBuf};

/// The ONNX Runtime build newsner is written against (`ort` 2.0.0-rc.15 with
/// `api-31`), taken from the official PyPI wheel because no other registry
/// ships the shared library.
#[derive(Debug, Clone, Copy)]
pub struct OrtRuntime {
    pub version: &'static str,
    pub wheel: &'static str,
    pub wheel_sha256: &'static str,
    /// Path of the shared library inside the wheel.
    pub member: &'static str,
    /// File name the library gets in the runtime folder.
    pub library: &'static str,
    /// Arguments that make `pip download` pick exactly this wheel whatever
    /// the local Python is.
    pub pip_platform: &'static str,
    pub pip_python_version: &'static str,
}

pub const ORT_RUNTIME: OrtRuntime = OrtRuntime {
    version: "1.31.1",
    wheel: "onnxruntime-1.31.1-cp311-cp311-manylinux_2_28_x86_64.whl",
    wheel_sha256: "5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f",
    member: "onnxruntime/capi/libonnxruntime.so.1.31.1",
    library: "libonnxruntime.so.1.31.1",
    pip_platform: "manylinux_2_28_x86_64",
    pip_python_version: "3.11",
};

impl OrtRuntime {
    /// Folder below the workspace root where setup extracts the library.
    pub fn dir(&self, root: &Path) -> PathBuf {
        root.join(".runtime")
            .join(format!("onnxruntime-{}", self.version))
    }

    pub fn library_path(&self, root: &Path) -> PathBuf {
        self.dir(root).join(self.library)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("ORT_DYLIB_PATH points to {0}, which does not exist")]
    MissingOverride(PathBuf),
    #[error(
        "ONNX Runtime {version} was not found (looked for {looked}); run `cargo xtask setup` \
         in the newsner checkout (from Python: `newsner.setup()`), or set ORT_DYLIB_PATH to a \
         libonnxruntime.so {version}"
    )]
    NotProvisioned {
        version: &'static str,
        looked: String,
    },
}

/// Finds the ONNX Runtime library: `explicit` (from `--ort-lib` or
/// `ORT_DYLIB_PATH`) wins; otherwise the provisioned copy under `.runtime/`
/// of the first of `search_roots` (and their ancestors) that has one.
pub fn locate_runtime(
    explicit: Option<&Path>,
    search_roots: &[PathBuf],
) -> Result<PathBuf, RuntimeError> {
    if let Some(path) = explicit {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(RuntimeError::MissingOverride(path.to_path_buf()))
        };
    }
    let mut looked = Vec::new();
    for root in search_roots {
        for dir in root.ancestors() {
            let candidate = ORT_RUNTIME.library_path(dir);
            if candidate.is_file() {
                return Ok(candidate);
            }
            looked.push(candidate.display().to_string());
        }
    }
    Err(RuntimeError::NotProvisioned {
        version: ORT_RUNTIME.version,
        looked: looked.into_iter().take(3).collect::<Vec<_>>().join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_provisioned_copy_in_an_ancestor() {
        let root = tempfile::tempdir().unwrap();
        let lib = ORT_RUNTIME.library_path(root.path());
        std::fs::create_dir_all(lib.parent().unwrap()).unwrap();
        std::fs::write(&lib, b"x").unwrap();
        let nested = root.path().join("target").join("release");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(locate_runtime(None, &[nested]).unwrap(), lib);
    }

    #[test]
    fn missing_runtime_says_how_to_fix_it() {
        let root = tempfile::tempdir().unwrap();
        let err = locate_runtime(None, &[root.path().to_path_buf()]).unwrap_err();
        assert!(err.to_string().contains("cargo xtask setup"), "{err}");
        let err = locate_runtime(Some(&root.path().join("nope.so")), &[]).unwrap_err();
        assert!(err.to_string().contains("nope.so"), "{err}");
    }
}
