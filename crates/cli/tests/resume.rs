//! Crash safety as a user meets it: `kill -9` a run at several points,
//! `--resume` it, and get the bytes an uninterrupted run writes, having
//! redone only what the journal did not hold; the visible output set is
//! never a mix of two runs.

mod common;

use common::workspace_root;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DOCS: usize = 300;
const CHECKPOINT: &str = "5";

/// Varied short articles: names, companies, places and job figures.
fn write_corpus(dir: &Path) {
    let people = [
        "Andy Jassy",
        "Beth Galetti",
        "Mark Zuckerberg",
        "Olaf Scholz",
        "Christian Sewing",
    ];
    let orgs = ["Amazon", "Meta", "Siemens", "Deutsche Bank", "Verdi", "SAP"];
    let places = ["Seattle", "München", "Berlin", "Frankfurt", "Walldorf"];
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..DOCS {
        let text = format!(
            "{place}: {person} sagte am Montag, {org} werde rund {n}.000 Stellen streichen. \
             Die Gewerkschaft {other} kritisierte die Pläne in {place2}. Meldung {i}.",
            place = places[i % places.len()],
            person = people[(i / 3) % people.len()],
            org = orgs[i % orgs.len()],
            other = orgs[(i + 4) % orgs.len()],
            place2 = places[(i / 5) % places.len()],
            n = 1 + i % 17,
        );
        std::fs::write(dir.join(format!("{i:04}.txt")), text).unwrap();
    }
}

fn newsner(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsner"));
    cmd.args([
        "run",
        "--no-progress",
        "--checkpoint-docs",
        CHECKPOINT,
        "--input",
    ])
    .arg(input)
    .arg("--out")
    .arg(out)
    .args(extra)
    .current_dir(workspace_root());
    cmd
}

