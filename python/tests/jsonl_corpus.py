"""A JSONL corpus for the Spark and Ray examples' tests, made from the demo
corpus with the lines a real dump has."""

import gzip
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def corpus_lines() -> list[bytes]:
    """The demo corpus's texts as JSONL records (some twice, under other
    ids), with the lines a real dump has: no id, repeated ids, an id that
    looks like a renamed one, blank and broken lines, a record without
    text, a line that is not UTF-8, a JSON value that is no object."""
    lines = []
    for rep in range(2):
        for path in sorted((ROOT / "corpus" / "txt").glob("*.txt")) + sorted((ROOT / "corpus" / "md").glob("*.md")):
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            record = {"id": path.stem if rep == 0 else f"{path.stem}-{rep}", "title": title.strip("# "),
                      "text": body, "url": f"https://example.org/{path.stem}", "views": 7 * rep, "paywall": rep == 1}
            lines.append(json.dumps(record, ensure_ascii=False).encode())
        lines += (ROOT / "corpus" / "jsonl" / "news.jsonl").read_bytes().splitlines()
    odd = [
        b"",
        b'{"title": "Ohne Kennung", "text": "Siemens streicht in Erlangen 500 Stellen, sagte Roland Busch."}',
        b'{"id": "dup", "text": "BASF baut in Ludwigshafen 2.000 Stellen ab."}',
        b'{"id": "dup#2", "text": "Die Telekom stellt in Bonn 300 Ingenieure ein."}',
        b'{"id": "dup", "text": "SAP streicht in Walldorf 8.000 Stellen, so Christian Klein."}',
        b'{"id": "broken", "text": ',
        b'{"id": "notext", "title": "Nur ein Titel"}',
        b'{"id": "latin1", "text": "M\xfcnchen: die Allianz k\xfcrzt 100 Stellen."}',
        b"[1, 2]",
        b"   ",
        # Over max_doc_tokens: an error, but its id counts for the next "big".
        b'{"id": "big", "text": "' + b"Wort " * 200_001 + b'"}',
        b'{"id": "big", "text": "Bosch streicht in Stuttgart 700 Stellen."}',
    ]
    for i, line in enumerate(odd):
        lines.insert(3 + 2 * i, line)
    return lines


def write_corpus(folder: Path) -> Path:
    """Two files, one gzipped: ids, line numbers and order are per file."""
    folder.mkdir(parents=True)
    lines = corpus_lines()
    half = len(lines) // 2
    (folder / "a.jsonl").write_bytes(b"\n".join(lines[:half]) + b"\n")
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[half:])))
    return folder


def newsner(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The newsner binary (NEWSNER_BIN), quietly."""
    quiet = ["--no-progress", "-q"] if args[0] == "run" else []
    return subprocess.run(
        [os.environ["NEWSNER_BIN"], *args, *quiet],
        cwd=ROOT, capture_output=True, text=True, check=check,
    )


def assert_same_outputs(test, got: Path, want: Path) -> None:
    """Every output file of `want` (a run) but timings.json, byte for byte."""
    names = sorted(p.name for p in want.iterdir() if p.is_file() and p.name != "timings.json")
    test.assertIn("mentions.jsonl", names)
    test.assertIn("entities.csv", names)
    for name in names:
        with test.subTest(file=name):
            test.assertEqual((got / name).read_bytes(), (want / name).read_bytes())
