"""The Spark example against one `newsner run`: pyspark from PyPI, the
machine's Java, local mode. Run by `cargo xtask test` (which installs
pyspark into the package's venv and sets NEWSNER_BIN, ORT_DYLIB_PATH and
NEWSNER_MODELS_DIR).
"""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "spark" / "tag_corpus.py"


def newsner(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    quiet = ["--no-progress", "-q"] if args[0] == "run" else []
    return subprocess.run(
        [os.environ["NEWSNER_BIN"], *args, *quiet],
        cwd=ROOT, capture_output=True, text=True, check=check,
    )


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
    ]
    for i, line in enumerate(odd):
        lines.insert(3 + 2 * i, line)
    return lines


class SparkExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        cls.input = tmp / "news"
        cls.input.mkdir()
        lines = corpus_lines()
        half = len(lines) // 2
        # Two files, one gzipped: ids, line numbers and order are per file.
        (cls.input / "a.jsonl").write_bytes(b"\n".join(lines[:half]) + b"\n")
        (cls.input / "b.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[half:])))
        cls.single = tmp / "single"
        run = newsner("run", "--input", str(cls.input), "--out", str(cls.single), check=False)
        assert run.returncode == 3, run.stderr  # 3: some items skipped
        cls.dataset = tmp / "dataset"
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        cls.spark = subprocess.run(
            [sys.executable, str(EXAMPLE), "--master", "local[2]", "--input", str(cls.input),
             "--out", str(cls.dataset), "--partitions", "3", "--batch-lines", "7"],
            cwd=ROOT, capture_output=True, text=True, env=env,
        )
        cls.merged = tmp / "merged"

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_aggregate_of_the_spark_shards_is_one_run(self):
        self.assertEqual(self.spark.returncode, 0, self.spark.stderr[-3000:])
        newsner("aggregate", "--input", str(self.dataset), "--out", str(self.merged))
        names = sorted(p.name for p in self.single.iterdir() if p.is_file() and p.name != "timings.json")
        self.assertIn("mentions.jsonl", names)
        self.assertIn("entities.csv", names)
        for name in names:
            with self.subTest(file=name):
                self.assertEqual((self.merged / name).read_bytes(), (self.single / name).read_bytes())
        errors = [json.loads(l) for l in (self.merged / "errors.jsonl").read_text().splitlines()]
        self.assertEqual({e["kind"] for e in errors}, {"malformed_json", "no_text", "invalid_utf8"})
        ids = [json.loads(l)["id"] for l in (self.merged / "documents.jsonl").read_text().splitlines()]
        self.assertEqual([i for i in ids if i.startswith("dup")], ["dup", "dup#2", "dup#3"])

    def test_the_shards_are_parquet_tables_of_documents_and_mentions(self):
        self.assertEqual(self.spark.returncode, 0, self.spark.stderr[-3000:])
        documents = pq.read_table(self.dataset / "documents")
        mentions = pq.read_table(self.dataset / "mentions")
        self.assertTrue({"order", "id", "source", "text", "meta"} <= set(documents.column_names))
        self.assertTrue({"order", "doc", "label", "word", "start", "end", "score"} <= set(mentions.column_names))
        single = [json.loads(l) for l in (self.single / "mentions.jsonl").read_text().splitlines()]
        self.assertEqual(mentions.num_rows, len(single))
        self.assertGreater(len(list((self.dataset / "documents").glob("part-*.parquet"))), 1)
        settings = json.loads((self.dataset / "newsner.json").read_text())
        self.assertEqual(settings["model"], "de-news")

    def test_an_unfinished_dataset_is_refused_by_name(self):
        self.assertEqual(self.spark.returncode, 0, self.spark.stderr[-3000:])
        with tempfile.TemporaryDirectory() as tmp:
            partial = Path(tmp) / "partial"
            (partial / "documents").mkdir(parents=True)
            (partial / "mentions").mkdir()
            done = newsner("aggregate", "--input", str(partial), "--out", str(Path(tmp) / "out"), check=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("newsner.json", done.stderr)


if __name__ == "__main__":
    unittest.main()
