"""Step 5: export the trimmed model to ONNX (opset 17; inputs input_ids and
attention_mask int64 [batch, seq], output logits [batch, seq, 9]), quantize
it and write the model folder files.

Two int8 forms are made and scored on the validation split:
  * rowwise_int8 (rowwise_int8.py): int8 weights (7-bit range, so that CPUs
    with and without VNNI compute the same), one activation scale per
    token; a window's logits depend on that window only. This one ships.
  * dynamic_int8: ONNX Runtime's quantize_dynamic (QInt8 weights, symmetric
    int8 activations), the previous de-news format, kept for the record: its
    activation scale is shared by the whole batch, so a document's entities
    change with its batch neighbours (measured below as batch_invariance).
"""
import argparse
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import LABEL2ID, LABELS, log, read_json, set_log, write_json  # noqa: E402
from build_data import load  # noqa: E402
from evaluate import batch_invariance, predict_onnx, score  # noqa: E402


def load_trimmed(work, state_path):
    import torch
    from train_ner import model_config
    from transformers import XLMRobertaForTokenClassification
    sd = torch.load(state_path)
    vocab = sd["roberta.embeddings.word_embeddings.weight"].shape[0]
    hdr = read_json(os.path.join(work, "encoder", "header.json"))
    cfg = model_config(hdr, vocab)
    cfg.architectures = ["XLMRobertaForTokenClassification"]
    cfg._attn_implementation = "eager"
    m = XLMRobertaForTokenClassification(cfg)
    m.load_state_dict(sd)
    return m.eval(), cfg


def save_hf(work, model, tdir, out):
    """The trimmed PyTorch model as a HuggingFace folder (WORK/hf), for
    `cargo xtask bench --with-transformers`: transformers' own pipeline on
    the weights the ONNX files are exported from."""
    hf = os.path.join(work, "hf")
    model.save_pretrained(hf)
    shutil.copyfile(os.path.join(tdir, "tokenizer.json"), os.path.join(hf, "tokenizer.json"))
    cfg_src = os.path.join(out, "tokenizer_config.json")
    if os.path.exists(cfg_src):
        shutil.copyfile(cfg_src, os.path.join(hf, "tokenizer_config.json"))
    log("saved HuggingFace checkpoint", hf)


