//! An unfinished run's durable progress: numbered part files holding the
//! tagged documents (with their mentions) and skipped items in reading
//! order, and a journal naming each committed part.
//!
//! A part is written to a temporary name, fsynced and renamed; only then is
//! its line appended to `journal.jsonl` and fsynced. The journal is the
//! truth: a part it does not name (a kill between the two steps) is
//! removed at resume, and a torn last journal line is ignored.

use crate::atomic::OutputError;
use crate::publish::sync_dir;
use newsner_records::{PartItem, Position};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

const JOURNAL: &str = "journal.jsonl";
const FORMAT: u32 = 1;

/// What identifies a run for resuming: model, settings, inputs. A journal
/// is resumed only by a run whose key is equal, field by field.
pub type RunKey = BTreeMap<String, String>;

/// How a run names itself to a journal: its key, and one line per input
/// (`name<TAB>stamp`) from which a refused resume names what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunId {
    pub key: RunKey,
    pub inputs: Vec<String>,
}

/// The field of a [`RunKey`] that stands for the inputs: when it differs,
/// the refusal names the inputs that changed.
pub const INPUTS_KEY: &str = "inputs";

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    journal: u32,
    run: RunKey,
    /// One line per input (name and stamp), so that a refused resume can
    /// name what changed; journals of older versions have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    inputs: Vec<String>,
}

/// How the run `form` differs from the run of a journal's header, one
/// line per differing key (each key once).
fn differences(header: &Header, form: &RunId) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> =
        header.run.keys().chain(form.key.keys()).collect();
    keys.into_iter()
        .filter(|k| header.run.get(*k) != form.key.get(*k))
        .map(|k| {
            // The inputs' key is a digest: name the inputs behind it.
            let named = (k.as_str() == INPUTS_KEY)
                .then(|| changed_inputs(&header.inputs, &form.inputs))
                .flatten();
            named.unwrap_or_else(|| {
                format!(
                    "{k}: was {}, now {}",
                    header.run.get(k).map_or("-", String::as_str),
                    form.key.get(k).map_or("-", String::as_str)
                )
            })
        })
        .collect()
}

/// The inputs that differ between two listings of `name<TAB>stamp` lines
/// (other lines, skipped entries, are compared whole), at most `MAX_NAMED`
/// of them named.
fn changed_inputs(was: &[String], now: &[String]) -> Option<String> {
    const MAX_NAMED: usize = 5;
    let split = |line: &String| -> (String, String) {
        match line.split_once('\t') {
            Some((name, stamp)) => (name.to_string(), stamp.to_string()),
            None => (line.clone(), String::new()),
        }
    };
    let was: BTreeMap<String, String> = was.iter().map(split).collect();
    let now: BTreeMap<String, String> = now.iter().map(split).collect();
    let mut changes = Vec::new();
    for (name, stamp) in &now {
        match was.get(name) {
            None => changes.push(format!("{name} (new)")),
            Some(old) if old != stamp => changes.push(format!("{name} (modified)")),
            Some(_) => {}
        }
    }
    changes.extend(
        was.keys()
            .filter(|name| !now.contains_key(*name))
            .map(|name| format!("{name} (gone)")),
    );
    if changes.is_empty() {
        return None;
    }
    let more = changes.len().saturating_sub(MAX_NAMED);
    let mut text = format!(
        "{} input(s) changed since it began: {}",
        changes.len(),
        changes[..changes.len().min(MAX_NAMED)].join(", ")
    );
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    Some(text)
}

#[derive(Debug, Serialize, Deserialize)]
struct Committed {
    part: u64,
    /// Size of the part file, checked at resume.
    bytes: u64,
    #[serde(flatten)]
    position: Position,
}

/// Why a journal cannot be kept or resumed. `Mismatch` and `Corrupt` mean
/// the unfinished run can only be discarded ([`JournalError::must_restart`]).
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Io(#[from] OutputError),
    #[error("{0}")]
    Mismatch(String),
    #[error("{path}: {message}")]
    Corrupt { path: PathBuf, message: String },
}

impl JournalError {
    /// The unfinished run cannot be resumed, only started over.
    pub fn must_restart(&self) -> bool {
        matches!(
            self,
            JournalError::Mismatch(_) | JournalError::Corrupt { .. }
        )
    }
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
    /// Starts a new journal in `dir` for the run `id`, discarding whatever
    /// was there.
    pub fn start(dir: &Path, id: &RunId) -> Result<Journal, JournalError> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(JOURNAL);
        let mut log = std::fs::File::create(&path).map_err(io(&path))?;
        let header = Header {
            journal: FORMAT,
            run: id.key.clone(),
            inputs: id.inputs.clone(),
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

    /// Reopens the journal in `dir` for the run `id`; `None` when there is
    /// none. `earlier`: the same run as older versions of newsner named it
    /// (their journals resume too). Parts the journal does not name are
    /// removed.
    pub fn resume(
        dir: &Path,
        id: &RunId,
        earlier: &[RunId],
    ) -> Result<Option<Journal>, JournalError> {
        let path = dir.join(JOURNAL);
        if !path.is_file() {
            return Ok(None);
        }
        let (header, committed, valid_len) = read(dir)?;
        // Refused: the differences from the form of this run nearest to
        // the journal's (an old journal is compared with the old form).
        let nearest = std::iter::once(id)
            .chain(earlier)
            .map(|form| differences(&header, form))
            .min_by_key(Vec::len)
            .unwrap_or_default();
        if !nearest.is_empty() {
            return Err(JournalError::Mismatch(format!(
                "the unfinished run in {} cannot be resumed by this one ({})",
                dir.display(),
                nearest.join("; ")
            )));
        }
        for (i, c) in committed.iter().enumerate() {
            let part = part_path(dir, i as u64);
            let size = part.metadata().map(|m| m.len()).ok();
            if c.part != i as u64 || size != Some(c.bytes) {
                return Err(JournalError::Corrupt {
                    path: part,
                    message: "part file missing or of the wrong size".into(),
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
        let written = std::fs::File::create(&temp).and_then(|mut file| {
            file.write_all(&self.buffer)?;
            file.sync_all()
        });
        if let Err(e) = written {
            // A part written halfway (a full disk) must not keep the space
            // the rest of the run, or the user, needs.
            let _ = std::fs::remove_file(&temp);
            return Err(io(&temp)(e));
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
        .ok_or_else(|| corrupt("empty journal".into()))?;
    let header: Header = serde_json::from_slice(first)
        .map_err(|e| corrupt(format!("not a newsner journal: {e}")))?;
    if header.journal != FORMAT {
        return Err(corrupt(format!(
            "journal format {} of another newsner version",
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
mod tests;
