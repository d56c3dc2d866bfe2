#!/usr/bin/env python3
"""The Python alternatives newsner is benchmarked against.

Same model (ONNX Runtime), same tokenizer (HuggingFace `tokenizers`), same
windows (max length, stride, each token decided by its most central window)
and the same decoding (transformers' `first` aggregation) as newsner, so the
entities must agree exactly; only the way inference is driven differs:

  --mode hf       what transformers' pipeline does on CPU: every window of
                  every document is run on its own (batch size 1).
  --mode batched  the strongest simple alternative: windows sorted by length
                  and run in padded batches, grouped exactly as newsner
                  groups them (same budget, lookahead and padding cap), so
                  the model sees the very same batches.

  --mode transformers
                  transformers' own TokenClassificationPipeline (PyTorch, CPU)
                  on a HuggingFace checkpoint of the same weights (--hf DIR),
                  one document at a time with its own stride handling, as a
                  user would call it. Its windows and spans are transformers'
                  own, so its entities are compared, not required to match.

Prints one JSON object: timings, token counts, padding, peak RSS, entities.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from readable_words import continues_word, readable_spans  # noqa: E402

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from rss import peak_rss_mb  # noqa: E402  (scripts/bench/rss.py)



def load_docs(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                docs.append((rec["id"], rec["text"]))
    return docs


def frame(tok):
    enc = tok.encode("a", add_special_tokens=True)
    seq = enc.sequence_ids
    first = next(i for i, s in enumerate(seq) if s is not None)
    last = max(i for i, s in enumerate(seq) if s is not None) + 1
    pairs = list(zip(enc.ids, enc.type_ids))
    return pairs[:first], pairs[last:]


def plan_windows(n, content_len, stride):
    stride = min(stride, content_len - 1)
    step = content_len - stride
    starts = [0]
    while starts[-1] + content_len < n:
        starts.append(starts[-1] + step)
    ranges = [(s, min(s + content_len, n)) for s in starts]
    owned = []
    for i, (s, e) in enumerate(ranges):
        lo = 0 if i == 0 else s + (ranges[i - 1][1] - s + 1) // 2
        hi = n if i + 1 == len(ranges) else ranges[i + 1][0] + (e - ranges[i + 1][0] + 1) // 2
        owned.append((lo, hi))
    return ranges, owned


def softmax(x):
    m = x.max(axis=-1, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=-1, keepdims=True)


def split_tag(name):
    if name.startswith("B-"):
        return True, name[2:]
    if name.startswith("I-"):
        return False, name[2:]
    return False, name


def decode_first(text, enc, scores, id2label, word_aware, unk_id, readable):
    """transformers' gather_pre_entities + aggregate(FIRST) + group_entities."""
    words = []
    for t, (tid, token, (start, end), special) in enumerate(
        zip(enc.ids, enc.tokens, enc.offsets, enc.special_tokens_mask)
    ):
        if special:
            continue
        if tid == unk_id:
            sub = False
        elif word_aware:
            sub = len(token) != end - start
        elif readable:
            sub = continues_word(text, start, end)
        else:
            sub = start > 0 and " " not in text[start - 1 : start + 1]
        if sub and words:
            words[-1][2] = end
        else:
            col = int(scores[t].argmax())
            words.append([id2label[col], float(scores[t][col]), end, start])
    entities = []
    group = []
    for w in words:
        if group:
            begin, tag = split_tag(w[0])
            _, last = split_tag(group[-1][0])
            if begin or tag != last:
                entities.append(group)
                group = []
        group.append(w)
    if group:
        entities.append(group)
    out = []
    for g in entities:
        label = g[0][0].split("-", 1)[-1]
        if label == "O":
            continue
        start, end = g[0][3], g[-1][2]
        if readable:
            out.extend((s, e, label) for s, e in readable_spans(text, start, end))
            continue
        out.append((start, end, label))
    return out


ATTENTION_LEN = 256


def make_batches(windows, budget, lookahead, max_padding):
    """newsner's Batcher: pools of `lookahead` windows in reading order, each
    sorted by length and cut under the token budget, the attention cap and
    the padding cap."""

    def flush(pending):
        out, group, real = [], [], 0
        for w in sorted(pending, key=lambda w: (len(w[4]), w[0], w[1])):
            n = len(w[4])
            padded = (len(group) + 1) * n
            padding = 1.0 - (real + n) / padded
            attention = padded * n > budget * ATTENTION_LEN
            if group and (padded > budget or attention or padding > max_padding):
                out.append(group)
                group, real = [], 0
            real += n
            group.append(w)
        if group:
            out.append(group)
        return out

    batches, pending = [], []
    for w in windows:
        pending.append(w)
        if len(pending) >= lookahead:
            batches += flush(pending)
            pending = []
    return batches + flush(pending)


