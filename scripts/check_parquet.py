"""Reads a newsner output folder's Parquet files with DuckDB and checks that
they hold the same rows and values as its JSONL and CSV files (what a data
tool user gets). Exit status 0 when they agree; prints the first difference
otherwise. Used by crates/run/tests/aggregate_stage.rs.

    python scripts/check_parquet.py OUT_DIR
"""
import csv
import json
import math
import sys

import duckdb


def rows(sql):
    rel = duckdb.sql(sql)
    names = [d[0] for d in rel.description]
    return [dict(zip(names, r)) for r in rel.fetchall()]


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-6)
    return a == b


def compare(name, got, want, fields):
    if len(got) != len(want):
        sys.exit(f"{name}: {len(got)} rows in Parquet, {len(want)} in the text file")
    for i, (g, w) in enumerate(zip(got, want)):
        for f in fields:
            if not same(g.get(f), w.get(f)):
                sys.exit(f"{name} row {i} field {f}: Parquet {g.get(f)!r}, text file {w.get(f)!r}")
    print(f"{name}: {len(got)} rows agree")


def main():
    out = sys.argv[1]
    docs = rows(f"select * from '{out}/documents.parquet'")
    for d in docs:
        d["meta"] = dict(d["meta"] or {})
    want = jsonl(f"{out}/documents.jsonl")
    for w in want:
        w.setdefault("meta", {})
        w.setdefault("duplicate_of", None)
    compare("documents", docs, want, ["id", "source", "meta", "chars", "mentions", "figures", "duplicate_of", "text"])

    mentions = rows(f"select * from '{out}/mentions.parquet'")
    want = jsonl(f"{out}/mentions.jsonl")
    for w in want:
        w.setdefault("index", None)
    compare("mentions", mentions, want, ["doc", "label", "model_label", "score", "word", "start", "end", "index"])

    figures = rows(f"select * from '{out}/figures.parquet'")
    compare("figures", figures, jsonl(f"{out}/figures.jsonl"),
            ["doc", "org", "entity", "value", "value_max", "approx", "kind", "unit", "status", "source", "derived", "qualifier", "text", "start", "end", "sentence"])

    entities = rows(f"select * from '{out}/entities.parquet'")
    with open(f"{out}/entities.csv", encoding="utf-8", newline="") as f:
        want = [
            {"entity": r["entity"], "label": r["label"], "mentions": int(r["mentions"]), "documents": int(r["documents"]),
             "variants": r["variants"].split(" | ") if r["variants"] else []}
            for r in csv.DictReader(f)
        ]
    compare("entities", entities, want, ["entity", "label", "mentions", "documents", "variants"])


if __name__ == "__main__":
    main()
