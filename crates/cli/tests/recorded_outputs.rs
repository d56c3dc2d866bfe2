//! Every output file of a run, byte for byte, against the files a
//! recorded build wrote (`tests/recorded/*.sha256`, `sha256sum` format).
//! Refactors must not move a byte: the demo corpus, a folder of mixed and
//! broken inputs (skipped items between documents), the same folder with
//! other settings, and `newsner aggregate` over the run.
//!
//! A change that is meant to change output re-records with
//! `NEWSNER_RECORD=1 cargo test -p newsner --test recorded_outputs` and says
//! why in its commit. Scores are exact only on the instruction set the files
//! were recorded on (ONNX Runtime's fp32 kernels differ per ISA); on another
//! one only the files without scores are compared.

mod common;

use common::workspace_root;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files that carry no model scores: the same on every CPU.
const SCORE_FREE: &[&str] = &["entities.csv", "errors.jsonl", "figures.csv"];

/// Not compared: wall-clock times.
const UNRECORDED: &[&str] = &["timings.json"];

fn cpu_isa() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512vnni") {
        return "avx512vnni";
    }
    "avx2"
}

fn newsner(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_newsner"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("newsner starts");
    assert!(
        output.status.success(),
        "newsner {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// `sha256  name` for every output file of a run folder, by name.
fn digests(out: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || UNRECORDED.contains(&name.as_str()) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        files.insert(name, format!("{:x}", Sha256::digest(&bytes)));
    }
    files
}

fn recorded_file(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/recorded")
        .join(format!("{case}.sha256"))
}

/// Compares (or with `NEWSNER_RECORD=1` records) a run folder's files.
fn check(case: &str, out: &Path) {
    let now = digests(out);
    let file = recorded_file(case);
    if std::env::var_os("NEWSNER_RECORD").is_some() {
        let mut text = format!("# cpu: {}\n", cpu_isa());
        for (name, sum) in &now {
            text.push_str(&format!("{sum}  {name}\n"));
        }
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        return;
    }
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e}; record it with NEWSNER_RECORD=1", file.display()));
    let recorded_on = text
        .lines()
        .find_map(|l| l.strip_prefix("# cpu: "))
        .unwrap_or("avx2");
    let same_isa = recorded_on == cpu_isa();
    let recorded: BTreeMap<String, String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("  "))
        .map(|(sum, name)| (name.to_string(), sum.to_string()))
        .collect();
    assert_eq!(
        recorded.keys().collect::<Vec<_>>(),
        now.keys().collect::<Vec<_>>(),
        "{case}: the run writes other files than recorded"
    );
    let differ: Vec<&String> = recorded
        .iter()
        .filter(|(name, _)| same_isa || SCORE_FREE.contains(&name.as_str()))
        .filter(|(name, sum)| now.get(*name) != Some(*sum))
        .map(|(name, _)| name)
        .collect();
    assert!(
        differ.is_empty(),
        "{case}: {differ:?} differ from {} (recorded on {recorded_on}, this CPU {}); \
         if the change is meant, re-record with NEWSNER_RECORD=1 and say why",
        file.display(),
        cpu_isa()
    );
}

#[test]
fn the_demo_corpus_gives_the_recorded_files() {
    let out = tempfile::tempdir().unwrap();
    let corpus = workspace_root().join("corpus");
    newsner_on("run", &corpus, out.path(), &[]);
    check("demo", out.path());
}

/// Documents of every input kind with skipped items between them: a file
/// that is not UTF-8, an empty file, a broken JSONL line, a JSON file
/// without text.
fn mixed_inputs(dir: &Path) {
    let write = |name: &str, bytes: &[u8]| {
        let file = dir.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    };
    write(
        "a_bericht.txt",
        "Siemens baut Stellen ab\n\nDer Münchner Konzern Siemens will bis 2027 \
         rund 6.000 Stellen streichen, sagte Vorstandschef Roland Busch am Dienstag \
         in München. Die IG Metall kündigte Widerstand an.\n"
            .as_bytes(),
    );
    write("b_kaputt.txt", b"Volkswagen \xff\xfe streicht");
    write("c_leer.md", b"");
    write(
        "d_artikel.html",
        "<html lang=\"en\"><head><title>Intel cuts jobs</title>\
         <meta property=\"article:published_time\" content=\"2025-04-22T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> | <a href=\"/tech\">Tech</a></nav>\
         <article><h1>Intel to cut 20% of its workforce</h1>\
         <p>Intel plans to lay off more than 20 percent of its staff, Lip-Bu Tan told \
         employees in Santa Clara on Tuesday.</p>\
         <p>The chipmaker had about 109,000 employees at the end of 2024, according \
         to its annual report.</p></article>\
         <footer>© 2025 Example News</footer></body></html>"
            .as_bytes(),
    );
    write(
        "e_feed.jsonl",
        "{\"id\": \"f1\", \"text\": \"Bosch will in Stuttgart 1.300 Stellen abbauen, teilte Stefan Hartung mit.\"}\n\
         {\"id\": \"f2\", \"text\": \
         broken line\n\
         {\"id\": \"f3\", \"text\": \"Angela Merkel traf Emmanuel Macron in Paris.\"}\n"
            .as_bytes(),
    );
    write("f_ohne_text.json", b"{\"title\": \"Nur ein Titel\"}");
    write(
        "g/h_notiz.md",
        "# SAP ordnet sich neu\n\nSAP-Chef Christian Klein kündigte in Walldorf an, \
         rund 8.000 Stellen umzubauen. Amazon und Microsoft investieren derweil in \
         Rechenzentren in Frankfurt.\n"
            .as_bytes(),
    );
}

/// `newsner COMMAND -i INPUT --out OUT EXTRA…`.
fn newsner_on(command: &str, input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![command, "-q", "-i", path(input), "--out", path(out)];
    args.extend_from_slice(extra);
    newsner(&args);
}

#[test]
fn mixed_and_broken_inputs_give_the_recorded_files_and_aggregate_repeats_them() {
    let input = tempfile::tempdir().unwrap();
    mixed_inputs(input.path());
    let out = tempfile::tempdir().unwrap();
    newsner_on("run", input.path(), out.path(), &["--allow-skips"]);
    check("mixed", out.path());

    let again = tempfile::tempdir().unwrap();
    newsner_on("aggregate", out.path(), again.path(), &[]);
    check("mixed", again.path());

    let other = tempfile::tempdir().unwrap();
    let settings = [
        "--allow-skips",
        "--types-per-mention",
        "--aggregation",
        "average",
        "--batch-tokens",
        "512",
    ];
    newsner_on("run", input.path(), other.path(), &settings);
    check("mixed-types-per-mention-average", other.path());
}
