//! The producer: reads inputs in order, tokenizes in parallel, cuts windows
//! and feeds the batcher.

use crate::options::{Input, PipelineOptions, Progress};
use crossbeam_channel::Sender;
use newsner_infer::{Batch, Batcher, NerModel};
use newsner_ingest::{
    discover_excluding, ingest_file, ingest_stdin, Document, ErrorKind, IngestError, Ingested,
    InputFile,
};
use newsner_tokenize::{plan_windows, Tokenize, TokenizedDoc, Window, WindowSpan};
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// A document (or a skipped item) on its way to the assembler.
pub(crate) struct DocMsg {
    pub seq: usize,
    /// Input bytes this item accounts for (progress).
    pub bytes: u64,
    pub item: Item,
}

pub(crate) enum Item {
    Doc {
        doc: Document,
        tokens: TokenizedDoc,
        windows: Vec<WindowSpan>,
    },
    Failed(IngestError),
}

pub(crate) struct Produced {
    pub busy: Duration,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
}

/// Files are read in groups so that reading and tokenizing run on all
/// threads while the order of documents stays that of the files.
const FILES_PER_GROUP: usize = 32;

pub(crate) fn produce(
    model: &NerModel,
    input: &Input,
    out: &std::path::Path,
    options: &PipelineOptions,
    doc_tx: Sender<DocMsg>,
    batch_tx: Sender<Batch>,
    progress: &dyn Progress,
) -> anyhow::Result<Produced> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.tokenize_threads.max(1))
        .thread_name(|i| format!("newsner-tokenize-{i}"))
        .build()?;
    let mut state = State {
        model,
        plan: model.window_plan(options.max_length, options.stride),
        batcher: Batcher::new(
            options.batch_tokens,
            options.lookahead,
            model.tokenizer.pad_id(),
        )
        .with_max_padding(options.max_padding),
        doc_tx,
        batch_tx,
        seq: 0,
        ids: Default::default(),
        produced: Produced {
            busy: Duration::ZERO,
            windows: 0,
            batches: 0,
            real_tokens: 0,
            padded_tokens: 0,
        },
    };
    match input {
        Input::Stdin | Input::Documents(_) => {
            let t = Instant::now();
            let items = match input {
                Input::Documents(docs) => docs.iter().cloned().map(Ingested::Doc).collect(),
                _ => ingest_stdin(&options.limits),
            };
            let tokenized = pool.install(|| tokenize_all(model, items, options.max_doc_tokens));
            state.produced.busy += t.elapsed();
            progress.set_total(0);
            for item in tokenized {
                if crate::stop_requested() {
                    return Err(crate::Interrupted.into());
                }
                if !state.emit(item, 0) {
                    return Ok(state.produced);
                }
            }
        }
        Input::Paths(paths) => {
            // The output folder is never read as input, even inside an input folder.
            let (files, skipped) = discover_excluding(paths, &[out.to_path_buf()]);
            progress.set_total(files.iter().map(|f| f.size).sum());
            for err in skipped {
                if !state.emit(Tokenized::Failed(err), 0) {
                    return Ok(state.produced);
                }
            }
            for group in files.chunks(FILES_PER_GROUP) {
                if crate::stop_requested() {
                    return Err(crate::Interrupted.into());
                }
                let t = Instant::now();
                let per_file: Vec<Vec<(Tokenized, u64)>> = pool.install(|| {
                    group
                        .par_iter()
                        .map(|file| {
                            let items = ingest_isolated(file, &options.limits);
                            let share = file.size / items.len().max(1) as u64;
                            let mut out: Vec<(Tokenized, u64)> =
                                tokenize_all(model, items, options.max_doc_tokens)
                                    .into_iter()
                                    .map(|t| (t, share))
                                    .collect();
                            // The remainder goes to the last item so bytes add up.
                            let others = share * (out.len() as u64).saturating_sub(1);
                            if let Some(last) = out.last_mut() {
                                last.1 = file.size.saturating_sub(others);
                            }
                            out
                        })
                        .collect()
                });
                state.produced.busy += t.elapsed();
                for (item, bytes) in per_file.into_iter().flatten() {
                    if crate::stop_requested() {
                        return Err(crate::Interrupted.into());
                    }
                    if !state.emit(item, bytes) {
                        return Ok(state.produced);
                    }
                }
            }
        }
    }
    let rest = state.batcher.flush();
    state.send_batches(rest);
    Ok(state.produced)
}

