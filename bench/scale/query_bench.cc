// pt_query_bench: runs a PROTOCOL.md query set warm against a ptsearch index through the Searcher API and prints the timings as JSON.
//
// pt_query_bench --index DIR --queries FILE [--repeats N] [--qps-seconds S] [--threads 1,2] [--no-throughput] [--breakdown] [--cpu-time]
//
// Three warm modes, each after one untimed pass over the whole set, each query `repeats` times:
//   "warm": what every engine of the comparison does: all words required, top 10 by BM25, each
//           hit's id and title read back, no collapsing of near-duplicates; `faceted` queries count
//           matches per source (SearchRequest::facet_names), and no snippets (SearchRequest::snippets).
//   "warm_snippets_facets": the same plus snippets and three facets (source, actor, year) for
//           every query: the work the "p50 <= 2x plain" target names.
//   "warm_cli": that plus near-duplicate collapsing: what ptsearch's CLI and server give a user.
// With --breakdown, two more modes split "warm_snippets_facets" into its parts:
//   "warm_facets": the three facets without snippets; "warm_snippets": snippets without facets.
// With --cpu-time, each query is timed by the CPU time of the thread running it instead of the
// wall clock: on a machine shared with other work, a query preempted for a time slice (~10 ms here)
// shows the scheduler, not the search, and the modes' ratios drift with the load.
// Then throughput in the "warm" mode: the whole set in a loop for S seconds with 1, then 2 threads,
// each thread with its own Searcher (a Searcher may not be shared) starting at another query.
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "ptsearch/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<std::size_t> g_sink{0};  // what the throughput threads read back, printed so it is not optimised away

struct Query {
  std::string qid, cls, text, source, year;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "pt_query_bench: " << message << "\n";
  std::exit(1);
}

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("cannot read " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    // getline drops a trailing empty column: "q1\tfreq1\tword\t\t" gives three.
    while (cols.size() < 5) cols.emplace_back();
    if (cols.size() != 5) fail(path + ": expected 5 tab-separated columns: " + line);
    out.push_back({cols[0], cols[1], cols[2], cols[3], cols[4]});
  }
  if (out.empty()) fail(path + " holds no queries");
  return out;
}

enum class Mode { Plain, SnippetsFacets, Cli, Facets, Snippets };

pt::SearchRequest request(const Query& q, Mode mode) {
  pt::SearchRequest r;
  r.query = q.cls == "phrase" ? "\"" + q.text + "\"" : q.text;
  r.match_all = true;  // PROTOCOL.md: every engine runs the words as all required
  r.limit = 10;
  if (!q.source.empty()) r.filters.sources.push_back(q.source);
  if (!q.year.empty()) r.filters.years.push_back(q.year);
  if (mode == Mode::Plain || mode == Mode::Snippets) {
    r.collapse = false;
    r.snippets = mode == Mode::Snippets;
    r.facets = q.cls == "faceted";
    r.facet_names = {"source"};  // what the peers count for a faceted query
  } else {
    // Snippets (the default, on) and three facet counts; collapsing (the default) for the CLI.
    r.collapse = mode == Mode::Cli;
    r.snippets = mode != Mode::Facets;
    r.facets = true;
    r.facet_names = {"source", "actor", "year"};
  }
  return r;
}

// Reads back what a caller would use, so nothing is optimised away.
std::size_t consume(const pt::SearchResult& res) {
  std::size_t n = res.total_estimate;
  for (const auto& h : res.hits) n += h.id.size() + h.title.size() + h.snippet.text.size();
  for (const auto& f : res.facets) n += f.values.size();
  return n;
}

// Microseconds now, by the wall clock or by this thread's CPU time.
double now_us(bool cpu_time) {
  if (!cpu_time) return std::chrono::duration<double, std::micro>(Clock::now().time_since_epoch()).count();
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

nlohmann::json timed_mode(pt::Searcher& s, const std::vector<Query>& qs, Mode mode, int repeats, bool cpu_time,
                          std::size_t& sink, nlohmann::json* per_query) {
  std::vector<pt::SearchRequest> reqs;
  for (const auto& q : qs) reqs.push_back(request(q, mode));
  // The untimed pass: warms the page cache and the searcher's caches, and records what each query found.
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const auto res = s.search(reqs[i]);
    sink += consume(res);
    if (per_query) {
      nlohmann::json top = nlohmann::json::array();
      for (const auto& h : res.hits) top.push_back(h.id);
      per_query->push_back({{"qid", qs[i].qid}, {"class", qs[i].cls}, {"total", res.total_estimate},
                            {"exact", res.total_exact()}, {"top", top}});
    }
  }
  std::map<std::string, std::vector<double>> samples;
  for (int r = 0; r < repeats; ++r) {
    for (std::size_t i = 0; i < qs.size(); ++i) {
      const double t0 = now_us(cpu_time);
      const auto res = s.search(reqs[i]);
      sink += consume(res);
      samples[qs[i].cls].push_back(now_us(cpu_time) - t0);
    }
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto& [cls, v] : samples) out[cls] = v;
  return out;
}

