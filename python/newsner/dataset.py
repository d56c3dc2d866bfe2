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
