//! A document's entities are its own: the default model gives the same
//! mentions for a document whether it is tagged alone, twice in one corpus
//! or among many others, whatever the batching settings and the number of
//! sessions. Users count mentions across folders and shards, so "the same
//! corpus gives the same output" is not enough.

mod common;

use common::{demo_documents, model, run};
use newsner_ingest::Document;
use newsner_pipeline::{Input, PipelineOptions};
use newsner_records::{read_mentions, Mention};
use std::collections::BTreeMap;

fn renamed(doc: &Document, id: String) -> Document {
    Document { id, ..doc.clone() }
}

/// Mentions per document id.
fn tag(docs: Vec<Document>, options: &PipelineOptions) -> BTreeMap<String, Vec<Mention>> {
    let out = tempfile::tempdir().unwrap();
    run(
        &model("de-news"),
        Input::Documents(docs),
        out.path(),
        options,
    );
    let mut by_doc: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for m in read_mentions(&out.path().join("mentions.jsonl")).unwrap() {
        by_doc.entry(m.doc.clone()).or_default().push(m);
    }
    by_doc
}

fn assert_same(what: &str, expected: &[Mention], got: &[Mention]) {
    let key = |m: &Mention| (m.start, m.end, m.label.clone(), m.model_label.clone());
    let a: Vec<_> = expected.iter().map(key).collect();
    let b: Vec<_> = got.iter().map(key).collect();
    assert_eq!(a, b, "{what}: spans or labels differ");
    for (x, y) in expected.iter().zip(got) {
        assert!(
            (x.score - y.score).abs() <= 1e-6,
            "{what}: score of {:?} at {} differs: {} vs {}",
            x.word,
            x.start,
            x.score,
            y.score
        );
    }
}

#[test]
fn a_documents_mentions_do_not_depend_on_its_neighbours_or_the_batching() {
    let corpus = demo_documents();
    assert!(
        corpus.len() >= 20,
        "demo corpus too small: {}",
        corpus.len()
    );
    // Targets: a short, a middle and the longest document (several windows).
    let mut by_len: Vec<&Document> = corpus.iter().collect();
    by_len.sort_by_key(|d| (d.text.len(), d.id.clone()));
    let targets = [
        by_len[2],
        by_len[by_len.len() / 2],
        by_len[by_len.len() - 1],
    ];

    let alone: Vec<BTreeMap<String, Vec<Mention>>> = targets
        .iter()
        .map(|t| {
            tag(
                vec![renamed(t, "target".into())],
                &PipelineOptions::default(),
            )
        })
        .collect();
    for (t, a) in targets.iter().zip(&alone) {
        assert!(
            a.get("target").is_some_and(|m| m.len() >= 2),
            "{} alone: too few mentions to compare ({a:?})",
            t.id
        );
    }

    // The whole corpus with each target twice: once early, once at the end.
    let mut crowd: Vec<Document> = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        crowd.push(renamed(t, format!("target{i}-first")));
    }
    crowd.extend(corpus.iter().cloned());
    for (i, t) in targets.iter().enumerate() {
        crowd.push(renamed(t, format!("target{i}-again")));
    }

    let settings = [
        PipelineOptions::default(),
        PipelineOptions {
            batch_tokens: 512,
            lookahead: 8,
            ..PipelineOptions::default()
        },
        PipelineOptions {
            batch_tokens: 16384,
            max_padding: 0.5,
            sessions: 2,
            intra_threads: 1,
            ..PipelineOptions::default()
        },
    ];
    for (s, options) in settings.iter().enumerate() {
        let tagged = tag(crowd.clone(), options);
        for (i, expected) in alone.iter().enumerate() {
            for copy in ["first", "again"] {
                let id = format!("target{i}-{copy}");
                assert_same(
                    &format!("{} as {id} with settings {s}", targets[i].id),
                    &expected["target"],
                    tagged.get(&id).map_or(&[][..], Vec::as_slice),
                );
            }
        }
    }
}
