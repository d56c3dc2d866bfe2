"""Step 4: trim the 250k-piece XLM-R vocabulary to what German/English news
need and rebuild tokenizer.json to match.

Kept pieces (old id order is preserved, so <s>/<pad>/</s>/<unk> stay 0..3):
  1. special tokens (<s>, <pad>, </s>, <unk>, <mask>);
  2. every piece produced by tokenizing the training texts (GermEval train
     split + all Europeana text) with the full tokenizer;
  3. every single-character piece whose character occurs anywhere in the
     training texts, plus all single-character Latin / punctuation / symbol /
     digit pieces;
  4. pieces made only of Latin letters below U+0250 (Latin-1, Extended-A/B),
     digits, punctuation and symbols, by unigram score, best first, until the
     budget (85,000 pieces: the model folder, int8 weights with one scale
     per embedding row plus tokenizer.json, stays under 60 MB) is reached.
The validation texts are NOT used for selection; segmentation identity is
measured on them afterwards.
"""
import argparse
import copy
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import full_tokenizer, log, set_log, write_json  # noqa: E402
from build_data import load  # noqa: E402
from sequences import render  # noqa: E402

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def latin_char(ch):
    """Characters German/English news need: letters of Latin-1 / Latin
    Extended-A/B (< U+0250), digits, punctuation, symbols, spaces and the
    Metaspace marker."""
    if ch == "\u2581":
        return True
    cat = unicodedata.category(ch)
    if cat[0] in "PNSZ":
        return True
    if cat[0] == "L":
        return ord(ch) < 0x250
    return False


def latin_piece(p):
    return all(latin_char(c) for c in p)


def sentence_text(s):
    return " ".join(s["tokens"])


def trim(full_json, train_sents, budget):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_str(json.dumps(full_json))
    vocab = full_json["model"]["vocab"]
    piece2id = {p: i for i, (p, _) in enumerate(vocab)}
    keep = set(piece2id[p] for p in SPECIALS if p in piece2id)
    chars = set()
    # Both renderings the model is trained on (sequences.py): tokens joined
    # by spaces and as printed text ("Berlin." / "(AWS)").
    texts = [sentence_text(s) for s in train_sents] + [render(s["tokens"], printed=True)[0] for s in train_sents]
    used = set()
    for s in train_sents:
        used.update(tok.encode(s["tokens"], is_pretokenized=True).ids)
    for e in tok.encode_batch(texts):
        used.update(e.ids)
    for t in texts:
        chars.update(t)
    n_used = len(used - keep)
    keep |= used
    n_char = 0
    for i, (p, _) in enumerate(vocab):
        core = p[1:] if p.startswith("\u2581") and len(p) > 1 else p
        if len(core) == 1 and (core in chars or latin_char(core)) and i not in keep:
            keep.add(i)
            n_char += 1
    cand = sorted((i for i, (p, _) in enumerate(vocab) if i not in keep and latin_piece(p)),
                  key=lambda i: -vocab[i][1])
    n_score = max(0, budget - len(keep))
    keep |= set(cand[:n_score])
    keep = sorted(keep)
    stats = {"kept": len(keep), "specials": len(SPECIALS), "from_training_text": n_used,
             "single_chars": n_char, "latin_by_score": min(n_score, len(cand)),
             "latin_candidates_left": max(0, len(cand) - n_score), "original": len(vocab)}
    new = copy.deepcopy(full_json)
    new["model"]["vocab"] = [vocab[i] for i in keep]
    old2new = {o: n for n, o in enumerate(keep)}
    new["model"]["unk_id"] = old2new[full_json["model"]["unk_id"]]
    for at in new["added_tokens"]:
        at["id"] = old2new[at["id"]]
    pp = new.get("post_processor") or {}
    for st in (pp.get("special_tokens") or {}).values():
        st["ids"] = [old2new[i] for i in st["ids"]]
    return new, keep, stats


def compare(full_tok, new_tok, sents):
    """% of sentences whose segmentation (piece strings) is identical, for the
    raw sentence text and for the word-by-word (pre-tokenized) encoding."""
    same_raw = same_pre = 0
    for s in sents:
        a = full_tok.encode(sentence_text(s))
        b = new_tok.encode(sentence_text(s))
        same_raw += a.tokens == b.tokens and a.offsets == b.offsets
        a = full_tok.encode(s["tokens"], is_pretokenized=True)
        b = new_tok.encode(s["tokens"], is_pretokenized=True)
        same_pre += a.tokens == b.tokens
    n = len(sents)
    return {"sentences": n, "identical_raw_text_pct": round(100 * same_raw / n, 2),
            "identical_pretokenized_pct": round(100 * same_pre / n, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--model", required=True, help="trained full-vocab state dict (model.pt)")
    ap.add_argument("--budget", type=int, default=85000)
    a = ap.parse_args()
    import torch
    from tokenizers import Tokenizer
    set_log(os.path.join(a.work, "logs", "trim_vocab.log"))
    full_path = full_tokenizer(a.work)
    full_json = json.load(open(full_path, encoding="utf-8"))
    d = os.path.join(a.work, "data")
    train = load(os.path.join(d, "germeval_train.jsonl")) + load(os.path.join(d, "europeana.jsonl")) \
        + load(os.path.join(d, "english_train.jsonl"))
    val = load(os.path.join(d, "germeval_val.jsonl"))
    en_val = load(os.path.join(d, "english_test.jsonl"))
    new_json, keep, stats = trim(full_json, train, a.budget)
    out = os.path.join(a.work, "trimmed")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(new_json, f, ensure_ascii=False)
    full_tok = Tokenizer.from_file(full_path)
    new_tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    stats["validation_segmentation"] = compare(full_tok, new_tok, val)
    stats["english_test_segmentation"] = compare(full_tok, new_tok, en_val)
    stats["train_segmentation"] = compare(full_tok, new_tok, train[:2000])
    log("trim", stats)
    sd = torch.load(a.model)
    k = "roberta.embeddings.word_embeddings.weight"
    sd[k] = sd[k][torch.tensor(keep)].clone()
    torch.save(sd, os.path.join(out, "model.pt"))
    write_json(os.path.join(out, "trim.json"), {**stats, "keep_ids_sample": keep[:10]})
    log("saved trimmed model with vocab", sd[k].shape[0])


if __name__ == "__main__":
    main()
