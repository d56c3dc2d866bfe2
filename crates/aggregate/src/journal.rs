//! An unfinished run's durable progress: numbered part files holding the
//! tagged documents (with their mentions) and skipped items in reading
//! order, and a journal naming each committed part.
//!
//! A part is written to a temporary name, fsynced and renamed; only then is
//! its line appended to `journal.jsonl` and fsynced. The journal is the
//! truth: a part it does not name (a kill between the two steps) is
//! removed at resume, and a torn last journal line is ignored.

use crate::output::OutputError;
use crate::publish::sync_dir;
use crate::Mention;
use newsner_ingest::{Document, IngestError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

const JOURNAL: &str = "journal.jsonl";
const FORMAT: u32 = 1;

/// One item of a part, in reading order. `order` is its place among all
/// items read (every shard's, skipped items too): shards merge by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartItem {
    Document {
        document: Document,
        mentions: Vec<Mention>,
        #[serde(default)]
        order: Option<u64>,
    },
    Error {
        error: IngestError,
        #[serde(default)]
        order: Option<u64>,
    },
}

impl PartItem {
    pub fn order(&self) -> Option<u64> {
        match self {
            PartItem::Document { order, .. } | PartItem::Error { order, .. } => *order,
        }
    }
}

/// What identifies a run for resuming: model, settings, inputs. A journal
/// is resumed only by a run whose key is equal, field by field.
pub type RunKey = BTreeMap<String, String>;

/// Where the reading stood after a committed part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Items (documents and skipped items) done, in reading order.
    pub items: u64,
    /// Input files all of whose items are done.
    pub files_done: u64,
    /// Items those files (and the skipped entries before them) account for.
    pub items_at_files_done: u64,
    /// Input bytes accounted for (the progress bar).
    pub input_bytes: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    journal: u32,
    run: RunKey,
}

