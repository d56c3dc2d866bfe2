//! `--shard i/n`: machines split a corpus by document id, and `newsner
//! aggregate` over their folders writes what one run over the whole corpus
//! writes, byte for byte (documents interleaved back into reading order).

mod common;

use common::workspace_root;
use std::path::Path;
use std::process::Command;

fn newsner(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_newsner"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(3),
        "newsner {args:?}: {code:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn shards_merged_by_aggregate_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    // The demo corpus plus items that are skipped, so errors merge too.
    let input = dir.path().join("in");
    let copy = Command::new("cp")
        .arg("-r")
        .arg(workspace_root().join("corpus"))
        .arg(&input)
        .status()
        .unwrap();
    assert!(copy.success());
    std::fs::write(input.join("empty.txt"), "   \n").unwrap();
    std::fs::write(
        input.join("more.jsonl"),
        "{\"id\": \"m1\", \"text\": \"Siemens streicht 500 Stellen in Erlangen, sagte Roland Busch.\"}\nnot json\n{\"id\": \"m2\", \"text\": \"SAP stellt in Walldorf 300 Mitarbeiter ein.\"}\n",
    )
    .unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let whole = dir.path().join("whole");
    newsner(&[
        "run",
        "--no-progress",
        "--input",
        &path(&input),
        "--out",
        &path(&whole),
    ]);

    let mut shard_dirs = Vec::new();
    for i in 0..2 {
        let out = dir.path().join(format!("shard{i}"));
        let shard = format!("{i}/2");
        newsner(&[
            "run",
            "--no-progress",
            "--input",
            &path(&input),
            "--out",
            &path(&out),
            "--shard",
            &shard,
        ]);
        shard_dirs.push(out);
    }
    let (a, b) = (
        lines(&shard_dirs[0].join("documents.jsonl")).len(),
        lines(&shard_dirs[1].join("documents.jsonl")).len(),
    );
    assert!(a > 0 && b > 0, "both shards hold documents ({a}, {b})");
    assert_eq!(a + b, lines(&whole.join("documents.jsonl")).len());

    let merged = dir.path().join("merged");
    newsner(&[
        "aggregate",
        "--input",
        &path(&shard_dirs[1]),
        &path(&shard_dirs[0]),
        "--out",
        &path(&merged),
    ]);
    for name in newsner_output::OUTPUT_FILES
        .iter()
        .filter(|n| **n != "timings.json")
    {
        let x = std::fs::read(whole.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let y = std::fs::read(merged.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(x == y, "{name} of the merged shards differs from one run");
    }
    assert_eq!(lines(&whole.join("errors.jsonl")).len(), 2);
}
