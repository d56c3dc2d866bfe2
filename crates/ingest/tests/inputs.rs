//! Every input format, and every kind of bad input, through the public API.

use flate2::write::GzEncoder;
use newsner_ingest::{
    discover, ingest_file, Document, ErrorKind, IngestError, IngestLimits, Ingested,
};
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Ingests a whole folder the way the pipeline does.
fn ingest_dir(dir: &Path, limits: &IngestLimits) -> (Vec<Document>, Vec<IngestError>) {
    let (files, mut errors) = discover(&[dir.to_path_buf()]);
    let mut docs = Vec::new();
    for file in &files {
        for item in ingest_file(file, limits) {
            match item {
                Ingested::Doc(d) => docs.push(d),
                Ingested::Failed(e) => errors.push(e),
            }
        }
    }
    (docs, errors)
}

fn doc<'a>(docs: &'a [Document], id: &str) -> &'a Document {
    docs.iter().find(|d| d.id == id).unwrap_or_else(|| {
        panic!(
            "no document {id} in {:?}",
            docs.iter().map(|d| &d.id).collect::<Vec<_>>()
        )
    })
}

#[test]
fn reads_every_format_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "b/note.txt",
        "Amazon streicht 14.000 Stellen.\r\n".as_bytes(),
    );
    write(d, "a/page.html", b"<html><body><nav>Home</nav><article><p>Meta baut 600 Jobs ab.</p></article></body></html>");
    write(d, "a/post.md", b"# AWS\n\nMatt Garman erkl\xc3\xa4rt.");
    write(d, "c/one.json", br#"{"id": "j1", "title": "Titel", "text": "Andy Jassy schreibt.", "url": "https://example.com/j1"}"#);
    write(
        d,
        "c/many.json",
        br#"[{"text": "Erster."}, {"body": "Zweiter."}]"#,
    );
    write(d, "c/feed.jsonl", b"{\"id\": 7, \"text\": \"Beth Galetti\"}\n\n{\"content\": \"Seattle\", \"date\": \"2025-10-28\"}\n");
    write(
        d,
        "d/zipped.txt.gz",
        &gzip("Gzip: Anthropic erhält Milliarden.".as_bytes()),
    );
    write(
        d,
        "d/zipped.jsonl.gz",
        &gzip(b"{\"id\": \"z\", \"text\": \"Intel\"}\n"),
    );
    write(d, "README.md", b"About this folder.");
    write(d, ".hidden.txt", b"never read");

    let (docs, errors) = ingest_dir(d, &IngestLimits::default());
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a/page.html",
            "a/post.md",
            "b/note.txt",
            "7",
            "c/feed.jsonl:3",
            "c/many.json#1",
            "c/many.json#2",
            "j1",
            "z",
            "d/zipped.txt.gz"
        ]
    );
    assert_eq!(
        doc(&docs, "b/note.txt").text,
        "Amazon streicht 14.000 Stellen."
    );
    assert_eq!(doc(&docs, "a/page.html").text, "Meta baut 600 Jobs ab.");
    assert_eq!(doc(&docs, "a/post.md").text, "AWS\n\nMatt Garman erklärt.");
    assert_eq!(doc(&docs, "a/post.md").meta["title"], "AWS");
    let j1 = doc(&docs, "j1");
    assert_eq!(j1.text, "Titel\n\nAndy Jassy schreibt.");
    assert_eq!(j1.meta["url"], "https://example.com/j1");
    assert_eq!(j1.source, "c/one.json");
    assert_eq!(doc(&docs, "c/many.json#2").text, "Zweiter.");
    assert_eq!(doc(&docs, "7").text, "Beth Galetti");
    assert_eq!(doc(&docs, "c/feed.jsonl:3").meta["date"], "2025-10-28");
    assert_eq!(
        doc(&docs, "d/zipped.txt.gz").text,
        "Gzip: Anthropic erhält Milliarden."
    );
    assert_eq!(doc(&docs, "z").text, "Intel");
}

