// Micro-benchmark: ptsearch's ICU analysis and make_document against Xapian's TermGenerator on real news text.
//
// Text sets (loaded once at start-up, outside the timed loops):
//   sample   the articles of sample-corpus/*.txt, parsed as ptindex parses them (title = first line)
//   reuters  the first kReutersArticles articles with a body in the Reuters-21578 training split
//            (zstd-compressed JSONL, streamed through ZSTD_decompressStream); skipped if absent
// Cases, each run on every text set; one iteration is one pass over all articles of the set:
//   pt_tokenize           pt::Analyzer::tokenize of title and body
//   pt_tokenize_stem      the same plus pt::Analyzer::stem of every token (stem cache warmed first)
//   xapian_termgenerator  the peer: Xapian::TermGenerator (Stem("english"), STEM_SOME, positions)
//                         indexing title (unprefixed and "S") and body into a fresh Xapian::Document
//   pt_make_document      ptindex's full per-article work: stems with positions, S-title stems, zstd record
//   pt_encode_record      breakdown only: the zstd record alone (pt::encode_record), part of pt_make_document
//                         and not done by the peer
// The environment variable PT_BENCH_REUTERS overrides the compiled-in path of the Reuters file.
#include <benchmark/benchmark.h>
#include <xapian.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pt/analyzer.h"
#include "pt/record.h"
#include "pt/schema.h"
#include "ptindex/article.h"
#include "write/document.h"

#ifndef PT_BENCH_SAMPLE_CORPUS
#error "PT_BENCH_SAMPLE_CORPUS must name the sample-corpus directory (set by bench/CMakeLists.txt)"
#endif
#ifndef PT_BENCH_REUTERS
#error "PT_BENCH_REUTERS must name the Reuters-21578 JSONL.zst file (set by bench/CMakeLists.txt)"
#endif

namespace {

constexpr std::size_t kReutersArticles = 2000;
constexpr unsigned kTitleWeight = 3;  // ptindex's default BuildOptions::title_weight

struct TextSet {
  std::string name;
  std::vector<pt::Record> docs;
  std::size_t bytes = 0;  // title + body bytes of all articles: what one iteration processes
  std::string error;      // why the set is unavailable; empty when loaded
};

void add(TextSet& set, pt::Record record) {
  set.bytes += record.title.size() + record.body.size();
  set.docs.push_back(std::move(record));
}

TextSet load_sample(const std::filesystem::path& dir) {
  TextSet set;
  set.name = "sample";
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".txt") files.push_back(it->path());
  if (ec) {
    set.error = "sample: cannot list " + dir.string() + ": " + ec.message();
    return set;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      set.error = "sample: cannot read " + file.string();
      return set;
    }
    if (pt::indexer::content_problem(bytes)) continue;  // ptindex would skip it too
    const auto article = pt::indexer::parse_text_article(pt::indexer::normalize_text(bytes));
    const std::string id = file.filename().string();
    add(set, pt::Record{.id = id, .path = id, .title = article.title, .body = article.body, .fields = {}});
  }
  if (set.docs.empty()) set.error = "sample: no readable *.txt article in " + dir.string();
  return set;
}

// A string member of a JSON object, or "" when it is missing or not a string.
std::string text_of(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Streams the zstd-compressed JSONL and keeps the first `limit` articles that have a body.
TextSet load_reuters(const std::string& path, std::size_t limit) {
  TextSet set;
  set.name = "reuters";
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    set.error = "reuters: cannot open " + path + " (" + std::strerror(errno) + "); case skipped";
    return set;
  }
  const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  std::vector<char> in(ZSTD_DStreamInSize());
  std::vector<char> out(ZSTD_DStreamOutSize());
  std::string pending;  // decompressed bytes not yet split into lines
  std::size_t line_no = 0;
  auto take_line = [&](std::string_view line) {
    ++line_no;
    if (line.empty()) return;
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      set.error = "reuters: " + path + " line " + std::to_string(line_no) + " is not a JSON object";
      return;
    }
    std::string body = text_of(j, "body");
    if (body.empty()) return;
    std::string id = text_of(j, "newid");
    id = "reuters/" + (id.empty() ? std::to_string(line_no) : id);
    add(set, pt::Record{.id = id, .path = id, .title = text_of(j, "title"), .body = std::move(body), .fields = {}});
  };
  auto want_more = [&] { return set.error.empty() && set.docs.size() < limit; };
  std::size_t last = 0;  // ZSTD_decompressStream's last result: 0 when a frame ended cleanly
  bool read_any = false;
  while (want_more()) {
    const std::size_t got = std::fread(in.data(), 1, in.size(), file.get());
    if (got == 0) {
      if (std::ferror(file.get())) set.error = "reuters: read error on " + path;
      break;
    }
    read_any = true;
    ZSTD_inBuffer input{in.data(), got, 0};
    while (input.pos < input.size && want_more()) {
      ZSTD_outBuffer output{out.data(), out.size(), 0};
      last = ZSTD_decompressStream(dctx.get(), &output, &input);
      if (ZSTD_isError(last)) {
        set.error = "reuters: " + path + ": " + ZSTD_getErrorName(last);
        return set;
      }
      pending.append(out.data(), output.pos);
      std::size_t from = 0;
      for (std::size_t nl; want_more() && (nl = pending.find('\n', from)) != std::string::npos; from = nl + 1)
        take_line(std::string_view(pending).substr(from, nl - from));
      pending.erase(0, from);
    }
  }
  if (want_more() && read_any) {
    if (last != 0) set.error = "reuters: " + path + " is truncated (incomplete zstd frame)";
    else if (!pending.empty()) take_line(pending);  // last line without a newline
  }
  if (set.error.empty() && set.docs.empty()) set.error = "reuters: no article with a body in " + path;
  return set;
}

