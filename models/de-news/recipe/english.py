"""English training and held-out data for de-news (read by build_data.py).

Three corpora in ../shared/datasets/english, each mapped to newsner's
PER/ORG/LOC/MISC (IOB2) and a per-sentence flag `open_misc`:

* BTC (Broad Twitter Corpus, CC BY 4.0): PER/ORG/LOC only. Its O is not
  "not MISC" (MISC was never annotated), so its O words are trained as
  "O or MISC" (`open_misc`): the loss takes the probability of either.
  Training: btc.train + btc.dev; held out: btc.test (section F).
* WNUT-17 (CC BY 4.0): person -> PER, location -> LOC, corporation and
  group -> ORG, product and creative-work -> MISC. Train + dev for training
  (its test split is not used).
* re3d, permissive subsets (public domain / OGL / CC BY 3.0 AU, government
  press releases): standoff entities on raw text. Person/Organisation/
  Location become PER/ORG/LOC after dropping a leading article ("the Kurdish
  YPG" -> "Kurdish YPG"); a span with a lower-case word left ("U.S. service
  members", "rebels") is a nominal mention, not a name: its words are not
  trained on (tag X). Other types may be MISC-like (weapons, operations):
  `open_misc`; dates, quantities and money are O. Every fourth document
  (sorted by id) is held out.
"""
import json
import os
import re

from common import to_iob2

BTC_TRAIN = ("btc.train", "btc.dev")
WNUT_MAP = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG",
            "product": "MISC", "creative-work": "MISC"}
