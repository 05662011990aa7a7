"""bench/peers/xapian-scriptindex/xapian_peer.py: what the omindex and scriptindex harnesses share (query program, table sizes, quest cold runs, result checks)."""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import common  # noqa: E402

QUERY_SOURCE = os.path.join(HERE, "xapian_query.cc")
CHECK_AT_LEAST = 1000  # ptsearch counts matches exactly up to 1000 (its kCheckAtLeast)


def require_tools(*tools):
    """Fails with the package to install when a Xapian tool or the compiler is missing."""
    packages = {"omindex": "xapian-omega", "scriptindex": "xapian-omega", "quest": "xapian-tools",
                "xapian-compact": "xapian-tools", "g++": "g++"}
    for tool in tools:
        if not shutil.which(tool):
            common.fail(f"{tool} not installed (apt-get install {packages.get(tool, tool)})")
    if not os.path.isfile("/usr/include/xapian.h"):
        common.fail("Xapian headers not installed (apt-get install libxapian-dev)")


def version():
    r = subprocess.run(["xapian-config", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    m = re.search(r"(\d+\.\d+\.\d+)", r.stdout or "")
    return m.group(1) if m else "unknown"


def slug(source):
    """A source as one boolean-term-safe word (no spaces, so quest's parser takes it whole): 'BBC News' -> 'bbc-news'."""
    s = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
    return s or "none"


def compile_query_program(work):
    """Builds xapian_query.cc into the work folder; returns the binary's path."""
    exe = os.path.join(work, "xapian_query")
    cmd = ["g++", "-std=c++20", "-O2", "-o", exe, QUERY_SOURCE, "-lxapian", "-pthread"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        first = (r.stderr.strip().splitlines() or ["(no message)"])[0]
        common.fail(f"cannot compile {QUERY_SOURCE}: {first}")
    return exe


def write_slugged_queries(queries, path):
    """The query set with each filter source replaced by its slug, as the index holds it."""
    with open(path, "w", encoding="utf-8") as f:
        for q in queries:
            src = slug(q["source"]) if q["source"] else ""
            f.write(f"{q['qid']}\t{q['cls']}\t{q['text']}\t{src}\t{q['year']}\n")


def glass_tables(db):
    """{table: bytes} for each .glass file of a glass database (postlist, position, termlist, docdata, ...)."""
    tables = {}
    for name in sorted(os.listdir(db)):
        if name.endswith(".glass"):
            tables[name[: -len(".glass")]] = os.path.getsize(os.path.join(db, name))
    return tables


def compacted_bytes(db, work):
    """Size of the database after xapian-compact (untimed, for the notes); the copy is removed."""
    out = os.path.join(work, "db-compacted")
    r = subprocess.run(["xapian-compact", db, out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return None
    size = common.folder_bytes(out)
    shutil.rmtree(out, ignore_errors=True)
    return size


def run_warm(exe, layout, db, queries_path, args):
    """Runs the query program; returns its JSON (docs, samples by class, qps, results)."""
    cmd = [exe, layout, db, queries_path, str(args.repeats), str(args.qps_seconds)]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        common.fail(f"warm queries failed: {r.stderr.decode(errors='replace').strip()[:300]}")
    return json.loads(r.stdout.decode("utf-8", errors="replace"))


def quest_commands(db, queries, text_prefixes, boolean_prefixes, source_prefix):
    """One stock `quest` command per query, semantics as the warm program: AND, english STEM_SOME, top 10,
    exact counts up to 1000; filters as boolean-prefix terms in the query text (QueryParser ANDs them in with FILTER)."""
    cmds = []
    for q in queries:
        text = f"\"{q['text']}\"" if q["cls"] == "phrase" else q["text"]
        if q["cls"] == "filtered":
            if q["source"]:
                text += f" {source_prefix}:{slug(q['source'])}"
            if q["year"]:
                text += f" year:{q['year']}"
        cmd = ["quest", "-d", db, "-s", "english", "-o", "and", "-m", "10", "-c", str(CHECK_AT_LEAST), "-p", "title:S"]
        for p in text_prefixes:
            cmd += ["-p", p]
        for b in boolean_prefixes:
            cmd += ["-b", b]
        cmds.append(cmd + [text])
    return cmds


def save_results(work, results):
    """Top-10 ids per query in WORK/top10.json, for comparing engines' results."""
    with open(os.path.join(work, "top10.json"), "w", encoding="utf-8") as f:
        json.dump({r["qid"]: {"matches": r["matches"], "ids": [h[0] for h in r["hits"]]} for r in results}, f)


def sanity_line(engine, docs_expected, warm):
    """One line on stderr saying the index holds every article and how many queries found something."""
    results = warm["results"]
    found = sum(1 for r in results if r["hits"])
    missing_id = sum(1 for r in results for h in r["hits"] if not h[0])
    if warm["docs"] != docs_expected:
        common.fail(f"the index holds {warm['docs']} documents, the corpus {docs_expected}")
    if missing_id:
        common.fail(f"{missing_id} hits without a stored id")
    first = next((r for r in results if r["hits"]), None)
    example = f"; {first['qid']}: {first['matches']} matches, top '{first['hits'][0][0]}'" if first else ""
    print(f"{engine}: {warm['docs']} docs indexed, {found}/{len(results)} queries with hits{example}", file=sys.stderr)
