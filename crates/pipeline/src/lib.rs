//! The newsner run: ingest -> tokenize -> batched inference -> decode ->
//! aggregate, as a streaming pipeline.
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
mod locate;
mod mentions;
mod options;
mod place;
mod produce;
mod tagger;

pub use checkpoint::{CheckpointPolicy, Unfinished, UnfinishedRun};
pub use locate::Locations;
pub use mentions::document_mentions;
pub use options::{peak_rss_mb, Input, PipelineOptions, Progress, RunReport, Timings, TimingsFile};
pub use place::Shard;
pub use tagger::{Ids, Tagged, Tagger};

use anyhow::{Context, Result};
use assemble::{Assembled, Sink};
use newsner_aggregate::{build, BuildSettings, IdSet, OutputFolder, PartItem, Position};
use newsner_infer::{NerModel, NerSession, Runtime};
use newsner_ingest::{discover_excluding, open_stdin, Ingested, StdinInput};
use produce::{Produced, Resume, Source};
use std::path::Path;
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
#[error("interrupted: the work done so far is saved; run the same command with --resume to continue (the output folder keeps its previous complete files)")]
pub struct Interrupted;

/// Runs the whole pipeline and publishes every output file in `out`, with
/// sessions made for this run ([`Tagger::run`] reuses its own).
///
/// Tagged documents are committed to a journal in `out/.newsner/work` as
/// they complete; the aggregate stage builds the output set from it and
/// switches `out` to that set in one step.
pub fn run(
    model: &NerModel,
    runtime: Runtime,
    input: &Input,
    out: &Path,
    options: &PipelineOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let mut sessions = make_sessions(model, runtime, options)?;
    run_with(model, &mut sessions, input, out, options, progress)
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

pub(crate) fn run_with(
    model: &NerModel,
    sessions: &mut [NerSession],
    input: &Input,
    out: &Path,
    options: &PipelineOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let started = Instant::now();
    let folder = OutputFolder::open(out)
        .with_context(|| format!("cannot use output folder {}", out.display()))?;
    let source = match input {
        Input::Paths(paths) => {
            // The output folder is never read as input, even inside an input folder.
            let (files, skipped) = discover_excluding(paths, &[out.to_path_buf()]);
            Source::Files { files, skipped }
        }
        Input::Stdin => match open_stdin(&options.limits) {
            StdinInput::Records(records) => Source::Records(records),
            StdinInput::Whole(items) => Source::Items(items),
        },
        Input::Documents(docs) => Source::Items(docs.iter().cloned().map(Ingested::Doc).collect()),
    };
    let key = match &source {
        Source::Files { files, skipped } => {
            checkpoint::run_key(model, options, input, files, skipped)
        }
        _ => checkpoint::run_key(model, options, input, &[], &[]),
    };
    let checkpoint::Start {
        mut journal,
        resume,
    } = checkpoint::start(&folder.work_dir(), &key, input, options)?;
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

    // The aggregate stage, over every committed part (this run's and, when
    // resumed, the earlier process's).
    let t = Instant::now();
    let settings = BuildSettings {
        model: model.name().to_string(),
        aggregation: options.aggregation.as_str().to_string(),
        join_adjacent: model.manifest.labels.join_adjacent.clone(),
        formats: options.formats,
        report_docs: options.report_docs,
        shard: options.shard.map(|s| s.to_string()),
    };
    let built = build(journal.items(), &folder, &settings)?;
    let produced = streamed.produced;
    let mut report = RunReport {
        documents: built.documents,
        errors: built.errors,
        mentions: built.mentions,
        figures: built.figures,
        resumed: resumed.items as usize,
        windows: produced.windows,
        real_tokens: produced.real_tokens,
        padded_tokens: produced.padded_tokens,
        batches: produced.batches,
        ..RunReport::default()
    };
    report.timings.read_tokenize_s = produced.busy.as_secs_f64();
    report.timings.ingest_s = produced.ingest.as_secs_f64();
    report.timings.inference_s = streamed.infer_busy.as_secs_f64();
    report.timings.figures_s = built.figures_time.as_secs_f64();
    report.timings.decode_write_s =
        (streamed.assembled.busy + t.elapsed()).as_secs_f64() - report.timings.figures_s;
    report.timings.total_s = started.elapsed().as_secs_f64();
    built.add_file("timings.json", &report.timings_json()?)?;
    report.rows = built.rows.clone();
    report.summary = Some(built.summary.clone());
    report.written = built.publish(&folder)?;
    journal.remove()?;
    Ok(report)
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
                    if result_tx.send((batch.rows, batch.seq_len, logits)).is_err() {
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