RE3D_NAMES = {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}
RE3D_NOT_NAMES = {"Temporal", "Quantity", "Money", "Frequency", "CommsIdentifier", "DocumentReference"}
ARTICLES = {"the", "a", "an"}
# Pronouns re3d annotates as mentions ("We will continue ..."): no names.
PRONOUNS = {"we", "we've", "they", "it", "he", "she", "i", "us", "our", "their", "his", "her", "you"}
# Lower-case words that occur inside names ("Ministry of Defence", "Abu Bakr al-Baghdadi").
NAME_CONNECTORS = {"of", "and", "for", "the", "de", "al", "bin", "ibn", "el", "on", "in", "&", "-", "al-", "'s"}
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[-'’&]\w+)*|[^\w\s]")
ABBREVIATION = re.compile(r"\b(Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cpl|Pvt|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|St|No|Jan|Feb|Mar|Apr|"
                          r"Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$")
NAME_PARTICLE = re.compile(r"^(al|el|bin|ibn|de|van|von)-")


def read_conll(path, mapping=None, src=""):
    """`token<TAB>tag` lines, blank line between sentences; tags mapped to
    newsner types (unknown types -> O)."""
    sents, toks, tags = [], [], []

    def flush():
        if toks:
            sents.append({"tokens": list(toks), "raw": to_iob2(tags), "src": src})
        toks.clear()
        tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            tok, tag = parts[0], parts[-1]
            if tag != "O":
                bio, _, typ = tag.partition("-")
                typ = mapping.get(typ) if mapping is not None else typ
                tag = f"{bio}-{typ}" if typ in ("PER", "ORG", "LOC", "MISC") and bio in "BI" else "O"
            toks.append(tok)
            tags.append(tag)
    flush()
    return sents


def lone_handle_marks_to_o(sents):
    """BTC tags the "@" of a user handle as a name of its own ("@" B-PER,
    "colgo" B-PER): two entities where the text names one, and "@" is no
    name. The "@" becomes O, the handle keeps its tag. In the held-out
    split that is 1,380 of 4,493 gold entities no model finds. Returns how
    many were changed."""
    changed = 0
    for s in sents:
        toks, tags = s["tokens"], s["raw"]
        for i in range(len(toks) - 1):
            if toks[i] == "@" and tags[i].startswith("B-") and tags[i + 1].startswith("B-"):
                tags[i] = "O"
                changed += 1
    return changed


def read_btc(root, fixed_handles=False):
    """BTC's training and held-out sentences. The held-out gold has lone
    handle marks as O (`lone_handle_marks_to_o`), as GermEval's currencies
    are O in its gold. Training keeps BTC's own tags unless `fixed_handles`
    (build_data.py --fixed-handles): v3 and v4 were trained on them, and the
    recipe must still reproduce the shipped model."""
    base = os.path.join(root, "btc", "train_dev_test_conll")
    train = [s for name in BTC_TRAIN for s in read_conll(os.path.join(base, name), src="btc")]
    test = read_conll(os.path.join(base, "btc.test"), src="btc")
    lone_handle_marks_to_o(test)
    if fixed_handles:
        lone_handle_marks_to_o(train)
    for s in train + test:
        s["open_misc"] = True
    return train, test


def read_wnut(root):
    base = os.path.join(root, "wnut17")
    return [s for name in ("wnut17train.conll", "emerging.dev.conll")
            for s in read_conll(os.path.join(base, name), WNUT_MAP, src="wnut17")]


def _json_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def _name_span(text, begin, end):
    """(begin, end) of the name inside an annotated span, or None when the
    span is a nominal mention (a lower-case word that is no connector)."""
    words = [(m.start() + begin, m.end() + begin, m.group()) for m in TOKEN.finditer(text[begin:end])]
    while words and words[0][2].lower() in ARTICLES:
        words = words[1:]
    if not words or not words[0][2][0].isupper() or (len(words) == 1 and words[0][2].lower() in PRONOUNS):
        return None
    if any(w[2][0].islower() and w[2].lower() not in NAME_CONNECTORS and not NAME_PARTICLE.match(w[2])
           for w in words):
        return None
    return words[0][0], words[-1][1]


def _sentences(text):
    """Sentence character ranges: a break after . ! ? before an upper-case
    letter or a quote, and at blank lines and line breaks."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n+", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    merged = []
    for s, e in out:
        if merged and ABBREVIATION.search(text[merged[-1][0]:merged[-1][1]]) and text[merged[-1][1]] != "\n":
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return [(s, e) for s, e in merged if text[s:e].strip()]


def re3d_document(doc, ents):
    """The document's sentences as tokens and tags (X: not trained on)."""
    text = doc["text"]
    label = [None] * len(text)  # per character: (tag type, span start) or "X" / "O"
    # Names first (longest first), so that a name inside a nominal mention
    # ("commander of U.S. Central Command") keeps its tag; then the rest.
    marks = []
    for e in ents:
        b, t = e["begin"], e["type"]
        span = _name_span(text, b, e["end"]) if t in RE3D_NAMES else None
        if span is not None:
            marks.append((0, RE3D_NAMES[t], *span))
        else:
            kind = "X" if t in RE3D_NAMES else "O" if t in RE3D_NOT_NAMES else "?"
            marks.append((1, kind, b, e["end"]))
    for _, kind, s, end in sorted(marks, key=lambda m: (m[0], -(m[3] - m[2]), m[2])):
        if any(label[i] is not None for i in range(s, end)):
            continue  # overlaps a name or a longer span
        for i in range(s, end):
            label[i] = (kind, s)
    sents = []
    for s, e in _sentences(text):
        toks, tags, prev = [], [], None
        for m in TOKEN.finditer(text[:e], s):
            lab = label[m.start()]
            if lab is None or lab[0] == "?":
                tag = "O"
            elif lab[0] in ("X", "O"):
                tag = lab[0]
            else:
                tag = ("I-" if prev == lab else "B-") + lab[0]
            prev = lab
            toks.append(m.group())
            tags.append(tag)
        if toks:
            sents.append({"tokens": toks, "raw": tags, "src": "re3d", "open_misc": True})
    return sents


def read_re3d(root):
    """(train, held-out) sentences; every fourth document by id is held out."""
    base = os.path.join(root, "re3d-permissive")
    docs = []
    for sub in sorted(os.listdir(base)):
        d = os.path.join(base, sub)
        if not os.path.isdir(d):
            continue
        by_doc = {}
        for e in _json_lines(os.path.join(d, "entities.json")):
            by_doc.setdefault(e["documentId"], []).append(e)
        docs += [(doc["_id"], doc, by_doc.get(doc["_id"], [])) for doc in _json_lines(os.path.join(d, "documents.json"))]
    docs.sort(key=lambda x: x[0])
    train, test = [], []
    for i, (_, doc, ents) in enumerate(docs):
        (test if i % 4 == 3 else train).extend(re3d_document(doc, ents))
    return train, test


def write_conll(path, sents):
    """Held-out sentences for `newsner eval` (`token<TAB>tag`); words not
    trained on (X) are O there: a nominal mention is no name."""
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            for tok, tag in zip(s["tokens"], s["raw"]):
                f.write(f"{tok}\t{'O' if tag == 'X' else tag}\n")
            f.write("\n")
