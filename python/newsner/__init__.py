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

from typing import Any, Iterable, Sequence

from ._newsner import NewsnerError, __version__
from ._newsner import Tagger as _NativeTagger

__all__ = ["Tagger", "NewsnerError", "__version__"]


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
