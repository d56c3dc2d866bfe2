"""Training copies that teach "KI" and "AI" as the common nouns they are.

Neither GermEval nor the English corpora have more than a handful of "KI"
or "AI" tokens (GermEval: one "AI", tagged O; WNUT-17: one "AI" product,
four O), so the model reads the all-caps word by its shape, like "IBM", as
an organisation: on the demo corpus v3 tagged "AI" ORG 9 times and "KI" 3.
These words are the most frequent generic terms of the news newsner is for
(job cuts "because of AI"), so the recipe fixes the data, not the output:
each training sentence in which one of the technology nouns below stands
untagged (O) is copied once with that noun, or the head of a compound
("Internet-Firma" -> "KI-Firma"), replaced by the acronym. Only O tokens
change, so the copy's tags are the original's. Validation and held-out
data are not touched; the effect is measured on the demo corpus, which the
recipe never reads. The same mechanism teaches the department "HR" as no
name (`ENGLISH_DEPARTMENTS`).
"""

GERMAN = ("KI", {"Software", "Technik", "Technologie", "Internet", "Computer", "Roboter",
                 "Digitalisierung", "Automatisierung", "Elektronik", "Informatik"})
ENGLISH = ("AI", {"technology", "technologies", "software", "internet", "tech", "computers", "automation",
                  "robots", "digital", "data", "cloud", "Technology", "Software", "Internet", "Tech", "Digital"})

# "HR chief Beth Galetti": an all-caps department read as an organisation,
# like "AI" before the copies (v4 tags "HR" ORG on the demo corpus). English
# only: German "HR" is also the broadcaster Hessischer Rundfunk, an ORG.
# build_data.py --department-copies.
ENGLISH_DEPARTMENTS = ("HR", {"staff", "personnel", "Staff", "Personnel"})


def replacement(token, acronym, nouns):
    """The token with a technology noun (or a compound's first part)
    replaced by `acronym`, or None when it holds none."""
    if token in nouns:
        return acronym
    head, dash, rest = token.partition("-")
    if dash and rest and head in nouns:
        return f"{acronym}-{rest}"
    return None


def copies(sents, acronym, nouns):
    """One copy of each sentence with an untagged technology noun, that noun
    replaced (every such token of the sentence)."""
    out = []
    for s in sents:
        tokens, changed = list(s["tokens"]), False
        for i, (tok, raw) in enumerate(zip(s["tokens"], s["raw"])):
            new = replacement(tok, acronym, nouns) if raw == "O" else None
            if new is not None:
                tokens[i], changed = new, True
        if changed:
            out.append({**s, "tokens": tokens, "src": f"{s.get('src', '')}+{acronym}"})
    return out
