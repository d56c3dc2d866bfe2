"""The Spark example against one `newsner run`: pyspark from PyPI, the
machine's Java, local mode. Run by `cargo xtask test` (which installs
pyspark into the package's venv and sets NEWSNER_BIN, ORT_DYLIB_PATH and
NEWSNER_MODELS_DIR).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import pyarrow.parquet as pq

from jsonl_corpus import ROOT, assert_same_outputs, newsner, write_corpus

EXAMPLE = ROOT / "examples" / "spark" / "tag_corpus.py"


class SparkExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        cls.input = write_corpus(tmp / "news")
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
        assert_same_outputs(self, self.merged, self.single)
        errors = [json.loads(l) for l in (self.merged / "errors.jsonl").read_text().splitlines()]
        self.assertEqual({e["kind"] for e in errors}, {"malformed_json", "no_text", "invalid_utf8", "too_large"})
        ids = [json.loads(l)["id"] for l in (self.merged / "documents.jsonl").read_text().splitlines()]
        self.assertEqual([i for i in ids if i.startswith("dup")], ["dup", "dup#2", "dup#3"])
        # The first "big" was read but had too many tokens: it still took its id.
        self.assertEqual([i for i in ids if i.startswith("big")], ["big#2"])

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

    def test_a_folder_given_as_a_uri_is_named_as_the_cli_names_it(self):
        # Listed through pyarrow's file systems and read by Hadoop's, as an
        # hdfs:// or s3a:// folder would be.
        with tempfile.TemporaryDirectory() as tmp:
            dataset, merged = Path(tmp) / "dataset", Path(tmp) / "merged"
            spark = subprocess.run(
                [sys.executable, str(EXAMPLE), "--master", "local[2]", "--input", self.input.as_uri(),
                 "--out", dataset.as_uri()],
                cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYSPARK_PYTHON=sys.executable),
            )
            self.assertEqual(spark.returncode, 0, spark.stderr[-3000:])
            newsner("aggregate", "--input", str(dataset), "--out", str(merged))
            assert_same_outputs(self, merged, self.single)

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