def export(model, path):
    import torch

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).logits

    ids = torch.tensor([[0, 5000, 6000, 7000, 2], [0, 8000, 2, 1, 1]], dtype=torch.long)
    att = (ids != 1).long()
    kw = dict(input_names=["input_ids", "attention_mask"], output_names=["logits"],
              dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                            "attention_mask": {0: "batch", 1: "sequence"},
                            "logits": {0: "batch", 1: "sequence"}},
              opset_version=17, do_constant_folding=True)
    w = Wrap(model).eval()
    try:
        torch.onnx.export(w, (ids, att), path, dynamo=False, **kw)
    except TypeError:
        torch.onnx.export(w, (ids, att), path, **kw)
    model.eval()  # export restores the wrapper's mode; make sure dropout stays off


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from rowwise_int8 import reduce_weight_range, rowwise_int8
    from tokenizers import Tokenizer
    torch.set_num_threads(2)
    set_log(os.path.join(a.work, "logs", "export.log"))
    tdir = os.path.join(a.work, "trimmed")
    edir = os.path.join(a.work, "export")
    os.makedirs(edir, exist_ok=True)
    model, cfg = load_trimmed(a.work, os.path.join(tdir, "model.pt"))
    fp32 = os.path.join(edir, "model.fp32.onnx")
    export(model, fp32)
    log("exported", fp32, os.path.getsize(fp32))
    import onnx
    onnx.checker.check_model(fp32)
    tok = Tokenizer.from_file(os.path.join(tdir, "tokenizer.json"))
    val = load(os.path.join(a.work, "data", "germeval_val.jsonl"))
    # parity: ONNX fp32 vs torch on a few sentences
    import numpy as np
    from train_ner import collate, eval_inputs
    ids, att, _ = collate([(x[0], [-100] * len(x[0])) for x in eval_inputs(tok, val[:8])])
    with torch.no_grad():
        ref = model(input_ids=ids, attention_mask=att).logits.numpy()
    import onnxruntime as ort
    got = ort.InferenceSession(fp32, providers=["CPUExecutionProvider"]).run(
        ["logits"], {"input_ids": ids.numpy(), "attention_mask": att.numpy()})[0]
    maxdiff = float(np.abs(ref - got)[att.numpy().astype(bool)].max())
    log("torch vs onnx fp32 max |diff| on real tokens:", maxdiff)
    results = {"torch_vs_onnx_fp32_max_abs_diff": maxdiff}
    # Windows of real validation text, 10 to ~200 pieces, for the
    # batch-invariance check (each alone vs all in one padded batch).
    windows = [x[0] for x in eval_inputs(tok, val[:64])]
    sizes = {}
    paths = {"fp32": fp32}
    q = os.path.join(edir, "model.rowwise_int8.onnx")
    m = onnx.load(fp32)
    log("rowwise int8:", rowwise_int8(m))
    log("7-bit weights (identical logits on VNNI and AVX2 CPUs):", reduce_weight_range(m))
    onnx.save(m, q)
    paths["rowwise_int8"] = q
    q = os.path.join(edir, "model.dynamic_int8.onnx")
    quantize_dynamic(fp32, q, weight_type=QuantType.QInt8, extra_options={"ActivationSymmetric": True})
    paths["dynamic_int8"] = q
    for name, path in paths.items():
        sizes[name] = os.path.getsize(path)
        t0 = time.time()
        results[name] = score(predict_onnx(path, tok, val), val)
        results[name]["eval_seconds"] = round(time.time() - t0, 1)
        results[name]["batch_invariance_max_abs_logit_diff"] = batch_invariance(path, windows)
        log(f"{name}: size {sizes[name]} micro F1 {results[name]['o']['micro']['f1']} "
            f"eval {results[name]['eval_seconds']}s, window alone vs in a batch: max |logit diff| "
            f"{results[name]['batch_invariance_max_abs_logit_diff']}")
    best = "rowwise_int8"
    if results[best]["batch_invariance_max_abs_logit_diff"] != 0.0:
        raise SystemExit(f"{best} is not batch-invariant; refusing to ship it")
    log("shipping", best)
    os.makedirs(a.out, exist_ok=True)
    shutil.copyfile(paths[best], os.path.join(a.out, "model.onnx"))
    shutil.copyfile(os.path.join(tdir, "tokenizer.json"), os.path.join(a.out, "tokenizer.json"))
    c = cfg.to_diff_dict()
    for k in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
              "max_position_embeddings", "type_vocab_size", "layer_norm_eps", "pad_token_id",
              "bos_token_id", "eos_token_id", "hidden_act"):
        c[k] = getattr(cfg, k)
    c.pop("_attn_implementation_autoset", None)
    c.pop("transformers_version", None)
    c.pop("_name_or_path", None)
    c["model_type"] = "xlm-roberta"
    c["architectures"] = ["XLMRobertaForTokenClassification"]
    c["id2label"] = {str(i): l for i, l in enumerate(LABELS)}
    c["label2id"] = dict(LABEL2ID)
    c["max_length"] = 512
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(c, f, indent=2, sort_keys=True)
    write_json(os.path.join(a.out, "tokenizer_config.json"), {
        "tokenizer_class": "XLMRobertaTokenizerFast", "model_max_length": 512,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>",
        "padding_side": "right", "add_prefix_space": True})
    results["sizes_bytes"] = sizes
    results["shipped_weight_type"] = best
    write_json(os.path.join(edir, "export.json"), results)
    save_hf(a.work, model, tdir, a.out)


if __name__ == "__main__":
    main()
