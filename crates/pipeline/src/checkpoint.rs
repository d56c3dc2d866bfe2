//! What makes a run resumable: the key that says whether an unfinished run
//! in `--out` is this run (same model files, settings and inputs), and the
//! choice between resuming it, starting over, and refusing to discard it.

use crate::options::{Input, PipelineOptions};
use crate::produce::Resume;
use anyhow::{bail, Result};
use newsner_infer::NerModel;
use newsner_ingest::{IngestError, InputFile};
use newsner_records::{IdSet, PartItem, Position};
use newsner_store::{Journal, RunId, INPUTS_KEY};
use std::hash::Hasher;
use std::path::Path;

/// What to do with an unfinished run found in the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unfinished {
    /// Continue it (`--resume`); start normally when there is none.
    Resume,
    /// Discard it and start over (`--restart`; the library's default).
    #[default]
    Restart,
    /// Stop with an error that names `--resume` and `--restart` (the CLI's
    /// default: hours of work are not thrown away by a repeated command).
    Refuse,
}

/// The error of a run that found an unfinished run and was told to keep it.
#[derive(Debug, thiserror::Error)]
#[error("{0} holds an unfinished run ({1} items done)")]
pub struct UnfinishedRun(pub String, pub u64);

/// A stable hash of the listed values (xxh3 over their bytes).
fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.write(&(p.len() as u64).to_le_bytes());
        h.write(p);
    }
    format!("{:016x}", h.finish())
}

/// An input's stamp as newsner wrote it before content stamps: size and
/// modification time (a touched file looked changed). Kept so that a
/// journal of such a build still resumes.
fn time_stamp(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata(path) {
        Ok(m) => format!("{}:{}.{}", m.len(), m.mtime(), m.mtime_nsec()),
        Err(_) => "missing".into(),
    }
}

/// An input's stamp: size and a hash of its bytes, so that a file touched
/// or copied with the same bytes is the same input. A file over `limit`
/// bytes is skipped by the run whatever it holds: its size is enough.
fn content_stamp(path: &Path, limit: u64) -> String {
    use std::io::Read;
    let hashed = || -> std::io::Result<String> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Ok("not a file".into());
        }
        if meta.len() > limit {
            return Ok(format!("{}:over the limit", meta.len()));
        }
        let mut file = std::fs::File::open(path)?;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut len = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            len += n as u64;
        }
        Ok(format!("{len}:{:032x}", h.digest128()))
    };
    hashed().unwrap_or_else(|e| format!("unreadable ({})", e.kind()))
}

/// This run as it names itself to a journal, and as earlier versions of
/// newsner named the same run (their journals resume too).
pub(crate) struct RunIds {
    pub current: RunId,
    pub earlier: Vec<RunId>,
}

/// The ids of this run: its key holds everything that changes its outputs.
/// Batch sizes, sessions and threads are left out: they do not change a
/// single byte.
pub(crate) fn run_ids(
    model: &NerModel,
    options: &PipelineOptions,
    input: &Input,
    files: &[InputFile],
    skipped: &[IngestError],
) -> RunIds {
    let limit = options.limits.max_file_bytes;
    RunIds {
        current: run_id(model, options, input, files, skipped, &|p| {
            content_stamp(p, limit)
        }),
        earlier: vec![run_id(model, options, input, files, skipped, &time_stamp)],
    }
}

