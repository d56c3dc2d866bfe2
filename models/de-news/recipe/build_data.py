"""Step 2: read GermEval 2014 (the training split NER-de-train.bio and the
official test split NER-de-test.tsv) and Europeana Newspapers DE, normalise
the training split's old encoding defects, and write them for training.

Training: all 23,999 sentences of NER-de-train.bio, in file order (the
packer in sequences.py joins consecutive sentences into document-length
sequences). Validation: all 5,100 sentences of NER-de-test.tsv, the split
GermEval 2014 results are reported on; it is never trained on.

Currency spans (OTH in GermEval) become O in both splits (is_currency).
With --generic-copies (as train.py builds the shipped model), training sentences
with an untagged technology noun get a copy with "KI" (German) or "AI"
(English) in its place (generic_terms.py).
English (english.py): BTC, WNUT-17 and re3d training sentences, and two
held-out English sets (BTC's test section, a quarter of re3d's documents).

Output (JSON lines of {"tokens": [...], "raw": [...]} where raw keeps the
original outer tags, so the deriv/part mapping is chosen at train time):
  data/germeval_train.jsonl, data/germeval_val.jsonl, data/europeana.jsonl,
  data/english_train.jsonl, data/english_test.jsonl,
  plus data/germeval_val.tsv (the validation split in GermEval format) and
  data/english_test_{btc,re3d}.conll (the English held-out sets, CoNLL)
  and data/english_test.conll (both)
"""
import argparse
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DATASETS, log, set_log, to_iob2, write_json  # noqa: E402
import english  # noqa: E402
import generic_terms  # noqa: E402

# cp1252 bytes 0x80-0x9F; the five bytes cp1252 leaves undefined are dropped.
_C1 = {chr(b): bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xA0)}
SOFT_HYPHEN = "\u00ad"


def normalise_token(tok):
    """The training file predates GermEval's 2022 encoding fix: C1 control
    characters stand for the cp1252 characters of the same byte (U+0096 is
    an en dash), a token that is only soft hyphens stands for a dash, and
    soft hyphens inside words are invisible hyphenation points."""
    if tok and set(tok) == {SOFT_HYPHEN}:
        return "\u2013"
    tok = "".join(_C1.get(c, c) for c in tok if c != SOFT_HYPHEN)
    return tok


def read_bio(path):
    """Two columns, `TOKEN TAG`, blank line between sentences. Tokens that
    normalise to nothing are dropped with their tag."""
    sents, cur, stats = [], [], {"normalised": 0, "dropped": 0}

    def flush():
        nonlocal cur
        if cur:
            sents.append({"tokens": [c[0] for c in cur], "raw": [c[1] for c in cur], "src": "train"})
        cur = []

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            tok, _, tag = line.rpartition(" ")
            if not tok:
                raise ValueError(f"{path}:{n}: expected `TOKEN TAG`, found {line!r}")
            clean = normalise_token(tok)
            stats["normalised"] += clean != tok
            if not clean.strip():
                stats["dropped"] += 1
                continue
            cur.append((clean, tag))
    flush()
    return sents, stats


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
            cur.append((normalise_token(cols[1]), cols[2]))
    if cur:
        sents.append({"tokens": [c[0] for c in cur], "raw": [c[1] for c in cur], "src": src})
    return sents


# Currencies: GermEval tags them OTH ("Euro" 325 times, "Dollar" 97,
# "US-Dollar", "Franken", "CHF", "$"); newsner's users do not count them as
# names, so an OTH span that is only a currency is relabelled O, in training
# and in the validation gold alike.
CURRENCY_WORDS = {
    "euro", "euros", "dollar", "dollars", "franken", "fränkli", "pfund", "cent", "cents", "mark", "reichsmark",
    "d-mark", "dm", "yen", "yuan", "renminbi", "rubel", "baht", "real", "reais", "lira", "peso", "pesos",
    "rupie", "rupien", "krone", "kronen", "zloty", "forint", "schilling", "gulden", "rappen", "dinar", "won",
    "rand", "schekel", "pence", "penny", "pound", "pounds", "drachme", "drachmen", "peseta", "peseten",
    "lats", "litas", "lei", "leu", "lew", "kuna", "hrywnja", "tenge", "dirham", "rial", "riyal"}
CURRENCY_CODES = {"EUR", "USD", "CHF", "GBP", "JPY", "CNY", "RUB", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
                  "TRY", "INR", "BRL", "CAD", "AUD", "HKD", "SGD", "ZAR", "$", "€", "£", "¥", "US-$", "US$",
                  "Fr", "Fr.", "sFr", "SFr", "sfr", "Fr.-"}


def is_currency(tokens):
    """A currency named alone ("Euro", "US-Dollar", "Schweizer Franken",
    "CHF"), not a name containing one ("Million Dollar Baby")."""
    if len(tokens) > 3:
        return False
    if len(tokens) == 1 and tokens[0] in CURRENCY_CODES:
        return True
    last = tokens[-1].split("-")[-1].lower()
    return last in CURRENCY_WORDS and all(t[:1].isupper() or t.lower() in CURRENCY_WORDS for t in tokens)


