// bench/peers/xapian-scriptindex/xapian_query.cc: warm latency and throughput of the query set on an omindex or scriptindex Xapian database (compiled at run time by both Xapian peer harnesses).
//
// Usage: xapian_query omindex|scriptindex DB QUERIES.tsv REPEATS QPS_SECONDS
// Prints one JSON object on stdout: {"docs", "samples": {class: [us...]}, "qps": {"1", "2"}, "results": [...]}.
// One execution = parse the text with Xapian::QueryParser, run the match (top 10, BM25), read each hit's
// document data back to get its id and title, and for "faceted" count the matches per source.
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

enum class Layout { Omindex, Scriptindex };

// ptsearch counts exactly up to 1000 matches (its kCheckAtLeast), and every match when it counts facets.
constexpr Xapian::doccount kCheckAtLeast = 1000;
constexpr Xapian::valueno kScriptSourceSlot = 1;  // the index script's "source : value=1"

struct Query {
  std::string qid, cls, text, source, year;  // source is already the slug the index holds
};

struct Hit {
  std::string id, title;
};

struct Result {
  Xapian::doccount matches = 0;
  std::vector<Hit> hits;
  std::vector<std::pair<std::string, Xapian::doccount>> facets;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "xapian_query: " << message << "\n";
  std::exit(1);
}

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) die("cannot read " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() != 5) die("bad query line (want 5 tab-separated columns): " + line);
    out.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return out;
}

// Omega's document data is "name=value" lines; the value of the first line named `name`.
std::string data_field(const std::string& data, const std::string& name) {
  const std::string key = name + "=";
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t end = std::min(data.find('\n', pos), data.size());
    if (data.compare(pos, key.size(), key) == 0) return data.substr(pos + key.size(), end - pos - key.size());
    pos = end + 1;
  }
  return {};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The harness names each omindex file by its percent-encoded id: url "/<source>/<id>.html" -> id.
std::string id_from_url(const std::string& url) {
  std::size_t slash = url.rfind('/');
  std::string leaf = url.substr(slash == std::string::npos ? 0 : slash + 1);
  if (leaf.size() > 5 && leaf.compare(leaf.size() - 5, 5, ".html") == 0) leaf.resize(leaf.size() - 5);
  std::string id;
  for (std::size_t i = 0; i < leaf.size(); ++i) {
    if (leaf[i] == '%' && i + 2 < leaf.size() && hex_digit(leaf[i + 1]) >= 0 && hex_digit(leaf[i + 2]) >= 0) {
      id += static_cast<char>(hex_digit(leaf[i + 1]) * 16 + hex_digit(leaf[i + 2]));
      i += 2;
    } else {
      id += leaf[i];
    }
  }
  return id;
}

// omindex keeps the source only as the folder in the path (the "P/<folder>" terms and the url in the
// document data), never in a value slot, so its facet reads each match's document data: that is what
// omindex's index allows (reading the term list for the P term instead was 10 times slower).
class FolderSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    const std::string url = data_field(doc.get_data(), "url");  // "/<folder>/<file>.html"
    const std::size_t end = url.find('/', 1);
    if (end != std::string::npos) ++counts_[url.substr(1, end - 1)];
  }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  std::map<std::string, Xapian::doccount> counts_;
};

std::vector<std::pair<std::string, Xapian::doccount>> top_facets(std::vector<std::pair<std::string, Xapian::doccount>> all) {
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (all.size() > 10) all.resize(10);
  return all;
}