#[derive(Debug, Serialize, Deserialize)]
struct Committed {
    part: u64,
    /// Size of the part file, checked at resume.
    bytes: u64,
    #[serde(flatten)]
    position: Position,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Io(#[from] OutputError),
    #[error("{0}")]
    Mismatch(String),
    #[error("{path}: {message}")]
    Corrupt { path: PathBuf, message: String },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| {
        JournalError::Io(OutputError {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Durable progress of one run in its work folder.
pub struct Journal {
    dir: PathBuf,
    log: std::fs::File,
    parts: u64,
    done: Position,
    /// The part being filled: serialized items.
    buffer: Vec<u8>,
    buffered: usize,
}

impl Journal {
    /// Starts a new journal in `dir`, discarding whatever was there.
    pub fn start(dir: &Path, run: &RunKey) -> Result<Journal, JournalError> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(JOURNAL);
        let mut log = std::fs::File::create(&path).map_err(io(&path))?;
        let header = Header {
            journal: FORMAT,
            run: run.clone(),
        };
        let mut line = serde_json::to_vec(&header).expect("a header serializes");
        line.push(b'\n');
        log.write_all(&line).map_err(io(&path))?;
        log.sync_all().map_err(io(&path))?;
        sync_dir(dir)?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            log,
            parts: 0,
            done: Position::default(),
            buffer: Vec::new(),
            buffered: 0,
        })
    }

    /// How far the unfinished run in `dir` got, if there is one.
    pub fn found(dir: &Path) -> Option<Position> {
        read(dir)
            .ok()
            .map(|(_, committed, _)| committed.last().map_or(Position::default(), |c| c.position))
    }

    /// Reopens the journal in `dir` for a run with key `run`; `None` when
    /// there is none. Parts it does not name are removed.
    pub fn resume(dir: &Path, run: &RunKey) -> Result<Option<Journal>, JournalError> {
        let path = dir.join(JOURNAL);
        if !path.is_file() {
            return Ok(None);
        }
        let (header, committed, valid_len) = read(dir)?;
        // Each key once, though it is in both keys lists.
        let keys: std::collections::BTreeSet<&String> =
            header.run.keys().chain(run.keys()).collect();
        let differs: Vec<String> = keys
            .into_iter()
            .filter(|k| header.run.get(*k) != run.get(*k))
            .map(|k| {
                format!(
                    "{k}: was {}, now {}",
                    header.run.get(k).map_or("-", String::as_str),
                    run.get(k).map_or("-", String::as_str)
                )
            })
            .collect();
        if !differs.is_empty() {
            return Err(JournalError::Mismatch(format!(
                "the unfinished run in {} cannot be resumed by this one ({}); start over with --restart",
                dir.display(),
                differs.join("; ")
            )));
        }
        for (i, c) in committed.iter().enumerate() {
            let part = part_path(dir, i as u64);
            let size = part.metadata().map(|m| m.len()).ok();
            if c.part != i as u64 || size != Some(c.bytes) {
                return Err(JournalError::Corrupt {
                    path: part,
                    message: "part file missing or of the wrong size; start over with --restart"
                        .into(),
                });
            }
        }
        // Parts written after the last journal line, temporary files.
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let number = name
                .strip_prefix("part-")
                .and_then(|n| n.strip_suffix(".jsonl"))
                .and_then(|n| n.parse::<u64>().ok());
            if name != JOURNAL && number.is_none_or(|n| n >= committed.len() as u64) {
                std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
            }
        }
        let log = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        // Drop a torn last line so that the next append starts a line.
        log.set_len(valid_len).map_err(io(&path))?;
        let mut log = log;
        use std::io::Seek;
        log.seek(std::io::SeekFrom::End(0)).map_err(io(&path))?;
        Ok(Some(Journal {
            dir: dir.to_path_buf(),
            log,
            parts: committed.len() as u64,
            done: committed.last().map_or(Position::default(), |c| c.position),
            buffer: Vec::new(),
            buffered: 0,
        }))
    }

    /// Where the committed parts end.
    pub fn done(&self) -> Position {
        self.done
    }

    /// Items waiting for the next commit.
    pub fn pending(&self) -> usize {
        self.buffered
    }

    pub fn push(&mut self, item: &PartItem) {
        serde_json::to_writer(&mut self.buffer, item).expect("a part item serializes");
        self.buffer.push(b'\n');
        self.buffered += 1;
    }

    /// Makes the pending items durable as the next part; `position` is where
    /// the reading stands after them.
    pub fn commit(&mut self, position: Position) -> Result<(), JournalError> {
        if self.buffered == 0 && position == self.done {
            return Ok(());
        }
        let part = part_path(&self.dir, self.parts);
        let temp = part.with_extension("tmp");
        {
            let mut file = std::fs::File::create(&temp).map_err(io(&temp))?;
            file.write_all(&self.buffer).map_err(io(&temp))?;
            file.sync_all().map_err(io(&temp))?;
        }
        std::fs::rename(&temp, &part).map_err(io(&part))?;
        sync_dir(&self.dir)?;
        let committed = Committed {
            part: self.parts,
            bytes: self.buffer.len() as u64,
            position,
        };
        let mut line = serde_json::to_vec(&committed).expect("a journal line serializes");
        line.push(b'\n');
        let path = self.dir.join(JOURNAL);
        self.log.write_all(&line).map_err(io(&path))?;
        self.log.sync_data().map_err(io(&path))?;
        self.parts += 1;
        self.done = position;
        self.buffer.clear();
        self.buffered = 0;
        Ok(())
    }

    /// Every committed item, in reading order, streamed part by part.
    pub fn items(&self) -> impl Iterator<Item = Result<PartItem, JournalError>> + '_ {
        (0..self.parts).flat_map(move |part| {
            let path = part_path(&self.dir, part);
            let lines: Box<dyn Iterator<Item = Result<PartItem, JournalError>>> =
                match std::fs::File::open(&path) {
                    Err(e) => Box::new(std::iter::once(Err(io(&path)(e)))),
                    Ok(file) => Box::new(BufReader::new(file).lines().map(move |line| {
                        let line = line.map_err(io(&path))?;
                        serde_json::from_str(&line).map_err(|e| JournalError::Corrupt {
                            path: path.clone(),
                            message: format!("unreadable part item: {e}"),
                        })
                    })),
                };
            lines
        })
    }

