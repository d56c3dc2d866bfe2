#!/usr/bin/env python3
"""Tag a JSONL corpus with Ray Data, then aggregate it with newsner.

    python examples/ray/tag_corpus.py --input X.jsonl --out DIR [--address auto]
    newsner aggregate --input DIR --out OUT

Ray reads each file whole (bytes), splits it into numbered lines, and a pool
of `TagLines` actors (each holding one newsner Tagger, made once) tags them
with `map_batches`. DIR receives the same tagged dataset as the Spark
example (documents/, mentions/, figures/, errors/ as Parquet parts, and
newsner.json last; see `newsner.dataset`), so `newsner aggregate --input
DIR` gives the outputs of one `newsner run` over the same files.
"""

from __future__ import annotations

import argparse
import os
import sys

def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Tag JSONL articles with Ray Data (map_batches over Tagger actors) into a dataset "
        "that `newsner aggregate --input DIR` turns into one run's outputs.",
    )
    p.add_argument(
        "--input", nargs="+", required=True,
        help="JSONL files or folders of them: paths, or URIs (s3://, gs://, hdfs://, file://)",
    )
    p.add_argument("--out", required=True, help="output folder (its dataset tables are replaced)")
    p.add_argument("--address", help="Ray cluster to join (default: a local one)")
    p.add_argument("--actors", type=int, default=None, help="tagging actors (default: the CPUs Ray sees)")
    p.add_argument("--model", default="de-news", help="model name or folder (default: de-news)")
    p.add_argument("--models-dir", help="folder of models (default: NEWSNER_MODELS_DIR, ./models)")
    p.add_argument("--runtime", help="libonnxruntime.so (default: ORT_DYLIB_PATH, ./.runtime)")
    p.add_argument("--aggregation", default="first", help="none|simple|first|average|max")
    p.add_argument("--batch-lines", type=int, default=256, help="lines per batch handed to a tagger")
    return p.parse_args(argv)


class TagLines:
    """A Ray actor: one Tagger, made when the actor starts, for every batch."""

    def __init__(self, model: str, options: dict):
        import newsner

        self.tagger = newsner.Tagger(model, **options)

    def __call__(self, batch):
        import pyarrow as pa

        lines = batch.combine_chunks().to_batches()
        tagged = [self.tagger.tag_lines(b) for b in lines if b.num_rows]
        return pa.Table.from_batches(tagged, schema=self.tagger.tagged_schema())


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    import newsner
    import newsner.dataset

    try:
        files, skipped, options, settings = newsner.dataset.prepare(
            args.input, args.model, aggregation=args.aggregation,
            models_dir=args.models_dir, runtime=args.runtime,
        )
    except newsner.dataset.NotReady as e:
        print(f"tag_corpus.py: {e}", file=sys.stderr)
        return 2

    import pyarrow as pa
    import pyarrow.parquet as pq
    import ray

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    def file_lines(row):
        # Read as stored: newsner's reader gunzips, and judges a broken
        # stream as `newsner run` does.
        data = newsner.dataset.read_bytes(row["path"])
        return newsner.dataset.file_lines(data, row["name"], row["index"], row["gzipped"])

    actors = args.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    tagged = (
        # One row per file; reading and splitting take no CPU slot (every
        # slot holds a tagger).
        ray.data.from_items(
            [{"path": path, "name": name, "index": index, "gzipped": gzipped}
             for index, (path, name, _, gzipped) in enumerate(files)]
        )
        .flat_map(file_lines, num_cpus=0)
        .map_batches(
            TagLines,
            fn_constructor_kwargs={
                "model": args.model,
                "options": dict(options, sessions=1, intra_threads=1, threads=1),
            },
            batch_size=args.batch_lines,
            batch_format="pyarrow",
            concurrency=actors,
            num_cpus=1,
        )
        .materialize()
    )

    # The output folder on any file system pyarrow knows (local, s3://, ...).
    from pyarrow import fs as pafs

    if "://" in args.out:
        filesystem, out = pafs.FileSystem.from_uri(args.out)
        out_uri = args.out.rstrip("/")
    else:
        filesystem, out = pafs.LocalFileSystem(), os.path.abspath(args.out)
        out_uri = out
    filesystem.create_dir(out, recursive=True)
    settings_path = f"{out}/newsner.json"
    if filesystem.get_file_info(settings_path).type != pafs.FileType.NotFound:
        filesystem.delete_file(settings_path)  # it marks a complete dataset
    empty = newsner.dataset.split(pa.Table.from_batches([], schema=newsner.Tagger.tagged_schema()))
    for table in newsner.dataset.TABLES:
        folder = f"{out}/{table}"
        if filesystem.get_file_info(folder).type == pafs.FileType.Directory:
            filesystem.delete_dir_contents(folder)
        part = tagged.map_batches(
            lambda b, t=table: newsner.dataset.split(b)[t], batch_format="pyarrow", batch_size=None, num_cpus=0
        )
        part.write_parquet(f"{out_uri}/{table}")
        # Ray writes no file for a table without rows: an empty part keeps
        # the table's columns for every reader.
        found = filesystem.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
        if not any(f.path.endswith(".parquet") for f in found):
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(empty[table], f"{folder}/empty.parquet", filesystem=filesystem)
    if skipped:
        # Entries discovery skipped come first in reading order, as in a run.
        rows = [dict(order=i, id=None, source=e["source"], item=e.get("item"), kind=e["kind"], message=e["message"])
                for i, e in enumerate(skipped)]
        schema = pa.schema([("order", pa.int64()), ("id", pa.string()), ("source", pa.string()),
                            ("item", pa.string()), ("kind", pa.string()), ("message", pa.string())])
        filesystem.create_dir(f"{out}/errors", recursive=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), f"{out}/errors/skipped.parquet",
                       filesystem=filesystem)
    with filesystem.open_output_stream(settings_path) as f:
        f.write((settings + "\n").encode("utf-8"))
    ray.shutdown()
    print(f"tag_corpus.py: tagged dataset in {out_uri}; next: newsner aggregate --input {out_uri} --out OUT")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
