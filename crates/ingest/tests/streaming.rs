//! A JSONL archive far larger than memory allows is read record by record:
//! 1.24 million records (about 300 MB, generated as they are read) pass
//! through the reader while its resident memory stays flat.

use newsner_ingest::{IngestLimits, Ingested, JsonlRecords};
use std::io::{BufReader, Read};

/// An endless-looking JSONL stream produced on the fly, never held whole.
struct Archive {
    next: usize,
    records: usize,
    pending: Vec<u8>,
}

impl Read for Archive {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.len() < buf.len() && self.next < self.records {
            let i = self.next;
            self.next += 1;
            self.pending.extend_from_slice(
                format!(
                    "{{\"id\": \"r{i}\", \"title\": \"Meldung {i}\", \"text\": \"Amazon streicht rund {} Stellen in der Verwaltung, sagte Beth Galetti in Seattle. Die Gewerkschaft Verdi kritisierte die Pläne scharf, ein Sprecher in Berlin kündigte Widerstand an.\", \"url\": \"https://example.org/{i}\"}}\n",
                    i % 40_000
                )
                .as_bytes(),
            );
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<f64>()
        .unwrap()
        / 1024.0
}

#[test]
fn a_300_mb_jsonl_stream_is_read_in_flat_memory() {
    let records = 1_240_000;
    let archive = Archive {
        next: 0,
        records,
        pending: Vec::new(),
    };
    let reader = Box::new(BufReader::new(archive));
    let before = peak_rss_mb();
    let (mut docs, mut bytes, mut last_id) = (0usize, 0u64, String::new());
    for (item, n) in JsonlRecords::new("archive.jsonl", reader, false, &IngestLimits::default()) {
        bytes += n;
        match item {
            Ingested::Doc(doc) => {
                docs += 1;
                last_id = doc.id;
            }
            Ingested::Failed(err) => panic!("{err}"),
        }
    }
    assert_eq!(docs, records);
    assert_eq!(last_id, format!("r{}", records - 1));
    assert!(bytes > 290_000_000, "{bytes} bytes read");
    let grew = peak_rss_mb() - before;
    assert!(
        grew < 32.0,
        "peak memory grew by {grew:.1} MB over {bytes} bytes"
    );
}
