"""Tagged datasets: the tables an engine that splits a corpus between
workers writes (the Spark and Ray examples), which `newsner aggregate
--input DIR` turns into the outputs of one `newsner run`.

    DIR/documents/   order, id, source, meta, chars, mentions, figures, text
    DIR/mentions/    order (the document's) and mentions.parquet's columns
    DIR/figures/     order (the document's) and figures.parquet's columns
    DIR/errors/      order, id (of a document read but not tagged), source, item, kind, message
    DIR/newsner.json what tagged them (`Tagger.dataset_settings()`), written last

Every Parquet part file lists its rows by increasing `order`; gaps are
fine. `split` makes the four tables of one `Tagger.tag_lines` result.
"""

from __future__ import annotations

from typing import Any

TABLES = ("documents", "mentions", "figures", "errors")

# A line's order: (file index + 1) << 40 | line number. A file may have up to
# 2^40 lines, a corpus 2^23 files.
LINE_BITS = 40


class NotReady(Exception):
    """Why an engine's job cannot start (the message says what to do)."""


def prepare(inputs: list[str], model: str, **options: Any) -> tuple[list, list, dict, str]:
    """What an engine's driver needs before its job starts: the JSONL files
    (`list_files`) and the entries skipped, the Tagger options with folders
    made absolute (the workers' working directory differs), and the
    dataset's `newsner.json`. The model is loaded here once, so a missing
    model or runtime is one clear error (`NotReady`), not a failed stage."""
    import os

    from . import NewsnerError, Tagger

    try:
        files, skipped = list_files(inputs)
    except (ValueError, OSError) as e:
        raise NotReady(str(e)) from e
    other = [name for (_, name, fmt, _) in files if fmt != "jsonl"]
    if other:
        raise NotReady(
            f"{len(other)} input file(s) are not JSONL ({', '.join(other[:5])}); this example reads JSONL "
            "(.jsonl, .ndjson, .gz): convert them, or tag them with `newsner run`"
        )
    if not files:
        raise NotReady("no JSONL files in the input")
    missing = [path for (path, _, _, _) in files if "://" not in path and not os.path.isfile(path)]
    if missing:
        raise NotReady(f"no such file: {', '.join(missing[:5])}; check the --input paths")
    options = {k: (os.path.abspath(v) if k in ("models_dir", "runtime") else v)
               for k, v in options.items() if v is not None}
    try:
        settings = Tagger(model, **options).dataset_settings()
    except NewsnerError as e:
        raise NotReady(str(e)) from e
    return files, skipped, options, settings


def list_files(inputs: list[str]) -> tuple[list[tuple[str, str, str, bool]], list[dict[str, Any]]]:
    """The files `newsner run --input ...` would read, in its order, as
    `(path or URI, name, format, gzipped)`, and the entries it would skip
    (errors.jsonl records). Local paths are walked by newsner itself
    (`newsner.discover`); URIs (`s3://`, `hdfs://`, `gs://`, `file://`) are
    listed with pyarrow's file systems by the same rules: a folder's files
    named by their path below it, sorted, hidden ones left out, types judged
    by name."""
    import json
    from urllib.parse import urlparse

    from . import _newsner, discover

    files: list[tuple[str, str, str, bool]] = []
    skipped: list[dict[str, Any]] = []
    for given in inputs:
        if "://" not in given:
            found, errors = discover([given])
            files += found
            skipped += errors
            continue
        from pyarrow import fs as pafs

        filesystem, root = pafs.FileSystem.from_uri(_arrow_uri(given))
        scheme = given.split("://", 1)[0]
        netloc = urlparse(given).netloc
        info = filesystem.get_file_info(root)
        if info.type == pafs.FileType.Directory:
            root = root.rstrip("/")
            entries = []
            for entry in filesystem.get_file_info(pafs.FileSelector(root, recursive=True)):
                relative = entry.path[len(root) + 1 :]
                parts = relative.split("/")
                if entry.type != pafs.FileType.File or any(p.startswith(".") for p in parts):
                    continue
                entries.append((parts, entry.path, relative))
            named = [(_uri(scheme, netloc, path), relative) for _, path, relative in sorted(entries)]
        elif info.type == pafs.FileType.File:
            named = [(given, given)]
        else:
            skipped.append({"source": given, "item": None, "kind": "unreadable",
                            "message": "no such file or folder"})
            continue
        for uri, name in named:
            fmt, gzipped, error = _newsner.classify(uri.rsplit("/", 1)[-1], name, in_folder=uri != given)
            if error is not None:
                skipped.append(json.loads(error))
            elif fmt is not None:
                files.append((uri, name, fmt, gzipped))
    # Engines read each file once: a file given twice (a folder and a file
    # in it) would mix the lines of its two readings.
    seen: dict[str, str] = {}
    for uri, name, _, _ in files:
        key = file_key(uri)
        if key in seen:
            raise ValueError(f"{uri} is given twice (as '{seen[key]}' and as '{name}'); give every file once")
        seen[key] = name
    return files, skipped


