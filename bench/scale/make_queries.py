#!/usr/bin/env python3
"""bench/scale/make_queries.py: writes a fixed, seeded query set (PROTOCOL.md TSV: qid class text source year) drawn from a corpus' vocabulary."""
# A word is a white-space separated token of the text, edge punctuation stripped, that is then
# only lower-case ASCII letters and digits with at least 3 letters and is not an English stop word
# (Snowball's list). Tokens such as "don't", "U.S." or "long-term" never count as words, so every
# query word stands alone somewhere in the text and every engine's tokenizer sees it the same way.
# - freq1: a word of the top document-frequency band (the 100 words in most articles);
# - rare1: a word in 2 to 10 articles;
# - words2/3/4: distinct words from one window of 10 tokens of a random article (so AND has hits);
# - phrase: 2 or 3 words directly adjacent in a random article (no punctuation between them);
# - filtered: 1 or 2 words of a random article plus its source, its year, or both;
# - faceted: 1 or 2 words of a random article (the harness counts matches per source).
# Classes are interleaved (q0001 freq1, q0002 rare1, ...) so the first queries, run cold, cover all.
import argparse
import collections
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import common  # noqa: E402

CLASSES = ["freq1", "rare1", "words2", "words3", "words4", "phrase", "filtered", "faceted"]
FREQUENT_BAND = 100
RARE_DF = (2, 10)
SAMPLE_ARTICLES = 4000
WINDOW = 10
STOP = set("""a about above after again against all am an and any are aren't as at be because been before
being below between both but by can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she
she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through to too under until up very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves will also said one two
may can""".split())
# A word-only token in running text (for counting document frequencies fast).
WORD_ONLY = re.compile(r"""(?:^|(?<=\s))["'(\[]*([a-z0-9]*[a-z][a-z0-9]*)[.,;:!?"')\]]*(?=\s|$)""")


def fail(message):
    print(f"make_queries.py: {message}", file=sys.stderr)
    sys.exit(1)


def is_word(w):
    return len(w) >= 3 and sum(c.isalpha() for c in w) >= 3 and w not in STOP


def tokens(text):
    """Whitespace tokens of the lower-cased text as (word or None, punctuation-before, punctuation-after)."""
    out = []
    for tok in text.lower().split():
        m = re.fullmatch(r"""(["'(\[]*)([a-z0-9]+)([.,;:!?"')\]]*)""", tok)
        if m and is_word(m.group(2)):
            out.append((m.group(2), m.group(1), m.group(3)))
        else:
            out.append((None, "", ""))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split(": ", 1)[1])
    ap.add_argument("--corpus", required=True, help="the corpus JSONL (make_corpus.py)")
    ap.add_argument("--n", type=int, default=200, help="number of queries (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--out", required=True, help="the TSV file to write")
    a = ap.parse_args()
    if not os.path.isfile(a.corpus):
        fail(f"no such file: {a.corpus}")
    if a.n < len(CLASSES):
        fail(f"--n must be at least {len(CLASSES)} (one query per class)")
    t0 = time.time()
    rng = random.Random(a.seed)

    # One pass: document frequencies, and a reservoir sample of articles to draw word sets from.
    df = collections.Counter()
    sample = []
    docs = 0
    for art in common.read_corpus(a.corpus):
        text = art["title"].lower() + "\n" + art["body"].lower()
        df.update(set(WORD_ONLY.findall(text)))  # stop words and short words are dropped once, below
        if len(sample) < SAMPLE_ARTICLES:
            sample.append(art)
        else:
            j = rng.randrange(docs + 1)
            if j < SAMPLE_ARTICLES:
                sample[j] = art
        docs += 1
    if docs == 0:
        fail(f"{a.corpus} holds no articles")
    df = collections.Counter({w: c for w, c in df.items() if is_word(w)})
    # Ties broken by the word, so the bands do not depend on the order words were first seen.
    by_df = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
    frequent = [w for w, _ in by_df[:FREQUENT_BAND]]
    rare = sorted(w for w, c in df.items() if RARE_DF[0] <= c <= RARE_DF[1])
    if not rare:
        fail(f"no word is in {RARE_DF[0]} to {RARE_DF[1]} articles of {a.corpus}")
    # The title and the body are separate fields: no phrase runs from one into the other.
    toks = [(art, tokens(art["title"]) + [(None, "", "")] + tokens(art["body"])) for art in sample]

    def window_words(k):
        """k distinct words from one window of WINDOW tokens of a random sampled article."""
        for _ in range(1000):
            art, ts = rng.choice(toks)
            if not ts:
                continue
            start = rng.randrange(max(1, len(ts) - WINDOW + 1))
            ws = []
            for w, _, _ in ts[start:start + WINDOW]:
                if w and w not in ws:
                    ws.append(w)
            if len(ws) >= k:
                picked = sorted(rng.sample(range(len(ws)), k))
                return art, [ws[i] for i in picked]
        fail(f"found no {k} distinct words within {WINDOW} tokens in 1000 tries")

    def phrase_words(k):
        """k words directly adjacent (no punctuation between) in a random sampled article."""
        for _ in range(5000):
            _, ts = rng.choice(toks)
            if len(ts) < k:
                continue
            i = rng.randrange(len(ts) - k + 1)
            run = ts[i:i + k]
            if all(w for w, _, _ in run) and all(after == "" for _, _, after in run[:-1]) and \
               all(before == "" for _, before, _ in run[1:]) and len({w for w, _, _ in run}) == k:
                return [w for w, _, _ in run]
        fail(f"found no {k} adjacent words in 5000 tries")

    per_class = {c: a.n // len(CLASSES) + (1 if i < a.n % len(CLASSES) else 0) for i, c in enumerate(CLASSES)}
    made = {c: [] for c in CLASSES}
    for cls in CLASSES:
        for _ in range(per_class[cls]):
            source = year = ""
            if cls == "freq1":
                words = [rng.choice(frequent)]
            elif cls == "rare1":
                words = [rng.choice(rare)]
            elif cls in ("words2", "words3", "words4"):
                words = window_words(int(cls[-1]))[1]
            elif cls == "phrase":
                words = phrase_words(rng.choice((2, 2, 3)))
            elif cls == "filtered":
                art, words = window_words(rng.choice((1, 2)))
                which = rng.choice(("source", "year", "both"))
                if which in ("source", "both"):
                    source = art["source"]
                if which in ("year", "both"):
                    year = art["date"][:4]
            else:  # faceted
                words = window_words(rng.choice((1, 2)))[1]
            made[cls].append((" ".join(words), source, year))
    lines = []
    for i in range(max(per_class.values())):
        for cls in CLASSES:
            if i < len(made[cls]):
                text, source, year = made[cls][i]
                lines.append(f"q{len(lines) + 1:04d}\t{cls}\t{text}\t{source}\t{year}\n")
    try:
        with open(a.out, "w", encoding="utf-8") as f:
            f.writelines(lines)
    except OSError as e:
        fail(f"cannot write {a.out}: {e.strerror}")
    print(f"make_queries.py: {len(lines)} queries from {docs} articles ({len(df)} words, {len(rare)} rare) "
          f"-> {a.out} in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