#[test]
fn bad_inputs_are_reported_per_item_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "latin1.txt", b"M\xfcnchen");
    write(d, "binary.txt", b"\x7fELF\x00\x00\x01binary");
    write(d, "empty.txt", b"");
    write(
        d,
        "blank.html",
        b"<html><body><nav>only navigation</nav></body></html>",
    );
    write(d, "huge.txt", "Amazon ".repeat(100).as_bytes());
    write(d, "broken.json", b"{\"text\": ");
    write(d, "scalar.json", b"42");
    write(d, "mixed.jsonl", b"{\"text\": \"gut\"}\n{not json}\n[1,2]\n{\"title\": \"ohne Text\"}\n{\"text\": \"M\xfcll\"}\n{\"text\": \"auch gut\"}\n");
    write(d, "fake.txt.gz", b"not gzip at all");
    write(d, "photo.png", b"\x89PNG");
    write(d, "good.txt", b"Seattle bleibt Sitz von AWS.");

    let limits = IngestLimits {
        max_doc_bytes: 300,
        ..IngestLimits::default()
    };
    let (docs, errors) = ingest_dir(d, &limits);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["Seattle bleibt Sitz von AWS.", "gut", "auch gut"]);

    let kind_of = |source: &str, item: Option<&str>| -> ErrorKind {
        errors
            .iter()
            .find(|e| e.source == source && e.item.as_deref() == item)
            .unwrap_or_else(|| panic!("no error for {source} {item:?} in {errors:#?}"))
            .kind
    };
    assert_eq!(kind_of("latin1.txt", None), ErrorKind::InvalidUtf8);
    assert_eq!(kind_of("binary.txt", None), ErrorKind::Binary);
    assert_eq!(kind_of("empty.txt", None), ErrorKind::Empty);
    assert_eq!(kind_of("blank.html", None), ErrorKind::Empty);
    assert_eq!(kind_of("huge.txt", None), ErrorKind::TooLarge);
    assert_eq!(kind_of("broken.json", None), ErrorKind::MalformedJson);
    assert_eq!(kind_of("scalar.json", None), ErrorKind::MalformedJson);
    assert_eq!(
        kind_of("mixed.jsonl", Some("line 2")),
        ErrorKind::MalformedJson
    );
    assert_eq!(
        kind_of("mixed.jsonl", Some("line 3")),
        ErrorKind::MalformedJson
    );
    assert_eq!(kind_of("mixed.jsonl", Some("line 4")), ErrorKind::NoText);
    assert_eq!(
        kind_of("mixed.jsonl", Some("line 5")),
        ErrorKind::InvalidUtf8
    );
    assert_eq!(kind_of("fake.txt.gz", None), ErrorKind::Decompress);
    assert_eq!(kind_of("photo.png", None), ErrorKind::UnsupportedType);
    assert_eq!(errors.len(), 13, "{errors:#?}");

    // Messages name the problem and what to do about it.
    let utf8 = errors
        .iter()
        .find(|e| e.kind == ErrorKind::InvalidUtf8 && e.item.is_none())
        .unwrap();
    assert!(
        utf8.message.contains("byte 1") && utf8.message.contains("UTF-8"),
        "{}",
        utf8.message
    );
    assert!(utf8.to_string().starts_with("latin1.txt: "), "{utf8}");
}

#[test]
fn file_over_the_size_limit_is_not_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.txt.gz", &gzip(&vec![b'a'; 10_000]));
    let limits = IngestLimits {
        max_file_bytes: 1000,
        ..IngestLimits::default()
    };
    let (docs, errors) = ingest_dir(dir.path(), &limits);
    assert!(docs.is_empty());
    assert_eq!(errors[0].kind, ErrorKind::TooLarge);
    assert!(errors[0].message.contains("--max-file-bytes"));
}
