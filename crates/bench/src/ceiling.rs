//! The ceiling: ONNX Runtime alone on the very batches the pipeline forms,
//! pre-tokenized and pre-batched, so only `Session::run` is timed.

use crate::Entities;
use anyhow::Result;
use newsner_infer::{Batch, Batcher, NerModel};
use newsner_ingest::Document;
use newsner_pipeline::{document_mentions, PipelineOptions};
use newsner_tokenize::{plan_windows, Tokenize, TokenizedDoc, Window};
use std::collections::BTreeMap;
use std::time::Instant;

pub struct CeilingRun {
    pub seconds: f64,
    pub real_tokens: usize,
    pub padded_tokens: usize,
    pub entities: Entities,
}

pub fn run(
    model: &NerModel,
    runtime: newsner_infer::Runtime,
    docs: &[Document],
    options: &PipelineOptions,
) -> Result<CeilingRun> {
    let plan = model.window_plan(options.max_length, options.stride);
    let mut batcher = Batcher::new(
        options.batch_tokens,
        options.lookahead,
        model.tokenizer.pad_id(),
    )
    .with_max_padding(options.max_padding);
    let mut batches: Vec<Batch> = Vec::new();
    let mut tokenized: Vec<(TokenizedDoc, Vec<Window>)> = Vec::with_capacity(docs.len());
    for (seq, doc) in docs.iter().enumerate() {
        let tokens = model.tokenizer.tokenize(&doc.text)?;
        let windows = if tokens.is_empty() {
            Vec::new()
        } else {
            plan_windows(&tokens, plan, model.tokenizer.frame())
        };
        for (i, w) in windows.iter().enumerate() {
            batches.extend(batcher.push(seq, i, w.ids.clone(), w.type_ids.clone()));
        }
        tokenized.push((tokens, windows));
    }
    batches.extend(batcher.flush());
    let real_tokens = batches.iter().map(Batch::real_tokens).sum();
    let padded_tokens = batches.iter().map(Batch::padded_tokens).sum();

    let mut sessions = Vec::new();
    for _ in 0..options.sessions.max(1) {
        sessions.push(model.session(runtime, &options.session_options())?);
    }
    let (tx, rx) = crossbeam_channel::unbounded();
    for i in 0..batches.len() {
        tx.send(i)?;
    }
    drop(tx);
    let started = Instant::now();
    let results: Vec<Vec<(usize, Vec<f32>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .into_iter()
            .map(|mut session| {
                let rx = rx.clone();
                let batches = &batches;
                scope.spawn(move || -> Result<Vec<(usize, Vec<f32>)>> {
                    let mut out = Vec::new();
                    for i in rx {
                        out.push((i, session.run(&batches[i]).map_err(anyhow::Error::msg)?));
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("ceiling thread panicked"))?
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let seconds = started.elapsed().as_secs_f64();

    // Untimed: decode, to check the ceiling computes the same entities.
    let width = model.labels.len();
    let mut window_logits: BTreeMap<(usize, usize), Vec<f32>> = BTreeMap::new();
    for (i, logits) in results.into_iter().flatten() {
        let batch = &batches[i];
        for (r, row) in batch.rows.iter().enumerate() {
            let start = r * batch.seq_len * width;
            window_logits.insert(
                (row.doc, row.window),
                logits[start..start + row.len * width].to_vec(),
            );
        }
    }
    let mut entities = Entities::new();
    for (seq, (tokens, windows)) in tokenized.iter().enumerate() {
        let spans: Vec<_> = windows.iter().map(Window::span).collect();
        let outputs: Vec<Vec<f32>> = (0..windows.len())
            .map(|w| window_logits.remove(&(seq, w)).unwrap_or_default())
            .collect();
        for m in document_mentions(
            model,
            options.aggregation,
            options.one_type_per_name,
            &docs[seq],
            tokens,
            &spans,
            &outputs,
        ) {
            entities.insert((m.doc, m.start, m.end, m.model_label));
        }
    }
    Ok(CeilingRun {
        seconds,
        real_tokens,
        padded_tokens,
        entities,
    })
}
