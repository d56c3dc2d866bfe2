//! The ceiling: ONNX Runtime alone on the very batches the pipeline forms,
//! pre-tokenized and pre-batched, so only `Session::run` is timed.

use crate::Entities;
use anyhow::Result;
use ndarray::Array2;
use newsner_infer::{Batch, BatchLogits, NerModel};
use newsner_ingest::Document;
use newsner_pipeline::{document_mentions, PipelineOptions, Windowing};
use newsner_tokenize::{DocWindows, Tokenize, TokenizedDoc};
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
    // The pipeline's own window-and-batch loop, so the batches are a run's.
    let mut windowing = Windowing::new(model, options);
    let mut batches: Vec<Batch> = Vec::new();
    let mut tokenized: Vec<(TokenizedDoc, DocWindows)> = Vec::with_capacity(docs.len());
    for (seq, doc) in docs.iter().enumerate() {
        let tokens = model.tokenizer.tokenize(&doc.text)?;
        let (windows, ready) = windowing.push(seq, &tokens);
        batches.extend(ready);
        tokenized.push((tokens, windows));
    }
    batches.extend(windowing.flush());
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
    let results: Vec<Vec<BatchLogits>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .into_iter()
            .map(|mut session| {
                let rx = rx.clone();
                let batches = &batches;
                scope.spawn(move || -> Result<Vec<BatchLogits>> {
                    let mut out = Vec::new();
                    for i in rx {
                        out.push(session.run(&batches[i]).map_err(anyhow::Error::msg)?);
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
    let entities = entities(model, options, docs, &tokenized, &results)?;
    Ok(CeilingRun {
        seconds,
        real_tokens,
        padded_tokens,
        entities,
    })
}

/// The entities of the ceiling's logits, decoded as a run decodes them.
fn entities(
    model: &NerModel,
    options: &PipelineOptions,
    docs: &[Document],
    tokenized: &[(TokenizedDoc, DocWindows)],
    results: &[Vec<BatchLogits>],
) -> Result<Entities> {
    let mut window_logits: BTreeMap<(usize, usize), Array2<f32>> = BTreeMap::new();
    for batch in results.iter().flatten() {
        for (row, logits) in batch.windows() {
            window_logits.insert((row.doc, row.window), logits.to_owned());
        }
    }
    let mut entities = Entities::new();
    for (seq, (tokens, windows)) in tokenized.iter().enumerate() {
        let outputs = (0..windows.len())
            .map(|w| window_logits.remove(&(seq, w)))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| anyhow::anyhow!("a window of document {seq} got no logits"))?;
        for m in document_mentions(
            model,
            options.aggregation,
            options.one_type_per_name,
            &docs[seq],
            tokens,
            windows,
            &outputs,
        ) {
            entities.insert((m.doc, m.start, m.end, m.model_label));
        }
    }
    Ok(entities)
}