pub(crate) enum Tokenized {
    Doc(Document, TokenizedDoc),
    Failed(IngestError),
}

fn tokenize_all(model: &NerModel, items: Vec<Ingested>, max_tokens: usize) -> Vec<Tokenized> {
    items
        .into_par_iter()
        .map(|item| match item {
            Ingested::Failed(err) => Tokenized::Failed(err),
            Ingested::Doc(doc) => match model.tokenizer.tokenize(&doc.text) {
                // Tagging cost grows with tokens, not bytes: a 4 MB file of
                // emoji is a million tokens (minutes of inference).
                Ok(tokens) if tokens.len() > max_tokens => Tokenized::Failed(IngestError::new(
                    &doc.source,
                    Some(doc.id.clone()),
                    newsner_ingest::ErrorKind::TooLarge,
                    format!(
                        "{} tokens, over --max-doc-tokens {max_tokens}; split the document or raise the limit",
                        tokens.len()
                    ),
                )),
                Ok(tokens) => Tokenized::Doc(doc, tokens),
                Err(e) => Tokenized::Failed(IngestError::new(
                    &doc.source,
                    Some(doc.id.clone()),
                    newsner_ingest::ErrorKind::Unreadable,
                    format!("tokenizer failed: {e}"),
                )),
            },
        })
        .collect()
}

struct State<'m> {
    model: &'m NerModel,
    plan: newsner_tokenize::WindowPlan,
    batcher: Batcher,
    doc_tx: Sender<DocMsg>,
    batch_tx: Sender<Batch>,
    seq: usize,
    produced: Produced,
    /// Document ids so far: two sources that map to one id (a JSONL record
    /// whose id is another file's name) are kept apart.
    ids: std::collections::HashSet<String>,
}

impl State<'_> {
    /// The document's id, made unique: a repeated id gets `#2`, `#3`, …
    /// and a warning names both sources.
    fn unique_id(&mut self, doc: &mut Document) {
        if self.ids.insert(doc.id.clone()) {
            return;
        }
        let mut n = 2;
        let id = loop {
            let candidate = format!("{}#{n}", doc.id);
            if self.ids.insert(candidate.clone()) {
                break candidate;
            }
            n += 1;
        };
        tracing::warn!(
            "document id '{}' of {} is taken by an earlier document; kept as '{id}'",
            doc.id,
            doc.source
        );
        doc.id = id;
    }

    /// Sends one item downstream; `false` once the assembler has stopped.
    fn emit(&mut self, item: Tokenized, bytes: u64) -> bool {
        let seq = self.seq;
        self.seq += 1;
        let (msg_item, windows) = match item {
            Tokenized::Failed(err) => (Item::Failed(err), Vec::new()),
            Tokenized::Doc(mut doc, tokens) => {
                self.unique_id(&mut doc);
                let frame = self.model.tokenizer.frame();
                let windows: Vec<Window> = if tokens.is_empty() {
                    Vec::new()
                } else {
                    plan_windows(&tokens, self.plan, frame)
                };
                let spans = windows.iter().map(Window::span).collect();
                (
                    Item::Doc {
                        doc,
                        tokens,
                        windows: spans,
                    },
                    windows,
                )
            }
        };
        // The document goes first, so the assembler knows it before any of
        // its logits arrive.
        if self
            .doc_tx
            .send(DocMsg {
                seq,
                bytes,
                item: msg_item,
            })
            .is_err()
        {
            return false;
        }
        for (index, window) in windows.into_iter().enumerate() {
            self.produced.windows += 1;
            let ready = self.batcher.push(seq, index, window.ids, window.type_ids);
            if !self.send_batches(ready) {
                return false;
            }
        }
        true
    }

    fn send_batches(&mut self, batches: Vec<Batch>) -> bool {
        for batch in batches {
            self.produced.batches += 1;
            self.produced.real_tokens += batch.real_tokens();
            self.produced.padded_tokens += batch.padded_tokens();
            if self.batch_tx.send(batch).is_err() {
                return false;
            }
        }
        true
    }
}

/// Reads one file; a panic inside (a bug on some input) becomes an error
/// line for that file instead of a dead run.
fn ingest_isolated(file: &InputFile, limits: &newsner_ingest::IngestLimits) -> Vec<Ingested> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ingest_file(file, limits))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        vec![Ingested::Failed(IngestError::new(
            &file.display,
            None,
            ErrorKind::Internal,
            format!("newsner failed on this file ({what}); skipped, the run went on; please report it"),
        ))]
    })
}
