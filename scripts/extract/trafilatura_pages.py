"""trafilatura (Python) on a folder of saved pages, as a peer for
`newsner eval-extract --peer trafilatura=FILE`: one JSONL line per page
with its text, title, date and language. Run by `cargo xtask eval-extract`
in the bench venv.

usage: trafilatura_pages.py PAGES_DIR OUT.jsonl
"""

import json
import os
import sys
import time

import trafilatura


def main() -> None:
    pages, out = sys.argv[1], sys.argv[2]
    seconds = 0.0
    lines = []
    for name in sorted(os.listdir(pages)):
        folder = os.path.join(pages, name)
        source = next(
            (os.path.join(folder, f) for f in ("source.html", "source.txt", "source.md")
             if os.path.isfile(os.path.join(folder, f))),
            None,
        )
        if source is None:
            continue
        with open(source, encoding="utf-8", errors="replace") as f:
            page = f.read()
        started = time.perf_counter()
        if source.endswith(".html"):
            result = trafilatura.bare_extraction(page, with_metadata=True)
        else:  # a page copied as text: nothing to extract from
            result = {"text": page}
        seconds += time.perf_counter() - started
        result = result.as_dict() if hasattr(result, "as_dict") else (result or {})
        lines.append({
            "page": name,
            "text": result.get("text") or "",
            "title": result.get("title"),
            "published": result.get("date"),
            "lang": result.get("language"),
        })
    with open(out, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"trafilatura {trafilatura.__version__}: {len(lines)} pages, "
          f"{seconds * 1000 / max(len(lines), 1):.1f} ms a page", file=sys.stderr)


if __name__ == "__main__":
    main()
