//! The digest of the code that decides what a run journals: the sources of
//! this crate and of every newsner crate it depends on, followed through
//! their `Cargo.toml`s. Used by `build.rs` (the run key's "newsner code")
//! and unit-tested from the crate. Why: a journal holds each document's
//! cleaned text, mentions and job figures; the version number does not
//! change with every change of the extraction or figure rules, so
//! `--resume` with a newer build would mix old and new results.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The workspace crates (folders beside `start`) that `start` depends on,
/// `start` included, in a stable order.
pub fn crates_from(start: &Path) -> Vec<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start.to_path_buf()];
    while let Some(dir) = todo.pop() {
        if !seen.insert(dir.clone()) {
            continue;
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        let in_dependencies = manifest
            .split("\n[")
            .filter(|section| section.starts_with("dependencies]"));
        for section in in_dependencies {
            for line in section.lines() {
                let Some(name) = line.trim().strip_prefix("newsner-") else {
                    continue;
                };
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let sibling = dir.parent().map(|p| p.join(&name));
                if let Some(sibling) = sibling.filter(|s| s.join("Cargo.toml").is_file()) {
                    todo.push(sibling);
                }
            }
        }
    }
    seen.into_iter().collect()
}

/// Every file under each crate's `src/`, and its `Cargo.toml`.
pub fn files_of(crates: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in crates {
        files.push(dir.join("Cargo.toml"));
        walk(&dir.join("src"), &mut files);
    }
    files.sort();
    files
}

/// FNV-1a (64 bit) over each file's path relative to `root` and its bytes:
/// stable across Rust versions and machines, unlike `DefaultHasher`.
pub fn digest(root: &Path, files: &[PathBuf]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for file in files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        feed(relative.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&std::fs::read(file).unwrap_or_default());
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A workspace of three crates: `a` depends on `b` (normal dependency)
    /// and on `c` only for its tests.
    fn workspace() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        write(
            &r.join("a/Cargo.toml"),
            "[package]\nname = \"newsner-a\"\n\n[dependencies]\nnewsner-b.workspace = true\nserde = \"1\"\n\n[dev-dependencies]\nnewsner-c.workspace = true\n",
        );
        write(&r.join("a/src/lib.rs"), "pub fn a() {}");
        write(&r.join("b/Cargo.toml"), "[package]\nname = \"newsner-b\"\n");
        write(
            &r.join("b/src/rules/mod.rs"),
            "pub const CUE: &str = \"streicht\";",
        );
        write(&r.join("c/Cargo.toml"), "[package]\nname = \"newsner-c\"\n");
        write(&r.join("c/src/lib.rs"), "pub fn c() {}");
        root
    }

    fn digest_of(root: &Path) -> String {
        let crates = crates_from(&root.join("a"));
        digest(root, &files_of(&crates))
    }

    #[test]
    fn the_digest_follows_normal_dependencies_and_changes_with_their_code() {
        let ws = workspace();
        let crates = crates_from(&ws.path().join("a"));
        let names: Vec<_> = crates
            .iter()
            .map(|c| c.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            ["a", "b"],
            "dev-dependencies do not decide the journal"
        );
        let before = digest_of(ws.path());
        assert_eq!(
            before,
            digest_of(ws.path()),
            "the same code gives the same digest"
        );
        write(
            &ws.path().join("b/src/rules/mod.rs"),
            "pub const CUE: &str = \"baut ab\";",
        );
        assert_ne!(
            before,
            digest_of(ws.path()),
            "a rule changed in a dependency"
        );
        let after_rule = digest_of(ws.path());
        write(&ws.path().join("c/src/lib.rs"), "pub fn c() { todo!() }");
        assert_eq!(
            after_rule,
            digest_of(ws.path()),
            "a test-only crate changed"
        );
    }

    #[test]
    fn the_digest_depends_on_where_the_bytes_are_not_only_on_the_bytes() {
        let ws = workspace();
        let before = digest_of(ws.path());
        std::fs::rename(
            ws.path().join("b/src/rules/mod.rs"),
            ws.path().join("b/src/mod.rs"),
        )
        .unwrap();
        assert_ne!(before, digest_of(ws.path()));
    }
}