fn finish(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Items the journal of `out` has committed, if it exists.
fn committed(out: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(out.join(".newsner/work/journal.jsonl")).ok()?;
    let last = text.lines().skip(1).filter(|l| l.ends_with('}')).last()?;
    let line: serde_json::Value = serde_json::from_str(last).ok()?;
    line["items"].as_u64().map(|n| n as usize)
}

/// Generations of `out` not (yet) published.
fn unpublished(out: &Path) -> Vec<PathBuf> {
    let state = out.join(".newsner");
    let current = std::fs::read_link(state.join("current")).ok();
    std::fs::read_dir(&state)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
                .filter(|e| current.as_deref() != Some(Path::new(&e.file_name())))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until `ready` holds, then kills the child with SIGKILL.
fn kill_when(mut child: Child, what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    loop {
        if ready() {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before {what}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "never reached {what}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The items the resumed run did not redo, from its report line.
fn resumed_items(stdout: &[u8]) -> usize {
    let text = String::from_utf8_lossy(stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("resumed: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no 'resumed:' line in {text}"))
}

/// Every output file but timings.json is byte-identical; no work or
/// temporary file remains.
fn assert_same_outputs(expected: &Path, got: &Path) {
    for name in newsner_output::OUTPUT_FILES
        .iter()
        .filter(|n| **n != "timings.json")
    {
        let a = std::fs::read(expected.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let b = std::fs::read(got.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            a == b,
            "{name} differs after resuming into {}",
            got.display()
        );
    }
    let state: Vec<String> = std::fs::read_dir(got.join(".newsner"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        state.len(),
        3,
        "only the lock, `current` and its generation remain: {state:?}"
    );
}

/// A folder with the corpus in `in/` and an uninterrupted run of it in
/// `reference/`.
fn corpus_and_reference() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_corpus(&input);
    let reference = dir.path().join("reference");
    finish(&mut newsner(&input, &reference, &[]));
    (dir, input, reference)
}

#[test]
fn a_killed_run_resumes_to_the_bytes_of_an_uninterrupted_run() {
    let (dir, input, reference) = corpus_and_reference();

    for share in [0.3, 0.7] {
        let out = dir.path().join(format!("killed-{share}"));
        let child = newsner(&input, &out, &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let target = (DOCS as f64 * share) as usize;
        kill_when(child, &format!("{share} of the documents"), || {
            committed(&out).is_some_and(|n| n >= target)
        });
        assert!(
            !out.join("documents.jsonl").exists(),
            "no output of a run that never finished"
        );

        // The same command again must not throw the work away unasked.
        let again = newsner(&input, &out, &[]).output().unwrap();
        assert_eq!(again.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"));

        let resumed = finish(&mut newsner(
            &input,
            &out,
            &["--resume", "--batch-tokens", "1024"],
        ));
        let kept = resumed_items(&resumed.stdout);
        assert!(kept >= target, "{kept} items kept, {target} were committed");
        if share > 0.5 {
            assert!(DOCS - kept < DOCS / 2, "redid {} of {DOCS}", DOCS - kept);
        }
        assert_same_outputs(&reference, &out);
    }
}

#[test]
fn a_kill_while_the_outputs_are_built_leaves_the_previous_set_whole() {
    let (dir, input, reference) = corpus_and_reference();

    // A complete earlier run of another corpus in the same folder.
    let out = dir.path().join("out");
    let earlier = dir.path().join("earlier.txt");
    std::fs::write(&earlier, "Siemens streicht 500 Stellen in Erlangen.").unwrap();
    finish(&mut newsner(&earlier, &out, &[]));
    let earlier_files: Vec<Vec<u8>> = [
        "documents.jsonl",
        "mentions.jsonl",
        "summary.json",
        "entities.csv",
    ]
    .iter()
    .map(|n| std::fs::read(out.join(n)).unwrap())
    .collect();

    let child = newsner(&input, &out, &["--restart"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    kill_when(child, "the aggregate stage", || {
        !unpublished(&out).is_empty()
    });
    // Killed mid-build: every visible file is still the earlier run's.
    for (name, bytes) in [
        "documents.jsonl",
        "mentions.jsonl",
        "summary.json",
        "entities.csv",
    ]
    .iter()
    .zip(&earlier_files)
    {
        assert!(
            std::fs::read(out.join(name)).unwrap() == *bytes,
            "{name} changed"
        );
    }
    assert_eq!(committed(&out), Some(DOCS), "every document was committed");

    let resumed = finish(&mut newsner(&input, &out, &["--resume"]));
    assert_eq!(resumed_items(&resumed.stdout), DOCS, "nothing tagged again");
    assert_same_outputs(&reference, &out);
}

/// Starts a run of `input` into `out` and kills it once a third of the
/// documents are committed.
fn killed_after_a_third(input: &Path, out: &Path) {
    let child = newsner(input, out, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    kill_when(child, "a third of the documents", || {
        committed(out).is_some_and(|n| n >= DOCS / 3)
    });
}

#[test]
fn a_rewritten_input_with_the_same_bytes_resumes_and_an_edited_one_is_named() {
    let (dir, input, reference) = corpus_and_reference();

    let out = dir.path().join("out");
    killed_after_a_third(&input, &out);

    // An edited input: the resume is refused, naming that file.
    let edited = input.join("0007.txt");
    let original = std::fs::read(&edited).unwrap();
    std::fs::write(&edited, b"Bosch streicht 900 Stellen in Stuttgart.").unwrap();
    let refused = newsner(&input, &out, &["--resume"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("0007.txt (modified)"), "{stderr}");
    assert!(stderr.contains("--restart"), "{stderr}");

    // The same bytes again (a copy or a checkout gives a new mtime): the
    // run is the same, so it resumes.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&edited, &original).unwrap();
    let resumed = finish(&mut newsner(&input, &out, &["--resume"]));
    assert!(resumed_items(&resumed.stdout) >= DOCS / 3);
    assert_same_outputs(&reference, &out);
}

#[test]
fn a_run_journaled_by_other_code_is_not_resumed_but_named_for_a_restart() {
    let (dir, input, _) = corpus_and_reference();

    let out = dir.path().join("out");
    killed_after_a_third(&input, &out);

    // The journal as a build with other extraction or figure rules (same
    // version number) would have written it.
    let journal = out.join(".newsner/work/journal.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(header).unwrap();
    let code = header["run"]["newsner code"].as_str().unwrap().to_string();
    assert_eq!(
        code.len(),
        16,
        "the code digest is in the run key: {header}"
    );
    header["run"]["newsner code"] = serde_json::json!("0123456789abcdef");
    std::fs::write(&journal, format!("{header}\n{rest}")).unwrap();

    let refused = newsner(&input, &out, &["--resume"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!("newsner code: was 0123456789abcdef, now {code}")),
        "{stderr}"
    );
    assert!(stderr.contains("--restart"), "{stderr}");

    let restarted = finish(&mut newsner(&input, &out, &["--restart"]));
    assert_eq!(restarted.status.code(), Some(0));
}
