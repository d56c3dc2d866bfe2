//! The library entry point: a `Tagger` made once tags batches of documents
//! in memory with the same mentions and job figures a run writes, each
//! document's independent of the others in the call.

mod common;

use common::{demo_documents, env, model, run};
use newsner_ingest::Document;
use newsner_pipeline::{Input, Locations, PipelineOptions, Tagger};
use newsner_records::{read_mentions, Mention};

#[test]
fn tagging_in_memory_gives_what_a_run_writes() {
    let docs = demo_documents();
    let options = PipelineOptions::default();
    let tagger = Tagger::new(model("de-news"), env(), options.clone()).unwrap();
    let tagged: Vec<_> = tagger
        .tag(docs.clone())
        .unwrap()
        .into_iter()
        .map(|t| t.expect("every demo document is tagged"))
        .collect();
    assert_eq!(tagged.len(), docs.len());

    let out = tempfile::tempdir().unwrap();
    run(
        &model("de-news"),
        Input::Documents(docs.clone()),
        out.path(),
        &options,
    );
    let written = read_mentions(&out.path().join("mentions.jsonl")).unwrap();
    let from_memory: Vec<Mention> = tagged.iter().flat_map(|t| t.mentions.clone()).collect();
    assert_eq!(from_memory, written);
    let figures: usize = tagged.iter().map(|t| t.figures.len()).sum();
    let written_figures = std::fs::read_to_string(out.path().join("figures.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert!(figures > 0);
    assert_eq!(figures, written_figures);

    // Reused for a second call, one document alone: the same mentions.
    let third = tagger.tag(vec![docs[3].clone()]).unwrap();
    assert_eq!(third[0].as_ref().unwrap().mentions, tagged[3].mentions);
}

#[test]
fn a_tagger_loads_by_model_name_and_reports_untaggable_documents() {
    let locations = Locations {
        models_dir: Some(common::models_dir()),
        ..Locations::from_env()
    };
    let options = PipelineOptions {
        max_doc_tokens: 50,
        ..PipelineOptions::default()
    };
    let tagger = Tagger::load("de-news", &locations, options).unwrap();
    let doc = |id: &str, text: &str| Document {
        id: id.into(),
        source: id.into(),
        text: text.into(),
        meta: Default::default(),
    };
    let results = tagger
        .tag(vec![
            doc(
                "short",
                "Amazon streicht 14.000 Stellen, sagte Beth Galetti in Seattle.",
            ),
            doc("long", &"Siemens baut Stellen ab. ".repeat(40)),
            doc("short", "Meta entlässt 600 Mitarbeiter."),
        ])
        .unwrap();
    let first = results[0].as_ref().unwrap();
    assert!(first
        .mentions
        .iter()
        .any(|m| m.word == "Amazon" && m.label == "ORG"));
    let err = results[1].as_ref().unwrap_err();
    assert!(err.message.contains("--max-doc-tokens 50"), "{err}");
    assert_eq!(results[2].as_ref().unwrap().document.id, "short#2");

    let missing = Tagger::load("no-such-model", &locations, PipelineOptions::default());
    assert!(missing.err().unwrap().to_string().contains("no-such-model"));
}
