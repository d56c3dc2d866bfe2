"""Training and evaluation sequences as newsner sees text.

newsner does not feed the model pre-split words: it tokenizes a document's
raw text and reads each word's label from the word's first piece, where a
word ends at whitespace and punctuation (`WordRule::Punctuation` in
crates/tokenize/src/hf.rs; hyphenated compounds and numbers stay whole).
So the recipe trains on the same thing:

* `render` turns a GermEval sentence (a token list) into text, either as
  news prints it ("Berlin." / "(AWS)" / "„Zeitung“") or with every token
  separated by a space, as `newsner eval` and many corpora present it;
* `piece_labels` tokenizes that text and puts each gold tag on the first
  piece of each newsner word (`continues_word` is a port of the Rust rule);
* `pack` joins consecutive sentences into document-length sequences of up to
  the inference window, keeping some single sentences, so the model learns
  to tag sentences in the middle of long windows as well as short inputs.
"""
import os
import random
import sys

from common import LABEL2ID, REPO

sys.path.insert(0, os.path.join(REPO, "scripts"))
from readable_words import continues_word  # noqa: E402

# Rendering as printed text: no space before these, none after the openers.
NO_SPACE_BEFORE = set(".,;:!?)]}%“’»")
NO_SPACE_AFTER = set("([{„‚«")


def render(tokens, printed):
    """Text of a sentence and each token's character start."""
    parts, starts = [], []
    pos = 0
    open_quote = False
    glue_next = False
    for i, tok in enumerate(tokens):
        space = i > 0
        if printed:
            if tok == '"':
                # Straight quotes alternate between opening and closing.
                if open_quote:
                    space = False
                open_quote = not open_quote
            elif tok in NO_SPACE_BEFORE:
                space = False
            if glue_next:
                space = False
            glue_next = tok in NO_SPACE_AFTER or (tok == '"' and open_quote)
        if space:
            parts.append(" ")
            pos += 1
        starts.append(pos)
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), starts


CONT, SPACE = -1, -2
# Label of a word that is O or MISC, corpus unknown (BTC and re3d never
# annotated MISC): the loss takes the probability of O, B-MISC and I-MISC.
OPEN_MISC = len(LABEL2ID)
# Tag of a word not trained on (re3d's nominal mentions).
UNTRAINED = "X"


def align(tok, text, starts):
    """Token ids of `text` (no special tokens) and, per piece, the gold token
    index whose word it starts, or CONT (continues a word) or SPACE (a lone
    "▁" piece, a word of its own to newsner). A gold token that newsner
    splits into several words is started by its first one."""
    import bisect
    enc = tok.encode(text, add_special_tokens=False)
    where = []
    for (s, e) in enc.offsets:
        if continues_word(text, s, e):
            where.append(CONT)
            continue
        first = s
        while first < e and text[first].isspace():
            first += 1
        if first >= e:
            where.append(SPACE)
            continue
        k = bisect.bisect_right(starts, first) - 1
        where.append((k, first > starts[k]) if k >= 0 else SPACE)
    return list(enc.ids), where


def piece_labels(tok, text, starts, tags, open_misc=False):
    """(ids, labels): each newsner word's first piece carries the tag of the
    gold token it falls in (I- for a token's later words), others -100.
    With `open_misc`, O means OPEN_MISC; UNTRAINED words get -100."""
    ids, where = align(tok, text, starts)
    outside = OPEN_MISC if open_misc else LABEL2ID["O"]
    labels = []
    for w in where:
        if w == CONT:
            labels.append(-100)
        elif w == SPACE:
            labels.append(outside)
        else:
            k, inner = w
            tag = tags[k]
            if tag == UNTRAINED:
                labels.append(-100)
                continue
            if tag != "O" and inner:
                tag = "I-" + tag[2:]
            labels.append(outside if tag == "O" else LABEL2ID[tag])
    return ids, labels


def token_heads(where, n_tokens):
    """Per gold token, the index of the piece that starts it (None if no
    piece does, e.g. a token swallowed by the previous token's piece)."""
    heads = [None] * n_tokens
    for j, w in enumerate(where):
        if isinstance(w, tuple) and not w[1] and heads[w[0]] is None:
            heads[w[0]] = j
    return heads


def encode_sentences(tok, tagged, printed):
    """Per sentence (ids, labels) in one rendering; `tagged` holds
    (words, tags, open_misc)."""
    out = []
    for words, tags, open_misc in tagged:
        text, starts = render(words, printed)
        out.append(piece_labels(tok, text, starts, tags, open_misc))
    return out


def pack(encoded, max_len, rng, single_share=0.2, bos=0, eos=2):
    """Consecutive sentences joined into sequences of at most `max_len`
    pieces including <s> and </s>; a `single_share` of sequences hold one
    sentence. `encoded[i]` is a list of renderings of sentence i, one picked
    at random per sentence. Sentences longer than a window are cut."""
    room = max_len - 2
    seqs, ids, labels = [], [], []

    def close():
        nonlocal ids, labels
        if ids:
            seqs.append(([bos] + ids + [eos], [-100] + labels + [-100]))
        ids, labels = [], []

    single = False
    for variants in encoded:
        s_ids, s_labels = rng.choice(variants)
        s_ids, s_labels = s_ids[:room], s_labels[:room]
        if ids and (single or len(ids) + len(s_ids) > room):
            close()
        if not ids:
            single = rng.random() < single_share
        ids += s_ids
        labels += s_labels
    close()
    return seqs


def sample_rng(seed, epoch):
    return random.Random(seed * 1000 + epoch)
