"""Tagged datasets: the tables an engine that splits a corpus between
workers writes (the Spark and Ray examples), which `newsner aggregate
--input DIR` turns into the outputs of one `newsner run`.

    DIR/documents/   order, id, source, meta, chars, mentions, figures, text
    DIR/mentions/    order (the document's) and mentions.parquet's columns
    DIR/figures/     order (the document's) and figures.parquet's columns
    DIR/errors/      order, source, item, kind, message
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

        filesystem, root = pafs.FileSystem.from_uri(given)
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
            fmt, gzipped, error = _newsner.classify(uri.rsplit("/", 1)[-1], name)
            if error is not None:
                skipped.append(json.loads(error))
            else:
                files.append((uri, name, fmt, gzipped))
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
    at `\n` only (as `newsner run` splits them), bytes kept as they are,
    numbered from 1, with `order` for file `index` of the corpus. A gzip
    stream that breaks off gives the lines before the break and then a row
    whose `error` says so, as `newsner run` reports it."""
    error = None
    if gzipped and data[:2] == b"\x1f\x8b":
        data, error = _gunzip(data)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    first = (index + 1) << LINE_BITS
    rows = [
        {"line": line, "source": name, "line_no": n, "order": first + n, "error": None}
        for n, line in enumerate(lines, start=1)
    ]
    if error is not None:
        n = len(lines) + 1
        rows.append({"line": b"", "source": name, "line_no": n, "order": first + n, "error": error})
    return rows


def _gunzip(data: bytes) -> tuple[bytes, str | None]:
    """All gzip members of `data`, or what came before a broken one."""
    import zlib

    out = []
    while data:
        inflate = zlib.decompressobj(wbits=31)
        try:
            out.append(inflate.decompress(data))
            out.append(inflate.flush())
        except zlib.error as e:
            return _whole_lines(b"".join(out)), f"not a valid gzip stream from here on ({e}); the lines before were read"
        if not inflate.eof:
            return _whole_lines(b"".join(out)), "not a valid gzip stream from here on (the stream ends early); the lines before were read"
        data = inflate.unused_data
    return b"".join(out), None


def _whole_lines(data: bytes) -> bytes:
    """`data` up to its last line break: a line cut off is not read."""
    end = data.rfind(b"\n")
    return data[: end + 1] if end >= 0 else b""


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
        "errors": tagged.filter(pc.invert(is_document)).select(["order", "source", "item", "kind", "message"]),
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
