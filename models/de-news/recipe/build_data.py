"""Step 2: read GermEval 2014 (the file available) and Europeana Newspapers DE,
map tags to PER/ORG/LOC/MISC IOB2, and carve a fixed-seed validation split
out of GermEval by sentence.

Output (JSON lines of {"tokens": [...], "raw": [...]} where raw keeps the
original outer tags, so the deriv/part mapping is chosen at train time):
  data/germeval_train.jsonl, data/germeval_val.jsonl, data/europeana.jsonl,
  plus data/germeval_val.tsv (the validation split in GermEval format)
"""
import argparse
import glob
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DATASETS, log, set_log, write_json  # noqa: E402

N_VAL = 1000
SEED = 20140


def read_germeval(path):
    sents, cur, src = [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#\t") or line == "#":
                src = line.split("\t")[1] if "\t" in line else ""
                continue
            if not line.strip():
                if cur:
                    sents.append({"tokens": [c[0] for c in cur], "raw": [c[1] for c in cur], "src": src})
                    cur = []
                continue
            cols = line.split("\t")
            cur.append((cols[1], cols[2]))
    if cur:
        sents.append({"tokens": [c[0] for c in cur], "raw": [c[1] for c in cur], "src": src})
    return sents


def map_tag(raw, deriv):
    """GermEval outer tag -> IOB2 over PER/ORG/LOC/MISC.
    deriv: 'o'    -> *deriv / *part become O
           'base' -> *deriv / *part become their base type
           'part' -> *part base type, *deriv O"""
    if raw == "O":
        return "O"
    bio, typ = raw.split("-", 1)
    suffix = ""
    for s in ("deriv", "part"):
        if typ.endswith(s):
            typ, suffix = typ[: -len(s)], s
    if suffix and (deriv == "o" or (deriv == "part" and suffix == "deriv")):
        return "O"
    typ = {"OTH": "MISC"}.get(typ, typ)
    return f"{bio}-{typ}"


def to_iob2(tags):
    """Repair I- without a preceding same-type tag into B-."""
    out = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or out[-1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def mapped(sent, deriv):
    return to_iob2([map_tag(t, deriv) for t in sent["raw"]])


_EU_TAG = re.compile(r"^([BI])[-_.]?(PER|LOC|ORG)$", re.I)
_END = {".", "!", "?"}


def read_europeana(paths, max_len=60):
    """Europeana has no MISC; noisy tags ("B-PEr", "B_LOC") are repaired,
    unparseable lines dropped; sentences are split on blank lines, comment
    lines and sentence-final punctuation (hard cap max_len tokens)."""
    sents, cur = [], []
    stats = {"lines": 0, "dropped": 0}

    def flush():
        nonlocal cur
        if cur:
            sents.append({"tokens": [c[0] for c in cur], "raw": to_iob2([c[1] for c in cur]), "src": "europeana"})
        cur = []

    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    flush()
                    continue
                stats["lines"] += 1
                parts = line.split()
                if len(parts) != 2:
                    stats["dropped"] += 1
                    continue
                tok, tag = parts
                if tag != "O":
                    m = _EU_TAG.match(tag)
                    if not m:
                        stats["dropped"] += 1
                        continue
                    tag = f"{m.group(1).upper()}-{m.group(2).upper()}"
                cur.append((tok, tag))
                if tok in _END and tag == "O" or len(cur) >= max_len:
                    flush()
    flush()
    return sents, stats


def dump(path, sents):
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")


def dump_germeval_tsv(path, sents):
    """The split in GermEval's own format, so the shipped model can be scored
    through newsner itself (`cargo xtask eval --data ...`). The nested-tag
    column is not kept by this recipe and is written as O."""
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            f.write(f"#\t{s['src']}\n")
            for i, (tok, tag) in enumerate(zip(s["tokens"], s["raw"]), 1):
                f.write(f"{i}\t{tok}\t{tag}\tO\n")
            f.write("\n")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--datasets", default=DATASETS)
    ap.add_argument("--n-val", type=int, default=N_VAL, help="held-out GermEval sentences")
    a = ap.parse_args()
    set_log(os.path.join(a.work, "logs", "build_data.log"))
    out = os.path.join(a.work, "data")
    os.makedirs(out, exist_ok=True)
    ge = read_germeval(os.path.join(a.datasets, "germeval2014", "NER-de-test.tsv"))
    log(f"GermEval sentences: {len(ge)}, tokens: {sum(len(s['tokens']) for s in ge)}")
    idx = list(range(len(ge)))
    random.Random(SEED).shuffle(idx)
    val_idx = set(idx[: a.n_val])
    val = [ge[i] for i in range(len(ge)) if i in val_idx]
    train = [ge[i] for i in range(len(ge)) if i not in val_idx]
    dump(os.path.join(out, "germeval_train.jsonl"), train)
    dump(os.path.join(out, "germeval_val.jsonl"), val)
    dump_germeval_tsv(os.path.join(out, "germeval_val.tsv"), val)
    eu, st = read_europeana(sorted(glob.glob(os.path.join(a.datasets, "europeana-newspapers-de", "*.bio"))))
    dump(os.path.join(out, "europeana.jsonl"), eu)
    info = {"germeval_sentences": len(ge), "train": len(train), "val": len(val), "seed": SEED,
            "europeana_sentences": len(eu), "europeana_tokens": sum(len(s["tokens"]) for s in eu),
            "europeana_lines_dropped": st["dropped"]}
    write_json(os.path.join(out, "split.json"), info)
    log("data", info)


if __name__ == "__main__":
    main()
