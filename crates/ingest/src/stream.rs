//! JSONL read record by record, in memory bounded by the longest line
//! allowed, whatever the size of the file or stream: a 300 MB archive dump
//! or `zcat archive.jsonl.gz | newsner run --input -`.

use crate::records::from_jsonl_line;
use crate::{ErrorKind, IngestError, IngestLimits, Ingested, InputFile};
use std::io::{BufRead, BufReader, Read};

/// The lines of one JSONL file or stream, numbered from 1, as every reader
/// of JSONL in newsner splits them: at `\n` only, a byte-order mark dropped
/// from the first, a line over the limit (or a stream that breaks off) an
/// error naming the line. `JsonlRecords` parses them; engines that read files
/// themselves (Spark, Ray) split with this too, so they number and judge
/// every line as `newsner run` does.
pub struct JsonlLines {
    source: String,
    reader: Box<dyn BufRead + Send>,
    gzipped: bool,
    line_no: usize,
    max_line: usize,
    finished: bool,
}

/// One line: its number, its bytes (without the line break) or why it cannot
/// be read, and the bytes of input it accounts for.
pub struct RawLine {
    pub line_no: usize,
    pub content: Result<Vec<u8>, IngestError>,
    pub bytes: u64,
}

impl JsonlLines {
    pub fn new(
        source: &str,
        reader: Box<dyn BufRead + Send>,
        gzipped: bool,
        limits: &IngestLimits,
    ) -> Self {
        JsonlLines {
            source: source.to_string(),
            reader,
            gzipped,
            line_no: 0,
            max_line: max_line(limits),
            finished: false,
        }
    }

    /// The lines of a whole file's bytes, gunzipped first if `gzipped`.
    pub fn from_bytes(source: &str, bytes: Vec<u8>, gzipped: bool, limits: &IngestLimits) -> Self {
        let reader = buffered(std::io::Cursor::new(bytes), gzipped);
        JsonlLines::new(source, reader, gzipped, limits)
    }

    fn fail(&self, kind: ErrorKind, message: String) -> Result<Vec<u8>, IngestError> {
        Err(IngestError::new(
            &self.source,
            Some(format!("line {}", self.line_no)),
            kind,
            message,
        ))
    }
}

impl Iterator for JsonlLines {
    type Item = RawLine;

    fn next(&mut self) -> Option<RawLine> {
        if self.finished {
            return None;
        }
        let read = read_line(&mut *self.reader, self.max_line);
        self.line_no += 1;
        let (content, bytes) = match read {
            Ok(Some((Line::Bytes(raw), bytes))) => {
                let raw = match self.line_no {
                    1 => raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw).to_vec(),
                    _ => raw,
                };
                (Ok(raw), bytes as u64)
            }
            Ok(Some((Line::TooLong(n), bytes))) => (
                self.fail(ErrorKind::TooLarge, too_long(n, self.max_line)),
                bytes as u64,
            ),
            Ok(None) => {
                self.finished = true;
                return None;
            }
            Err(e) => {
                self.finished = true;
                let (kind, message) = if self.gzipped {
                    (
                        ErrorKind::Decompress,
                        format!("not a valid gzip stream from here on ({e}); the lines before were read"),
                    )
                } else {
                    (ErrorKind::Unreadable, format!("cannot read further: {e}"))
                };
                (self.fail(kind, message), 0)
            }
        };
        Some(RawLine {
            line_no: self.line_no,
            content,
            bytes,
        })
    }
}

/// The records of one JSONL file or stream, each with the bytes of its line.
pub struct JsonlRecords {
    lines: JsonlLines,
    limits: IngestLimits,
}

impl JsonlRecords {
    pub fn new(
        source: &str,
        reader: Box<dyn BufRead + Send>,
        gzipped: bool,
        limits: &IngestLimits,
    ) -> Self {
        JsonlRecords {
            lines: JsonlLines::new(source, reader, gzipped, limits),
            limits: *limits,
        }
    }

    /// Opens a discovered JSONL file (gunzipping it if named `.gz`).
    pub fn open(file: &InputFile, limits: &IngestLimits) -> Result<Self, IngestError> {
        let handle = std::fs::File::open(&file.path).map_err(|e| {
            IngestError::new(
                &file.display,
                None,
                ErrorKind::Unreadable,
                format!("cannot open: {e}"),
            )
        })?;
        Ok(JsonlRecords::new(
            &file.display,
            buffered(handle, file.gzipped),
            file.gzipped,
            limits,
        ))
    }
}

/// `inner` read through a buffer, gunzipped (every member) if `gzipped`.
fn buffered(inner: impl Read + Send + 'static, gzipped: bool) -> Box<dyn BufRead + Send> {
    if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(inner)))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, inner))
    }
}

/// The longest JSONL line read: JSON escapes and metadata make a line
/// longer than its text.
fn max_line(limits: &IngestLimits) -> usize {
    limits.max_doc_bytes.saturating_mul(4).max(1 << 16)
}

fn too_long(bytes: usize, max_line: usize) -> String {
    format!("line of {bytes} bytes, over the limit of {max_line} (4 x --max-doc-bytes); skipped")
}

