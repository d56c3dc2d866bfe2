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
/// so runs are reproducible. Files of unknown types and unreadable folders
/// come back as errors, not as failures of the whole run.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, input, &mut files, &mut errors);
        } else {
            let display = input.to_string_lossy().replace('\\', "/");
            classify(input, display, &mut files, &mut errors);
        }
    }
    (files, errors)
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            let source = dir.to_string_lossy();
            errors.push(IngestError::new(
                &source,
                None,
                ErrorKind::Unreadable,
                format!("cannot list folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden || is_project_file(&path) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, files, errors);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let display = rel.to_string_lossy().replace('\\', "/");
            classify(&path, display, files, errors);
        }
    }
}

/// README, LICENSE and NOTICE files describe a folder; they are not articles.
fn is_project_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_uppercase())
        .unwrap_or_default();
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (stem, gzipped) = match name.strip_suffix(".gz") {
        Some(stem) => (stem.to_string(), true),
        None => (name.clone(), false),
    };
    let ext = Path::new(&stem)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match Format::from_extension(&ext) {
        Some(format) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            files.push(InputFile {
                path: path.to_path_buf(),
                display,
                format,
                gzipped,
                size,
            });
        }
        None => errors.push(IngestError::new(
            &display,
            None,
            ErrorKind::UnsupportedType,
            "not a supported type (.txt .md .html .htm .json .jsonl, optionally .gz); skipped"
                .to_string(),
        )),
    }
}
