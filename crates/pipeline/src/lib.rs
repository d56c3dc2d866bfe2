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
mod mentions;
mod options;
mod produce;

pub use checkpoint::{CheckpointPolicy, Unfinished, UnfinishedRun};
pub use mentions::document_mentions;
pub use options::{peak_rss_mb, Input, PipelineOptions, Progress, RunReport, Timings, TimingsFile};

use anyhow::{Context, Result};
use newsner_aggregate::{build, BuildSettings, OutputFolder};
use newsner_infer::NerModel;
use newsner_ingest::{discover_excluding, open_stdin, Ingested, StdinInput};
use produce::Source;
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

/// Runs the whole pipeline and publishes every output file in `out`.
///
/// Tagged documents are committed to a journal in `out/.newsner/work` as
/// they complete; the aggregate stage builds the output set from it and
/// switches `out` to that set in one step.
pub fn run(
    model: &NerModel,
    env: &ort::environment::Environment,
    input: &Input,
    out: &Path,
    options: &PipelineOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let started = Instant::now();
    // Sessions first: a broken model fails before any work is done.
    let mut sessions = Vec::new();
    for _ in 0..options.sessions.max(1) {
        sessions.push(model.session(env, &options.session_options())?);
    }
    let folder = OutputFolder::open(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
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
    let checkpoint::Start { mut journal, ids } =
        checkpoint::start(&folder.work_dir(), &key, input, options.unfinished)?;
    let resumed = journal.done();
    if let Source::Files { files, .. } = &source {
        progress.set_total(files.iter().map(|f| f.size).sum());
        progress.advance(resumed.input_bytes);
    }

    let (doc_tx, doc_rx) = crossbeam_channel::bounded(options.channel_docs());
    let (batch_tx, batch_rx) = crossbeam_channel::bounded(options.channel_batches());
    let (result_tx, result_rx) = crossbeam_channel::bounded(options.channel_batches());

    let outcome = std::thread::scope(|scope| {
        let producer = scope
            .spawn(|| produce::produce(model, source, resumed, ids, options, doc_tx, batch_tx));
        let mut workers = Vec::new();
        for (i, mut session) in sessions.into_iter().enumerate() {
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
            assemble::assemble(model, options, doc_rx, result_rx, &mut journal, progress);
        let produced = producer
            .join()
            .map_err(|_| anyhow::anyhow!("the reading thread panicked"))?;
        let mut infer_busy = std::time::Duration::ZERO;
        for w in workers {
            infer_busy += w
                .join()
                .map_err(|_| anyhow::anyhow!("an inference thread panicked"))??;
        }
        let produced = produced?;
        let assembled = assembled?;
        Ok::<_, anyhow::Error>((produced, assembled, infer_busy))
    });
    let (produced, assembled, infer_busy) = outcome?;

    // The aggregate stage, over every committed part (this run's and, when
    // resumed, the earlier process's).
    let t = Instant::now();
    let settings = BuildSettings {
        model: model.name().to_string(),
        aggregation: options.aggregation.as_str().to_string(),
        join_adjacent: model.manifest.labels.join_adjacent.clone(),
        formats: options.formats,
        report_docs: options.report_docs,
    };
    let built = build(journal.items(), &folder, &settings)?;
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
    report.timings.inference_s = infer_busy.as_secs_f64();
    report.timings.figures_s = built.figures_time.as_secs_f64();
    report.timings.decode_write_s =
        (assembled.busy + t.elapsed()).as_secs_f64() - report.timings.figures_s;
    report.timings.total_s = started.elapsed().as_secs_f64();
    built.add_file("timings.json", &report.timings_json()?)?;
    report.rows = built.rows.clone();
    report.summary = Some(built.summary.clone());
    report.written = built.publish(&folder)?;
    journal.remove()?;
    Ok(report)
}
