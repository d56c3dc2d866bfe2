//! Ingest: sources -> [`Document`]s.
//!
//! Every input file becomes zero or more documents, or per-item
//! [`IngestError`]s; one bad file or line never stops the others. The text of
//! a document is the cleaned text all later offsets refer to.

mod boilerplate;
mod comments;
mod dates;
mod decode;
mod discover;
mod document;
mod format;
mod html;
mod lang;
mod markdown;
mod metadata;
mod records;
mod stream;

pub use boilerplate::clean_plain_text;
pub use dates::parse as parse_date;
pub use discover::{
    classify_name, discover, discover_excluding, display_path, is_project_file, InputFile,
};
pub use document::{Document, ErrorKind, IngestError, Ingested};
pub use format::Format;
pub use html::{html_to_text, Extraction, HtmlPage};
pub use lang::{detect as detect_language, normalize_tag as normalize_lang, DetectedLang};
pub use stream::{jsonl_line, open_stdin, JsonlLines, JsonlRecords, RawLine, StdinInput};

/// Limits that protect a run from pathological inputs.
#[derive(Debug, Clone, Copy)]
pub struct IngestLimits {
    /// Largest decompressed file that is read at all.
    pub max_file_bytes: u64,
    /// Largest document text kept (in bytes of UTF-8).
    pub max_doc_bytes: usize,
}

impl Default for IngestLimits {
    fn default() -> Self {
        IngestLimits {
            max_file_bytes: 256 << 20,
            max_doc_bytes: 8 << 20,
        }
    }
}

/// Reads one discovered file into its documents (or errors), in file order.
pub fn ingest_file(file: &InputFile, limits: &IngestLimits) -> Vec<Ingested> {
    let bytes = match decode::read_limited(&file.path, file.gzipped, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(err) => return vec![Ingested::Failed(err.into_error(&file.display))],
    };
    ingest_bytes(&file.display, file.format, &bytes, limits)
}

/// The format-specific part of ingest, on bytes already in memory.
pub fn ingest_bytes(
    source: &str,
    format: Format,
    bytes: &[u8],
    limits: &IngestLimits,
) -> Vec<Ingested> {
    let fail = |kind, message: String| {
        vec![Ingested::Failed(IngestError::new(
            source, None, kind, message,
        ))]
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        return fail(
            ErrorKind::TooLarge,
            format!(
                "file is larger than {} bytes; split it or raise --max-file-bytes",
                limits.max_file_bytes
            ),
        );
    }
    let with_text = |parse: &dyn Fn(String) -> Vec<Ingested>| match decode::to_text(bytes) {
        Ok(text) => parse(text),
        Err(err) => vec![Ingested::Failed(err.into_error(source))],
    };
    match format {
        // Lines are decoded one by one: a broken line must not lose the others.
        Format::Jsonl => {
            let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
            JsonlRecords::new(source, reader, false, limits)
                .map(|(item, _)| item)
                .collect()
        }
        Format::Json => with_text(&|text| records::from_json(source, &text, limits)),
        Format::Text => with_text(&|text| {
            let id = source.to_string();
            let mut meta = std::collections::BTreeMap::new();
            if let Some(title) = markdown::h1_title(&text) {
                meta.insert("title".to_string(), title);
            }
            vec![finish(source, id, clean_plain_text(&text), meta, limits)]
        }),
        Format::Html => with_text(&|text| {
            let depth = html::nesting_depth(&text);
            if depth > html::MAX_NESTING {
                return vec![Ingested::Failed(IngestError::new(
                    source,
                    None,
                    ErrorKind::TooLarge,
                    format!(
                        "HTML nested about {depth} elements deep (limit {}): not an article page; skipped (parsing it would take minutes)",
                        html::MAX_NESTING
                    ),
                ))];
            }
            let page = html::read_page(&text, depth);
            match page.extraction {
                Extraction::MainBlock => tracing::warn!(
                    "{source}: no article block found; kept the page's main block without its navigation and furniture"
                ),
                Extraction::JsonLd => tracing::info!(
                    "{source}: the visible page holds little text; kept the article body of its JSON-LD"
                ),
                Extraction::Article => {}
            }
            vec![finish(
                source,
                source.to_string(),
                page.text,
                page.meta,
                limits,
            )]
        }),
    }
}

/// Final checks every document passes, whatever its format, and the
/// metadata every document carries (see [`metadata`]).
pub(crate) fn finish(
    source: &str,
    id: String,
    text: String,
    mut meta: std::collections::BTreeMap<String, String>,
    limits: &IngestLimits,
) -> Ingested {
    if text.trim().is_empty() {
        return Ingested::Failed(IngestError::new(
            source,
            item_of(source, &id),
            ErrorKind::Empty,
            "document has no text after cleaning; nothing to tag".to_string(),
        ));
    }
    if text.len() > limits.max_doc_bytes {
        return Ingested::Failed(IngestError::new(
            source,
            item_of(source, &id),
            ErrorKind::TooLarge,
            format!(
                "document text is {} bytes, over the limit of {}; split it or raise --max-doc-bytes",
                text.len(),
                limits.max_doc_bytes
            ),
        ));
    }
    metadata::complete(&text, &mut meta);
    Ingested::Doc(Document {
        id,
        source: source.to_string(),
        text,
        meta,
    })
}

fn item_of(source: &str, id: &str) -> Option<String> {
    (id != source).then(|| id.to_string())
}
