"""newsner's readable words and spans in Python: the one Python copy of
crates/tokenize/src/hf.rs (`WordRule::Punctuation`) and
crates/tokenize/src/readable.rs (`readable_span`, `readable_spans`), used by the benchmark's Python
peers (scripts/bench/py_ner.py) and the de-news training recipe
(models/de-news/recipe/sequences.py), which must delimit words exactly as
newsner does. Change both sides together.
"""

JOINERS = set("-/'\u2019.,&_")
EDGE = set(",;:!?\"'\u201c\u201d\u201e\u00ab\u00bb\u201a\u2018\u2019()[]{}-\u2013\u2014/*.")


def continues_word(text, start, end):
    """newsner's readable word rule (WordRule::Punctuation)."""
    if start == 0 or start >= len(text) or end <= start:
        return False

    def alnum(i):
        return 0 <= i < len(text) and text[i].isalnum()

    def joiner_between(i):
        return 0 < i < len(text) and text[i] in JOINERS and alnum(i - 1) and alnum(i + 1)

    return (alnum(start - 1) and alnum(start)) or joiner_between(start) or joiner_between(start - 1)


def readable_span(text, s, e):
    """newsner's readable_span: no edge whitespace or punctuation, but
    abbreviations keep their dot; no span without a letter or digit."""
    e = min(e, len(text))
    while s < e and (text[s].isspace() or text[s] in EDGE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in EDGE):
        if text[e - 1] == ".":
            i = e - 1
            while i > s and not text[i - 1].isspace():
                i -= 1
            word = text[i : e - 1]
            if word and ("." in word or (len(word) <= 3 and word[0].isupper())):
                break
        e -= 1
    return (s, e) if s < e and any(c.isalnum() for c in text[s:e]) else None


def readable_spans(text, s, e):
    """newsner's readable_spans: the pieces of [s, e) between blank lines
    (a whitespace run with two line breaks), each trimmed by readable_span
    (a name never runs over a paragraph's end)."""
    e = min(e, len(text))
    out, start, i = [], s, s
    while i < e:
        run = 0
        while i + run < e and text[i + run].isspace():
            run += 1
        if text[i:i + run].count("\n") >= 2:
            span = readable_span(text, start, i)
            if span is not None:
                out.append(span)
            start = i + run
        i += max(run, 1)
    if start < e:
        span = readable_span(text, start, e)
        if span is not None:
            out.append(span)
    return out
