//! Bytes -> text, with the checks that turn unreadable input into clear
//! per-file errors instead of garbage entities.

use crate::{ErrorKind, IngestError};
use std::io::Read;
use std::path::Path;

pub(crate) struct DecodeError {
    kind: ErrorKind,
    message: String,
}

impl DecodeError {
    pub(crate) fn into_error(self, source: &str) -> IngestError {
        IngestError::new(source, None, self.kind, self.message)
    }
}

/// Reads a file (gunzipping it if asked), refusing more than `limit` bytes of
/// content so a huge file or a gzip bomb cannot exhaust memory.
pub(crate) fn read_limited(path: &Path, gzipped: bool, limit: u64) -> Result<Vec<u8>, DecodeError> {
    let file = std::fs::File::open(path).map_err(|e| DecodeError {
        kind: ErrorKind::Unreadable,
        message: format!("cannot open: {e}"),
    })?;
    let mut bytes = Vec::new();
    let result = if gzipped {
        flate2::read::MultiGzDecoder::new(file)
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        file.take(limit + 1).read_to_end(&mut bytes)
    };
    result.map_err(|e| DecodeError {
        kind: if gzipped {
            ErrorKind::Decompress
        } else {
            ErrorKind::Unreadable
        },
        message: if gzipped {
            format!("not a valid gzip file ({e}); re-compress it or remove the .gz suffix")
        } else {
            format!("cannot read: {e}")
        },
    })?;
    if bytes.len() as u64 > limit {
        return Err(DecodeError {
            kind: ErrorKind::TooLarge,
            message: format!(
                "content is larger than {limit} bytes; split it or raise --max-file-bytes"
            ),
        });
    }
    Ok(bytes)
}

/// UTF-16 with a byte-order mark (what Windows tools write as "Unicode"),
/// little or big endian.
fn utf16(bytes: &[u8]) -> Option<Result<String, DecodeError>> {
    let little = bytes.starts_with(b"\xFF\xFE");
    if !little && !bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let body = &bytes[2..];
    let units = body.chunks(2).map(|c| match (c, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFF, // an odd trailing byte: not UTF-16
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(match text {
        Ok(t) if body.len().is_multiple_of(2) => Ok(normalize_newlines(&t)),
        _ => Err(DecodeError {
            kind: ErrorKind::InvalidUtf8,
            message: "starts with a UTF-16 byte-order mark but is not valid UTF-16; convert the file to UTF-8 (e.g. `iconv -f utf-16 -t utf-8`)".to_string(),
        }),
    })
}

/// Strict UTF-8 (or UTF-16 with a byte-order mark) with binary detection. A
/// UTF-8 byte-order mark is dropped; CRLF and CR line ends become LF.
pub(crate) fn to_text(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(text) = utf16(bytes) {
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(DecodeError {
            kind: ErrorKind::Binary,
            message: "binary content (NUL bytes), not text; remove it from the input folder"
                .to_string(),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError {
        kind: ErrorKind::InvalidUtf8,
        message: format!(
            "invalid UTF-8 at byte {}; convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
            e.valid_up_to()
        ),
    })?;
    Ok(normalize_newlines(text))
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

pub(crate) fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
