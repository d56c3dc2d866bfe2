//! `aggregate` over a tagged dataset (what the Spark and Ray examples
//! write): part files merged by order, int64 columns, repeated ids
//! numbered over the whole dataset, and datasets it must refuse.

use arrow_array::builder::{Int64Builder, MapBuilder, StringBuilder};
use arrow_array::{ArrayRef, Float32Array, Int64Array, RecordBatch, StringArray};
use newsner_aggregate::rebuild;
use newsner_output::Formats;
use newsner_records::{read_jsonl, DocumentRecord, Mention, DATASET_SETTINGS};
use parquet::arrow::ArrowWriter;
use std::path::Path;
use std::sync::Arc;

fn write(path: &Path, batch: RecordBatch) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

fn strings(values: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

fn ints(values: &[i64]) -> ArrayRef {
    Arc::new(Int64Array::from(values.to_vec()))
}

/// A documents part: (order, id, text).
fn documents(rows: &[(i64, &str, &str)]) -> RecordBatch {
    let mut meta = MapBuilder::new(None, StringBuilder::new(), StringBuilder::new());
    let mut chars = Int64Builder::new();
    for (_, _, text) in rows {
        meta.keys().append_value("lang");
        meta.values().append_value("de");
        meta.append(true).unwrap();
        chars.append_value(text.chars().count() as i64);
    }
    RecordBatch::try_from_iter([
        ("order", ints(&rows.iter().map(|r| r.0).collect::<Vec<_>>())),
        ("id", strings(&rows.iter().map(|r| r.1).collect::<Vec<_>>())),
        (
            "source",
            strings(&rows.iter().map(|_| "news.jsonl").collect::<Vec<_>>()),
        ),
        ("meta", Arc::new(meta.finish()) as ArrayRef),
        ("chars", Arc::new(chars.finish()) as ArrayRef),
        (
            "text",
            strings(&rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        ),
    ])
    .unwrap()
}

/// A mentions part: (order, doc, word, start) of ORG mentions.
fn mentions(rows: &[(i64, &str, &str, i64)]) -> RecordBatch {
    let n = rows.len();
    RecordBatch::try_from_iter([
        ("order", ints(&rows.iter().map(|r| r.0).collect::<Vec<_>>())),
        (
            "doc",
            strings(&rows.iter().map(|r| r.1).collect::<Vec<_>>()),
        ),
        ("label", strings(&vec!["ORG"; n])),
        ("model_label", strings(&vec!["ORG"; n])),
        (
            "score",
            Arc::new(Float32Array::from(vec![0.99f32; n])) as ArrayRef,
        ),
        (
            "word",
            strings(&rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        ),
        ("start", ints(&rows.iter().map(|r| r.3).collect::<Vec<_>>())),
        (
            "end",
            ints(
                &rows
                    .iter()
                    .map(|r| r.3 + r.2.chars().count() as i64)
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "index",
            Arc::new(Int64Array::from(vec![None::<i64>; n])) as ArrayRef,
        ),
    ])
    .unwrap()
}

fn settings(dir: &Path) {
    std::fs::write(
        dir.join(DATASET_SETTINGS),
        r#"{"newsner": "0", "model": "de-news", "aggregation": "first", "join_adjacent": ["PER"]}"#,
    )
    .unwrap();
}

/// Four documents in two parts whose orders interleave, the id `a` twice,
/// and a skipped line between them.
fn dataset(dir: &Path) {
    write(
        &dir.join("documents/part-00000.parquet"),
        documents(&[
            (10, "a", "BASF streicht Stellen."),
            (40, "c", "SAP stellt ein."),
        ]),
    );
    write(
        &dir.join("documents/part-00001.parquet"),
        documents(&[
            (20, "b", "Ohne Namen."),
            (30, "a", "Bayer streicht Stellen."),
        ]),
    );
    write(
        &dir.join("mentions/part-00000.parquet"),
        mentions(&[(10, "a", "BASF", 0), (40, "c", "SAP", 0)]),
    );
    write(
        &dir.join("mentions/part-00001.parquet"),
        mentions(&[(30, "a", "Bayer", 0)]),
    );
    let errors = RecordBatch::try_from_iter([
        ("order", ints(&[25])),
        ("source", strings(&["news.jsonl"])),
        ("item", strings(&["line 25"])),
        ("kind", strings(&["malformed_json"])),
        ("message", strings(&["malformed JSON: EOF"])),
    ])
    .unwrap();
    write(&dir.join("errors/part-00000.parquet"), errors);
    std::fs::write(dir.join("documents/_SUCCESS"), "").unwrap();
    settings(dir);
}

#[test]
fn a_dataset_aggregates_in_reading_order_with_repeated_ids_numbered() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    dataset(&data);
    let out = tmp.path().join("out");
    let built = rebuild(&[data], &out, Formats::default(), 10).unwrap();
    assert_eq!((built.documents, built.errors, built.mentions), (4, 1, 3));
    assert_eq!(built.summary.model, "de-news");
    let docs: Vec<DocumentRecord> = read_jsonl(&out.join("documents.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "a#2", "c"]);
    // Orders are renumbered over documents and skipped items together.
    let orders: Vec<Option<u64>> = docs.iter().map(|d| d.order).collect();
    assert_eq!(orders, [Some(0), Some(1), Some(3), Some(4)]);
    assert_eq!(docs[0].meta.get("lang").map(String::as_str), Some("de"));
    let mentions: Vec<Mention> = read_jsonl(&out.join("mentions.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let pairs: Vec<(&str, &str)> = mentions
        .iter()
        .map(|m| (m.doc.as_str(), m.word.as_str()))
        .collect();
    assert_eq!(pairs, [("a", "BASF"), ("a#2", "Bayer"), ("c", "SAP")]);
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert!(
        errors.contains("line 25") && errors.contains("\"order\":2"),
        "{errors}"
    );
}

#[test]
fn a_part_out_of_order_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    dataset(&data);
    write(
        &data.join("documents/part-00001.parquet"),
        documents(&[
            (30, "a", "Bayer streicht Stellen."),
            (20, "b", "Ohne Namen."),
        ]),
    );
    let err = rebuild(&[data], &tmp.path().join("out"), Formats::default(), 10)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("part-00001.parquet") && err.contains("order"),
        "{err}"
    );
    assert!(!tmp.path().join("out/documents.jsonl").exists());
}

#[test]
fn a_mention_of_no_document_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    dataset(&data);
    write(
        &data.join("mentions/part-00002.parquet"),
        mentions(&[(35, "x", "Siemens", 0)]),
    );
    let err = rebuild(&[data], &tmp.path().join("out"), Formats::default(), 10)
        .unwrap_err()
        .to_string();
    assert!(err.contains("order 35") && err.contains("Siemens"), "{err}");
}

#[test]
fn a_document_read_but_not_tagged_takes_its_id_and_mentions_may_be_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write(
        &data.join("documents/part-00000.parquet"),
        documents(&[(20, "a", "Ohne Namen.")]),
    );
    // Line 10 was document `a` with too many tokens: a run names the next
    // `a` `a#2`, and so must the dataset.
    let errors = RecordBatch::try_from_iter([
        ("order", ints(&[10])),
        ("id", strings(&["a"])),
        ("source", strings(&["news.jsonl"])),
        ("item", strings(&["a"])),
        ("kind", strings(&["too_large"])),
        (
            "message",
            strings(&["300000 tokens, over --max-doc-tokens 200000"]),
        ),
    ])
    .unwrap();
    write(&data.join("errors/part-00000.parquet"), errors);
    settings(&data);
    let out = tmp.path().join("out");
    let built = rebuild(&[data], &out, Formats::default(), 10).unwrap();
    assert_eq!((built.documents, built.errors, built.mentions), (1, 1, 0));
    let docs: Vec<DocumentRecord> = read_jsonl(&out.join("documents.jsonl"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs[0].id, "a#2");
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert!(errors.contains("\"item\":\"a\""), "{errors}");
}

#[test]
fn two_items_at_one_order_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    dataset(&data);
    // The same file read twice gives its lines twice, at the same orders.
    write(
        &data.join("documents/part-00002.parquet"),
        documents(&[(20, "b", "Ohne Namen.")]),
    );
    let err = rebuild(&[data], &tmp.path().join("out"), Formats::default(), 10)
        .unwrap_err()
        .to_string();
    assert!(err.contains("two items have order 20"), "{err}");
}