def relabel_currencies(sent):
    """O for every outer OTH span of `sent` that is only a currency; returns
    how many spans were relabelled."""
    raw, n, i = sent["raw"], 0, 0
    while i < len(raw):
        if raw[i] == "B-OTH":
            j = i + 1
            while j < len(raw) and raw[j] == "I-OTH":
                j += 1
            if is_currency(sent["tokens"][i:j]):
                raw[i:j] = ["O"] * (j - i)
                n += 1
            i = j
        else:
            i += 1
    return n


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
    ap.add_argument("--generic-copies", action="store_true",
                    help="add the KI/AI training copies (generic_terms.py); on for the shipped model "
                         "(train.py), off for v3")
    ap.add_argument("--fixed-handles", action="store_true",
                    help="train on BTC with the lone '@' of a handle as O, as the held-out gold has it "
                         "(english.lone_handle_marks_to_o); off for v3 and v4")
    ap.add_argument("--department-copies", action="store_true",
                    help="add English training copies with 'HR' for 'staff'/'personnel' "
                         "(generic_terms.ENGLISH_DEPARTMENTS); off for v3 and v4")
    a = ap.parse_args()
    set_log(os.path.join(a.work, "logs", "build_data.log"))
    out = os.path.join(a.work, "data")
    os.makedirs(out, exist_ok=True)
    ge_dir = os.path.join(a.datasets, "germeval2014")
    train, st_train = read_bio(os.path.join(ge_dir, "NER-de-train.bio"))
    val = read_germeval(os.path.join(ge_dir, "NER-de-test.tsv"))
    currencies = {"train": sum(relabel_currencies(x) for x in train), "val": sum(relabel_currencies(x) for x in val)}
    log(f"currency spans relabelled O: {currencies}")
    log(f"GermEval train: {len(train)} sentences, {sum(len(s['tokens']) for s in train)} tokens "
        f"({st_train['normalised']} tokens normalised, {st_train['dropped']} dropped); "
        f"test (validation): {len(val)} sentences, {sum(len(s['tokens']) for s in val)} tokens")
    overlap = {" ".join(s["tokens"]) for s in train} & {" ".join(s["tokens"]) for s in val}
    log(f"sentences in both splits: {len(overlap)}")
    generic = {"de": generic_terms.copies(train, *generic_terms.GERMAN) if a.generic_copies else []}
    log(f"German training copies with 'KI' for a technology noun: {len(generic['de'])}")
    dump(os.path.join(out, "germeval_train.jsonl"), train + generic["de"])
    dump(os.path.join(out, "germeval_val.jsonl"), val)
    dump_germeval_tsv(os.path.join(out, "germeval_val.tsv"), val)
    eu, st = read_europeana(sorted(glob.glob(os.path.join(a.datasets, "europeana-newspapers-de", "*.bio"))))
    dump(os.path.join(out, "europeana.jsonl"), eu)
    en_root = os.path.join(a.datasets, "english")
    btc_train, btc_test = english.read_btc(en_root, fixed_handles=a.fixed_handles)
    wnut = english.read_wnut(en_root)
    re3d_train, re3d_test = english.read_re3d(en_root)
    en_train = btc_train + wnut + re3d_train
    generic["en"] = generic_terms.copies(en_train, *generic_terms.ENGLISH) if a.generic_copies else []
    log(f"English training copies with 'AI' for a technology noun: {len(generic['en'])}")
    generic["en_hr"] = (generic_terms.copies(en_train, *generic_terms.ENGLISH_DEPARTMENTS)
                        if a.department_copies else [])
    log(f"English training copies with 'HR' for a staff noun: {len(generic['en_hr'])}")
    dump(os.path.join(out, "english_train.jsonl"), en_train + generic["en"] + generic["en_hr"])
    english.write_conll(os.path.join(out, "english_test_btc.conll"), btc_test)
    english.write_conll(os.path.join(out, "english_test_re3d.conll"), re3d_test)
    english.write_conll(os.path.join(out, "english_test.conll"), btc_test + re3d_test)
    dump(os.path.join(out, "english_test.jsonl"), btc_test + re3d_test)
    en_counts = {"btc_train": len(btc_train), "wnut_train": len(wnut), "re3d_train": len(re3d_train),
                 "btc_test": len(btc_test), "re3d_test": len(re3d_test)}
    log("English sentences", en_counts)
    info = {"currency_spans_relabelled_O": currencies, "btc_train_handles_fixed": a.fixed_handles,
            "generic_term_copies": {lang: len(c) for lang, c in generic.items()}, "english": en_counts, "train_file": "germeval2014/NER-de-train.bio", "val_file": "germeval2014/NER-de-test.tsv",
            "train": len(train), "val": len(val), "train_tokens_normalised": st_train["normalised"],
            "train_tokens_dropped": st_train["dropped"], "sentences_in_both": len(overlap),
            "europeana_sentences": len(eu), "europeana_tokens": sum(len(s["tokens"]) for s in eu),
            "europeana_lines_dropped": st["dropped"]}
    write_json(os.path.join(out, "split.json"), info)
    log("data", info)


if __name__ == "__main__":
    main()