// Bytes and documents of the completed iterations, plus a label with the size of the set.
void report(benchmark::State& state, const TextSet& set) {
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(set.bytes));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(set.docs.size()));
  state.SetLabel(std::to_string(set.docs.size()) + " docs, " + std::to_string(set.bytes / 1024) + " KiB");
}

bool usable(benchmark::State& state, const TextSet& set) {
  if (set.error.empty()) return true;
  state.SkipWithError(set.error.c_str());
  return false;
}

// Fills the analyzer's stem cache as a long indexing run would have.
void warm_stems(const pt::Analyzer& analyzer, const TextSet& set) {
  for (const auto& record : set.docs)
    for (const auto* text : {&record.title, &record.body})
      for (const auto& token : analyzer.tokenize(*text)) benchmark::DoNotOptimize(analyzer.stem(token.term));
}

void pt_tokenize(benchmark::State& state, const TextSet& set) {
  if (!usable(state, set)) return;
  const pt::Analyzer analyzer;
  for (auto _ : state) {
    for (const auto& record : set.docs) {
      auto title = analyzer.tokenize(record.title);
      auto body = analyzer.tokenize(record.body);
      benchmark::DoNotOptimize(title);
      benchmark::DoNotOptimize(body);
    }
  }
  report(state, set);
}

void pt_tokenize_stem(benchmark::State& state, const TextSet& set) {
  if (!usable(state, set)) return;
  const pt::Analyzer analyzer;
  warm_stems(analyzer, set);
  for (auto _ : state) {
    for (const auto& record : set.docs) {
      for (const auto* text : {&record.title, &record.body}) {
        auto tokens = analyzer.tokenize(*text);
        for (const auto& token : tokens) benchmark::DoNotOptimize(analyzer.stem(token.term));
        benchmark::DoNotOptimize(tokens);
      }
    }
  }
  report(state, set);
}

// What Omega's omindex does with a title and a body, minus the stored data.
void xapian_termgenerator(benchmark::State& state, const TextSet& set) {
  if (!usable(state, set)) return;
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (auto _ : state) {
    for (const auto& record : set.docs) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(record.title, kTitleWeight);
      generator.index_text(record.title, 1, std::string(pt::schema::kTitlePrefix));
      generator.increase_termpos(pt::schema::kTitleBodyGap);
      generator.index_text(record.body);
      benchmark::DoNotOptimize(doc);
    }
  }
  report(state, set);
}

void pt_make_document(benchmark::State& state, const TextSet& set) {
  if (!usable(state, set)) return;
  const pt::Analyzer analyzer;
  warm_stems(analyzer, set);
  pt::indexer::TermCounts counts;
  for (auto _ : state) {
    for (const auto& record : set.docs) {
      auto doc = pt::indexer::make_document(record, analyzer, kTitleWeight, counts);
      benchmark::DoNotOptimize(doc);
    }
  }
  report(state, set);
}

void pt_encode_record(benchmark::State& state, const TextSet& set) {
  if (!usable(state, set)) return;
  for (auto _ : state) {
    for (const auto& record : set.docs) {
      auto blob = pt::encode_record(record);
      benchmark::DoNotOptimize(blob);
    }
  }
  report(state, set);
}

}  // namespace

int main(int argc, char** argv) {
  // Loaded before any timing; a missing set makes its cases report an error instead of figures.
  const char* reuters = std::getenv("PT_BENCH_REUTERS");
  static const TextSet sets[] = {load_sample(PT_BENCH_SAMPLE_CORPUS),
                                 load_reuters(reuters && *reuters ? reuters : PT_BENCH_REUTERS, kReutersArticles)};
  using Case = void (*)(benchmark::State&, const TextSet&);
  const std::pair<const char*, Case> cases[] = {{"pt_tokenize", &pt_tokenize},
                                                {"pt_tokenize_stem", &pt_tokenize_stem},
                                                {"xapian_termgenerator", &xapian_termgenerator},
                                                {"pt_make_document", &pt_make_document},
                                                {"pt_encode_record", &pt_encode_record}};
  for (const auto& set : sets)
    for (const auto& [name, fn] : cases)
      benchmark::RegisterBenchmark((std::string(name) + "/" + set.name).c_str(), fn, std::cref(set))
          ->Unit(benchmark::kMillisecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (const auto& set : sets)
    if (!set.error.empty()) std::fprintf(stderr, "note: %s\n", set.error.c_str());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
