//! The producer: reads inputs in order, tokenizes in parallel, cuts windows
//! and feeds the batcher.

use crate::options::PipelineOptions;
use crate::place::{Placed, Placer};
use crate::windowing::Windowing;
use crossbeam_channel::Sender;
use newsner_infer::{Batch, NerModel};
use newsner_ingest::{
    ingest_file, Document, ErrorKind, Format, IngestError, Ingested, InputFile, JsonlRecords,
};
use newsner_records::{IdSet, Position};
use newsner_tokenize::{DocWindows, Tokenize, TokenizedDoc};
use rayon::prelude::*;
use std::time::{Duration, Instant};

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

/// Files are read in groups so that reading and tokenizing run on all
/// threads while the order of documents stays that of the files.
const FILES_PER_GROUP: usize = 32;

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

type TokenizeFn<'a> = dyn Fn(Vec<Placed<Ingested>>) -> Vec<Placed<Tokenized>> + 'a;

/// Reads a source in order and sends what it reads downstream. Each method
/// returns `false` once the assembler has stopped, and an error when a stop
/// was requested.
struct Reader<'r, 'm> {
    state: &'r mut State<'m>,
    placer: &'r mut Placer,
    tokenize: &'r TokenizeFn<'r>,
    pool: &'r rayon::ThreadPool,
    options: &'r PipelineOptions,
}

impl Reader<'_, '_> {
    /// Items already read.
    fn items(&mut self, items: Vec<Ingested>) -> anyhow::Result<bool> {
        let t = Instant::now();
        let mut placed = Vec::new();
        for item in items {
            self.placer.place(item, 0, None, &mut placed);
        }
        let tokenized = (self.tokenize)(placed);
        self.state.produced.busy += t.elapsed();
        self.state.emit_all(tokenized)
    }

    /// Discovered files from `files_done` on (the ones before are in the
    /// journal whole), after the entries discovery skipped.
    fn files(
        &mut self,
        files: &[InputFile],
        skipped: Vec<IngestError>,
        files_done: usize,
    ) -> anyhow::Result<bool> {
        if files_done == 0 {
            let mut placed = Vec::new();
            for err in skipped {
                self.placer
                    .place(Ingested::Failed(err), 0, None, &mut placed);
            }
            if !self.state.emit_all((self.tokenize)(placed))? {
                return Ok(false);
            }
        }
        let mut next = files_done.min(files.len());
        while next < files.len() {
            if crate::stop_requested() {
                return Err(crate::Interrupted.into());
            }
            // JSONL files are streamed record by record, whatever their
            // size; other files are read whole, a group at a time.
            let (went_on, end) = if files[next].format == Format::Jsonl {
                (self.jsonl_file(&files[next], next + 1)?, next + 1)
            } else {
                let end = (next..files.len())
                    .take(FILES_PER_GROUP)
                    .find(|&i| files[i].format == Format::Jsonl)
                    .unwrap_or(files.len().min(next + FILES_PER_GROUP));
                (self.file_group(&files[next..end], next)?, end)
            };
            if !went_on {
                return Ok(false);
            }
            next = end;
        }
        Ok(true)
    }

    /// One JSONL file, file number `number` (1-based).
    fn jsonl_file(&mut self, file: &InputFile, number: usize) -> anyhow::Result<bool> {
        match JsonlRecords::open(file, &self.options.limits) {
            Ok(records) => self.stream(StreamedFile {
                records: isolated(&file.display, records),
                size: file.size,
                gzipped: file.gzipped,
                number: number as u64,
            }),
            Err(err) => {
                let mut placed = Vec::new();
                let end = Some(number as u64);
                self.placer
                    .place(Ingested::Failed(err), file.size, end, &mut placed);
                self.state.emit_all((self.tokenize)(placed))
            }
        }
    }

    /// Files read whole, in parallel; `first` files come before them.
    fn file_group(&mut self, group: &[InputFile], first: usize) -> anyhow::Result<bool> {
        let t = Instant::now();
        let limits = &self.options.limits;
        let read: Vec<Vec<Ingested>> = self.pool.install(|| {
            group
                .par_iter()
                .map(|file| ingest_isolated(file, limits))
                .collect()
        });
        self.state.produced.ingest += t.elapsed();
        let mut placed = Vec::new();
        for (i, (file, items)) in group.iter().zip(read).enumerate() {
            let number = (first + i + 1) as u64;
            let count = items.len();
            let share = file.size / count.max(1) as u64;
            for (k, item) in items.into_iter().enumerate() {
                let last = k + 1 == count;
                // The remainder goes to the last item so bytes add up.
                let bytes = if last {
                    file.size.saturating_sub(share * (count as u64 - 1))
                } else {
                    share
                };
                self.placer
                    .place(item, bytes, last.then_some(number), &mut placed);
            }
        }
        let tokenized = (self.tokenize)(placed);
        self.state.produced.busy += t.elapsed();
        self.state.emit_all(tokenized)
    }

    /// One JSONL source (a file or standard input), record by record.
    fn stream<I: Iterator<Item = (Ingested, u64)>>(
        &mut self,
        file: StreamedFile<I>,
    ) -> anyhow::Result<bool> {
        let mut records = file.records.peekable();
        let mut accounted = 0u64;
        while records.peek().is_some() {
            if crate::stop_requested() {
                return Err(crate::Interrupted.into());
            }
            let t = Instant::now();
            let mut placed = Vec::with_capacity(RECORDS_PER_BATCH);
            for _ in 0..RECORDS_PER_BATCH {
                let Some((item, line_bytes)) = records.next() else {
                    break;
                };
                let last = records.peek().is_none();
                // Compressed files count their bytes on disk at their end.
                let mut bytes = if file.gzipped { 0 } else { line_bytes };
                if last && file.size > 0 {
                    bytes = file.size.saturating_sub(accounted);
                }
                accounted += bytes;
                let end = (last && file.number > 0).then_some(file.number);
                self.placer.place(item, bytes, end, &mut placed);
            }
            // Records are parsed and cleaned as they are read.
            self.state.produced.ingest += t.elapsed();
            let tokenized = (self.tokenize)(placed);
            self.state.produced.busy += t.elapsed();
            if !self.state.emit_all(tokenized)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
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

/// Records read in this many at a time, then tokenized in parallel.
const RECORDS_PER_BATCH: usize = 256;

/// A JSONL file (or stream) being read record by record.
struct StreamedFile<I> {
    records: I,
    /// Bytes on disk (0 for a stream).
    size: u64,
    gzipped: bool,
    /// Its number among the input files (1-based; 0 for a stream).
    number: u64,
}

/// A record stream whose panics (a bug on some input) end the stream with
/// an error line instead of the run.
fn isolated(source: &str, records: JsonlRecords) -> impl Iterator<Item = (Ingested, u64)> {
    let source = source.to_string();
    let mut records = Some(records);
    std::iter::from_fn(move || {
        let mut current = records.take()?;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| current.next())) {
            Ok(next) => {
                records = Some(current);
                next
            }
            Err(_) => Some((
                Ingested::Failed(IngestError::new(
                    &source,
                    None,
                    ErrorKind::Internal,
                    "newsner failed while reading this file; the records after this point were skipped; please report it".into(),
                )),
                0,
            )),
        }
    })
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
