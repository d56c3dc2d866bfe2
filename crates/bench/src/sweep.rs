//! The settings sweep (batch budget, sessions, threads) on part of the
//! corpus, and newsner's memory on half of it.

use crate::measure::{run_newsner, SweepPoint};
use crate::Args;
use anyhow::Result;
use newsner_infer::{NerModel, Runtime};
use newsner_ingest::Document;
use newsner_pipeline::{Input, PipelineOptions};
use std::path::Path;
use std::time::Instant;

/// Documents the sweep runs on (quick: fewer).
const SWEEP_DOCS: usize = 250;
const QUICK_SWEEP_DOCS: usize = 40;

/// Tokens per second under several settings, through the library (one
/// process, the model loaded once).
pub fn sweep(
    args: &Args,
    model: &NerModel,
    runtime: Runtime,
    documents: &[Document],
    options: &PipelineOptions,
) -> Result<Vec<SweepPoint>> {
    let limit = if args.quick {
        QUICK_SWEEP_DOCS
    } else {
        SWEEP_DOCS
    };
    let subset = &documents[..documents.len().min(limit)];
    let cores = options.intra_threads;
    let mut configs: Vec<(usize, usize, usize, usize)> = vec![
        (options.batch_tokens, 1, 1, 1),
        (options.batch_tokens, 1, cores, cores),
        (options.batch_tokens, cores, 1, cores),
    ];
    if !args.quick {
        for budget in [1024, 2048, 8192, 16384, 32768] {
            configs.push((budget, 1, cores, cores));
        }
    }
    let mut points = Vec::new();
    for (batch_tokens, sessions, intra_threads, tokenize_threads) in configs {
        eprintln!(
            "bench: sweep budget {batch_tokens}, {sessions} session(s) x {intra_threads} thread(s)"
        );
        let opts = PipelineOptions {
            batch_tokens,
            sessions,
            intra_threads,
            tokenize_threads,
            ..options.clone()
        };
        let scratch = args.out.join("sweep");
        let started = Instant::now();
        let report = newsner_run::run_model(
            model,
            runtime,
            &Input::Documents(subset.to_vec()),
            &scratch,
            &opts,
            &newsner_run::OutputOptions::default(),
            &(),
        )?;
        let seconds = started.elapsed().as_secs_f64();
        points.push(SweepPoint {
            batch_tokens,
            sessions,
            intra_threads,
            tokenize_threads,
            tokens_per_s: report.real_tokens as f64 / seconds,
            padding_share: report.padding_share(),
        });
    }
    Ok(points)
}

/// newsner's peak RSS on the first half of the corpus, beside `all` (its
/// peak on the whole): memory must not grow with the corpus.
pub fn rss_half(args: &Args, corpus: &Path, all: Option<f64>) -> Result<Option<(f64, f64)>> {
    eprintln!("bench: memory on half the corpus");
    let half = args.out.join("corpus").join("half.jsonl");
    let text = std::fs::read_to_string(corpus)?;
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&half, lines[..lines.len() / 2].join("\n") + "\n")?;
    let half_timings = run_newsner(args, &half, &args.out.join("newsner-half"))?;
    Ok(half_timings.peak_rss_mb.zip(all))
}
