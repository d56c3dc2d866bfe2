"""Weight averaging ("model soup", Wortsman et al. 2022): runs fine-tuned from
the same encoder and the same classifier-head initialisation (train_ner.py
--init-seed) but with different data orders end up in one basin, so the mean
of their weights behaves like an ensemble of them at the cost of one model.

  python soup.py --work DIR --name soup --runs run_a run_b [...]

Writes WORK/runs/NAME/{model.pt,metrics.json} in train_ner.py's format and
scores the soup (and each ingredient, from its own metrics) on the validation split.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import full_tokenizer, log, read_json, set_log, write_json  # noqa: E402
from build_data import load  # noqa: E402
from train_ner import build_model, evaluate, log_scores, predict_torch  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--log", default=None)
    a = ap.parse_args()
    import torch
    from tokenizers import Tokenizer
    torch.set_num_threads(a.threads)
    rdir = os.path.join(a.work, "runs", a.name)
    os.makedirs(rdir, exist_ok=True)
    set_log(a.log or os.path.join(rdir, "train.log"))
    states = [torch.load(os.path.join(a.work, "runs", r, "model.pt")) for r in a.runs]
    soup = {k: (sum(s[k].double() for s in states) / len(states)).to(states[0][k].dtype)
            if states[0][k].is_floating_point() else states[0][k] for k in states[0]}
    model = build_model(os.path.join(a.work, "encoder", "encoder.pt"))
    model.load_state_dict(soup)
    tok = Tokenizer.from_file(full_tokenizer(a.work))
    val = load(os.path.join(a.work, "data", "germeval_val.jsonl"))
    t0 = time.time()
    res = evaluate(predict_torch(model, tok, val), val)
    parts = {r: read_json(os.path.join(a.work, "runs", r, "metrics.json")) for r in a.runs}
    for r, m in parts.items():
        log(f"ingredient {r}: micro F1 {m['val']['o']['micro']['f1']}")
    log_scores(f"soup of {len(states)} ({time.time() - t0:.1f}s)", res)
    first = parts[a.runs[0]]
    write_json(os.path.join(rdir, "metrics.json"), {
        "args": {**first["args"], "name": a.name, "soup_of": a.runs},
        "epoch_seconds": [s for m in parts.values() for s in m["epoch_seconds"]],
        "val": res, "train_sentences": first["train_sentences"],
        "ingredients": {r: m["val"]["o"]["micro"]["f1"] for r, m in parts.items()}})
    torch.save(soup, os.path.join(rdir, "model.pt"))
    log("saved", os.path.join(rdir, "model.pt"))


if __name__ == "__main__":
    main()
