//! The benchmark on a tiny corpus: the report has its structure and all four
//! paths find the same entities (no timing assertions).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// The newsner binary of the same profile (cargo builds it for the
/// workspace's tests).
fn newsner_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = profile_dir.join("newsner");
    assert!(
        bin.is_file(),
        "{} missing: run `cargo xtask test` (it builds the whole workspace)",
        bin.display()
    );
    bin
}

/// The bench venv's Python (`cargo xtask test` sets it).
fn bench_python() -> std::ffi::OsString {
    std::env::var_os("NEWSNER_BENCH_PYTHON")
        .expect("NEWSNER_BENCH_PYTHON unset: run the tests with `cargo xtask test`")
}

/// The benchmark on 12 documents, one round, no sweep, with `extra`
/// arguments, into `out`: its report.
fn tiny_bench(root: &Path, extra: &[&std::ffi::OsStr], out: &Path) -> serde_json::Value {
    let ort = std::env::var_os("ORT_DYLIB_PATH")
        .expect("ORT_DYLIB_PATH unset: run the tests with `cargo xtask test`");
    let status = Command::new(env!("CARGO_BIN_EXE_newsner-bench"))
        .current_dir(root)
        .args(["--docs", "12", "--no-sweep", "--rounds", "1"])
        .args(extra)
        .arg("--newsner")
        .arg(newsner_binary())
        .arg("--python")
        .arg(bench_python())
        .arg("--ort-lib")
        .arg(ort)
        .arg("--out")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&std::fs::read_to_string(out.join("latest.json")).unwrap()).unwrap()
}

#[test]
fn tiny_run_reports_every_path_and_they_agree() {
    let root = workspace_root();
    let out = tempfile::tempdir().unwrap();
    let report = tiny_bench(&root, &["--model".as_ref(), "rampart".as_ref()], out.path());
    assert_eq!(report["agree"], true, "{report:#}");
    for key in ["vs_ceiling", "vs_hf_style", "vs_best_python"] {
        assert!(report["ratios"][key].as_f64().unwrap() > 0.0, "ratio {key}");
    }
    let share = report["padding_share"].as_f64().unwrap();
    assert!((0.0..1.0).contains(&share));
    for path in [
        "ceiling",
        "newsner",
        "python_hf_style",
        "python_best_effort",
    ] {
        let p = &report["paths"][path];
        assert!(p["tokens_per_s"].as_f64().unwrap() > 0.0, "{path}");
        assert!(
            p["entity_count"].as_u64().unwrap() > 0,
            "{path} found no entities"
        );
    }
    assert_eq!(report["documents"], 12);
    assert!(out.path().join("latest.svg").is_file());
}

