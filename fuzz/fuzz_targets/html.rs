//! Any bytes as an HTML page: ingest never panics, never overflows a stack,
//! and a document it keeps has non-empty text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsner_ingest::{ingest_bytes, Format, IngestLimits, Ingested};

fuzz_target!(|data: &[u8]| {
    for item in ingest_bytes("page.html", Format::Html, data, &IngestLimits::default()) {
        if let Ingested::Doc(doc) = item {
            assert!(!doc.text.trim().is_empty());
            assert_eq!(doc.id, "page.html");
        }
    }
});
