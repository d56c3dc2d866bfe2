//! Shared by the binary's integration tests.

use std::path::{Path, PathBuf};

/// The checkout the binary runs in (it finds models/ and .runtime/ there).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}
