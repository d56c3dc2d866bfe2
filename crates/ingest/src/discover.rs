use crate::format::Format;
use crate::{ErrorKind, IngestError};
use std::path::{Path, PathBuf};

/// A file to ingest, found by [`discover`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path as shown to users and used as document id: relative to the
    /// input folder it was found in, with `/` separators.
    pub display: String,
    pub format: Format,
    pub gzipped: bool,
    pub size: u64,
}

/// Walks the inputs (files or folders, recursively) in a fixed, sorted order
/// so runs are reproducible. Files of unknown types, unreadable folders,
/// symbolic-link loops and special files (FIFOs, sockets, devices) come back
/// as errors, not as failures of the whole run.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    discover_excluding(inputs, &[])
}

/// [`discover`], leaving out everything under the folders in `exclude`
/// (newsner's own output folder when it lies inside an input).
pub fn discover_excluding(
    inputs: &[PathBuf],
    exclude: &[PathBuf],
) -> (Vec<InputFile>, Vec<IngestError>) {
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &excluded, &mut files, &mut errors);
        } else {
            classify(input, display_path(input), &mut files, &mut errors);
        }
    }
    (files, errors)
}

/// A path as users see it and as document id; bytes that
/// are not UTF-8 written as `\xNN`, so that `caf\xe9.txt` and `caf\xe8.txt`
/// stay two documents.
pub fn display_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

fn walk(
    root: &Path,
    excluded: &[PathBuf],
    files: &mut Vec<InputFile>,
    errors: &mut Vec<IngestError>,
) {
    let excluded = excluded.to_vec();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.path()
                    .canonicalize()
                    .is_ok_and(|c| excluded.iter().any(|x| c.starts_with(x))))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let loop_ = e.is_io() || e.to_string().contains("loop");
                errors.push(IngestError::new(
                    &display_path(root),
                    None,
                    ErrorKind::Unreadable,
                    if loop_ {
                        format!("{e}; skipped (a symbolic link that leads back into its own folder is read once)")
                    } else {
                        format!("{e}; skipped")
                    },
                ));
                continue;
            }
        };
        let path = entry.path();
        let Some(kind) = entry.file_type() else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if kind.is_dir() || is_project_file(&name) {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let display = display_path(rel);
        if !kind.is_file() {
            errors.push(special_file(&display));
            continue;
        }
        classify(path, display, files, errors);
    }
}

fn special_file(display: &str) -> IngestError {
    IngestError::new(
        display,
        None,
        ErrorKind::NotAFile,
        "not a regular file (a FIFO, socket or device); skipped, as reading it could wait forever"
            .to_string(),
    )
}

/// README, LICENSE and NOTICE files describe a folder; they are not articles.
pub fn is_project_file(name: &str) -> bool {
    let name = name.to_uppercase();
    ["README", "LICENSE", "NOTICE", "CHANGELOG"]
        .iter()
        .any(|p| name == *p || name.starts_with(&format!("{p}.")))
}

fn classify(
    path: &Path,
    display: String,
    files: &mut Vec<InputFile>,
    errors: &mut Vec<IngestError>,
) {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        errors.push(special_file(&display));
        return;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match classify_name(&name, &display) {
        Ok((format, gzipped)) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            files.push(InputFile {
                path: path.to_path_buf(),
                display,
                format,
                gzipped,
                size,
            });
        }
        Err(error) => errors.push(error),
    }
}

/// A file's format and whether it is gzipped, by its name, as `discover`
/// judges it; an error (as errors.jsonl records it) for a type newsner does
/// not read. For callers that list files themselves (remote file systems).
pub fn classify_name(name: &str, display: &str) -> Result<(Format, bool), IngestError> {
    let name = name.to_lowercase();
    let (stem, gzipped) = match name.strip_suffix(".gz") {
        Some(stem) => (stem.to_string(), true),
        None => (name.clone(), false),
    };
    let ext = Path::new(&stem)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match Format::from_extension(&ext) {
        Some(format) => Ok((format, gzipped)),
        None => Err(IngestError::new(
            display,
            None,
            ErrorKind::UnsupportedType,
            "not a supported type (.txt .md .html .htm .json .jsonl, optionally .gz); skipped"
                .to_string(),
        )),
    }
}
