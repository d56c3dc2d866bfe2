#!/usr/bin/env python3
"""Peak memory of newsner's aggregate stage against corpus size.

Writes synthetic run folders (documents.jsonl, mentions.jsonl, summary.json)
of N documents each and runs `newsner aggregate` over them, reporting each
process's peak resident memory (from wait4). The aggregate stage is where a
run's state grows with the corpus (entity tables, near-duplicate index,
co-occurrences); the tagging stages hold bounded queues. Tagging 200,000
documents takes hours on 2 cores; aggregating them takes a minute.

The synthetic corpus: every document is a distinct article of about 120
words (so each enters the near-duplicate index), one in ten is an edited
copy of an earlier one, and names are drawn from fixed vocabularies with a
Zipf distribution (a few names everywhere, a long tail), 8 to 20 mentions
per document.

    python3 scripts/memory/rss_by_corpus_size.py --newsner target/release/newsner \
        --sizes 10000 50000 200000 --work /tmp/rss
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

WORDS = ("der die das und in zu den mit von sich des auf für ist im dem nicht ein eine als auch es an "
         "werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum "
         "Konzern Stellen Markt Quartal Umsatz Gewinn Anleger Aktie Prozent Milliarden Millionen Jahr "
         "Woche Regierung Gewerkschaft Mitarbeiter Verwaltung Standort Werk Kunden Branche Analysten").split()


def vocab(prefix, n):
    return [f"{prefix}{i:05d}" for i in range(n)]


PEOPLE = [f"Person{i} Nachname{i}" for i in range(12000)]
ORGS = vocab("Firma", 6000)
PLACES = vocab("Ort", 3000)
MISC = vocab("Sache", 2000)


def zipf_pick(rng, items, s=1.1):
    # Inverse-CDF sampling of a Zipf-like rank.
    n = len(items)
    u = rng.random()
    rank = int(n ** u ** s) - 1
    return items[min(max(rank, 0), n - 1)]


def article(rng, i):
    words = [rng.choice(WORDS) for _ in range(110)]
    mentions = []
    names = []
    for _ in range(rng.randint(8, 20)):
        label, pool = rng.choice((("PER", PEOPLE), ("ORG", ORGS), ("LOC", PLACES), ("MISC", MISC)))
        names.append((label, zipf_pick(rng, pool)))
    # Names interleaved with words; offsets in characters.
    parts, pos = [], 0
    step = max(1, len(words) // (len(names) + 1))
    text_words = []
    for k, w in enumerate(words):
        text_words.append(w)
        if k % step == step - 1 and names:
            text_words.append(names.pop())
    text_words.append(f"Meldung {i}.")
    text = ""
    for tok in text_words:
        if text:
            text += " "
        if isinstance(tok, tuple):
            label, name = tok
            mentions.append((label, pos_of(text), name))
            text += name
        else:
            text += tok
    return text, mentions


def pos_of(text):
    return len(text)


def write_run(folder, n, seed=7):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    earlier = []
    with open(os.path.join(folder, "documents.jsonl"), "w", encoding="utf-8") as docs, \
            open(os.path.join(folder, "mentions.jsonl"), "w", encoding="utf-8") as ments:
        for i in range(n):
            doc_id = f"d{i:07d}"
            if earlier and rng.random() < 0.1:
                # An edited copy of an earlier article (syndication).
                text, mentions = rng.choice(earlier)
                text = text.replace("Meldung", "Bericht", 1)
            else:
                text, mentions = article(rng, i)
                if len(earlier) < 1000:
                    earlier.append((text, mentions))
                elif rng.random() < 0.01:
                    earlier[rng.randrange(1000)] = (text, mentions)
            docs.write(json.dumps({"id": doc_id, "source": f"{doc_id}.txt", "chars": len(text),
                                   "mentions": len(mentions), "figures": 0, "text": text},
                                  ensure_ascii=False) + "\n")
            for label, start, name in mentions:
                ments.write(json.dumps({"doc": doc_id, "label": label, "model_label": label,
                                        "score": 0.99, "word": name, "start": start,
                                        "end": start + len(name)}, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "summary.json"), "w") as f:
        json.dump({"model": "synthetic", "aggregation": "first", "join_adjacent": [], "documents": n,
                   "errors": 0, "mentions": 0, "entities": 0, "duplicates": 0, "labels": {},
                   "top_entities": {}, "cooccurrences": [], "figures": []}, f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--newsner", required=True, help="the newsner binary")
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000, 200000])
    p.add_argument("--work", default="/tmp/newsner-rss")
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()
    results = []
    for n in args.sizes:
        folder = os.path.join(args.work, f"run-{n}")
        out = os.path.join(args.work, f"agg-{n}")
        if not os.path.isfile(os.path.join(folder, "summary.json")):
            write_run(folder, n)
        shutil.rmtree(out, ignore_errors=True)
        started = time.time()
        proc = subprocess.Popen([args.newsner, "aggregate", "--input", folder, "--out", out,
                                 "--formats", "jsonl,csv,parquet,html"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.time() - started
        if status != 0:
            sys.exit(f"newsner aggregate failed on {n} documents: {proc.stderr.read().decode()}")
        peak_mb = usage.ru_maxrss / 1024
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        results.append({"documents": n, "entities": summary["entities"],
                        "duplicates": summary["duplicates"], "peak_rss_mb": round(peak_mb, 1),
                        "seconds": round(seconds, 1)})
        print(f"{n:>8} documents  {summary['entities']:>7} entities  {summary['duplicates']:>6} copies  "
              f"peak RSS {peak_mb:7.1f} MB  {seconds:6.1f} s", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
