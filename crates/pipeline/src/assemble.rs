//! The assembler: gathers each document's window logits, decodes entities
//! and hands documents on (to the run's journal) strictly in reading order.

use crate::mentions::document_mentions;
use crate::options::{PipelineOptions, Progress};
use crate::produce::{DocMsg, Item};
use anyhow::{bail, Result};
use crossbeam_channel::{select, Receiver};
use newsner_aggregate::{PartItem, Position};
use newsner_infer::{BatchRow, NerModel};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

struct PendingDoc {
    msg: DocMsg,
    logits: Vec<Option<Vec<f32>>>,
    missing: usize,
}

/// What the assembler did in this process.
pub(crate) struct Assembled {
    pub busy: Duration,
    /// Where reading stands after the last item handed to the sink.
    pub position: Position,
    /// A stop was requested: items after `position` were dropped.
    pub stopped: bool,
}

/// Where tagged items go, in reading order, with the position after each.
pub(crate) type Sink<'a> = dyn FnMut(PartItem, Position) -> Result<()> + 'a;

/// Decodes documents as their logits complete and hands them, in reading
/// order, to `sink` (the journal of a run, or memory).
pub(crate) fn assemble(
    model: &NerModel,
    options: &PipelineOptions,
    doc_rx: Receiver<DocMsg>,
    result_rx: Receiver<(Vec<BatchRow>, usize, Vec<f32>)>,
    start: Position,
    sink: &mut Sink,
    progress: &dyn Progress,
) -> Result<Assembled> {
    let width = model.labels.len();
    let mut pending: BTreeMap<usize, PendingDoc> = BTreeMap::new();
    // Logits that arrived before their document (cannot happen with the
    // producer's send order, but costs nothing to tolerate).
    let mut early: BTreeMap<(usize, usize), Vec<f32>> = BTreeMap::new();
    let mut position = start;
    let mut next_seq = position.items as usize;
    let mut busy = Duration::ZERO;
    // A closed channel is swapped for one that never fires; selecting on a
    // closed one would return at once, forever, and spin a core.
    let (mut doc_rx, mut result_rx) = (doc_rx, result_rx);
    let (mut docs_open, mut results_open) = (true, true);

    while docs_open || results_open {
        select! {
            recv(doc_rx) -> msg => match msg {
                Ok(msg) => {
                    let windows = match &msg.item { Item::Doc { windows, .. } => windows.len(), Item::Failed(_) => 0 };
                    let mut doc = PendingDoc { logits: vec![None; windows], missing: windows, msg };
                    let seq = doc.msg.seq;
                    for w in 0..windows {
                        if let Some(l) = early.remove(&(seq, w)) {
                            doc.logits[w] = Some(l);
                            doc.missing -= 1;
                        }
                    }
                    pending.insert(seq, doc);
                }
                Err(_) => {
                    docs_open = false;
                    doc_rx = crossbeam_channel::never();
                }
            },
            recv(result_rx) -> res => match res {
                Ok((rows, seq_len, logits)) => {
                    for (r, row) in rows.iter().enumerate() {
                        let start = r * seq_len * width;
                        let row_logits = logits[start..start + row.len * width].to_vec();
                        match pending.get_mut(&row.doc) {
                            Some(doc) if doc.logits[row.window].is_none() => {
                                doc.logits[row.window] = Some(row_logits);
                                doc.missing -= 1;
                            }
                            Some(_) => bail!("window {} of document {} came back twice", row.window, row.doc),
                            None => { early.insert((row.doc, row.window), row_logits); }
                        }
                    }
                }
                Err(_) => {
                    results_open = false;
                    result_rx = crossbeam_channel::never();
                }
            },
        }
        let t = Instant::now();
        while pending.get(&next_seq).is_some_and(|d| d.missing == 0) {
            let Some(done) = pending.remove(&next_seq) else {
                break;
            };
            next_seq += 1;
            progress.advance(done.msg.bytes);
            let order = Some(done.msg.order);
            let item = match done.msg.item {
                Item::Failed(error) => {
                    tracing::warn!("skipped {error}");
                    PartItem::Error { error, order }
                }
                Item::Doc {
                    doc,
                    tokens,
                    windows,
                } => {
                    let logits: Vec<Vec<f32>> = done.logits.into_iter().flatten().collect();
                    let mentions = document_mentions(
                        model,
                        options.aggregation,
                        options.one_type_per_name,
                        &doc,
                        &tokens,
                        &windows,
                        &logits,
                    );
                    PartItem::Document {
                        document: doc,
                        mentions,
                        order,
                    }
                }
            };
            position.items = next_seq as u64;
            position.input_bytes += done.msg.bytes;
            if let Some(files) = done.msg.file_end {
                position.files_done = files;
                position.items_at_files_done = next_seq as u64;
            }
            sink(item, position)?;
        }
        busy += t.elapsed();
    }
    // Stopped by a signal: what is done in order is kept (for --resume).
    let stopped = crate::stop_requested();
    if !stopped && !pending.is_empty() {
        bail!("{} documents never received their inference results (an inference thread stopped early)", pending.len());
    }
    Ok(Assembled {
        busy,
        position,
        stopped,
    })
}