// One searcher per thread: its own Database, as a multi-threaded Xapian server would have.
class Searcher {
 public:
  Searcher(Layout layout, const std::string& path) : layout_(layout), db_(path), stem_("english") {
    parser_.set_database(db_);
    parser_.set_stemmer(stem_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
    // The prefixes Omega defines for text fields; the query set uses none, as a user could.
    parser_.add_prefix("title", "S");
    if (layout_ == Layout::Omindex) {
      // omindex indexes the title only with prefix S (wdf 5), never unprefixed: a query's words must look
      // in both, as ptsearch's do (its title words are in the unprefixed stream too).
      parser_.add_prefix("", "");
      parser_.add_prefix("", "S");
      parser_.add_boolean_prefix("site", "P");
      parser_.add_boolean_prefix("year", "Y");
    } else {
      parser_.add_boolean_prefix("source", "XS");
      parser_.add_boolean_prefix("year", "Y");
    }
  }

  Xapian::doccount docs() const { return db_.get_doccount(); }

  Result run(const Query& q) {
    const bool phrase = q.cls == "phrase";
    Xapian::Query query = parser_.parse_query(phrase ? "\"" + q.text + "\"" : q.text, Xapian::QueryParser::FLAG_DEFAULT);
    if (q.cls == "filtered") {
      std::vector<Xapian::Query> filters;
      if (!q.source.empty()) filters.emplace_back((layout_ == Layout::Omindex ? "P/" : "XS") + q.source);
      if (!q.year.empty()) filters.emplace_back("Y" + q.year);
      if (!filters.empty())
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    const bool faceted = q.cls == "faceted";
    Xapian::ValueCountMatchSpy slot_spy(kScriptSourceSlot);
    FolderSpy folder_spy;
    if (faceted) {
      if (layout_ == Layout::Omindex)
        enquire.add_matchspy(&folder_spy);
      else
        enquire.add_matchspy(&slot_spy);
    }
    // Facet counts are exact only if the match sees every document, as in ptsearch.
    const Xapian::doccount check = faceted ? std::max(db_.get_doccount(), kCheckAtLeast) : kCheckAtLeast;
    const Xapian::MSet mset = enquire.get_mset(0, 10, check);
    Result r;
    r.matches = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      if (layout_ == Layout::Omindex)
        r.hits.push_back({id_from_url(data_field(data, "url")), data_field(data, "caption")});
      else
        r.hits.push_back({data_field(data, "id"), data_field(data, "title")});
    }
    if (faceted) {
      std::vector<std::pair<std::string, Xapian::doccount>> all;
      if (layout_ == Layout::Omindex) {
        all.assign(folder_spy.counts().begin(), folder_spy.counts().end());
      } else {
        for (auto it = slot_spy.top_values_begin(10); it != slot_spy.top_values_end(10); ++it) all.emplace_back(*it, it.get_termfreq());
      }
      r.facets = top_facets(std::move(all));
    }
    return r;
  }

 private:
  Layout layout_;
  Xapian::Database db_;
  Xapian::Stem stem_;
  Xapian::QueryParser parser_;
};

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Completed queries per second over `seconds` with `threads` threads, each with its own Searcher.
double throughput(Layout layout, const std::string& db, const std::vector<Query>& queries, int threads, double seconds) {
  std::vector<std::unique_ptr<Searcher>> searchers;
  for (int t = 0; t < threads; ++t) searchers.push_back(std::make_unique<Searcher>(layout, db));
  std::atomic<long> done{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      long n = 0;
      // Threads start at different places in the query set so they do not run the same query in step.
      std::size_t i = queries.size() * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
      while (Clock::now() < deadline) {
        searchers[t]->run(queries[i]);
        ++n;
        if (++i == queries.size()) i = 0;
      }
      done += n;
    });
  }
  for (auto& th : pool) th.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(done.load()) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) die("usage: xapian_query omindex|scriptindex DB QUERIES.tsv REPEATS QPS_SECONDS");
  const std::string mode = argv[1];
  if (mode != "omindex" && mode != "scriptindex") die("layout must be omindex or scriptindex, not " + mode);
  const Layout layout = mode == "omindex" ? Layout::Omindex : Layout::Scriptindex;
  const std::string db = argv[2];
  const std::vector<Query> queries = read_queries(argv[3]);
  const int repeats = std::atoi(argv[4]);
  const double qps_seconds = std::atof(argv[5]);
  if (queries.empty()) die("no queries");
  try {
    Searcher searcher(layout, db);
    // The untimed pass warms the caches; its results are the ones reported for checking.
    std::vector<Result> results;
    for (const auto& q : queries) results.push_back(searcher.run(q));
    std::map<std::string, std::vector<double>> samples;
    for (int r = 0; r < repeats; ++r) {
      for (const auto& q : queries) {
        const auto t0 = Clock::now();
        searcher.run(q);
        const auto t1 = Clock::now();
        samples[q.cls].push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
    }
    const double qps1 = throughput(layout, db, queries, 1, qps_seconds);
    const double qps2 = throughput(layout, db, queries, 2, qps_seconds);

    std::ostringstream out;
    out << "{\"docs\": " << searcher.docs() << ", \"samples\": {";
    bool first = true;
    for (const auto& [cls, vs] : samples) {
      out << (first ? "" : ", ") << json_string(cls) << ": [";
      for (std::size_t i = 0; i < vs.size(); ++i) out << (i ? "," : "") << vs[i];
      out << "]";
      first = false;
    }
    out << "}, \"qps\": {\"1\": " << qps1 << ", \"2\": " << qps2 << "}, \"results\": [";
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const Result& r = results[i];
      out << (i ? ",\n" : "\n") << "{\"qid\": " << json_string(queries[i].qid) << ", \"matches\": " << r.matches << ", \"hits\": [";
      for (std::size_t h = 0; h < r.hits.size(); ++h)
        out << (h ? ", " : "") << "[" << json_string(r.hits[h].id) << ", " << json_string(r.hits[h].title) << "]";
      out << "], \"facets\": [";
      for (std::size_t f = 0; f < r.facets.size(); ++f)
        out << (f ? ", " : "") << "[" << json_string(r.facets[f].first) << ", " << r.facets[f].second << "]";
      out << "]}";
    }
    out << "]}\n";
    std::cout << out.str();
  } catch (const Xapian::Error& e) {
    die(e.get_description());
  }
  return 0;
}
