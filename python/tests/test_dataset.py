"""Lines for the engines' examples (`newsner.dataset.file_lines`,
`Tagger.tag_lines`) against what `newsner run` makes of the same file."""

import gzip
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import pyarrow as pa

import newsner
import newsner.dataset


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


LINES = pa.schema([("line", pa.binary()), ("source", pa.string()), ("line_no", pa.int64()),
                   ("order", pa.int64()), ("error", pa.string())])


def tagged(tagger, rows):
    return tagger.tag_lines(pa.Table.from_pylist(rows, schema=LINES).combine_chunks().to_batches()[0])


def tag(tagger, rows):
    return tagged(tagger, rows).to_pylist()


class FileLines(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tagger = newsner.Tagger("de-news")

    def test_lines_break_at_newlines_only(self):
        data = b'{"id": "a", "text": "BASF in Ludwigshafen."}\r\n\r\n{"id": "b",\r "text": "SAP."}\n'
        rows = newsner.dataset.file_lines(data, "x.jsonl", 0, False)
        self.assertEqual([r["line_no"] for r in rows], [1, 2, 3])
        self.assertTrue(all(r["error"] is None for r in rows))
        self.assertEqual(rows[0]["order"], (1 << 40) + 1)
        tagged = tag(self.tagger, rows)
        # The blank line is no item; a lone carriage return is whitespace.
        self.assertEqual([t["id"] for t in tagged], ["a", "b"])
        self.assertEqual([t["kind"] for t in tagged], [None, None])

    def test_broken_and_odd_files_read_as_the_cli_reads_them(self):
        def lines(prefix: bytes, n: int) -> bytes:
            # Ids unique over the folder: repeats are numbered by `aggregate`.
            return b"".join(b'{"id": "%s%d", "text": "Die Telekom in Bonn."}\n' % (prefix, i) for i in range(n))

        packed = gzip.compress(lines(b"t", 3000))
        crc = bytearray(gzip.compress(lines(b"c", 400)))
        crc[-6] ^= 0xFF  # the CRC no longer matches
        files = {
            "trunc.jsonl.gz": packed[: len(packed) // 2],
            "crc.jsonl.gz": bytes(crc),
            "plain.jsonl.gz": lines(b"p", 20),
            "empty.jsonl.gz": b"",
            "UPPER.JSONL.GZ": gzip.compress(lines(b"u", 12)),
            "noeol.jsonl": lines(b"n", 9) + b'{"id": "last", "text": "Ohne Zeilenende bei SAP."}',
            "bom.jsonl": b"\xef\xbb\xbf" + lines(b"b", 6),
        }
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for name, data in files.items():
                (folder / name).write_bytes(data)
            out = Path(tmp) / "out"
            subprocess.run([os.environ["NEWSNER_BIN"], "run", "-q", "--no-progress", "--input", str(folder),
                            "--out", str(out)], capture_output=True)
            cli_docs = [(d["id"], d["source"]) for d in jsonl(out / "documents.jsonl")]
            cli_errors = [(e["source"], e.get("item"), e["kind"], e["message"]) for e in jsonl(out / "errors.jsonl")]
            listed, skipped = newsner.dataset.list_files([str(folder)])
            docs, errors = [], [(e["source"], e.get("item"), e["kind"], e["message"]) for e in skipped]
            for index, (path, name, _, gzipped) in enumerate(listed):
                rows = newsner.dataset.file_lines(Path(path).read_bytes(), name, index, gzipped)
                if not rows:
                    continue
                tables = newsner.dataset.split(tagged(self.tagger, rows))
                docs += list(zip(tables["documents"]["id"].to_pylist(), tables["documents"]["source"].to_pylist()))
                errors += [(e["source"], e["item"], e["kind"], e["message"]) for e in tables["errors"].to_pylist()]
        self.assertEqual(docs, cli_docs)
        self.assertEqual(errors, cli_errors)
        kinds = {e[0]: e[2] for e in errors}
        self.assertEqual(kinds.get("trunc.jsonl.gz"), "decompress")
        self.assertEqual(kinds.get("plain.jsonl.gz"), "decompress")
        self.assertIn(("last", "noeol.jsonl"), docs)

    def test_split_makes_the_tables_of_a_dataset(self):
        rows = newsner.dataset.file_lines(
            b'{"id": "a", "text": "Siemens streicht in Erlangen 500 Stellen."}\n[1]\n', "x.jsonl", 0, False)
        tables = newsner.dataset.split(self.tagger.tag_lines(
            pa.Table.from_pylist(rows).to_batches()[0]))
        self.assertEqual(tables["documents"].column("id").to_pylist(), ["a"])
        self.assertEqual(tables["errors"].column("kind").to_pylist(), ["malformed_json"])
        mentions = tables["mentions"].to_pylist()
        self.assertIn("Siemens", [m["word"] for m in mentions])
        self.assertTrue(all(m["order"] == (1 << 40) + 1 and m["doc"] == "a" for m in mentions))


if __name__ == "__main__":
    unittest.main()
