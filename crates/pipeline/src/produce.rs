//! The producer: reads inputs in order, tokenizes in parallel, cuts windows
//! and feeds the batcher.

use crate::options::PipelineOptions;
use crate::place::{Placed, Placer};
use crate::windowing::Windowing;
use crossbeam_channel::Sender;
use newsner_infer::{Batch, NerModel};
use newsner_ingest::{Document, IngestError, Ingested, InputFile, JsonlRecords};
use newsner_records::{IdSet, Position};
use newsner_tokenize::{DocWindows, Tokenize, TokenizedDoc};
use rayon::prelude::*;
use std::time::Duration;

mod read;
use read::{isolated, Reader, StreamedFile};

/// A document (or a skipped item) on its way to the assembler.
pub(crate) struct DocMsg {
    pub seq: usize,
    /// Place among the items of every shard.
    pub order: u64,
    /// Input bytes this item accounts for (progress).
    pub bytes: u64,
    /// Set on the last item of an input file: files done after it.
    pub file_end: Option<u64>,
    pub item: Item,
}

pub(crate) enum Item {
    Doc {
        doc: Document,
        tokens: TokenizedDoc,
        windows: DocWindows,
    },
    Failed(IngestError),
}

#[derive(Default)]
pub(crate) struct Produced {
    pub busy: Duration,
    /// The part of `busy` spent reading, decoding, extracting and cleaning
    /// (ingest), before tokenizing.
    pub ingest: Duration,
    pub windows: usize,
    pub batches: usize,
    pub real_tokens: usize,
    pub padded_tokens: usize,
}

/// Where a resumed run stands, and the ids of the items before the
/// files it skips.
pub(crate) struct Resume {
    pub position: Position,
    /// None: ids are kept as given.
    pub ids: Option<IdSet>,
}

/// What the producer reads.
pub(crate) enum Source {
    /// Discovered files, and the entries discovery skipped.
    Files {
        files: Vec<InputFile>,
        skipped: Vec<IngestError>,
    },
    /// Items already read (documents given in memory, standard input
    /// that is not JSONL).
    Items(Vec<Ingested>),
    /// JSONL on standard input, streamed.
    Records(JsonlRecords),
}

pub(crate) fn produce(
    model: &NerModel,
    source: Source,
    resume: Resume,
    options: &PipelineOptions,
    doc_tx: Sender<DocMsg>,
    batch_tx: Sender<Batch>,
) -> anyhow::Result<Produced> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.tokenize_threads.max(1))
        .thread_name(|i| format!("newsner-tokenize-{i}"))
        .build()?;
    let mut state = State {
        windowing: Windowing::new(model, options),
        doc_tx,
        batch_tx,
        produced: Produced::default(),
    };
    // Items before `skip` are in the journal already (a resumed run).
    let skip = resume.position.items as usize;
    // Whole files are skipped only when the journal holds every id they
    // gave (not in a shard, which sees only its own documents).
    let (files_done, first_seq) = match (options.shard, resume.position.files_done) {
        (None, n) if n > 0 => (n as usize, resume.position.items_at_files_done as usize),
        _ => (0, 0),
    };
    let mut placer = Placer::new(resume.ids, options.shard, first_seq, skip);
    let tokenize = |placed: Vec<Placed<Ingested>>| -> Vec<Placed<Tokenized>> {
        pool.install(|| {
            placed
                .into_par_iter()
                .map(|p| Placed {
                    seq: p.seq,
                    order: p.order,
                    bytes: p.bytes,
                    file_end: p.file_end,
                    item: tokenize_one(model, p.item, options.max_doc_tokens),
                })
                .collect()
        })
    };
    let mut reader = Reader {
        state: &mut state,
        placer: &mut placer,
        tokenize: &tokenize,
        pool: &pool,
        options,
    };
    let went_on = match source {
        Source::Items(items) => reader.items(items)?,
        Source::Files { files, skipped } => reader.files(&files, skipped, files_done)?,
        Source::Records(records) => reader.stream(StreamedFile {
            records: isolated("-", records),
            size: 0,
            gzipped: false,
            number: 0,
        })?,
    };
    // Once the assembler has stopped, nothing more is sent.
    if went_on {
        let rest = state.windowing.flush();
        state.send_batches(rest);
    }
    Ok(state.produced)
}

pub(crate) enum Tokenized {
    Doc(Document, TokenizedDoc),
    Failed(IngestError),
}

fn tokenize_one(model: &NerModel, item: Ingested, max_tokens: usize) -> Tokenized {
    match item {
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
    }
}

struct State<'m> {
    windowing: Windowing<'m>,
    doc_tx: Sender<DocMsg>,
    batch_tx: Sender<Batch>,
    produced: Produced,
}

impl State<'_> {
    /// Sends items downstream in order; `false` once the assembler has
    /// stopped; an error when a stop was requested.
    fn emit_all(&mut self, items: Vec<Placed<Tokenized>>) -> anyhow::Result<bool> {
        for item in items {
            if crate::stop_requested() {
                return Err(crate::Interrupted.into());
            }
            if !self.emit(item) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Sends one item downstream; `false` once the assembler has stopped.
    fn emit(&mut self, placed: Placed<Tokenized>) -> bool {
        let Placed {
            seq,
            order,
            bytes,
            file_end,
            item,
        } = placed;
        let (msg_item, ready) = match item {
            Tokenized::Failed(err) => (Item::Failed(err), Vec::new()),
            Tokenized::Doc(doc, tokens) => {
                let (windows, ready) = self.windowing.push(seq, &tokens);
                self.produced.windows += windows.len();
                let item = Item::Doc {
                    doc,
                    tokens,
                    windows,
                };
                (item, ready)
            }
        };
        // The document goes first, so the assembler knows it before any of
        // its logits arrive.
        if self
            .doc_tx
            .send(DocMsg {
                seq,
                order,
                bytes,
                file_end,
                item: msg_item,
            })
            .is_err()
        {
            return false;
        }
        self.send_batches(ready)
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
