//! A wrong or corrupt model folder is a clear error naming the file.

mod common;

use common::{env, models_dir};
use newsner_assets::resolve_model;
use newsner_infer::{NerModel, SessionOptions};
use std::path::Path;

/// A copy of the rampart folder to break in one way.
fn copy_rampart(to: &Path) {
    for name in ["model.onnx", "tokenizer.json", "config.json", "model.toml"] {
        std::fs::copy(models_dir().join("rampart").join(name), to.join(name)).unwrap();
    }
}

fn load_error(folder: &Path) -> String {
    let (folder, manifest) = match resolve_model(folder.to_str().unwrap(), &models_dir()) {
        Ok(found) => found,
        Err(e) => return e.to_string(),
    };
    match NerModel::load(&folder, manifest) {
        Err(e) => e.to_string(),
        Ok(model) => match model.session(env(), &SessionOptions::default()) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{} loaded although broken", folder.display()),
        },
    }
}

#[test]
fn missing_tokenizer_is_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::remove_file(dir.path().join("tokenizer.json")).unwrap();
    let err = load_error(dir.path());
    assert!(
        err.contains("tokenizer.json") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn labels_that_do_not_match_the_output_width_are_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"id2label": {"0": "O", "1": "B-PER", "2": "I-PER"}, "max_position_embeddings": 512}"#,
    )
    .unwrap();
    let err = load_error(dir.path());
    assert!(
        err.contains("model.onnx") && err.contains("35 labels") && err.contains("id2label has 3"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_onnx_is_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::write(dir.path().join("model.onnx"), b"this is not a protobuf").unwrap();
    let err = load_error(dir.path());
    assert!(
        err.contains("model.onnx") && err.contains("not a usable ONNX model"),
        "{err}"
    );
}

#[test]
fn broken_config_and_tokenizer_json_are_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::write(dir.path().join("config.json"), b"{ not json").unwrap();
    let err = load_error(dir.path());
    assert!(
        err.contains("config.json") && err.contains("not valid JSON"),
        "{err}"
    );

    copy_rampart(dir.path());
    std::fs::write(dir.path().join("tokenizer.json"), b"{}").unwrap();
    let err = load_error(dir.path());
    assert!(err.contains("tokenizer.json"), "{err}");
}

#[test]
fn an_unknown_model_name_lists_the_known_ones() {
    let err = load_error(Path::new("no-such-model"));
    assert!(
        err.contains("no-such-model") && err.contains("rampart"),
        "{err}"
    );
}

#[test]
fn a_plain_huggingface_export_without_manifest_loads() {
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::remove_file(dir.path().join("model.toml")).unwrap();
    let onnx = dir.path().join("onnx");
    std::fs::create_dir(&onnx).unwrap();
    std::fs::rename(dir.path().join("model.onnx"), onnx.join("model_q4.onnx")).unwrap();
    let (folder, manifest) = resolve_model(dir.path().to_str().unwrap(), &models_dir()).unwrap();
    let model = NerModel::load(&folder, manifest).unwrap();
    assert_eq!(model.max_len, 512);
    assert_eq!(model.labels.len(), 35);
    model.session(env(), &SessionOptions::default()).unwrap();
}

#[test]
fn a_tokenizer_from_another_model_is_named() {
    // rampart's files with de-news's tokenizer (85,000 pieces for a
    // 19,730-row embedding table): it used to run and write wrong mentions.
    let dir = tempfile::tempdir().unwrap();
    copy_rampart(dir.path());
    std::fs::copy(
        models_dir().join("de-news/tokenizer.json"),
        dir.path().join("tokenizer.json"),
    )
    .unwrap();
    let err = load_error(dir.path());
    assert!(
        err.contains("tokenizer.json")
            && err.contains("belongs to another model")
            && err.contains("19730"),
        "{err}"
    );
}
