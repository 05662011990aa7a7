#!/usr/bin/env python3
"""bench/scale/make_corpus.py: writes the benchmark corpus (PROTOCOL.md JSONL) of N articles: real Reuters-21578 and Wikipedia articles, then seeded synthetic ones."""
# How the corpus is made (bench/README.md, "Scale and peer engines", says the same):
# - Real articles: every Reuters-21578 training article (source "Reuters", its date as YYYY-MM-DD)
#   and every article of the Wikipedia slice (its own source; Wikipedia has no dates, so each gets
#   a pseudo date, uniform over 2001-01-01..2024-12-31, from an RNG seeded with the seed and the
#   article's id), empty bodies skipped, in one seeded shuffle so that any prefix mixes both kinds.
# - Past the ~51k real articles, synthetic ones `syn-<n>`: a kind (Reuters or Wikipedia) drawn in
#   the real proportion, a real "template" article of that kind gives the paragraph count and the
#   title length; each paragraph is a real paragraph of a random article of that kind, each title
#   word a real title word of that kind (so frequencies follow the real ones); source is the kind's
#   and the date is a real (or pseudo) date of that kind.
# One RNG drives everything after the shuffle, so a corpus of N articles is the first N lines of
# every larger corpus with the same seed (the scaling curve grows one corpus), and output is
# byte-identical across runs.
import argparse
import bisect
import datetime
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
REUTERS = os.path.join(DATA, "reuters21578", "reuters-train.jsonl.zst")
WIKIPEDIA = os.path.join(DATA, "wikipedia-en", "wikipedia-en-slice.jsonl.zst")
MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
FIRST_DAY = datetime.date(2001, 1, 1)
DAYS = (datetime.date(2024, 12, 31) - FIRST_DAY).days + 1
MAX_PARAGRAPHS = 40  # a template with more paragraphs than this is cut: keeps synthetic articles news-sized


def fail(message):
    print(f"make_corpus.py: {message}", file=sys.stderr)
    sys.exit(1)


def read_zst_jsonl(path):
    if not os.path.isfile(path):
        fail(f"no such file: {path} (the shared data folder is expected beside the repository)")
    proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
    for line in proc.stdout:
        if line.strip():
            yield json.loads(line)
    if proc.wait() != 0:
        fail(f"zstd -dc {path} failed")


def reuters_date(text):
    # "26-FEB-1987 15:01:01.79" -> "1987-02-26"
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", text or "")
    if not m or m.group(2) not in MONTHS:
        return None
    return f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"


def pseudo_date(seed, article_id):
    # Seeded by the id, not by the article's place in a sequence: the same article always gets the same date.
    day = random.Random(f"{seed}:{article_id}").randrange(DAYS)
    return (FIRST_DAY + datetime.timedelta(days=day)).isoformat()


def paragraphs(kind, body):
    # Reuters paragraphs start on an indented line; Wikipedia's are lines.
    parts = re.split(r"\n[ \t]+", body) if kind == "Reuters" else body.split("\n")
    return [p.strip() for p in parts if p.strip()]


def load_real(seed):
    """Real articles as (kind, article) in their source order, empty bodies skipped."""
    real = []
    for a in read_zst_jsonl(REUTERS):
        body = (a.get("body") or "").strip()
        date = reuters_date(a.get("date"))
        if not body or not date:
            continue
        real.append(("Reuters", {"id": f"r-{a['newid']}", "title": (a.get("title") or "").strip(), "body": body,
                                 "source": "Reuters", "date": date}))
    for a in read_zst_jsonl(WIKIPEDIA):
        body = (a.get("body") or "").strip()
        if not body:
            continue
        real.append(("Wikipedia", {"id": a["id"], "title": (a.get("title") or "").strip(), "body": body,
                                   "source": a.get("source") or "Wikipedia", "date": pseudo_date(seed, a["id"])}))
    return real


def main():
    ap = argparse.ArgumentParser(description=__doc__.split(": ", 1)[1])
    ap.add_argument("--docs", type=int, required=True, help="number of articles")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--out", required=True, help="the JSONL file to write")
    a = ap.parse_args()
    if a.docs <= 0:
        fail("--docs must be positive")
    t0 = time.time()
    real = load_real(a.seed)
    rng = random.Random(a.seed)
    rng.shuffle(real)

    tmp = a.out + ".tmp"
    try:
        out = open(tmp, "w", encoding="utf-8")
    except OSError as e:
        fail(f"cannot write {tmp}: {e.strerror}")
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    with out:
        for _, art in real[: a.docs]:
            out.write(dumps(art) + "\n")
        left = a.docs - len(real)
        if left > 0:
            # Pools per kind: templates (paragraph count, title length), paragraphs, title words, dates.
            kinds = {}
            for kind, art in real:
                k = kinds.setdefault(kind, {"shape": [], "paras": [], "title_words": [], "dates": [], "source": art["source"]})
                ps = paragraphs(kind, art["body"])
                k["shape"].append((min(len(ps), MAX_PARAGRAPHS), max(1, len(art["title"].split()))))
                k["paras"].extend(ps)
                k["title_words"].extend(art["title"].split())
                k["dates"].append(art["date"])
            names = sorted(kinds)
            cumulative = list(itertools.accumulate(len(kinds[n]["shape"]) for n in names))
            # Every draw happens per article, in article order: the first M synthetic articles are the
            # same whatever the total, so a smaller corpus is a prefix of a larger one.
            for n in range(left):
                kind = names[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
                k = kinds[kind]
                n_paras, n_title = rng.choice(k["shape"])
                choice, paras, tw = rng.choice, k["paras"], k["title_words"]
                sep = "\n    " if kind == "Reuters" else "\n"
                body = sep.join(choice(paras) for _ in range(n_paras))
                title = " ".join(choice(tw) for _ in range(n_title))
                out.write(dumps({"id": f"syn-{n}", "title": title, "body": body, "source": k["source"],
                                 "date": choice(k["dates"])}) + "\n")
    os.replace(tmp, a.out)
    print(f"make_corpus.py: {a.docs} articles ({min(a.docs, len(real))} real, {max(0, a.docs - len(real))} synthetic) "
          f"-> {a.out} in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
