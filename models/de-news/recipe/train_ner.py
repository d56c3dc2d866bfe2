"""Step 3: fine-tune the rebuilt e5-small encoder for German NER
(XLMRobertaForTokenClassification, 9 IOB2 labels, label on the first piece of
each newsner word, others ignored; see sequences.py).

Recipe: AdamW lr 2e-4 (classifier head 2e-3), weight decay 0.01 (not on
biases / LayerNorm / embeddings), 6 % linear warm-up then linear decay,
batches of at most --batch-tokens padded pieces, sequences of consecutive
sentences packed up to --max-len pieces (a fifth of them single sentences;
each sentence rendered as printed text or space-separated tokens at random),
re-packed every epoch, word embeddings frozen unless --train-emb.

Checkpoints (WORK/runs/NAME/checkpoint.pt: trainable weights, optimizer,
schedule, RNG states, position) are written every --checkpoint-steps steps
and at each epoch's end; --resume continues a cut run from the last one with
the same batches it would have seen.
"""
import argparse
import math
import os
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (LABEL2ID, LABELS, f1_report, full_tokenizer, log, read_json, seed_all, set_log,  # noqa: E402
                    to_iob2, write_json)
from build_data import load, mapped  # noqa: E402
from sequences import OPEN_MISC, UNTRAINED, align, encode_sentences, pack, render, sample_rng, token_heads  # noqa: E402
from build_data import map_tag  # noqa: E402


def eval_inputs(tok, sents, max_len=512):
    """Validation sentences as `newsner eval` feeds them (tokens joined by
    spaces): per sentence (ids with <s>/</s>, head piece of each gold token
    shifted past <s>)."""
    out = []
    for s in sents:
        text, starts = render(s["tokens"], printed=False)
        ids, where = align(tok, text, starts)
        heads = [None if h is None or h + 1 >= max_len - 1 else h + 1 for h in token_heads(where, len(starts))]
        out.append(([0] + ids[: max_len - 2] + [2], heads))
    return out


def batches(items, budget, rng, group=64):
    """Length-grouped batches of at most `budget` padded tokens: shuffle,
    sort within mega-chunks, cut by budget, shuffle the batches."""
    idx = list(range(len(items)))
    rng.shuffle(idx)
    out = []
    for c in range(0, len(idx), group * 8):
        chunk = sorted(idx[c:c + group * 8], key=lambda i: len(items[i][0]))
        cur = []
        for i in chunk:
            if cur and (len(cur) + 1) * len(items[i][0]) > budget:
                out.append(cur)
                cur = []
            cur.append(i)
        if cur:
            out.append(cur)
    rng.shuffle(out)
    return out


def collate(items, pad_id=1):
    import torch
    L = max(len(x[0]) for x in items)
    ids = torch.full((len(items), L), pad_id, dtype=torch.long)
    att = torch.zeros((len(items), L), dtype=torch.long)
    lab = torch.full((len(items), L), -100, dtype=torch.long)
    for i, x in enumerate(items):
        n = len(x[0])
        ids[i, :n] = torch.tensor(x[0])
        att[i, :n] = 1
        lab[i, :n] = torch.tensor(x[1])
    return ids, att, lab


def training_tags(sent, deriv):
    """IOB2 tags of a training sentence (GermEval's raw tags mapped by
    `deriv`; English tags are already PER/ORG/LOC/MISC) and whether its O
    may be MISC."""
    tags = to_iob2([t if t == UNTRAINED else map_tag(t, deriv) for t in sent["raw"]])
    return sent["tokens"], tags, bool(sent.get("open_misc"))


def partial_nll(logits, labels):
    """Cross-entropy over labelled pieces, where OPEN_MISC pieces count the
    probability of O, B-MISC and I-MISC together (a corpus that never
    annotated MISC says only "no PER/ORG/LOC here"). Equals the usual mean
    cross-entropy when no piece is OPEN_MISC."""
    import torch
    keep = labels != -100
    logp = logits[keep].log_softmax(-1)
    lab = labels[keep]
    plain = lab != OPEN_MISC
    nll = -logp[plain].gather(1, lab[plain].unsqueeze(1)).squeeze(1)
    either = [LABEL2ID["O"], LABEL2ID["B-MISC"], LABEL2ID["I-MISC"]]
    open_nll = -torch.logsumexp(logp[~plain][:, either], dim=1)
    return (nll.sum() + open_nll.sum()) / keep.sum().clamp(min=1)


def heads_to_tags(logits_row, heads):
    """Word-level IOB2 tags read from each gold token's head piece (O where a
    token has no piece of its own)."""
    return [LABELS[int(np.argmax(logits_row[h]))] if h is not None else "O" for h in heads]


