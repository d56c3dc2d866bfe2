//! The assembler: gathers each document's window logits, decodes entities
//! and hands documents on (to the run's journal) strictly in reading order.

use crate::mentions::document_mentions;
use crate::options::{PipelineOptions, Progress};
use crate::produce::{DocMsg, Item};
use anyhow::{bail, Result};
use crossbeam_channel::{select, Receiver};
use ndarray::Array2;
use newsner_infer::{BatchLogits, NerModel};
use newsner_records::{PartItem, Position};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

struct PendingDoc<M, L> {
    msg: M,
    logits: Vec<Option<L>>,
    missing: usize,
}

/// Each document's window logits, gathered as they arrive. The producer
/// sends a document before its windows, but the assembler selects between
/// the document and result channels, and when both are ready either may
/// come first: a window's logits can arrive before its document, and are
/// kept until it does.
struct Gathered<M, L> {
    pending: BTreeMap<usize, PendingDoc<M, L>>,
    early: BTreeMap<(usize, usize), L>,
}

impl<M, L> Gathered<M, L> {
    fn new() -> Self {
        Gathered {
            pending: BTreeMap::new(),
            early: BTreeMap::new(),
        }
    }

    /// Document `seq` with `windows` windows has arrived.
    fn document(&mut self, seq: usize, windows: usize, msg: M) {
        let mut doc = PendingDoc {
            logits: (0..windows).map(|_| None).collect(),
            missing: windows,
            msg,
        };
        for w in 0..windows {
            if let Some(l) = self.early.remove(&(seq, w)) {
                doc.logits[w] = Some(l);
                doc.missing -= 1;
            }
        }
        self.pending.insert(seq, doc);
    }

    /// The logits of window `window` of document `doc` have arrived.
    fn logits(&mut self, doc: usize, window: usize, logits: L) -> Result<()> {
        let twice = || anyhow::anyhow!("window {window} of document {doc} came back twice");
        match self.pending.get_mut(&doc) {
            Some(d) => match d.logits.get_mut(window) {
                Some(slot @ None) => {
                    *slot = Some(logits);
                    d.missing -= 1;
                }
                Some(Some(_)) => return Err(twice()),
                None => anyhow::bail!(
                    "window {window} came back for document {doc}, which has {} window(s)",
                    d.logits.len()
                ),
            },
            None => {
                if self.early.insert((doc, window), logits).is_some() {
                    return Err(twice());
                }
            }
        }
        Ok(())
    }

    /// Document `seq` with all its windows' logits, once complete.
    fn take_complete(&mut self, seq: usize) -> Option<(M, Vec<L>)> {
        if self.pending.get(&seq).is_none_or(|d| d.missing != 0) {
            return None;
        }
        let done = self.pending.remove(&seq)?;
        Some((done.msg, done.logits.into_iter().flatten().collect()))
    }

    /// Documents still waiting for logits (or for earlier documents).
    fn waiting(&self) -> usize {
        self.pending.len()
    }
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

/// A document with all its logits, decoded to its mentions; a skipped item
/// as it is.
fn tagged_item(
    model: &NerModel,
    options: &PipelineOptions,
    order: u64,
    item: Item,
    logits: &[Array2<f32>],
) -> PartItem {
    let order = Some(order);
    match item {
        Item::Failed(error) => {
            tracing::warn!("skipped {error}");
            PartItem::Error { error, order }
        }
        Item::Doc {
            doc,
            tokens,
            windows,
        } => {
            let mentions = document_mentions(
                model,
                options.aggregation,
                options.one_type_per_name,
                &doc,
                &tokens,
                &windows,
                logits,
            );
            PartItem::Document {
                document: doc,
                mentions,
                order,
            }
        }
    }
}

/// Decodes documents as their logits complete and hands them, in reading
/// order, to `sink` (the journal of a run, or memory).
pub(crate) fn assemble(
    model: &NerModel,
    options: &PipelineOptions,
    doc_rx: Receiver<DocMsg>,
    result_rx: Receiver<BatchLogits>,
    start: Position,
    sink: &mut Sink,
    progress: &dyn Progress,
) -> Result<Assembled> {
    let mut gathered: Gathered<DocMsg, Array2<f32>> = Gathered::new();
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
                    gathered.document(msg.seq, windows, msg);
                }
                Err(_) => {
                    docs_open = false;
                    doc_rx = crossbeam_channel::never();
                }
            },
            recv(result_rx) -> res => match res {
                Ok(batch) => {
                    for (row, logits) in batch.windows() {
                        gathered.logits(row.doc, row.window, logits.to_owned())?;
                    }
                }
                Err(_) => {
                    results_open = false;
                    result_rx = crossbeam_channel::never();
                }
            },
        }
        let t = Instant::now();
        while let Some((msg, logits)) = gathered.take_complete(next_seq) {
            next_seq += 1;
            progress.advance(msg.bytes);
            let item = tagged_item(model, options, msg.order, msg.item, &logits);
            position.items = next_seq as u64;
            position.input_bytes += msg.bytes;
            if let Some(files) = msg.file_end {
                position.files_done = files;
                position.items_at_files_done = next_seq as u64;
            }
            sink(item, position)?;
        }
        busy += t.elapsed();
    }
    // Stopped by a signal: what is done in order is kept (for --resume).
    let stopped = crate::stop_requested();
    if !stopped && gathered.waiting() > 0 {
        bail!("{} documents never received their inference results (an inference thread stopped early)", gathered.waiting());
    }
    Ok(Assembled {
        busy,
        position,
        stopped,
    })
}

#[cfg(test)]
mod tests {
    use super::Gathered;

    #[test]
    fn logits_that_arrive_before_their_document_are_kept_for_it() {
        let mut g: Gathered<&str, Vec<f32>> = Gathered::new();
        // The result channel won the select: window 1 of document 0 first.
        g.logits(0, 1, vec![1.0]).unwrap();
        assert!(g.take_complete(0).is_none(), "no document yet");
        g.document(0, 2, "doc 0");
        assert!(g.take_complete(0).is_none(), "window 0 still missing");
        g.logits(0, 0, vec![0.0]).unwrap();
        let (msg, logits) = g.take_complete(0).unwrap();
        assert_eq!((msg, logits), ("doc 0", vec![vec![0.0], vec![1.0]]));
        // A document without windows (a skipped item) is complete at once.
        g.document(1, 0, "skipped");
        assert_eq!(g.take_complete(1).map(|(m, _)| m), Some("skipped"));
        assert_eq!(g.waiting(), 0);
    }

    #[test]
    fn a_window_that_comes_back_twice_is_an_error_whenever_it_comes() {
        let mut g: Gathered<(), Vec<f32>> = Gathered::new();
        g.logits(3, 0, vec![]).unwrap();
        assert!(g.logits(3, 0, vec![]).is_err(), "twice before its document");
        g.document(4, 1, ());
        g.logits(4, 0, vec![]).unwrap();
        assert!(g.logits(4, 0, vec![]).is_err(), "twice after it");
        let unknown = g.logits(4, 7, vec![]).unwrap_err().to_string();
        assert!(unknown.contains("has 1 window"), "{unknown}");
    }
}
