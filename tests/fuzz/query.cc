// Fuzzes the query front end: query text plus filters and options, searched on a small index built once (searcher/src/query, match, server/api.cc).
//
// Input: the first line is the query text as typed (syntax, field:value filters); the lines after it
// are GET /search parameters ("source=...", "from=2019", "sort=newest", "facets=1", "like=ID" ...),
// decoded by the server's request_from_query_string. Only pt::Error (and the server's HttpError
// for a bad parameter, its documented 400) may come out.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "ptindex/builder.h"
#include "ptsearch/searcher.h"
#include "server/api.h"

namespace fs = std::filesystem;

namespace {

fs::path g_index_dir;
std::unique_ptr<pt::Searcher> g_searcher;

void remove_index() {
  g_searcher.reset();
  std::error_code ec;
  if (!g_index_dir.empty()) fs::remove_all(g_index_dir, ec);
}

class Quiet : public pt::indexer::BuildObserver {};

}  // namespace

// The sample corpus indexed into a temporary folder (removed at exit), as ptindex would.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string pattern = (fs::temp_directory_path() / "pt_fuzz_query_XXXXXX").string();
  if (!::mkdtemp(pattern.data())) std::abort();
  g_index_dir = pattern;
  std::atexit(remove_index);
  pt::indexer::BuildOptions options;
  options.corpus = PT_FUZZ_SAMPLE_CORPUS;
  options.index_path = (g_index_dir / "index").string();
  options.threads = 1;
  options.compact_fresh = false;
  Quiet quiet;
  const auto stats = pt::indexer::build_index(options, quiet);
  if (stats.added == 0) std::abort();
  g_searcher = std::make_unique<pt::Searcher>(options.index_path);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto nl = text.find('\n');
  std::string params;
  if (nl != std::string_view::npos)
    for (const auto line : fuzz::split(text.substr(nl + 1), '\n')) params.append(line).append("&");
  pt::SearchRequest req;
  try {
    req = pt::server::request_from_query_string(params);
  } catch (const pt::server::HttpError&) {
    return 0;  // a 400 before any search
  }
  req.query = std::string(text.substr(0, nl));
  req.time_limit_ms = 2000;  // as the server bounds every query
  fuzz::expect_pt_errors([&] {
    const auto result = g_searcher->search(req);
    for (const auto& hit : result.hits)
      for (const auto& h : hit.snippet.highlights)
        if (h.offset + h.length > hit.snippet.text.size()) __builtin_trap();  // highlights lie inside their snippet
  });
  return 0;
}
