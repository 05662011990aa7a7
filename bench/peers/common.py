"""bench/peers/common.py: shared helpers for the benchmark harnesses (inputs, timing, RSS, sizes, reports)."""
import json
import math
import os
import resource
import subprocess
import sys
import time


def fail(message):
    """One clear line on stderr, exit 1. A harness named run is called by its folder (xapian-omindex/run)."""
    name = os.path.basename(sys.argv[0])
    if name == "run":
        name = os.path.basename(os.path.dirname(os.path.abspath(sys.argv[0]))) + "/run"
    print(f"{name}: {message}", file=sys.stderr)
    sys.exit(1)


def read_corpus(path):
    """Yields the corpus' articles as dicts (id, title, body, source, date)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def raw_bytes(path):
    """The corpus' raw bytes: UTF-8 lengths of title + body, summed (the divisor for MB/s and size ratios)."""
    total = docs = 0
    for a in read_corpus(path):
        total += len(a["title"].encode()) + len(a["body"].encode())
        docs += 1
    return docs, total


def read_queries(path):
    """The query set: a list of dicts with qid, cls, text, words, source, year."""
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            qid, cls, text, source, year = line.split("\t")
            queries.append({"qid": qid, "cls": cls, "text": text, "words": text.split(),
                            "source": source, "year": year})
    return queries


def percentile(values, p):
    """The p-th percentile (nearest rank) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def latency_summary(samples_us):
    """{"n", "p50_us", "p95_us", "p99_us"} from microsecond samples."""
    return {"n": len(samples_us), "p50_us": round(percentile(samples_us, 50), 1),
            "p95_us": round(percentile(samples_us, 95), 1), "p99_us": round(percentile(samples_us, 99), 1)}


def warm_summary(samples_by_class):
    """The report's "warm" object from {class: [microseconds]}: per class and "all"."""
    out = {"all": latency_summary([v for vs in samples_by_class.values() for v in vs])}
    for cls, vs in sorted(samples_by_class.items()):
        if vs:
            out[cls] = latency_summary(vs)
    return out


def run_measured(cmd, **kwargs):
    """Runs cmd to completion; returns (seconds, peak RSS in KiB of that child, CompletedProcess).
    Peak RSS comes from wait4's rusage of this child alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read() if proc.stdout else None
    err = proc.stderr.read() if proc.stderr else None
    return seconds, usage.ru_maxrss, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def cold_summary(samples_ms):
    return {"n": len(samples_ms), "p50_ms": round(percentile(samples_ms, 50), 2),
            "p95_ms": round(percentile(samples_ms, 95), 2)}


def time_cold(commands):
    """Runs each command (a list) as its own process; returns their wall times in ms. Fails on a non-zero exit."""
    out = []
    for cmd in commands:
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out.append((time.perf_counter() - t0) * 1000.0)
        if r.returncode != 0:
            fail(f"cold query failed: {' '.join(cmd)}: {r.stderr.decode(errors='replace').strip()[:300]}")
    return out


def folder_bytes(path):
    """Bytes of all regular files under path (or the file itself)."""
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            p = os.path.join(dirpath, name)
            if os.path.isfile(p) and not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def index_report(docs, raw, seconds, peak_rss_kb, index_bytes, tables=None):
    rep = {"docs": docs, "raw_bytes": raw, "seconds": round(seconds, 3),
           "docs_per_s": round(docs / seconds, 1) if seconds > 0 else None,
           "mb_per_s": round(raw / 1e6 / seconds, 2) if seconds > 0 else None,
           "peak_rss_kb": peak_rss_kb, "index_bytes": index_bytes,
           "size_ratio": round(index_bytes / raw, 3) if raw else None}
    if tables:
        rep["tables"] = tables
    return rep


def write_report(path, report):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, sort_keys=False)
        f.write("\n")


def harness_args(description):
    """The harness command line of PROTOCOL.md."""
    import argparse
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    a.repeats = 3 if a.quick else 10
    a.cold_n = 20 if a.quick else 50
    a.qps_seconds = 2.0 if a.quick else 5.0
    for p in (a.corpus, a.queries):
        if not os.path.isfile(p):
            fail(f"no such file: {p}")
    return a
