//! Reading a source in order: items given in memory, files in groups
//! (read and tokenized in parallel, documents kept in file order), JSONL
//! files and streams record by record; a panic on some input becomes an
//! error line for it, not a dead run.

use super::{State, Tokenized};
use crate::options::PipelineOptions;
use crate::place::{Placed, Placer};
use newsner_ingest::{
    ingest_file, ErrorKind, Format, IngestError, Ingested, InputFile, JsonlRecords,
};
use rayon::prelude::*;
use std::time::Instant;

/// Files are read in groups so that reading and tokenizing run on all
/// threads while the order of documents stays that of the files.
const FILES_PER_GROUP: usize = 32;

pub(super) type TokenizeFn<'a> = dyn Fn(Vec<Placed<Ingested>>) -> Vec<Placed<Tokenized>> + 'a;

/// Reads a source in order and sends what it reads downstream. Each method
/// returns `false` once the assembler has stopped, and an error when a stop
/// was requested.
pub(super) struct Reader<'r, 'm> {
    pub(super) state: &'r mut State<'m>,
    pub(super) placer: &'r mut Placer,
    pub(super) tokenize: &'r TokenizeFn<'r>,
    pub(super) pool: &'r rayon::ThreadPool,
    pub(super) options: &'r PipelineOptions,
}

impl Reader<'_, '_> {
    /// Items already read.
    pub(super) fn items(&mut self, items: Vec<Ingested>) -> anyhow::Result<bool> {
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
    pub(super) fn files(
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
    pub(super) fn stream<I: Iterator<Item = (Ingested, u64)>>(
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

/// Records read in this many at a time, then tokenized in parallel.
const RECORDS_PER_BATCH: usize = 256;

/// A JSONL file (or stream) being read record by record.
pub(super) struct StreamedFile<I> {
    pub(super) records: I,
    /// Bytes on disk (0 for a stream).
    pub(super) size: u64,
    pub(super) gzipped: bool,
    /// Its number among the input files (1-based; 0 for a stream).
    pub(super) number: u64,
}

/// A record stream whose panics (a bug on some input) end the stream with
/// an error line instead of the run.
pub(super) fn isolated(
    source: &str,
    records: JsonlRecords,
) -> impl Iterator<Item = (Ingested, u64)> {
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