double throughput(const std::string& index, const std::vector<Query>& qs, unsigned threads, double seconds) {
  std::vector<pt::SearchRequest> reqs;
  for (const auto& q : qs) reqs.push_back(request(q, Mode::Plain));
  std::vector<std::unique_ptr<pt::Searcher>> searchers;
  for (unsigned t = 0; t < threads; ++t) searchers.push_back(std::make_unique<pt::Searcher>(index));
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::string error;
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::size_t i = t * reqs.size() / threads, n = 0, sink = 0;
      try {
        while (Clock::now() < deadline) {
          sink += consume(searchers[t]->search(reqs[i]));
          ++n;
          i = (i + 1) % reqs.size();
        }
      } catch (const std::exception& e) {
        if (!failed.exchange(true)) error = e.what();
      }
      done += n;
      g_sink += sink;
    });
  }
  for (auto& th : pool) th.join();
  if (failed) fail("search failed during the throughput run: " + error);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(done) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, queries;
  int repeats = 10;
  double qps_seconds = 5;
  bool breakdown = false;
  bool cpu_time = false;
  bool no_throughput = false;
  std::vector<unsigned> thread_counts{1, 2};
  CLI::App app{"pt_query_bench: warm latency and throughput of a query set through the searcher, as JSON", "pt_query_bench"};
  app.add_option("--index", index, "Index to search")->required();
  app.add_option("--queries", queries, "Query set (bench/scale/make_queries.py)")->required();
  app.add_option("--repeats", repeats, "Timed runs of each query")->check(CLI::Range(1, 1000000))->default_val(repeats);
  app.add_option("--qps-seconds", qps_seconds, "Seconds of each throughput run")
      ->check(CLI::Range(0.1, 3600.0))
      ->default_val(qps_seconds);
  app.add_option("--threads", thread_counts, "Thread counts of the throughput runs")
      ->delimiter(',')
      ->check(CLI::Range(1u, 256u))
      ->default_str("1,2");
  app.add_flag("--breakdown", breakdown, "Also time facets alone and snippets alone");
  app.add_flag("--cpu-time", cpu_time, "Time by the thread's CPU clock instead of the wall clock");
  app.add_flag("--no-throughput", no_throughput, "Time latency only: no throughput runs");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    const auto qs = read_queries(queries);
    pt::Searcher searcher(index);
    std::size_t sink = 0;
    nlohmann::json per_query = nlohmann::json::array();
    nlohmann::json out;
    out["documents"] = searcher.stats().documents;
    out["clock"] = cpu_time ? "thread cpu" : "wall";
    out["warm"] = timed_mode(searcher, qs, Mode::Plain, repeats, cpu_time, sink, &per_query);
    out["warm_snippets_facets"] = timed_mode(searcher, qs, Mode::SnippetsFacets, repeats, cpu_time, sink, nullptr);
    out["warm_cli"] = timed_mode(searcher, qs, Mode::Cli, repeats, cpu_time, sink, nullptr);
    if (breakdown) {
      out["warm_facets"] = timed_mode(searcher, qs, Mode::Facets, repeats, cpu_time, sink, nullptr);
      out["warm_snippets"] = timed_mode(searcher, qs, Mode::Snippets, repeats, cpu_time, sink, nullptr);
    }
    out["queries"] = per_query;
    nlohmann::json qps = nlohmann::json::object();
    if (!no_throughput)
      for (auto t : thread_counts) qps[std::to_string(t)] = throughput(index, qs, t, qps_seconds);
    out["qps"] = qps;
    out["checksum"] = sink + g_sink.load();
    std::cout << out.dump() << "\n";
  } catch (const std::exception& e) {
    fail(e.what());
  }
  return 0;
}
