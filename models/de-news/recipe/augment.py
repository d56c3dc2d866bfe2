"""Mention replacement (Dai & Adel 2020, "An Analysis of Simple Data
Augmentation for Named Entity Recognition"): each epoch, every entity mention
of a training sentence is swapped, with probability p, for another mention of
the same type seen in training. The model then sees names in many more
contexts, which matters with only a few thousand labelled sentences and
keeps it from memorising "this string is always ORG".
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import spans as mentions  # noqa: E402


def mention_pool(tagged):
    """type -> sorted list of distinct mentions (token tuples); sorted so the
    pool, and therefore the augmentation, does not depend on hash order."""
    pool = {}
    for tokens, tags in tagged:
        for typ, s, e in mentions(tags):
            pool.setdefault(typ, set()).add(tuple(tokens[s:e]))
    return {t: sorted(v) for t, v in pool.items()}


def replace_mentions(tokens, tags, pool, rng: random.Random, p):
    out_tokens, out_tags, i = [], [], 0
    for typ, s, e in mentions(tags):
        out_tokens += tokens[i:s]
        out_tags += tags[i:s]
        new = list(tokens[s:e])
        if rng.random() < p and pool.get(typ):
            new = list(rng.choice(pool[typ]))
        out_tokens += new
        out_tags += ["B-" + typ] + ["I-" + typ] * (len(new) - 1)
        i = e
    return out_tokens + tokens[i:], out_tags + tags[i:]
