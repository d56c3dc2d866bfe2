#!/usr/bin/env python3
"""Tag a JSONL corpus with Apache Spark, then aggregate it with newsner.

    python examples/spark/tag_corpus.py --master local[2] --input X.jsonl --out DIR
    newsner aggregate --input DIR --out OUT

Spark reads the files line by line (each line keeps its file and line
number), every Python worker tags its partitions with one newsner Tagger
made once and reused (`mapInArrow`), and DIR receives Parquet part files:

    DIR/documents/  order, id, source, meta, chars, mentions, figures, text
    DIR/mentions/   order (the document's), doc, label, model_label, score, word, start, end, index
    DIR/figures/    order (the document's), doc, org, entity, kind, unit, value, ...
    DIR/errors/     order, id, source, item, kind, message (lines that are not documents)
    DIR/newsner.json  the newsner version, model and settings (written last)

`newsner aggregate --input DIR` gives the tables, job figures and report a
single `newsner run` over the same files gives, byte for byte: ingest is
newsner's own (the lines are handed to it raw), repeated ids are numbered
over the whole corpus there, and `order` puts documents back in reading
order. Inputs are JSONL files (`.jsonl`, `.ndjson`, optionally `.gz`) or
folders of them; the model and ONNX Runtime are found on every worker as
the `newsner` command finds them (see README, "On a cluster").
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import time

def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Tag JSONL articles with Spark (mapInArrow, one newsner Tagger per worker) "
        "into Parquet shards that `newsner aggregate --input DIR` turns into one run's outputs.",
    )
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument(
        "--input", nargs="+", required=True,
        help="JSONL files or folders of them: paths, or URIs (s3a://, hdfs://, file://)",
    )
    p.add_argument("--out", required=True, help="output folder (replaced)")
    p.add_argument("--model", default="de-news", help="model name or folder (default: de-news)")
    p.add_argument("--models-dir", help="folder of models (default: NEWSNER_MODELS_DIR, ./models)")
    p.add_argument("--runtime", help="libonnxruntime.so (default: ORT_DYLIB_PATH, ./.runtime)")
    p.add_argument("--aggregation", default="first", help="none|simple|first|average|max")
    p.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="partitions the lines are tagged in (default: Spark's default parallelism)",
    )
    p.add_argument(
        "--batch-lines", type=int, default=256, help="lines per Arrow batch handed to the tagger"
    )
    p.add_argument(
        "--timings",
        help="write {start_s, run_s} here: seconds to load the model and start Spark, then to tag and write",
    )
    p.add_argument(
        "--threads-per-task",
        type=int,
        default=None,
        help="ONNX Runtime threads per Spark task (default: spark.task.cpus)",
    )
    return p.parse_args(argv)


def tag_partition(batches, model: str, options: dict):
    """Runs in the Python workers: the process's one Tagger tags every
    batch of every partition it is given."""
    import newsner

    tagger = newsner.shared_tagger(model, **options)
    for batch in batches:
        yield tagger.tag_lines(batch)


def file_lines(uri_and_bytes, names: dict):
    """The numbered lines of one file read whole (see newsner.dataset)."""
    import newsner.dataset

    uri, data = uri_and_bytes
    index, name, gzipped = names[newsner.dataset.file_key(uri)]
    rows = newsner.dataset.file_lines(data, name, index, gzipped)
    return [(r["line"], r["source"], r["line_no"], r["order"], r["error"]) for r in rows]


def hadoop_path(spark, path: str):
    """The file system (local, HDFS, S3...) and Hadoop path of `path`."""
    hpath = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(path)
    return hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hpath


def write_text(spark, path: str, text: str) -> None:
    """Writes a small file through Hadoop's FileSystem."""
    fs, hpath = hadoop_path(spark, path)
    stream = fs.create(hpath, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def main(argv: list[str]) -> int:
    started = time.perf_counter()
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

    # Local mode: the workers run this interpreter (with newsner installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    builder = SparkSession.builder.appName("newsner tag_corpus")
    if args.master:
        builder = builder.master(args.master)
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_lines))
    spark = builder.getOrCreate()
    ready = time.perf_counter()
    sc = spark.sparkContext
    threads = args.threads_per_task or int(sc.getConf().get("spark.task.cpus", "1"))
    worker_options = dict(options, sessions=1, intra_threads=threads, threads=1)

    # Every line with its file's name (as `newsner run` names it), its line
    # number and its place in the corpus. A file is read whole, as bytes:
    # Hadoop's line reader would decode lines (losing the bytes newsner's
    # ingest judges) and also break lines at a lone carriage return.
    names = {
        newsner.dataset.file_key(path): (index, name, gzipped)
        for index, (path, name, _, gzipped) in enumerate(files)
    }
    # Hadoop reads paths as globs, several separated by commas.
    escaped = [re.sub(r"([{}\[\]*?\\,])", r"\\\1", path) for (path, _, _, _) in files]
    by_uri = sc.binaryFiles(",".join(escaped), minPartitions=min(len(names), sc.defaultParallelism))
    numbered = by_uri.flatMap(functools.partial(file_lines, names=names))
    partitions = args.partitions or sc.defaultParallelism
    lines = (
        spark.createDataFrame(numbered, schema="line binary, source string, line_no long, order long, error string")
        # Contiguous runs of lines per partition, each in reading order.
        .repartitionByRange(partitions, "order")
        .sortWithinPartitions("order")
    )
    tagged = lines.mapInArrow(
        functools.partial(tag_partition, model=args.model, options=worker_options),
        from_arrow_schema(newsner.Tagger.tagged_schema()),
    ).persist(StorageLevel.DISK_ONLY)

    out = args.out.rstrip("/")
    # newsner.json marks a complete dataset: an earlier one goes first.
    fs, settings_path = hadoop_path(spark, f"{out}/newsner.json")
    fs.delete(settings_path, False)
    is_document = F.col("kind").isNull()
    # Partitions keep the order of the lines, so every part file lists its
    # rows by increasing order, as `aggregate` needs.
    tagged.where(is_document).select(
        "order", "id", "source", "meta", "chars",
        F.size("mentions").alias("mentions"), F.size("figures").alias("figures"), "text",
    ).write.mode("overwrite").parquet(f"{out}/documents")
    tagged.select("order", F.explode("mentions").alias("m")).select("order", "m.*").write.mode(
        "overwrite"
    ).parquet(f"{out}/mentions")
    tagged.select("order", F.explode("figures").alias("f")).select("order", "f.*").write.mode(
        "overwrite"
    ).parquet(f"{out}/figures")
    # Entries discovery skipped come first in reading order, as in a run.
    skipped_rows = spark.createDataFrame(
        [(i, None, e["source"], e.get("item"), e["kind"], e["message"]) for i, e in enumerate(skipped)],
        schema="order long, id string, source string, item string, kind string, message string",
    )
    # `id`: the document's, when a line was read but not tagged.
    line_errors = tagged.where(~is_document).select("order", "id", "source", "item", "kind", "message")
    skipped_rows.unionAll(line_errors).write.mode("overwrite").parquet(f"{out}/errors")
    write_text(spark, f"{out}/newsner.json", settings + "\n")

    counts = tagged.select(
        F.sum(is_document.cast("long")).alias("documents"),
        F.sum((~is_document).cast("long")).alias("errors"),
        F.sum(F.size("mentions")).alias("mentions"),
    ).first()
    tagged.unpersist()
    done = time.perf_counter()
    spark.stop()
    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as f:
            json.dump({"start_s": ready - started, "run_s": done - ready}, f)
    print(
        f"tag_corpus.py: {counts['documents'] or 0} documents, {counts['mentions'] or 0} mentions, "
        f"{(counts['errors'] or 0) + len(skipped)} skipped items -> {out}; "
        f"next: newsner aggregate --input {out} --out OUT"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