def run_transformers(args):
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

    started = time.perf_counter()
    torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.hf)
    model = AutoModelForTokenClassification.from_pretrained(args.hf)
    pipe = pipeline("token-classification", model=model, tokenizer=tok, aggregation_strategy="first", device=-1)
    docs = load_docs(args.corpus)
    entities = []
    infer_started = time.perf_counter()
    with torch.inference_mode():
        for doc_id, text in docs:
            for e in pipe(text, stride=args.stride):
                spans = readable_spans(text, e["start"], e["end"]) if args.spans == "readable" else [(e["start"], e["end"])]
                for s, end in spans:
                    entities.append([doc_id, s, end, e["entity_group"]])
    json.dump(
        {
            "mode": "transformers",
            "documents": len(docs),
            "total_s": time.perf_counter() - started,
            "inference_s": time.perf_counter() - infer_started,
            "peak_rss_mb": peak_rss_mb(),
            "real_tokens": 0,
            "padded_tokens": 0,
            "entities": entities,
        },
        sys.stdout,
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="model folder (model.onnx, tokenizer.json, config.json)")
    ap.add_argument("--hf", help="HuggingFace checkpoint folder (--mode transformers)")
    ap.add_argument("--onnx", default="model.onnx", help="graph file, in --model or a path of its own")
    ap.add_argument("--corpus", required=True, help="JSONL with id and text")
    ap.add_argument("--mode", choices=["hf", "batched", "transformers"], required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-tokens", type=int, default=8192)
    ap.add_argument("--stride", type=int, default=128)
    ap.add_argument("--lookahead", type=int, default=256)
    ap.add_argument("--max-padding", type=float, default=0.05)
    ap.add_argument("--max-length", type=int, default=512)
    ap.add_argument("--word-aware", choices=["yes", "no"], default="yes")
    ap.add_argument("--unk-id", type=int, default=-1)
    ap.add_argument("--spans", choices=["transformers", "readable"], default="transformers")
    args = ap.parse_args()
    if args.mode == "transformers":
        return run_transformers(args)

    started = time.perf_counter()
    cfg = json.load(open(f"{args.model}/config.json"))
    id2label = [cfg["id2label"][str(i)] for i in range(len(cfg["id2label"]))]
    tok = Tokenizer.from_file(f"{args.model}/tokenizer.json")
    tok.no_truncation()
    tok.no_padding()
    prefix, suffix = frame(tok)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = args.threads
    opts.inter_op_num_threads = 1
    opts.enable_mem_pattern = False
    sess = ort.InferenceSession(os.path.join(args.model, args.onnx), opts, providers=["CPUExecutionProvider"])
    inputs = [i.name for i in sess.get_inputs()]
    pad_id = tok.token_to_id("[PAD]")
    if pad_id is None:
        pad_id = tok.token_to_id("<pad>") or 0

    docs = load_docs(args.corpus)
    content_len = args.max_length - len(prefix) - len(suffix)
    encs, windows = [], []
    for d, (_, text) in enumerate(docs):
        enc = tok.encode(text, add_special_tokens=False)
        encs.append(enc)
        ranges, owned = plan_windows(len(enc.ids), content_len, args.stride) if enc.ids else ([], [])
        for w, ((s, e), own) in enumerate(zip(ranges, owned)):
            ids = [p[0] for p in prefix] + enc.ids[s:e] + [p[0] for p in suffix]
            types = [p[1] for p in prefix] + enc.type_ids[s:e] + [p[1] for p in suffix]
            windows.append((d, w, s, own, ids, types))

    def feeds(rows, seq_len):
        ids = np.full((len(rows), seq_len), pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), seq_len), dtype=np.int64)
        types = np.zeros((len(rows), seq_len), dtype=np.int64)
        for r, win in enumerate(rows):
            n = len(win[4])
            ids[r, :n] = win[4]
            mask[r, :n] = 1
            types[r, :n] = win[5]
        by_name = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return {name: next(v for k, v in by_name.items() if k in name) for name in inputs}

    if args.mode == "hf":
        batches = [[w] for w in windows]
    else:
        batches = make_batches(windows, args.batch_tokens, args.lookahead, args.max_padding)

    logits = {}
    real = padded = 0
    infer_started = time.perf_counter()
    for rows in batches:
        seq_len = max(len(w[4]) for w in rows)
        out = sess.run(["logits"] if "logits" in [o.name for o in sess.get_outputs()] else None, feeds(rows, seq_len))[0]
        for r, w in enumerate(rows):
            logits[(w[0], w[1])] = out[r, : len(w[4])]
            real += len(w[4])
        padded += len(rows) * seq_len
    infer_s = time.perf_counter() - infer_started

    entities = []
    per_doc = {}
    for d, w, s, own, _, _ in windows:
        per_doc.setdefault(d, []).append((w, s, own))
    for d, (doc_id, text) in enumerate(docs):
        enc = encs[d]
        if not enc.ids:
            continue
        rows = []
        for w, s, (lo, hi) in sorted(per_doc[d]):
            lg = logits[(d, w)]
            rows.append(lg[lo - s + len(prefix) : hi - s + len(prefix)])
        scores = softmax(np.concatenate(rows).astype(np.float32))
        for start, end, label in decode_first(text, enc, scores, id2label, args.word_aware == "yes", args.unk_id, args.spans == "readable"):
            entities.append([doc_id, start, end, label])
    total_s = time.perf_counter() - started
    rss_mb = peak_rss_mb()
    json.dump(
        {
            "mode": args.mode,
            "documents": len(docs),
            "windows": len(windows),
            "batches": len(batches),
            "real_tokens": real,
            "padded_tokens": padded,
            "total_s": total_s,
            "inference_s": infer_s,
            "peak_rss_mb": rss_mb,
            "entities": entities,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
