//! newsner's tagging stage: ingest -> tokenize -> batched inference ->
//! decode, as a streaming pipeline, into memory ([`Tagger::tag`]) or into
//! the resumable journal of an output folder ([`Tagger::tag_into`]).
//!
//! ```text
//!  producer (rayon)          inference workers          assembler (caller)
//!  files -> docs -> tokens   batches -> ONNX Runtime    logits -> entities
//!        -> windows -> Batcher ==batch channel==> ... ==result channel==>
//!        \_____________________ doc channel _______________________/
//! ```
//! Channels are bounded, so memory stays flat however large the corpus.
//! Documents are numbered as they are read and emitted strictly in that
//! order, which makes the output independent of thread counts and timing.

mod assemble;
mod checkpoint;
#[cfg(test)]
#[path = "../build/code_digest.rs"]
mod code_digest;
mod locate;
mod mentions;
mod options;
mod place;
mod produce;
mod tagger;
mod windowing;

pub use checkpoint::{CheckpointPolicy, Unfinished, UnfinishedRun};
pub use locate::Locations;
pub use mentions::document_mentions;
pub use options::{Input, PipelineOptions, Progress};
pub use place::Shard;
pub use tagger::{Ids, Tagged, Tagger};
pub use windowing::Windowing;

use anyhow::Result;
use assemble::{Assembled, Sink};
use newsner_infer::{NerModel, NerSession, Runtime};
use newsner_ingest::{discover_excluding, open_stdin, Ingested, StdinInput};
use newsner_records::{IdSet, PartItem, Position, Timings};
use newsner_store::{Journal, OutputFolder};
use produce::{Produced, Resume, Source};
use std::time::Instant;

static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks a running pipeline to stop (from a signal handler: SIGINT, SIGTERM).
/// The run commits what it has tagged in reading order to its journal and
/// ends with [`Interrupted`]; the visible outputs stay those of the previous
/// complete run, and `--resume` continues from the journal.
pub fn request_stop() {
    STOP.store(true, std::sync::atomic::Ordering::SeqCst);
}

pub(crate) fn stop_requested() -> bool {
    STOP.load(std::sync::atomic::Ordering::SeqCst)
}

/// The error of a run stopped by [`request_stop`].
#[derive(Debug, thiserror::Error)]
#[error("interrupted: the work done so far is saved in the output folder's journal, and the folder keeps its previous complete files")]
pub struct Interrupted;

/// A run's tagging, committed to the journal in its output folder: the
/// aggregate stage builds the output files from [`Journal::items`].
pub struct Journaled {
    pub journal: Journal,
    /// Items (documents and skipped items) an earlier, interrupted process
    /// had done: this one did not redo them.
    pub resumed: u64,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
    /// Seconds of the tagging stages: reading and tokenizing, ingest,
    /// inference, and the assembler's decoding (`decode_write_s`).
    pub timings: Timings,
}

/// Tags `input` into the journal of `folder` (the run's `--out`), with
/// sessions made for this call ([`Tagger::tag_into`] reuses its own).
///
/// Tagged documents are committed to `out/.newsner/work` as they complete,
/// so a killed run resumes from there; the caller builds and publishes the
/// output set from the journal (newsner-run).
pub fn tag_into(
    model: &NerModel,
    runtime: Runtime,
    input: &Input,
    folder: &OutputFolder,
    options: &PipelineOptions,
    progress: &dyn Progress,
) -> Result<Journaled> {
    let mut sessions = make_sessions(model, runtime, options)?;
    tag_into_with(model, &mut sessions, input, folder, options, progress)
}

pub(crate) fn make_sessions(
    model: &NerModel,
    runtime: Runtime,
    options: &PipelineOptions,
) -> Result<Vec<NerSession>> {
    (0..options.sessions.max(1))
        .map(|_| Ok(model.session(runtime, &options.session_options())?))
        .collect()
}

