from typing import Any, Sequence

import pyarrow as pa

__version__: str

class NewsnerError(Exception): ...

class Tagger:
    def __init__(
        self,
        model: str = "de-news",
        models_dir: str | None = None,
        runtime: str | None = None,
        *,
        aggregation: str = "first",
        batch_tokens: int | None = None,
        sessions: int | None = None,
        intra_threads: int | None = None,
        threads: int | None = None,
        max_length: int | None = None,
        stride: int | None = None,
        max_doc_tokens: int | None = None,
    ) -> None: ...
    @property
    def model(self) -> str: ...
    def tag(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> list[dict[str, Any]]: ...
    def tag_arrow(
        self, table: pa.Table | pa.RecordBatch, text_column: str = "text", id_column: str | None = "id"
    ) -> tuple[pa.Table, pa.Table]: ...
    def tag_arrow_all(
        self, table: pa.Table | pa.RecordBatch, text_column: str = "text", id_column: str | None = "id"
    ) -> tuple[pa.Table, pa.Table, pa.Table]: ...
    def tag_lines(self, batch: pa.RecordBatch) -> pa.RecordBatch: ...
    @staticmethod
    def tagged_schema() -> pa.Schema: ...
    def dataset_settings(self) -> str: ...

def discover(inputs: Sequence[str]) -> tuple[list[tuple[str, str, str, bool]], list[dict[str, Any]]]: ...
def shared_tagger(model: str = "de-news", **options: Any) -> Tagger: ...
def setup(models_dir: str | None = None) -> dict[str, Any]: ...
