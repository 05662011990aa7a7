// ptsearch: ranked, filtered and faceted search of a ptsearch index from the command line.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "client/client.h"
#include "pt/cli.h"
#include "pt/paths.h"
#include "ptsearch/printers.h"
#include "ptsearch/searcher.h"
#include "server/auth.h"
#include "server/server.h"

namespace {

// `ptsearch serve ...`: the HTTP server (docs/http-api.md). Only as the first argument, so that
// every other command line keeps meaning what it meant ("ptsearch -- serve" searches for "serve").
int serve_main(int argc, char** argv) {
  CLI::App app{"ptsearch serve: answer searches over HTTP/1.1 with JSON (docs/http-api.md)", "ptsearch serve"};
  app.set_version_flag("--version", "ptsearch " PTSEARCH_VERSION);
  pt::server::Options o;
  std::string listen = "127.0.0.1:8080";
  app.add_option("--index", o.index,
                 std::string("Index folder (default: $") + pt::kIndexEnvVar + ", else ./" + pt::kDefaultIndexDir + ")");
  auto* listen_opt = app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port; the address is printed)")
                         ->default_val(listen);
  app.add_option("--socket", o.socket_path,
                 "Listen on this Unix socket (instead of TCP, unless --listen is given too); a stale socket file is replaced");
  app.add_option("--threads", o.threads, "Worker threads, each with its own index handle")
      ->check(CLI::Range(1u, 256u))
      ->default_val(o.threads);
  app.add_option("--queue", o.queue_size, "Requests that may wait for a worker; more get 503")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->default_val(o.queue_size);
  app.add_option("--max-body", o.max_body_bytes, "Largest request body in bytes; larger: 413")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->default_val(o.max_body_bytes);
  app.add_option("--query-time-limit", o.query_time_limit_ms,
                 "Milliseconds a search may match for before it answers with what it has (0: no limit)")
      ->check(CLI::Range(0.0, 3600000.0))
      ->default_val(o.query_time_limit_ms);
  app.add_option("--idle-timeout", o.idle_timeout_s,
                 "Seconds a connection may stay idle, or take to send its request or read its answer, before it is closed")
      ->check(CLI::Range(0.001, 86400.0))
      ->default_val(o.idle_timeout_s);
  app.add_option("--max-connections", o.max_connections, "Open connections at most; more are answered 503 and closed")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->default_val(o.max_connections);
  std::string token_file;
  app.add_option("--token-file", token_file,
                 std::string("Require \"Authorization: Bearer TOKEN\" (except for /health and the page), TOKEN the first line "
                             "of this file (default: $") + pt::server::kTokenEnvVar + "); needed to listen beyond loopback");
  app.footer("Stops on SIGINT or SIGTERM after answering the requests in flight (exit 0). Exit status 1: the index\n"
             "cannot be opened or the address cannot be bound; 2: bad usage.");
  if (auto status = pt::cli::parse(app, argc, argv)) return *status;
  o.tcp = o.socket_path.empty() || listen_opt->count() > 0;
  if (o.tcp) {
    const auto colon = listen.rfind(':');
    std::string host = colon == std::string::npos ? std::string() : listen.substr(0, colon);
    const std::string port = colon == std::string::npos ? std::string() : listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned long p = 0;
    if (host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        (p = std::stoul(port)) > 65535) {
      std::cerr << "ptsearch serve: --listen " << listen << ": expected HOST:PORT, e.g. 127.0.0.1:8080\n";
      return pt::cli::kExitUsage;
    }
    o.host = host;
    o.port = static_cast<unsigned short>(p);
  }
  if (o.index.empty()) o.index = pt::default_index_path();
  return pt::cli::run("ptsearch serve", [&] {
    try {
      o.token = pt::server::load_bearer_token(token_file);
      return pt::server::serve(o, std::cout);
    } catch (const pt::ConfigError& e) {
      throw pt::Error(e.what());
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "serve") return serve_main(argc - 1, argv + 1);
  CLI::App app{"ptsearch: ranked, filtered and faceted full-text search of a ptsearch news index", "ptsearch"};
  app.set_version_flag("--version", "ptsearch " PTSEARCH_VERSION);
  std::vector<std::string> words;
  std::string index, doc_id, sort;
  pt::SearchRequest req;
  auto& f = req.filters;
  bool json = false, no_collapse = false;
  std::string color = "auto";
  auto* query_opt = app.add_option(
      "QUERY", words,
      "Words, \"phrases\", AND/OR/NOT, +word/-word, title:word, and filters source:\"...\" actor:... author:... "
      "date:FROM..TO year:YYYY month:YYYY-MM; \"\" browses everything (put -- before a query that starts with -)");
  app.add_option("--index", index,
                 std::string("Index folder (default: $") + pt::kIndexEnvVar + ", else ./" + pt::kDefaultIndexDir + ")");
  app.add_option("-n,--limit", req.limit, "Number of hits to show")
      ->check(CLI::Range(std::size_t{0}, pt::SearchRequest::kMaxLimit))
      ->default_val(req.limit);
  app.add_option("--offset", req.offset, "Hits to skip (for the next page)")
      ->check(CLI::Range(std::size_t{0}, pt::SearchRequest::kMaxOffset))
      ->default_val(req.offset);
  app.add_flag("--all", req.match_all, "Require every word (default: ranked, any word)");
  app.add_option("--source", f.sources, "Only this outlet (name or slug; repeat for any of several)")
      ->allow_extra_args(false);
  app.add_option("--actor", f.actors, "Only articles about this person, organisation or country (any alias)")
      ->allow_extra_args(false);
  app.add_option("--author", f.authors, "Only articles by this author (name or surname)")
      ->allow_extra_args(false);
  app.add_option("--from", f.from, "Published on or after YYYY[-MM[-DD]]");
  app.add_option("--to", f.to, "Published on or before YYYY[-MM[-DD]]");
  app.add_option("--year", f.years, "Only this year (the year facet's values)")
      ->allow_extra_args(false);
  app.add_option("--month", f.months, "Only this month, YYYY-MM (the month facet's values)")
      ->allow_extra_args(false);
  app.add_option("--sort", sort, "relevance, newest or oldest (default: relevance; newest for an empty query)")
      ->check(CLI::IsMember({"relevance", "newest", "oldest", "date"}));
  app.add_flag("--facets", req.facets, "Count sources, actors, years and months over all matches");
  app.add_option("--facet-size", req.facet_limit, "Values shown per source/actor facet")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
      ->default_val(req.facet_limit);
  app.add_flag("--no-collapse", no_collapse, "Show every copy of a story published by several outlets");
  std::vector<std::string> facet_names;
  app.add_option("--facet", facet_names, "Count only this facet (source, actor, year, month; repeatable; implies --facets)")
      ->allow_extra_args(false);
  bool no_snippets = false;
  app.add_flag("--no-snippets", no_snippets, "Hits without snippets (id, title and metadata only)");
  app.add_option("--like", req.like, "Articles like the document with this id (more like this)");
  bool keep_stop_words = false;
  app.add_flag("--keep-stop-words", keep_stop_words,
               "Rank by common words too (\"the\", \"of\", \"which\"; left out by default in English indexes)");
  bool no_compounds = false;
  app.add_flag("--no-compounds", no_compounds,
               "Match words as written only (by default \"cease fire\" also finds \"ceasefire\" and the other way round)");
  bool no_name_variants = false;
  app.add_flag("--no-name-variants", no_name_variants,
               "Match names as written only (by default \"bcl2\" also finds \"Bcl-2\", \"tet\" \"Tet1\")");
  app.add_option("--proximity", req.proximity,
                 "Weight, 0 to 10, of query words occurring close together, among the top 100 matches (default 0.1; 0: off)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--expand", req.expand_terms,
                 "Pseudo-relevance feedback: add this many telling words of the top matches to the query (e.g. 20)")
      ->check(CLI::Range(0u, 100u));
  auto* doc_opt = app.add_option("--doc", doc_id, "Print one document's metadata and where each field came from");
  doc_opt->excludes(query_opt);
  app.add_flag("--json", json, "Print one JSON object (docs/output-schema.md)");
  std::string server_url;
  app.add_option("--server", server_url,
                 "Ask a running `ptsearch serve` instead of opening an index: http://HOST:PORT or unix:PATH");
  std::string token_file;
  app.add_option("--token-file", token_file,
                 std::string("With --server: send the access token on the first line of this file (default: $") +
                     pt::server::kTokenEnvVar + ")");
  app.add_option("--color", color, "Bold highlights: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val(color);
  app.footer("Exit status: 0 done (also with no matches), 1 error (e.g. no index, unknown --doc id), 2 bad usage,\n"
             "a malformed query or an impossible date.\n"
             "`ptsearch serve --help`: the HTTP server (docs/http-api.md).");

  const auto hint = [&](const CLI::ParseError& e) -> std::string {
    // "-kabul" alone reads as an unknown option; say how to search for it.
    if (!dynamic_cast<const CLI::RequiredError*>(&e) && !dynamic_cast<const CLI::ExtrasError*>(&e)) return {};
    for (int i = 1; i < argc; ++i)
      if (argv[i][0] == '-' && argv[i][1] != '\0' && argv[i][1] != '-' && !app.get_option_no_throw(argv[i]))
        return " (a query that starts with - goes after --: ptsearch -- " + std::string(argv[i]) + " ...)";
    return {};
  };
  if (auto status = pt::cli::parse(app, argc, argv, hint)) return *status;
  if (query_opt->count() == 0 && doc_id.empty() && f.empty() && !req.facets && req.like.empty()) {
    std::cerr << "ptsearch: QUERY is required (\"\" browses everything; see ptsearch --help)\n";
    return pt::cli::kExitUsage;
  }

  for (const auto& w : words) req.query += (req.query.empty() ? "" : " ") + w;
  if (sort == "relevance") req.sort = pt::SortOrder::Relevance;
  else if (sort == "newest" || sort == "date") req.sort = pt::SortOrder::Newest;
  else if (sort == "oldest") req.sort = pt::SortOrder::Oldest;
  req.collapse = !no_collapse;
  req.facet_names = facet_names;
  if (!facet_names.empty()) req.facets = true;
  req.snippets = !no_snippets;
  req.stop_words = !keep_stop_words;
  req.compounds = !no_compounds;
  req.name_variants = !no_name_variants;
  if (index.empty()) index = pt::default_index_path();
  const bool bold = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  if (!server_url.empty()) {
    return pt::cli::run("ptsearch", [&] {
      pt::client::Connection conn(pt::client::parse_server_url(server_url), pt::server::load_bearer_token(token_file));
      const auto res = conn.request("GET", doc_id.empty() ? pt::client::search_target(req) : pt::client::doc_target(doc_id));
      if (res.status != 200) {
        // The same exit statuses as local mode: a bad request is bad usage, anything else an error.
        std::cerr << "ptsearch: " << pt::client::error_message(res) << "\n";
        return res.status == 400 ? pt::cli::kExitUsage : pt::cli::kExitError;
      }
      if (json) std::cout << res.body;
      else if (!doc_id.empty()) std::cout << pt::render_text(pt::client::document_from_json(res.body), pt::TextStyle{bold});
      else std::cout << pt::render_text(pt::client::result_from_json(res.body), pt::TextStyle{bold});
      std::cout.flush();
      if (!std::cout) throw pt::IoError("cannot write the results");
      return 0;
    });
  }
  return pt::cli::run("ptsearch", [&] {
    pt::Searcher searcher(index);
    if (!doc_id.empty()) {
      const auto doc = searcher.document(doc_id);
      std::cout << (json ? pt::render_json(doc) : pt::render_text(doc, pt::TextStyle{bold}));
    } else {
      const auto result = searcher.search(req);
      std::cout << (json ? pt::render_json(result) : pt::render_text(result, pt::TextStyle{bold}));
    }
    std::cout.flush();
    if (!std::cout) throw pt::IoError("cannot write the results");
    return 0;
  });
}
