"""Evaluation: exact-span micro F1 (seqeval style, word-level IOB2 from
first-piece predictions) on the fixed GermEval validation split, for a torch
state dict or an ONNX model.

  python evaluate.py --work DIR --onnx models/de-news/model.onnx --tokenizer models/de-news/tokenizer.json
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import f1_report, log, write_json  # noqa: E402
from build_data import load, mapped  # noqa: E402
from train_ner import collate, eval_inputs, predict_logits  # noqa: E402


def onnx_session(onnx_path, threads=2):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])


def predict_onnx(onnx_path, tok, sents, bs=32, threads=2):
    sess = onnx_session(onnx_path, threads)

    def run(ids, att):
        return sess.run(["logits"], {"input_ids": ids.numpy().astype(np.int64),
                                     "attention_mask": att.numpy().astype(np.int64)})[0]
    return predict_logits(run, eval_inputs(tok, sents), bs)


def batch_invariance(onnx_path, windows, threads=2):
    """Largest |logit difference| of each window run alone vs. inside one
    padded batch with all the others (0.0 means bit-identical)."""
    sess = onnx_session(onnx_path, threads)

    def run(ws):
        ids, att, _ = collate([(w, [-100] * len(w)) for w in ws])
        return sess.run(["logits"], {"input_ids": ids.numpy(), "attention_mask": att.numpy()})[0]

    together = run(windows)
    return max(float(np.abs(run([w])[0] - together[i, :len(w)]).max()) for i, w in enumerate(windows))


def score(preds, sents):
    return {g: f1_report([mapped(s, g) for s in sents], preds) for g in ("o", "base")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(a.tokenizer)
    val = load(os.path.join(a.work, "data", "germeval_val.jsonl"))
    t0 = time.time()
    res = score(predict_onnx(a.onnx, tok, val), val)
    log(f"{a.onnx}: micro F1 {res['o']['micro']['f1']} ({time.time() - t0:.1f}s)")
    for t in ("PER", "ORG", "LOC", "MISC"):
        log(f"  {t}: {res['o'][t]}")
    if a.out:
        write_json(a.out, res)


if __name__ == "__main__":
    main()
