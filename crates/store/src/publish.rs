//! The output folder as a whole: each complete output set is written into
//! its own generation folder, and one atomic rename switches the visible
//! set from the previous generation to the new one.
//!
//! ```text
//! out/
//!   documents.jsonl -> .newsner/current/documents.jsonl   (one link per file)
//!   .newsner/current -> gen-000007                          (switched by rename)
//!   .newsner/gen-000007/                                    (the complete set)
//!   .newsner/work/                                          (an unfinished run)
//! ```
//!
//! Architecture invariant: the visible files of `out/` always belong to one
//! complete run. A crash at any instant leaves either the previous set or
//! the new one, never a mix, because the only step that changes what the
//! links resolve to is the rename of `.newsner/current`.

use crate::atomic::OutputError;
use std::path::{Path, PathBuf};

/// The state folder inside `--out`.
pub const STATE_DIR: &str = ".newsner";
const CURRENT: &str = "current";
const GENERATION_PREFIX: &str = "gen-";

/// The `--out` folder of a run or an aggregate, locked against other
/// newsner processes for as long as this value lives.
#[derive(Debug)]
pub struct OutputFolder {
    root: PathBuf,
    /// The names an output set may hold: only these are linked into
    /// `root` and removed from it.
    files: &'static [&'static str],
    _lock: std::fs::File,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> OutputError + '_ {
    move |source| OutputError {
        path: path.to_path_buf(),
        source,
    }
}

/// A generation folder being filled; it becomes visible with
/// [`OutputFolder::publish`].
#[derive(Debug)]
pub struct Generation {
    pub dir: PathBuf,
    name: String,
}

