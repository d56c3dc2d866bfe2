//! JSON and JSONL article records: `{id, title, text|body|content, url, date, ...}`.

use crate::boilerplate::clean_plain_text;
use crate::decode::normalize_newlines;
use crate::{finish, ErrorKind, IngestError, IngestLimits, Ingested};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const TEXT_FIELDS: &[&str] = &["text", "body", "content", "article", "maintext"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];

/// One JSONL line (1-based `line_no`) as a document or an error naming
/// the line; `None` for a blank line.
pub(crate) fn from_jsonl_line(
    source: &str,
    line_no: usize,
    raw: &[u8],
    limits: &IngestLimits,
) -> Option<Ingested> {
    let item = || Some(format!("line {line_no}"));
    let fail =
        |kind, message: String| Ingested::Failed(IngestError::new(source, item(), kind, message));
    let line = match std::str::from_utf8(raw) {
        Ok(line) => line.trim(),
        Err(e) => {
            return Some(fail(
                ErrorKind::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {} of the line; re-encode the file as UTF-8",
                    e.valid_up_to()
                ),
            ))
        }
    };
    if line.is_empty() {
        return None;
    }
    Some(match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(obj)) => {
            from_object(source, &obj, &format!("{source}:{line_no}"), item(), limits)
        }
        Ok(other) => fail(
            ErrorKind::MalformedJson,
            format!("expected a JSON object per line, found {}", kind_of(&other)),
        ),
        Err(e) => fail(ErrorKind::MalformedJson, format!("malformed JSON: {e}")),
    })
}

/// A JSON file holding one article object or an array of them.
pub(crate) fn from_json(source: &str, text: &str, limits: &IngestLimits) -> Vec<Ingested> {
    let fail = |item: Option<String>, kind, message: String| {
        Ingested::Failed(IngestError::new(source, item, kind, message))
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(obj)) => vec![from_object(source, &obj, source, None, limits)],
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let item = Some(format!("item {}", i + 1));
                match value {
                    Value::Object(obj) => {
                        from_object(source, obj, &format!("{source}#{}", i + 1), item, limits)
                    }
                    other => fail(
                        item,
                        ErrorKind::MalformedJson,
                        format!("expected an article object, found {}", kind_of(other)),
                    ),
                }
            })
            .collect(),
        Ok(other) => vec![fail(
            None,
            ErrorKind::MalformedJson,
            format!(
                "expected an object or an array of objects, found {}",
                kind_of(&other)
            ),
        )],
        Err(e) => vec![fail(
            None,
            ErrorKind::MalformedJson,
            format!("malformed JSON: {e}"),
        )],
    }
}

fn from_object(
    source: &str,
    obj: &Map<String, Value>,
    fallback_id: &str,
    item: Option<String>,
    limits: &IngestLimits,
) -> Ingested {
    let field = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| obj.get(*n).and_then(Value::as_str))
            .map(str::trim)
    };
    let Some(body) = field(TEXT_FIELDS).filter(|b| !b.is_empty()) else {
        return Ingested::Failed(IngestError::new(
            source,
            item,
            ErrorKind::NoText,
            format!(
                "record has no text; expected a non-empty string in one of: {}",
                TEXT_FIELDS.join(", ")
            ),
        ));
    };
    let title = field(TITLE_FIELDS).filter(|t| !t.is_empty());
    let mut text = String::new();
    if let Some(title) = title {
        text.push_str(title);
        text.push_str("\n\n");
    }
    text.push_str(&clean_plain_text(&normalize_newlines(body)));
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id.to_string(),
    };
    let mut meta = BTreeMap::new();
    for (key, value) in obj {
        if key == "id" || TEXT_FIELDS.contains(&key.as_str()) {
            continue;
        }
        match value {
            Value::String(s) => {
                meta.insert(key.clone(), s.clone());
            }
            Value::Number(n) => {
                meta.insert(key.clone(), n.to_string());
            }
            Value::Bool(b) => {
                meta.insert(key.clone(), b.to_string());
            }
            _ => {}
        }
    }
    match finish(source, id, text, meta, limits) {
        Ingested::Failed(mut err) => {
            err.item = err.item.or(item);
            Ingested::Failed(err)
        }
        doc => doc,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
