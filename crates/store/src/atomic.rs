//! Files that appear whole or not at all: every output file is written to
//! a temporary file beside its final name and renamed into place when
//! complete, so readers never see a half-written file and a failed run
//! leaves the previous results intact.

use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct OutputError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// A file that appears under its name only once [`AtomicWriter::commit`] ran.
/// It is also an [`std::io::Write`], for writers that take one (CSV).
pub struct AtomicWriter {
    path: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl AtomicWriter {
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        Ok(AtomicWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(temp_beside(path)?),
        })
    }

    fn err(&self, source: std::io::Error) -> OutputError {
        OutputError {
            path: self.path.clone(),
            source,
        }
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.file.write_all(bytes).map_err(|e| self.err(e))
    }

    pub fn json_line<T: Serialize>(&mut self, value: &T) -> Result<(), OutputError> {
        let mut line = serde_json::to_vec(value).map_err(|e| self.err(e.into()))?;
        line.push(b'\n');
        self.write_all(&line)
    }

    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let path = self.path.clone();
        let temp = self.file.into_inner().map_err(|e| OutputError {
            path: path.clone(),
            source: e.into_error(),
        })?;
        persist(temp, &path)
    }
}

/// A temporary file in `path`'s folder, to be [`persist`]ed as `path`.
pub fn temp_beside(path: &Path) -> Result<NamedTempFile, OutputError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    NamedTempFile::new_in(dir).map_err(|source| OutputError {
        path: path.to_path_buf(),
        source,
    })
}

/// Renames a finished temporary file to `path`, with the mode the user's
/// umask gives new files.
pub fn persist(temp: NamedTempFile, path: &Path) -> Result<PathBuf, OutputError> {
    // No fsync: the rename alone makes the file appear whole to readers,
    // and a forced flush per file cost more than tagging a small corpus.
    temp.persist(path).map_err(|e| OutputError {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    follow_umask(path)?;
    Ok(path.to_path_buf())
}

/// Temporary files are created private (0600); a finished output file gets
/// the mode a newly created file would have under the user's umask, found
/// once by creating such a file.
fn follow_umask(path: &Path) -> Result<(), OutputError> {
    use std::os::unix::fs::PermissionsExt;
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let err = |source| OutputError {
        path: path.to_path_buf(),
        source,
    };
    let mode = match MODE.get() {
        Some(m) => *m,
        None => {
            let dir = path.parent().unwrap_or(Path::new("."));
            let probe = dir.join(format!(".newsner-umask-{}", std::process::id()));
            let file = std::fs::File::create(&probe).map_err(err)?;
            let m = file.metadata().map_err(err)?.permissions().mode() & 0o777;
            drop(file);
            let _ = std::fs::remove_file(&probe);
            *MODE.get_or_init(|| m)
        }
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(err)
}

impl Write for AtomicWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let mut w = AtomicWriter::create(&path).unwrap();
        w.json_line(&serde_json::json!({"x": 1})).unwrap();
        assert!(!path.exists());
        w.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"x\":1}\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }
}
