"""The Python API against the CLI on the demo corpus.

Run by `cargo xtask test` after it installs the package (`pip install
./python`) into its venv; needs NEWSNER_BIN (the release binary),
ORT_DYLIB_PATH and NEWSNER_MODELS_DIR, which xtask sets.
"""

import json
import os
import subprocess
import tempfile
import threading
import unittest
from pathlib import Path

import pyarrow as pa

import newsner

ROOT = Path(__file__).resolve().parents[2]


def cli_run(out: Path) -> None:
    subprocess.run(
        [os.environ["NEWSNER_BIN"], "run", "--no-progress", "-q", "--restart",
         "--input", str(ROOT / "corpus"), "--out", str(out)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


class DemoCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = Path(cls.tmp.name) / "out"
        cli_run(out)
        cls.documents = jsonl(out / "documents.jsonl")
        cls.mentions = jsonl(out / "mentions.jsonl")
        cls.figures = jsonl(out / "figures.jsonl")
        cls.tagger = newsner.Tagger("de-news")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expected(self) -> list[tuple]:
        return [(m["doc"], m["model_label"], m["label"], m["score"], m["word"], m["start"], m["end"])
                for m in self.mentions]

    def test_tag_gives_the_mentions_of_the_cli(self):
        texts = [d["text"] for d in self.documents]
        ids = [d["id"] for d in self.documents]
        docs = self.tagger.tag(texts, ids=ids)
        self.assertEqual([d["id"] for d in docs], ids)
        got = []
        for doc in docs:
            self.assertIsNone(doc["error"])
            for m in doc["mentions"]:
                self.assertEqual(doc["text"][m["start"]:m["end"]], m["word"])
                got.append((doc["id"], m["entity_group"], m["label"], m["score"], m["word"], m["start"], m["end"]))
        # Scores cross as Python floats of the same f32 values.
        self.assertEqual(len(got), len(self.expected()))
        for g, e in zip(got, self.expected()):
            self.assertEqual(g[:3] + g[4:], e[:3] + e[4:])
            self.assertAlmostEqual(g[3], e[3], places=6)
        figures = sum(len(d["figures"]) for d in docs)
        self.assertEqual(figures, len(self.figures))

    def test_tag_arrow_gives_the_same_rows(self):
        table = pa.table({"id": [d["id"] for d in self.documents],
                          "text": [d["text"] for d in self.documents]})
        # Two record batches, so ids and order carry across batches.
        table = pa.Table.from_batches(table.to_batches(max_chunksize=7))
        mentions, figures = self.tagger.tag_arrow(table)
        self.assertIsInstance(mentions, pa.Table)
        rows = list(zip(*(mentions.column(c).to_pylist()
                          for c in ["doc", "model_label", "label", "score", "word", "start", "end"])))
        self.assertEqual([r[:3] + r[4:] for r in rows], [e[:3] + e[4:] for e in self.expected()])
        self.assertEqual(figures.num_rows, len(self.figures))
        self.assertEqual(figures.column("doc").to_pylist(), [f["doc"] for f in self.figures])

    def test_errors_are_python_exceptions_with_the_cli_message(self):
        with self.assertRaises(newsner.NewsnerError) as caught:
            newsner.Tagger("no-such-model")
        self.assertIn("no-such-model", str(caught.exception))
        with self.assertRaises(newsner.NewsnerError):
            self.tagger.tag(["a", "b"], ids=["only one"])
        small = newsner.Tagger("de-news", max_doc_tokens=20)
        docs = small.tag(["Amazon streicht Stellen.", "Siemens baut ab. " * 30])
        self.assertEqual(docs[0]["mentions"][0]["word"], "Amazon")
        self.assertIn("--max-doc-tokens 20", docs[1]["error"])

    def test_the_gil_is_released_while_tagging(self):
        ticks = 0
        done = threading.Event()

        def count():
            nonlocal ticks
            while not done.is_set():
                ticks += 1

        worker = threading.Thread(target=count)
        worker.start()
        try:
            self.tagger.tag([d["text"] for d in self.documents])
        finally:
            done.set()
            worker.join()
        # A thread holding the GIL through the call would leave the counter
        # near zero; released, it counts all along.
        self.assertGreater(ticks, 100_000)


if __name__ == "__main__":
    unittest.main()