/// This run's id with every file (model and inputs) stamped by `stamp`.
fn run_id(
    model: &NerModel,
    options: &PipelineOptions,
    input: &Input,
    files: &[InputFile],
    skipped: &[IngestError],
    stamp: &(dyn Fn(&Path) -> String + Sync),
) -> RunId {
    use rayon::prelude::*;
    let mut model_files: Vec<String> = std::fs::read_dir(&model.folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| format!("{}={}", e.file_name().to_string_lossy(), stamp(&e.path())))
        .collect();
    model_files.sort();
    let listed: Vec<String> = files
        .par_iter()
        .map(|f| format!("{}\t{}", f.display, stamp(&f.path)))
        .collect::<Vec<_>>()
        .into_iter()
        .chain(skipped.iter().map(|e| e.to_string()))
        .collect();
    let inputs = match input {
        Input::Paths(_) => format!(
            "{} files, {}",
            files.len(),
            fingerprint(listed.iter().map(|s| s.as_bytes()))
        ),
        Input::Stdin => "standard input".into(),
        Input::Documents(docs) => format!(
            "{} documents, {}",
            docs.len(),
            fingerprint(
                docs.iter()
                    .flat_map(|d| [d.id.as_bytes(), d.text.as_bytes()])
            )
        ),
    };
    let settings = format!(
        "aggregation={} one_type_per_name={} max_length={:?} stride={:?} max_doc_tokens={} max_file_bytes={} max_doc_bytes={} shard={}",
        options.aggregation.as_str(),
        options.one_type_per_name,
        options.max_length,
        options.stride,
        options.max_doc_tokens,
        options.limits.max_file_bytes,
        options.limits.max_doc_bytes,
        options.shard.map_or("all".to_string(), |s| s.to_string())
    );
    let key = [
        ("newsner", env!("CARGO_PKG_VERSION").to_string()),
        // The sources behind the journal's texts, mentions and figures
        // (build.rs): a rules change keeps the version number.
        ("newsner code", env!("NEWSNER_CODE_DIGEST").to_string()),
        ("model", model.name().to_string()),
        (
            "model files",
            fingerprint(model_files.iter().map(|s| s.as_bytes())),
        ),
        ("settings", settings),
        (INPUTS_KEY, inputs),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    RunId {
        key,
        inputs: listed,
    }
}

/// Where this run starts: a resumed journal or a new one.
pub(crate) struct Start {
    pub journal: Journal,
    pub resume: Resume,
}

pub(crate) fn start(
    work: &Path,
    ids: &RunIds,
    input: &Input,
    options: &PipelineOptions,
) -> Result<Start> {
    let found = Journal::found(work);
    match options.unfinished {
        Unfinished::Refuse => {
            if let Some(pos) = found.filter(|p| p.items > 0) {
                let out = work.parent().and_then(Path::parent).unwrap_or(work);
                bail!(UnfinishedRun(out.display().to_string(), pos.items));
            }
        }
        Unfinished::Resume if found.is_some() => {
            if matches!(input, Input::Stdin) {
                bail!("cannot resume a run that read standard input: it cannot be read again; start over");
            }
            if let Some(journal) = Journal::resume(work, &ids.current, &ids.earlier)? {
                let done = journal.done();
                // The ids of the files the producer will not read again
                // (a shard reads every file again: it needs every id).
                let mut ids = IdSet::default();
                if options.shard.is_none() {
                    let skipped = done.items_at_files_done as usize;
                    for item in journal.items().take(skipped) {
                        if let PartItem::Document { document, .. } = item? {
                            ids.insert(&document.id);
                        }
                    }
                }
                tracing::info!(
                    items = done.items,
                    files = done.files_done,
                    "resuming the unfinished run"
                );
                return Ok(Start {
                    journal,
                    resume: Resume {
                        position: done,
                        ids: Some(ids),
                    },
                });
            }
        }
        Unfinished::Resume => {
            tracing::info!("--resume: no unfinished run here; starting a new one")
        }
        Unfinished::Restart => {
            if let Some(pos) = found.filter(|p| p.items > 0) {
                tracing::warn!(
                    "discarding the unfinished run of {} items in {}",
                    pos.items,
                    work.display()
                );
            }
        }
    }
    Ok(Start {
        journal: Journal::start(work, &ids.current)?,
        resume: Resume {
            position: Position::default(),
            ids: Some(IdSet::default()),
        },
    })
}

/// When the assembler commits its pending items as a part.
#[derive(Debug, Clone, Copy)]
pub struct CheckpointPolicy {
    /// Items per part at most.
    pub items: usize,
    /// Time between commits at most (work lost to a crash).
    pub interval: std::time::Duration,
}

impl Default for CheckpointPolicy {
    fn default() -> Self {
        CheckpointPolicy {
            items: 1000,
            interval: std::time::Duration::from_secs(30),
        }
    }
}

/// Commits `journal` at `position` when the policy says so.
pub(crate) fn maybe_commit(
    journal: &mut Journal,
    position: Position,
    policy: CheckpointPolicy,
    last: &mut std::time::Instant,
) -> Result<()> {
    if journal.pending() >= policy.items.max(1) || last.elapsed() >= policy.interval {
        journal.commit(position)?;
        *last = std::time::Instant::now();
    }
    Ok(())
}
