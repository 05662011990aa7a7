// ptsearch: ranked search of a ptsearch index from the command line.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "pt/cli.h"
#include "pt/paths.h"
#include "ptsearch/printers.h"
#include "ptsearch/searcher.h"

int main(int argc, char** argv) {
  CLI::App app{"ptsearch: ranked full-text search of a ptsearch news index", "ptsearch"};
  app.set_version_flag("--version", "ptsearch " PTSEARCH_VERSION);
  std::vector<std::string> words;
  std::string index;
  pt::SearchRequest req;
  bool json = false;
  std::string color = "auto";
  app.add_option("QUERY", words,
                 "Query: words, \"phrases\", AND/OR/NOT, +word/-word, title:word (put -- before a query that starts with -)")
      ->required();
  app.add_option("--index", index,
                 std::string("Index folder (default: $") + pt::kIndexEnvVar + ", else ./" + pt::kDefaultIndexDir + ")");
  app.add_option("-n,--limit", req.limit, "Number of hits to show")
      ->check(CLI::Range(std::size_t{0}, pt::SearchRequest::kMaxLimit))
      ->default_val(req.limit);
  app.add_option("--offset", req.offset, "Hits to skip (for the next page)")
      ->check(CLI::Range(std::size_t{0}, pt::SearchRequest::kMaxOffset))
      ->default_val(req.offset);
  app.add_flag("--all", req.match_all, "Require every word (default: ranked, any word)");
  app.add_flag("--json", json, "Print one JSON object (docs/output-schema.md)");
  app.add_option("--color", color, "Bold highlights: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val(color);
  app.footer("Exit status: 0 done (also with no matches), 1 error (e.g. no index), 2 bad usage or malformed query.");

  const auto hint = [&](const CLI::ParseError& e) -> std::string {
    // "-kabul" alone reads as an unknown option; say how to search for it.
    if (!dynamic_cast<const CLI::RequiredError*>(&e) && !dynamic_cast<const CLI::ExtrasError*>(&e)) return {};
    for (int i = 1; i < argc; ++i)
      if (argv[i][0] == '-' && argv[i][1] != '\0' && argv[i][1] != '-' && !app.get_option_no_throw(argv[i]))
        return " (a query that starts with - goes after --: ptsearch -- " + std::string(argv[i]) + " ...)";
    return {};
  };
  if (auto status = pt::cli::parse(app, argc, argv, hint)) return *status;

  for (const auto& w : words) req.query += (req.query.empty() ? "" : " ") + w;
  if (index.empty()) index = pt::default_index_path();
  return pt::cli::run("ptsearch", [&] {
    pt::Searcher searcher(index);
    const auto result = searcher.search(req);
    if (json) {
      std::cout << pt::render_json(result);
    } else {
      const bool bold = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
      std::cout << pt::render_text(result, pt::TextStyle{bold});
    }
    std::cout.flush();
    if (!std::cout) throw pt::IoError("cannot write the results");
    return 0;
  });
}