pub(crate) fn tag_into_with(
    model: &NerModel,
    sessions: &mut [NerSession],
    input: &Input,
    folder: &OutputFolder,
    options: &PipelineOptions,
    progress: &dyn Progress,
) -> Result<Journaled> {
    let source = match input {
        Input::Paths(paths) => {
            // The output folder is never read as input, even inside an input folder.
            let (files, skipped) = discover_excluding(paths, &[folder.root().to_path_buf()]);
            Source::Files { files, skipped }
        }
        Input::Stdin => match open_stdin(&options.limits) {
            StdinInput::Records(records) => Source::Records(records),
            StdinInput::Whole(items) => Source::Items(items),
        },
        Input::Documents(docs) => Source::Items(docs.iter().cloned().map(Ingested::Doc).collect()),
    };
    let run_id = match &source {
        Source::Files { files, skipped } => {
            checkpoint::run_ids(model, options, input, files, skipped)
        }
        _ => checkpoint::run_ids(model, options, input, &[], &[]),
    };
    let checkpoint::Start {
        mut journal,
        resume,
    } = checkpoint::start(&folder.work_dir(), &run_id, input, options)?;
    let resumed = resume.position;
    if let Source::Files { files, .. } = &source {
        progress.set_total(files.iter().map(|f| f.size).sum());
        progress.advance(resumed.input_bytes);
    }

    let mut last_commit = Instant::now();
    let streamed = stream(
        model,
        sessions,
        source,
        resume,
        options,
        &mut |item, position| {
            journal.push(&item);
            checkpoint::maybe_commit(&mut journal, position, options.checkpoint, &mut last_commit)
        },
        progress,
    )?;
    journal.commit(streamed.assembled.position)?;
    if streamed.assembled.stopped {
        return Err(Interrupted.into());
    }
    let produced = streamed.produced;
    Ok(Journaled {
        journal,
        resumed: resumed.items,
        windows: produced.windows,
        batches: produced.batches,
        real_tokens: produced.real_tokens,
        padded_tokens: produced.padded_tokens,
        timings: Timings {
            read_tokenize_s: produced.busy.as_secs_f64(),
            ingest_s: produced.ingest.as_secs_f64(),
            inference_s: streamed.infer_busy.as_secs_f64(),
            decode_write_s: streamed.assembled.busy.as_secs_f64(),
            ..Timings::default()
        },
    })
}

/// Tags documents in memory: each becomes a [`PartItem`], in order.
pub(crate) fn tag_with(
    model: &NerModel,
    sessions: &mut [NerSession],
    items: Vec<Ingested>,
    ids: Ids,
    options: &PipelineOptions,
) -> Result<Vec<PartItem>> {
    let options = PipelineOptions {
        shard: None,
        ..options.clone()
    };
    let source = Source::Items(items);
    let mut items = Vec::new();
    let resume = Resume {
        position: Position::default(),
        ids: match ids {
            Ids::MakeUnique => Some(IdSet::default()),
            Ids::AsGiven => None,
        },
    };
    let streamed = stream(
        model,
        sessions,
        source,
        resume,
        &options,
        &mut |item, _| {
            items.push(item);
            Ok(())
        },
        &(),
    )?;
    if streamed.assembled.stopped {
        return Err(Interrupted.into());
    }
    Ok(items)
}

/// What the threads of one pass did.
struct Streamed {
    produced: Produced,
    assembled: Assembled,
    infer_busy: std::time::Duration,
}

/// The producer, the inference workers (one per session) and the
/// assembler, joined by bounded channels; tagged items go to `sink` in
/// reading order.
fn stream(
    model: &NerModel,
    sessions: &mut [NerSession],
    source: Source,
    resume: Resume,
    options: &PipelineOptions,
    sink: &mut Sink,
    progress: &dyn Progress,
) -> Result<Streamed> {
    let start = resume.position;
    let (doc_tx, doc_rx) = crossbeam_channel::bounded(options.channel_docs());
    let (batch_tx, batch_rx) = crossbeam_channel::bounded(options.channel_batches());
    let (result_tx, result_rx) = crossbeam_channel::bounded(options.channel_batches());

    std::thread::scope(|scope| {
        let producer =
            scope.spawn(|| produce::produce(model, source, resume, options, doc_tx, batch_tx));
        let mut workers = Vec::new();
        for (i, session) in sessions.iter_mut().enumerate() {
            let batch_rx = batch_rx.clone();
            let result_tx = result_tx.clone();
            workers.push(scope.spawn(move || -> Result<std::time::Duration> {
                let mut busy = std::time::Duration::ZERO;
                for batch in batch_rx {
                    let t = Instant::now();
                    let logits = session
                        .run(&batch)
                        .map_err(|e| anyhow::anyhow!("session {i}: {e}"))?;
                    busy += t.elapsed();
                    if result_tx.send(logits).is_err() {
                        break;
                    }
                }
                Ok(busy)
            }));
        }
        drop(batch_rx);
        drop(result_tx);
        let assembled =
            assemble::assemble(model, options, doc_rx, result_rx, start, sink, progress);
        let produced = producer
            .join()
            .map_err(|_| anyhow::anyhow!("the reading thread panicked"))?;
        let mut infer_busy = std::time::Duration::ZERO;
        for w in workers {
            infer_busy += w
                .join()
                .map_err(|_| anyhow::anyhow!("an inference thread panicked"))??;
        }
        let assembled = assembled?;
        // A stop makes the producer end with `Interrupted`; the assembler
        // has kept what was done, and the caller commits it.
        let produced = match produced {
            Err(e) if assembled.stopped && e.is::<Interrupted>() => Produced::default(),
            other => other?,
        };
        Ok(Streamed {
            produced,
            assembled,
            infer_busy,
        })
    })
}