    /// The run is complete and published: its work folder goes.
    pub fn remove(self) -> Result<(), JournalError> {
        drop(self.log);
        std::fs::remove_dir_all(&self.dir).map_err(io(&self.dir))
    }
}

fn part_path(dir: &Path, part: u64) -> PathBuf {
    dir.join(format!("part-{part:06}.jsonl"))
}

/// The header, the committed lines, and the length of the journal up to
/// its last complete line.
fn read(dir: &Path) -> Result<(Header, Vec<Committed>, u64), JournalError> {
    let path = dir.join(JOURNAL);
    let bytes = std::fs::read(&path).map_err(io(&path))?;
    let corrupt = |message: String| JournalError::Corrupt {
        path: path.clone(),
        message,
    };
    let mut lines = Vec::new();
    let mut start = 0;
    while let Some(n) = bytes[start..].iter().position(|&b| b == b'\n') {
        lines.push(&bytes[start..start + n]);
        start += n + 1;
    }
    let valid_len = start as u64;
    let (first, rest) = lines
        .split_first()
        .ok_or_else(|| corrupt("empty journal; start over with --restart".into()))?;
    let header: Header = serde_json::from_slice(first)
        .map_err(|e| corrupt(format!("not a newsner journal: {e}")))?;
    if header.journal != FORMAT {
        return Err(corrupt(format!(
            "journal format {} of another newsner version; start over with --restart",
            header.journal
        )));
    }
    let committed = rest
        .iter()
        .map(|line| serde_json::from_slice(line))
        .collect::<Result<Vec<Committed>, _>>()
        .map_err(|e| corrupt(format!("unreadable journal line: {e}")))?;
    Ok((header, committed, valid_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_item(n: usize) -> PartItem {
        PartItem::Error {
            error: IngestError::new(
                &format!("f{n}.txt"),
                None,
                newsner_ingest::ErrorKind::Empty,
                "empty".into(),
            ),
            order: Some(n as u64),
        }
    }

    fn key(model: &str) -> RunKey {
        [("model".to_string(), model.to_string())].into()
    }

    #[test]
    fn committed_parts_survive_and_uncommitted_work_is_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("work");
        let mut j = Journal::start(&dir, &key("m")).unwrap();
        j.push(&error_item(0));
        j.push(&error_item(1));
        let at = Position {
            items: 2,
            files_done: 2,
            items_at_files_done: 2,
            input_bytes: 10,
        };
        j.commit(at).unwrap();
        j.push(&error_item(2)); // never committed: lost with the process
                                // A part written but not journaled, and a torn journal line.
        std::fs::write(part_path(&dir, 1), "{}\n").unwrap();
        let mut log = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(JOURNAL))
            .unwrap();
        log.write_all(b"{\"part\":1,\"by").unwrap();
        drop(j);

        assert_eq!(Journal::found(&dir), Some(at));
        let mismatch = Journal::resume(&dir, &key("other"))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            mismatch.matches("model: was m, now other").count(),
            1,
            "a changed setting is named once: {mismatch}"
        );

        let mut j = Journal::resume(&dir, &key("m")).unwrap().unwrap();
        assert_eq!(j.done(), at);
        assert!(!part_path(&dir, 1).exists());
        let items: Vec<PartItem> = j.items().map(Result::unwrap).collect();
        assert_eq!(items, vec![error_item(0), error_item(1)]);
        j.push(&error_item(2));
        j.commit(Position { items: 3, ..at }).unwrap();
        drop(j);
        let j = Journal::resume(&dir, &key("m")).unwrap().unwrap();
        assert_eq!(j.items().count(), 3);
        assert_eq!(j.done().items, 3);
        j.remove().unwrap();
        assert!(!dir.exists());
    }
}
