#!/usr/bin/env python3
"""`cargo xtask optimize-model MODEL OUT`: a model folder's graph in newsner's
batch-invariant int8 form, measured against the other forms of the same
weights on this machine.

Input: a model folder (an fp32 ONNX export of any HF token-classification
model, or a graph already in newsner's per-token int8 form, which is turned
back into fp32 first: `scripts/bench/standard_export.py`).

Forms, each of the same weights, timed with ONNX Runtime alone (2 intra-op
threads, `ORT_ENABLE_ALL`, one batch of --batch x --seq random ids, best of
--rounds interleaved rounds) and checked for batch invariance (each of 8
windows of different lengths alone against all of them in one padded batch:
the largest logit difference; 0.0 means the same bytes):

  * `input`: the graph as given;
  * `per-token int8`: every weight MatMul quantized per output column with one
    activation scale per token, 7-bit weights so that every x86 CPU computes
    the same integer products (`models/de-news/recipe/rowwise_int8.py`);
    this is the form written to OUT;
  * `quantize_dynamic`: ONNX Runtime's own dynamic int8 (one activation scale
    per batch), for reference: what a user gets by default, not
    batch-invariant.

OUT gets the model folder's files with the new graph (and its sha256 in
model.toml). Prints a table and writes OUT/optimize.json.
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "bench"))
sys.path.insert(0, os.path.join(HERE, "..", "models", "de-news", "recipe"))
from profile_graph import session  # noqa: E402
from standard_export import REFUSED, dequantize  # noqa: E402
from rowwise_int8 import reduce_weight_range, rowwise_int8  # noqa: E402


def feed(sess, ids, mask):
    out = {}
    for i in sess.get_inputs():
        out[i.name] = mask if "mask" in i.name else (np.zeros_like(ids) if "type" in i.name else ids)
    return out


def batch_invariance(sess, vocab, seed=1):
    rng = np.random.default_rng(seed)
    lengths = [7, 19, 33, 48, 64, 90, 120, 160]
    windows = [rng.integers(5, vocab, size=n) for n in lengths]
    width = max(lengths)
    ids = np.ones((len(windows), width), np.int64)
    mask = np.zeros((len(windows), width), np.int64)
    for i, w in enumerate(windows):
        ids[i, :len(w)], mask[i, :len(w)] = w, 1
    together = sess.run(None, feed(sess, ids, mask))[0]
    worst = 0.0
    for i, w in enumerate(windows):
        alone = sess.run(None, feed(sess, w[None, :].astype(np.int64), np.ones((1, len(w)), np.int64)))[0]
        worst = max(worst, float(np.abs(alone[0] - together[i, :len(w)]).max()))
    return worst, together, mask


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="model folder")
    ap.add_argument("out", help="folder to write the optimized model to")
    ap.add_argument("--onnx", default="model.onnx", help="graph file inside the folder")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    src = os.path.join(a.model, a.onnx)
    if os.path.abspath(a.out) == os.path.abspath(a.model):
        raise SystemExit("OUT must be another folder than the model's (the input is kept)")
    model = onnx.load(src)
    ops = {n.op_type for n in model.graph.node}
    if ops & REFUSED:
        raise SystemExit(f"{src} holds quantized operators ({', '.join(sorted(ops & REFUSED))}) this "
                         "command cannot turn back into fp32; give it an fp32 export of the model")
    if "MatMulIntegerToFloat" in ops:
        dequantize(model)
    vocab = next((d.dims[0] for d in model.graph.initializer
                  if len(d.dims) == 2 and d.dims[0] > 1000 and "emb" in d.name.lower()), 1000)
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=a.out) as tmp:
        fp32 = os.path.join(tmp, "fp32.onnx")
        onnx.save(model, fp32)
        int8 = os.path.join(tmp, "per_token_int8.onnx")
        counts = rowwise_int8(model)
        reduce_weight_range(model)
        onnx.save(model, int8)
        from onnxruntime.quantization import QuantType, quantize_dynamic
        dyn = os.path.join(tmp, "quantize_dynamic.onnx")
        quantize_dynamic(fp32, dyn, weight_type=QuantType.QInt8, extra_options={"ActivationSymmetric": True})
        forms = {"input": src, "per-token int8": int8, "quantize_dynamic": dyn}
        sessions = {name: session(path, 2) for name, path in forms.items()}
        rng = np.random.default_rng(0)
        ids = rng.integers(5, vocab, size=(a.batch, a.seq)).astype(np.int64)
        mask = np.ones_like(ids)
        best = {name: float("inf") for name in forms}
        for _ in range(a.rounds):
            for name, sess in sessions.items():
                t0 = time.perf_counter()
                sess.run(None, feed(sess, ids, mask))
                best[name] = min(best[name], time.perf_counter() - t0)
        report = {"model": os.path.abspath(a.model), "batch": [a.batch, a.seq], "rounds": a.rounds,
                  "projections": counts["matmul"], "embedding_tables": counts["gather"], "forms": {}}
        reference = None
        for name, sess in sessions.items():
            invariance, logits, m = batch_invariance(sess, vocab)
            tags = logits.argmax(-1)[m.astype(bool)]
            if reference is None:
                reference = tags
            report["forms"][name] = {
                "tokens_per_s": a.batch * a.seq / best[name],
                "batch_invariance_max_abs_logit_diff": invariance,
                "argmax_agreement_with_input": float((tags == reference).mean()),
            }
        shutil.copyfile(int8, os.path.join(tmp, "model.onnx"))
        copy_folder(a.model, a.out, a.onnx, os.path.join(tmp, "model.onnx"))
    with open(os.path.join(a.out, "optimize.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    base = report["forms"]["input"]["tokens_per_s"]
    print(f"{'form':<18} {'tokens/s':>9} {'vs input':>8}  batch-invariant  argmax = input")
    for name, r in report["forms"].items():
        inv = r["batch_invariance_max_abs_logit_diff"]
        print(f"{name:<18} {r['tokens_per_s']:>9.0f} {r['tokens_per_s'] / base:>8.2f}  "
              f"{'yes' if inv == 0.0 else f'no ({inv:.3g})':<15}  {r['argmax_agreement_with_input']:.4f}")
    print(f"wrote {a.out} (per-token int8, {counts['matmul']} projections)")


def copy_folder(model, out, onnx_name, graph):
    """The folder's files into `out`, the new graph as `onnx_name`, and its
    sha256 in model.toml's [[files]] entry (the entry's `from` dropped: the
    file no longer comes from the package)."""
    import hashlib
    for name in os.listdir(model):
        path = os.path.join(model, name)
        if os.path.isfile(path) and name not in (onnx_name, "model.toml"):
            shutil.copyfile(path, os.path.join(out, name))
    shutil.copyfile(graph, os.path.join(out, onnx_name))
    toml = os.path.join(model, "model.toml")
    if os.path.isfile(toml):
        with open(graph, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        text = open(toml, encoding="utf-8").read()
        entry = re.compile(r'(path = "' + re.escape(onnx_name) + r'"\n)(from = "[^"\n]*"\n)?(sha256 = ")[0-9a-f]+(")')
        text = entry.sub(lambda m: m.group(1) + m.group(3) + digest + m.group(4), text)
        with open(os.path.join(out, "model.toml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
