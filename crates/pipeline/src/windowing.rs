//! Documents into windows, windows into batches: the one window-and-batch
//! loop. The producer runs it on every document of a run; the bench's
//! ceiling runs it too, so what it times are the very batches a run forms.

use crate::options::PipelineOptions;
use newsner_infer::{Batch, Batcher, NerModel};
use newsner_tokenize::{plan_windows, DocWindows, Tokenize, TokenizedDoc, WindowPlan};

pub struct Windowing<'m> {
    model: &'m NerModel,
    plan: WindowPlan,
    batcher: Batcher,
}

impl<'m> Windowing<'m> {
    pub fn new(model: &'m NerModel, options: &PipelineOptions) -> Self {
        Windowing {
            model,
            plan: model.window_plan(options.max_length, options.stride),
            batcher: Batcher::new(
                options.batch_tokens,
                options.batch_lookahead(),
                model.tokenizer.pad_id(),
            )
            .with_max_padding(options.max_padding),
        }
    }

    /// Cuts document `seq` into windows and queues them for batching;
    /// returns the document's windows and the batches that became ready
    /// (which may hold windows of this document: the caller hands the
    /// document on before them). A document without tokens has no windows.
    pub fn push(&mut self, seq: usize, tokens: &TokenizedDoc) -> (DocWindows, Vec<Batch>) {
        if tokens.is_empty() {
            return (DocWindows::default(), Vec::new());
        }
        let windows = plan_windows(tokens, self.plan, self.model.tokenizer.frame());
        let layout = DocWindows::new(&windows);
        let mut ready = Vec::new();
        for (index, window) in windows.into_iter().enumerate() {
            ready.extend(self.batcher.push(seq, index, window.ids, window.type_ids));
        }
        (layout, ready)
    }

    /// Batches every window still queued.
    pub fn flush(&mut self) -> Vec<Batch> {
        self.batcher.flush()
    }
}