def predict_logits(run, items, bs=32):
    """Tags for `eval_inputs` items, with `run(ids, att)` -> logits numpy."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    preds = [None] * len(items)
    for k in range(0, len(order), bs):
        b = [items[i] for i in order[k:k + bs]]
        ids, att, _ = collate([(x[0], [-100] * len(x[0])) for x in b])
        lg = run(ids, att)
        for r, i in enumerate(order[k:k + bs]):
            preds[i] = heads_to_tags(lg[r], items[i][1])
    return preds


def predict_torch(model, tok, sents, bs=32):
    import torch
    model.eval()
    with torch.no_grad():
        return predict_logits(lambda ids, att: model(input_ids=ids, attention_mask=att).logits.numpy(),
                              eval_inputs(tok, sents), bs)


def evaluate(preds, val_sents):
    """F1 against both gold conventions (deriv/part -> O, and -> base type)."""
    return {g: f1_report([mapped(s, g) for s in val_sents], preds) for g in ("o", "base")}


def log_scores(what, res):
    """Log the micro F1 under both gold conventions and the per-type scores of `evaluate`'s result."""
    log(f"{what}; micro F1 (gold deriv->O) {res['o']['micro']['f1']}, "
        f"(gold deriv->base) {res['base']['micro']['f1']}")
    for t in ("PER", "ORG", "LOC", "MISC"):
        log(f"  {t}: {res['o'][t]}")


def model_config(hdr, vocab_size):
    """The XLM-R token-classification config of the rebuilt encoder
    (`hdr`: encoder/header.json) with newsner's labels."""
    from transformers import XLMRobertaConfig
    return XLMRobertaConfig(
        vocab_size=vocab_size, hidden_size=hdr["hidden"], num_hidden_layers=hdr["layers"],
        num_attention_heads=hdr["heads"], intermediate_size=hdr["ffn"],
        max_position_embeddings=hdr["max_positions"] + 2, type_vocab_size=hdr["type_vocab"],
        layer_norm_eps=hdr["eps"], pad_token_id=hdr["pad"], bos_token_id=hdr["bos"],
        eos_token_id=hdr["eos"], num_labels=len(LABELS),
        id2label={i: l for i, l in enumerate(LABELS)}, label2id=dict(LABEL2ID))


def build_model(encoder_pt, vocab_size=250037):
    import torch
    from transformers import XLMRobertaForTokenClassification
    hdr = read_json(os.path.join(os.path.dirname(encoder_pt), "header.json"))
    cfg = model_config(hdr, vocab_size)
    model = XLMRobertaForTokenClassification(cfg)
    sd = torch.load(encoder_pt)
    res = model.load_state_dict(sd, strict=False)
    assert not res.unexpected_keys, res.unexpected_keys
    assert all(k.startswith("classifier") for k in res.missing_keys), res.missing_keys
    return model


def trainable_state(model):
    return {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}