/// The peer "Python on the standard export" on a fresh clone: the export is
/// derived from the committed de-news graph (per-token int8 back to fp32,
/// then `quantize_dynamic`), runs, and tags nearly what the shipped graph
/// tags (its activations are quantized per batch, so not exactly).
#[test]
fn the_standard_export_derived_from_de_news_runs_and_finds_its_entities() {
    let root = workspace_root();
    let python = bench_python();
    let out = tempfile::tempdir().unwrap();
    let export = out.path().join("standard.onnx");
    let derived = Command::new(&python)
        .arg(root.join("scripts/bench/standard_export.py"))
        .arg(root.join("models/de-news/model.onnx"))
        .arg(&export)
        .output()
        .unwrap();
    assert!(
        derived.status.success(),
        "{}",
        String::from_utf8_lossy(&derived.stderr)
    );
    let said = String::from_utf8_lossy(&derived.stdout);
    assert!(
        said.contains("72 projections and 1 embedding tables restored"),
        "{said}"
    );
    let report = tiny_bench(
        &root,
        &[
            "--model".as_ref(),
            "de-news".as_ref(),
            "--standard-export".as_ref(),
            export.as_os_str(),
        ],
        out.path(),
    );
    assert_eq!(report["agree"], true, "{report:#}");
    let peer = &report["paths"]["python_standard_export"];
    assert!(peer["tokens_per_s"].as_f64().unwrap() > 0.0, "{report:#}");
    assert!(
        report["ratios"]["vs_python_standard_export"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    let overlap = report["standard_export_entity_overlap"].as_f64().unwrap();
    assert!(
        overlap >= 0.8,
        "the standard export shares only {overlap} of the entities"
    );
    assert!(report["graph_profile"]["mfu"].as_f64().unwrap() > 0.0);
}

/// The model folder of de-news with its graph in fp32 (the committed int8
/// weights dequantized), as a user's plain export of a model would be.
fn fp32_de_news(root: &Path, python: &std::ffi::OsStr, dir: &Path) {
    let model = root.join("models/de-news");
    std::fs::create_dir_all(dir).unwrap();
    for file in ["tokenizer.json", "config.json", "tokenizer_config.json"] {
        std::fs::copy(model.join(file), dir.join(file)).unwrap();
    }
    // The manifest without its checksums (the graph is another file now).
    let toml = std::fs::read_to_string(model.join("model.toml")).unwrap();
    let kept: Vec<&str> = toml
        .split("\n[")
        .filter(|section| !section.starts_with("[files]]"))
        .collect();
    std::fs::write(dir.join("model.toml"), kept.join("\n[")).unwrap();
    let script = "import sys, onnx; sys.path.insert(0, sys.argv[1]); \
                  from standard_export import dequantize; \
                  m = onnx.load(sys.argv[2]); dequantize(m); onnx.save(m, sys.argv[3])";
    let status = Command::new(python)
        .args(["-c", script])
        .arg(root.join("scripts/bench"))
        .arg(model.join("model.onnx"))
        .arg(dir.join("model.onnx"))
        .status()
        .unwrap();
    assert!(status.success());
}

fn demo_entities(root: &Path, model: &Path, out: &Path) -> std::collections::BTreeSet<String> {
    let status = Command::new(newsner_binary())
        .args(["run", "-q", "--no-progress", "--formats", "jsonl"])
        .arg("--input")
        .arg(root.join("corpus/txt"))
        .arg("--out")
        .arg(out)
        .arg("--model")
        .arg(model)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read_to_string(out.join("mentions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let m: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{} {} {} {}", m["doc"], m["label"], m["start"], m["end"])
        })
        .collect()
}

/// `cargo xtask optimize-model` on an fp32 export: the graph it writes is
/// batch-invariant int8 and tags the demo texts as the shipped de-news does.
#[test]
fn optimize_model_turns_an_fp32_export_into_batch_invariant_int8_that_tags_alike() {
    let root = workspace_root();
    let python = bench_python();
    let tmp = tempfile::tempdir().unwrap();
    let fp32 = tmp.path().join("fp32");
    fp32_de_news(&root, &python, &fp32);
    let optimized = tmp.path().join("optimized");
    let status = Command::new(&python)
        .arg(root.join("scripts/optimize_model.py"))
        .arg(&fp32)
        .arg(&optimized)
        .args(["--rounds", "1", "--batch", "2", "--seq", "64"])
        .status()
        .unwrap();
    assert!(status.success());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(optimized.join("optimize.json")).unwrap())
            .unwrap();
    let int8 = &report["forms"]["per-token int8"];
    assert_eq!(
        int8["batch_invariance_max_abs_logit_diff"], 0.0,
        "{report:#}"
    );
    assert_eq!(report["projections"], 72);
    let shipped = demo_entities(&root, &root.join("models/de-news"), &tmp.path().join("a"));
    let ours = demo_entities(&root, &optimized, &tmp.path().join("b"));
    let shared = shipped.intersection(&ours).count() as f64;
    let overlap = shared / shipped.union(&ours).count() as f64;
    assert!(
        overlap >= 0.95,
        "the optimized graph shares only {overlap} of the shipped graph's mentions"
    );
}
