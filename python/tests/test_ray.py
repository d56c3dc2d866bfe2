"""The Ray Data example against one `newsner run` (a local Ray). Run by
`cargo xtask test`, which installs ray[data] into the package's venv."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from jsonl_corpus import ROOT, assert_same_outputs, newsner, write_corpus

EXAMPLE = ROOT / "examples" / "ray" / "tag_corpus.py"


class RayExample(unittest.TestCase):
    def test_aggregate_of_the_ray_dataset_is_one_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            corpus = write_corpus(tmp / "news")
            single = tmp / "single"
            run = newsner("run", "--input", str(corpus), "--out", str(single), check=False)
            self.assertEqual(run.returncode, 3, run.stderr)  # 3: some items skipped
            dataset = tmp / "dataset"
            tagged = subprocess.run(
                # A URI: listed through pyarrow's file systems, as s3:// would be.
                [sys.executable, str(EXAMPLE), "--input", corpus.as_uri(), "--out", str(dataset),
                 "--batch-lines", "5", "--actors", "2"],
                cwd=ROOT, capture_output=True, text=True,
            )
            self.assertEqual(tagged.returncode, 0, tagged.stderr[-3000:])
            self.assertEqual(json.loads((dataset / "newsner.json").read_text())["model"], "de-news")
            merged = tmp / "merged"
            newsner("aggregate", "--input", str(dataset), "--out", str(merged))
            assert_same_outputs(self, merged, single)


if __name__ == "__main__":
    unittest.main()