def save_checkpoint(path, model, opt, sched, epoch, step_in_epoch, step, epoch_secs):
    import torch
    tmp = path + ".tmp"
    torch.save({"model": trainable_state(model), "opt": opt.state_dict(), "sched": sched.state_dict(),
                "epoch": epoch, "step_in_epoch": step_in_epoch, "step": step, "epoch_secs": epoch_secs,
                "torch_rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--name", required=True, help="run name (dir under work/runs)")
    ap.add_argument("--deriv", default="o", choices=["o", "base", "part"])
    ap.add_argument("--europeana", type=int, default=0, help="number of Europeana sentences to add (-1 = all)")
    ap.add_argument("--english", action="store_true", help="add the English training sentences (english.py)")
    ap.add_argument("--train-emb", action="store_true")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--head-lr", type=float, default=2e-3, help="classifier learning rate")
    ap.add_argument("--batch-tokens", type=int, default=1024, help="padded pieces per batch at most")
    ap.add_argument("--max-len", type=int, default=256, help="longest training sequence (the inference window)")
    ap.add_argument("--single-share", type=float, default=0.2, help="share of sequences that hold one sentence")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--init-seed", type=int, default=None,
                    help="seed of the classifier head's initialisation (default: --seed); runs that share it "
                         "can be averaged into one model (soup.py)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint-steps", type=int, default=100)
    ap.add_argument("--resume", action="store_true", help="continue from WORK/runs/NAME/checkpoint.pt")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training and validation "
                    "sentences (a quick check of the recipe)")
    ap.add_argument("--save", action="store_true")
    ap.add_argument("--log", default=None, help="extra log file (e.g. the model's training.log)")
    a = ap.parse_args()
    import torch
    from tokenizers import Tokenizer
    from transformers import get_linear_schedule_with_warmup
    torch.set_num_threads(a.threads)
    seed_all(a.seed)
    rdir = os.path.join(a.work, "runs", a.name)
    os.makedirs(rdir, exist_ok=True)
    set_log(a.log or os.path.join(rdir, "train.log"))
    log("run", a.name, vars(a))
    tok = Tokenizer.from_file(full_tokenizer(a.work))
    ddir = os.path.join(a.work, "data")
    train = load(os.path.join(ddir, "germeval_train.jsonl"))
    val = load(os.path.join(ddir, "germeval_val.jsonl"))
    if a.limit:
        train, val = train[: a.limit], val[: a.limit]
    if a.europeana:
        eu = load(os.path.join(ddir, "europeana.jsonl"))
        random.Random(7).shuffle(eu)
        eu = eu if a.europeana < 0 else eu[: a.europeana]
        train = train + eu
        log(f"+ {len(eu)} Europeana sentences")
    if a.english:
        en = load(os.path.join(ddir, "english_train.jsonl"))
        en = en[: a.limit] if a.limit else en
        train = train + en
        log(f"+ {len(en)} English sentences")
    tagged = [training_tags(s, a.deriv) for s in train]
    renderings = list(zip(encode_sentences(tok, tagged, printed=True),
                          encode_sentences(tok, tagged, printed=False)))
    log(f"train sentences {len(renderings)}, pieces (printed) {sum(len(r[0][0]) for r in renderings)}")
    if a.init_seed is not None:
        torch.manual_seed(a.init_seed)
    model = build_model(os.path.join(a.work, "encoder", "encoder.pt"))
    if a.init_seed is not None:
        torch.manual_seed(a.seed)
    emb = model.roberta.embeddings.word_embeddings.weight
    emb.requires_grad = a.train_emb
    decay, no_decay, head = [], [], []
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if n.startswith("classifier"):
            head.append(p)
        else:
            (no_decay if (p.ndim == 1 or "LayerNorm" in n or "embeddings" in n) else decay).append(p)
    # e5's last-layer features are small (final LayerNorm gain ~0.23), so at
    # lr 1e-4 the fresh classifier needs ~1000 steps just to learn the label
    # prior (measured: all-O after one epoch, F1 0.0).  The head therefore
    # gets its own, higher learning rate.
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0},
                             {"params": head, "weight_decay": 0.01, "lr": a.head_lr}], lr=a.lr)

    def epoch_plan(ep):
        """The epoch's sequences and batches: a function of seed and epoch
        only, so a resumed run sees exactly the batches it would have."""
        rng = sample_rng(a.seed, ep)
        seqs = pack(renderings, a.max_len, rng, a.single_share)
        return seqs, batches(seqs, a.batch_tokens, rng)

    steps_per_epoch = [len(epoch_plan(ep)[1]) for ep in range(a.epochs)]
    total = sum(steps_per_epoch)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    ckpt = os.path.join(rdir, "checkpoint.pt")
    epoch_secs, step, start_epoch, skip = [], 0, 0, 0
    if a.resume and os.path.exists(ckpt):
        c = torch.load(ckpt, weights_only=False)
        missing = model.load_state_dict(c["model"], strict=False)
        assert not missing.unexpected_keys, missing.unexpected_keys
        opt.load_state_dict(c["opt"])
        sched.load_state_dict(c["sched"])
        torch.set_rng_state(c["torch_rng"])
        start_epoch, skip, step, epoch_secs = c["epoch"], c["step_in_epoch"], c["step"], c["epoch_secs"]
        log(f"resumed from {ckpt}: epoch {start_epoch + 1}, step {step}/{total}")
    elif a.resume:
        log("no checkpoint to resume from; starting afresh")
    log(f"steps per epoch {steps_per_epoch}")
    for ep in range(start_epoch, a.epochs):
        seqs, plan = epoch_plan(ep)
        model.train()
        t0 = time.time()
        run_loss, n = 0.0, 0
        for k, b in enumerate(plan):
            if k < skip:
                continue
            ids, att, lab = collate([seqs[i] for i in b])
            loss = partial_nll(model(input_ids=ids, attention_mask=att).logits, lab)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            run_loss += loss.item()
            n += 1
            step += 1
            if step % 50 == 0:
                log(f"epoch {ep + 1} step {step}/{total} loss {run_loss / n:.4f} "
                    f"({(time.time() - t0) / n:.2f}s/step)")
            if step % a.checkpoint_steps == 0 and k + 1 < len(plan):
                save_checkpoint(ckpt, model, opt, sched, ep, k + 1, step, epoch_secs)
        skip = 0
        epoch_secs.append(round(time.time() - t0, 1))
        log(f"epoch {ep + 1} done in {epoch_secs[-1]}s, mean loss {run_loss / max(n, 1):.4f}")
        save_checkpoint(ckpt, model, opt, sched, ep + 1, 0, step, epoch_secs)
    t0 = time.time()
    preds = predict_torch(model, tok, val)
    res = evaluate(preds, val)
    log_scores(f"val eval {time.time() - t0:.1f}s", res)
    out = {"args": vars(a), "epoch_seconds": epoch_secs, "val": res, "train_sentences": len(renderings)}
    write_json(os.path.join(rdir, "metrics.json"), out)
    with open(os.path.join(rdir, "val_preds.json"), "w") as f:
        import json
        json.dump(preds, f)
    if a.save:
        torch.save(model.state_dict(), os.path.join(rdir, "model.pt"))
        log("saved", os.path.join(rdir, "model.pt"))


if __name__ == "__main__":
    main()
