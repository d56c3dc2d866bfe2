#!/usr/bin/env python3
"""newsner's Python paths for the benchmark: the package's Tagger.tag on
the cleaned texts (`--mode api`), and the Spark example in local[2] on the
benchmark corpus (`--mode spark`). Prints JSON: total_s, counted as the
CLI's timings count it (from a loaded model: Tagger.tag alone; Spark from
a started session to the written dataset), start_s (the model load, and
for Spark also starting the JVM and session), entities ([doc, start, end,
model label]) and, for the API, peak_rss_mb."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rss import peak_rss_mb  # noqa: E402  (scripts/bench/rss.py)

ROOT = Path(__file__).resolve().parents[2]



def api(args) -> dict:
    import newsner

    rows = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    tagger = newsner.Tagger(args.model)
    loaded = time.perf_counter()
    docs = tagger.tag([r["text"] for r in rows], ids=[r["id"] for r in rows])
    total = time.perf_counter() - loaded
    entities = [[d["id"], m["start"], m["end"], m["entity_group"]] for d in docs for m in d["mentions"]]
    return {"total_s": total, "start_s": loaded - started, "entities": entities}


def spark(args) -> dict:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dataset"
        timings = Path(tmp) / "timings.json"
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "spark" / "tag_corpus.py"), "--master", "local[2]",
             "--input", args.corpus, "--out", str(out), "--model", args.model, "--timings", str(timings)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, PYSPARK_PYTHON=sys.executable),
        )
        phases = json.loads(timings.read_text())
        mentions = pq.read_table(out / "mentions", columns=["doc", "start", "end", "model_label"]).to_pylist()
    entities = [[m["doc"], m["start"], m["end"], m["model_label"]] for m in mentions]
    return {"total_s": phases["run_s"], "start_s": phases["start_s"], "entities": entities}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--mode", choices=["api", "spark"], required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--model", default="de-news")
    args = p.parse_args()
    result = api(args) if args.mode == "api" else spark(args)
    # Spark's work happens in other processes (the JVM, its Python workers):
    # this one's peak says nothing about it.
    if args.mode == "api":
        result["peak_rss_mb"] = peak_rss_mb()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
