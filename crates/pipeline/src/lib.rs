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
mod mentions;
mod options;
mod produce;

pub use mentions::document_mentions;
pub use options::{peak_rss_mb, Input, PipelineOptions, Progress, RunReport, Timings, TimingsFile};

use anyhow::{Context, Result};
use newsner_aggregate::OutputWriter;
use newsner_infer::NerModel;
use std::path::Path;
use std::time::Instant;

static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks a running pipeline to stop (from a signal handler: SIGINT, SIGTERM).
/// The run ends with [`Interrupted`] at the next group of files; no output
/// file is replaced and no temporary file stays behind.
pub fn request_stop() {
    STOP.store(true, std::sync::atomic::Ordering::SeqCst);
}

pub(crate) fn stop_requested() -> bool {
    STOP.load(std::sync::atomic::Ordering::SeqCst)
}

/// The error of a run stopped by [`request_stop`].
#[derive(Debug, thiserror::Error)]
#[error("interrupted: stopped before the end; the output folder keeps its previous files")]
pub struct Interrupted;

/// Runs the whole pipeline and writes every output file into `out`.
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
    let writer = OutputWriter::create(out, options.formats, options.report_docs)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;

    let (doc_tx, doc_rx) = crossbeam_channel::bounded(options.channel_docs());
    let (batch_tx, batch_rx) = crossbeam_channel::bounded(options.channel_batches());
    let (result_tx, result_rx) = crossbeam_channel::bounded(options.channel_batches());

    let outcome = std::thread::scope(|scope| {
        let producer = scope
            .spawn(|| produce::produce(model, input, out, options, doc_tx, batch_tx, progress));
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
        let assembled = assemble::assemble(model, options, doc_rx, result_rx, writer, progress);
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
    let (produced, mut report, infer_busy) = outcome?;
    report.timings.read_tokenize_s = produced.busy.as_secs_f64();
    report.timings.inference_s = infer_busy.as_secs_f64();
    report.timings.total_s = started.elapsed().as_secs_f64();
    report.windows = produced.windows;
    report.real_tokens = produced.real_tokens;
    report.padded_tokens = produced.padded_tokens;
    report.batches = produced.batches;
    report.write_timings(out)?;
    Ok(report)
}