def _uri(scheme: str, netloc: str, path: str) -> str:
    """A listed path as a URI: object stores list `bucket/key`, HDFS and
    local file systems `/path` (the host stays the input's)."""
    if netloc and (path == netloc or path.startswith(netloc + "/")):
        return f"{scheme}://{path}"
    return f"{scheme}://{netloc}/{path.lstrip('/')}"


def file_key(path: str) -> str:
    """One spelling of a file for every engine: `file:/x`, `file:///x` and
    `/x` are one file, as are `s3://b/k` and `s3a://b/k`."""
    import os
    from urllib.parse import unquote, urlparse

    if "://" in path or path.startswith("file:"):
        parsed = urlparse(path)
        return parsed.netloc + unquote(parsed.path)
    return os.path.abspath(path)


def file_lines(data: bytes, name: str, index: int, gzipped: bool) -> list[dict[str, Any]]:
    """The lines of one JSONL file, as `Tagger.tag_lines` takes them: split
    by newsner's own reader, as `newsner run` splits them (at `\\n` only,
    gunzipped when `gzipped`, numbered from 1), bytes kept as they are, with
    `order` for file `index` of the corpus. A line over the limit, or a gzip
    stream that breaks off, is a row whose `error` says so, as in a run."""
    from . import _newsner

    first = (index + 1) << LINE_BITS
    return [
        {"line": line, "source": name, "line_no": n, "order": first + n, "error": error}
        for (n, line, error) in _newsner.file_lines(data, name, gzipped)
    ]


def read_bytes(path: str) -> bytes:
    """A file's bytes as stored (never decompressed): a local path, or a URI
    of any file system pyarrow knows."""
    from pyarrow import fs as pafs

    if "://" in path:
        filesystem, inner = pafs.FileSystem.from_uri(_arrow_uri(path))
    else:
        filesystem, inner = pafs.LocalFileSystem(), path
    with filesystem.open_input_stream(inner, compression=None) as stream:
        return stream.read()


def _arrow_uri(uri: str) -> str:
    """Hadoop's names for S3 (`s3a://`, `s3n://`) as pyarrow knows it."""
    scheme, rest = uri.split("://", 1)
    return f"s3://{rest}" if scheme in ("s3a", "s3n") else uri



def split(tagged: Any) -> dict[str, Any]:
    """The documents, mentions, figures and errors tables (pyarrow) of one
    `Tagger.tag_lines` batch or table, each in its rows' order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(tagged, pa.RecordBatch):
        tagged = pa.Table.from_batches([tagged])
    is_document = pc.is_null(tagged["kind"])
    documents = tagged.filter(is_document)
    out = {
        "documents": pa.table(
            {
                "order": documents["order"],
                "id": documents["id"],
                "source": documents["source"],
                "meta": documents["meta"],
                "chars": documents["chars"],
                "mentions": pc.list_value_length(documents["mentions"]).cast(pa.int64()),
                "figures": pc.list_value_length(documents["figures"]).cast(pa.int64()),
                "text": documents["text"],
            }
        ),
        "errors": tagged.filter(pc.invert(is_document)).select(["order", "id", "source", "item", "kind", "message"]),
    }
    for name in ("mentions", "figures"):
        lists = tagged[name].combine_chunks()
        rows = pc.list_flatten(lists)
        order = pc.take(tagged["order"], pc.list_parent_indices(lists))
        columns = {"order": order}
        for i, field in enumerate(rows.type):
            columns[field.name] = rows.field(i)
        out[name] = pa.table(columns)
    return out