impl OutputFolder {
    /// Creates `root` and its state folder if needed, and removes what an
    /// earlier crash left: generations that were never published. `files`
    /// are the names an output set may hold; other files in `root` (the
    /// user's own) are never touched.
    pub fn open(root: &Path, files: &'static [&'static str]) -> Result<Self, OutputError> {
        let state = root.join(STATE_DIR);
        std::fs::create_dir_all(&state).map_err(io_err(&state))?;
        // Two processes writing one folder would remove each other's work.
        let lock_path = state.join("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        if let Err(e) = lock.try_lock() {
            return Err(OutputError {
                path: root.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!("another newsner process is writing to this folder ({e}); wait for it to end or write elsewhere"),
                ),
            });
        }
        let folder = OutputFolder {
            root: root.to_path_buf(),
            files,
            _lock: lock,
        };
        folder.remove_unpublished()?;
        Ok(folder)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn state(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }

    /// Where an unfinished run keeps its journal and parts.
    pub fn work_dir(&self) -> PathBuf {
        self.state().join("work")
    }

    /// The generation the visible files point into, if any.
    fn current(&self) -> Option<String> {
        let target = std::fs::read_link(self.state().join(CURRENT)).ok()?;
        Some(target.to_string_lossy().into_owned())
    }

    fn generations(&self) -> Result<Vec<String>, OutputError> {
        let state = self.state();
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&state).map_err(io_err(&state))? {
            let entry = entry.map_err(io_err(&state))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(GENERATION_PREFIX) {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    fn remove_unpublished(&self) -> Result<(), OutputError> {
        let current = self.current();
        for name in self.generations()? {
            if Some(&name) != current.as_ref() {
                let dir = self.state().join(&name);
                std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
            }
        }
        let link = self.state().join(format!("{CURRENT}.new"));
        if link.symlink_metadata().is_ok() {
            std::fs::remove_file(&link).map_err(io_err(&link))?;
        }
        Ok(())
    }

    /// A fresh, empty generation folder numbered after every existing one.
    pub fn new_generation(&self) -> Result<Generation, OutputError> {
        let next = self
            .generations()?
            .iter()
            .filter_map(|n| n[GENERATION_PREFIX.len()..].parse::<u64>().ok())
            .max()
            .map_or(1, |n| n + 1);
        let name = format!("{GENERATION_PREFIX}{next:06}");
        let dir = self.state().join(&name);
        std::fs::create_dir(&dir).map_err(io_err(&dir))?;
        Ok(Generation { dir, name })
    }

    /// Makes `generation` the visible output set in one step, then removes
    /// the previous generation and the links of files the new set lacks.
    /// Returns the visible paths of the new set's files.
    pub fn publish(&self, generation: Generation) -> Result<Vec<PathBuf>, OutputError> {
        let files: Vec<&str> = self
            .files
            .iter()
            .copied()
            .filter(|name| generation.dir.join(name).is_file())
            .collect();
        // Durable before visible: a power cut after the switch must not
        // leave empty files behind the links.
        for name in &files {
            let path = generation.dir.join(name);
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(io_err(&path))?;
        }
        sync_dir(&generation.dir)?;
        // Links first: a link to a file of the new set that the old set lacks
        // resolves to nothing until the switch, which is "not there yet".
        for name in &files {
            self.link(name)?;
        }
        let state = self.state();
        let staged = state.join(format!("{CURRENT}.new"));
        let _ = std::fs::remove_file(&staged);
        std::os::unix::fs::symlink(&generation.name, &staged).map_err(io_err(&staged))?;
        std::fs::rename(&staged, state.join(CURRENT)).map_err(io_err(&staged))?;
        sync_dir(&state)?;
        // After the switch: files the new set does not have disappear.
        for name in self.files {
            if !files.contains(name) {
                let path = self.root.join(name);
                if path.symlink_metadata().is_ok() {
                    std::fs::remove_file(&path).map_err(io_err(&path))?;
                }
            }
        }
        self.remove_unpublished()?;
        sync_dir(&self.root)?;
        Ok(files.iter().map(|n| self.root.join(n)).collect())
    }

    /// `out/<name>` -> `.newsner/current/<name>`, replacing whatever was
    /// there (a plain file of an older newsner) in one rename.
    fn link(&self, name: &str) -> Result<(), OutputError> {
        let path = self.root.join(name);
        let target = Path::new(STATE_DIR).join(CURRENT).join(name);
        if std::fs::read_link(&path).is_ok_and(|t| t == target) {
            return Ok(());
        }
        let staged = self.root.join(format!(".{name}.newsner-link"));
        let _ = std::fs::remove_file(&staged);
        std::os::unix::fs::symlink(&target, &staged).map_err(io_err(&staged))?;
        std::fs::rename(&staged, &path).map_err(io_err(&path))
    }
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(io_err(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[&str] = &["report.html", "documents.jsonl", "summary.json"];

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn a_published_set_replaces_the_previous_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let folder = OutputFolder::open(&out, FILES).unwrap();
        let first = folder.new_generation().unwrap();
        write(&first.dir, "documents.jsonl", "old docs");
        write(&first.dir, "report.html", "old report");
        folder.publish(first).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("report.html")).unwrap(),
            "old report"
        );

        // An unpublished generation (a crash while building) changes nothing
        // and is gone at the next open.
        let crashed = folder.new_generation().unwrap();
        write(&crashed.dir, "documents.jsonl", "half");
        drop(folder);
        let folder = OutputFolder::open(&out, FILES).unwrap();
        assert!(!crashed.dir.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("documents.jsonl")).unwrap(),
            "old docs"
        );

        let second = folder.new_generation().unwrap();
        write(&second.dir, "documents.jsonl", "new docs");
        let visible = folder.publish(second).unwrap();
        assert_eq!(visible, vec![out.join("documents.jsonl")]);
        assert_eq!(
            std::fs::read_to_string(out.join("documents.jsonl")).unwrap(),
            "new docs"
        );
        assert!(
            !out.join("report.html").exists(),
            "a file of the old set only is gone"
        );
        let generations = std::fs::read_dir(out.join(STATE_DIR)).unwrap().count();
        assert_eq!(
            generations, 3,
            "the lock, the current link and one generation"
        );
        let busy = OutputFolder::open(&out, FILES).unwrap_err().to_string();
        assert!(busy.contains("another newsner process"), "{busy}");
    }

    #[test]
    fn plain_files_of_an_older_layout_become_links() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "summary.json", "old");
        write(tmp.path(), "notes.txt", "the user's own file");
        let folder = OutputFolder::open(tmp.path(), FILES).unwrap();
        let generation = folder.new_generation().unwrap();
        write(&generation.dir, "summary.json", "new");
        folder.publish(generation).unwrap();
        assert!(std::fs::read_link(tmp.path().join("summary.json")).is_ok());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("summary.json")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
            "the user's own file"
        );
    }
}
