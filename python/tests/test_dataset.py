"""Lines for the engines' examples (`newsner.dataset.file_lines`,
`Tagger.tag_lines`) against what `newsner run` makes of the same file."""

import gzip
import unittest

import pyarrow as pa

import newsner
import newsner.dataset


def tag(tagger, rows):
    table = pa.Table.from_pylist(rows, schema=pa.schema([
        ("line", pa.binary()), ("source", pa.string()), ("line_no", pa.int64()),
        ("order", pa.int64()), ("error", pa.string())]))
    return tagger.tag_lines(table.to_batches()[0]).to_pylist()


class FileLines(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tagger = newsner.Tagger("de-news")

    def test_lines_break_at_newlines_only(self):
        data = b'{"id": "a", "text": "BASF in Ludwigshafen."}\r\n\r\n{"id": "b",\r "text": "SAP."}\n'
        rows = newsner.dataset.file_lines(data, "x.jsonl", 0, False)
        self.assertEqual([r["line_no"] for r in rows], [1, 2, 3])
        self.assertEqual(rows[0]["order"], (1 << 40) + 1)
        tagged = tag(self.tagger, rows)
        # The blank line is no item; a lone carriage return is whitespace.
        self.assertEqual([t["id"] for t in tagged], ["a", "b"])
        self.assertEqual([t["kind"] for t in tagged], [None, None])

    def test_a_broken_gzip_stream_keeps_the_lines_before_it(self):
        lines = b"".join(b'{"id": "%d", "text": "Die Telekom in Bonn."}\n' % i for i in range(2000))
        packed = gzip.compress(lines)
        rows = newsner.dataset.file_lines(packed[: len(packed) // 2], "x.jsonl.gz", 3, True)
        self.assertGreater(len(rows), 2)
        self.assertIsNone(rows[-2]["error"])
        self.assertIn("not a valid gzip stream", rows[-1]["error"])
        tagged = tag(self.tagger, rows)
        self.assertEqual(tagged[-1]["kind"], "decompress")
        self.assertEqual(tagged[-1]["item"], f"line {len(rows)}")
        self.assertTrue(all(t["kind"] is None for t in tagged[:-1]))
        whole = newsner.dataset.file_lines(packed + packed, "x.jsonl.gz", 3, True)
        self.assertEqual(len(whole), 4000)
        self.assertIsNone(whole[-1]["error"])

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
