//! Any bytes as a JSONL file (streamed) and as a JSON file: no panic, one
//! item per non-blank line at most, every byte accounted for once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsner_ingest::{ingest_bytes, Format, IngestLimits, JsonlRecords};

fuzz_target!(|data: &[u8]| {
    let limits = IngestLimits {
        max_doc_bytes: 4096,
        ..Default::default()
    };
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    let records: Vec<_> = JsonlRecords::new("a.jsonl", reader, false, &limits).collect();
    let lines = data.split(|&b| b == b'\n').count();
    assert!(records.len() <= lines);
    let bytes: u64 = records.iter().map(|(_, n)| n).sum();
    assert!(bytes <= data.len() as u64);
    let _ = ingest_bytes("a.json", Format::Json, data, &limits);
});