/// One line of a JSONL file (`line_no` 1-based, `raw` without its line
/// break) as [`JsonlRecords`] reads it: a document, an error naming the
/// line, or `None` for a blank line. For engines that split files into
/// lines themselves (best with [`JsonlLines`], which numbers and limits them
/// as a run does).
pub fn jsonl_line(
    source: &str,
    line_no: usize,
    raw: &[u8],
    limits: &IngestLimits,
) -> Option<Ingested> {
    let max = max_line(limits);
    // A line's length counts its line break, which the last line may lack:
    // only what `JsonlLines` would also refuse is refused here.
    if raw.len() > max + 1 {
        return Some(Ingested::Failed(IngestError::new(
            source,
            Some(format!("line {line_no}")),
            ErrorKind::TooLarge,
            too_long(raw.len() + 1, max),
        )));
    }
    let raw = match line_no {
        1 => raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw),
        _ => raw,
    };
    from_jsonl_line(source, line_no, raw, limits)
}

/// A line, or how long it was when longer than allowed (its bytes dropped).
enum Line {
    Bytes(Vec<u8>),
    TooLong(usize),
}

/// Reads up to and including the next `\n`, keeping at most `max` bytes.
fn read_line(reader: &mut dyn BufRead, max: usize) -> std::io::Result<Option<(Line, usize)>> {
    let mut line = Vec::new();
    let mut total = 0usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let (take, ends) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if total + take <= max + 1 {
            line.extend_from_slice(&chunk[..take]);
        } else {
            line = Vec::new();
        }
        total += take;
        reader.consume(take);
        if ends {
            break;
        }
    }
    if total == 0 {
        return Ok(None);
    }
    Ok(Some(if total > max + 1 {
        (Line::TooLong(total), total)
    } else {
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        (Line::Bytes(line), total)
    }))
}

impl Iterator for JsonlRecords {
    /// A record and the bytes of input it accounts for.
    type Item = (Ingested, u64);

    fn next(&mut self) -> Option<(Ingested, u64)> {
        let mut skipped = 0u64;
        while let Some(line) = self.lines.next() {
            let bytes = line.bytes + skipped;
            let raw = match line.content {
                Ok(raw) => raw,
                Err(error) => return Some((Ingested::Failed(error), bytes)),
            };
            match from_jsonl_line(&self.lines.source, line.line_no, &raw, &self.limits) {
                Some(item) => return Some((item, bytes)),
                // A blank line: its bytes go to the next record.
                None => skipped = bytes,
            }
        }
        None
    }
}

/// Standard input: JSONL (it starts with `{`) is streamed record by
/// record; anything else is read whole, up to `--max-file-bytes`.
pub enum StdinInput {
    Records(JsonlRecords),
    Whole(Vec<Ingested>),
}

pub fn open_stdin(limits: &IngestLimits) -> StdinInput {
    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin());
    let first = loop {
        match reader.fill_buf() {
            Ok([]) => break None,
            Ok(buf) => {
                let skip = buf
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF))
                    .count();
                if skip < buf.len() {
                    break Some(buf[skip]);
                }
                if buf[..skip].iter().any(|b| !b.is_ascii_whitespace()) {
                    // A byte-order mark alone in the buffer: keep it (the
                    // records reader strips it) and look no further.
                    break None;
                }
                let n = buf.len();
                reader.consume(n);
            }
            Err(_) => break None,
        }
    };
    if first == Some(b'{') {
        return StdinInput::Records(JsonlRecords::new("-", Box::new(reader), false, limits));
    }
    let mut bytes = Vec::new();
    let source = "-";
    if let Err(err) = reader
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
    {
        return StdinInput::Whole(vec![Ingested::Failed(IngestError::new(
            source,
            None,
            ErrorKind::Unreadable,
            format!("cannot read standard input: {err}"),
        ))]);
    }
    let format = crate::Format::sniff(&bytes);
    StdinInput::Whole(crate::ingest_bytes(source, format, &bytes, limits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8], max_doc_bytes: usize) -> Vec<(Ingested, u64)> {
        let limits = IngestLimits {
            max_doc_bytes,
            ..Default::default()
        };
        let reader = Box::new(std::io::Cursor::new(text.to_vec()));
        JsonlRecords::new("a.jsonl", reader, false, &limits).collect()
    }

    #[test]
    fn lines_become_records_with_their_bytes_and_long_lines_are_skipped() {
        let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(70_000));
        let input = format!(
            "\u{feff}{{\"id\": \"a\", \"text\": \"Amazon\"}}\n\n{long}not json\n{{\"id\": \"b\", \"text\": \"Meta\"}}"
        );
        let got = records(input.as_bytes(), 100);
        assert_eq!(got.len(), 4);
        assert!(matches!(&got[0].0, Ingested::Doc(d) if d.id == "a"));
        assert!(
            matches!(&got[1].0, Ingested::Failed(e) if e.kind == ErrorKind::TooLarge && e.item.as_deref() == Some("line 3"))
        );
        assert!(matches!(&got[2].0, Ingested::Failed(e) if e.kind == ErrorKind::MalformedJson));
        assert!(matches!(&got[3].0, Ingested::Doc(d) if d.id == "b"));
        let bytes: u64 = got.iter().map(|(_, b)| b).sum();
        assert_eq!(bytes, input.len() as u64, "every byte accounted for once");
    }
}
