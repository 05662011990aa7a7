// ptsearch --server URL prints what local mode prints (text and JSON) and exits with the same statuses.
#include <catch2/catch.hpp>

#include "server_support.h"

using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("client mode prints the same text and JSON as local mode, over TCP and a Unix socket") {
  cli::SampleIndex idx;
  srv::Server server(idx.path, srv::tcp_and_socket());
  const std::vector<std::vector<std::string>> cases = {
      {"--", "taliban"},
      {"-n", "2", "--offset", "1", "--", "Camp David ceasefire"},
      {"--facets", "--facet-size", "3", "--", "peace"},
      {"--all", "--sort", "oldest", "--", "taliban talks"},
      {"--source", "global-research", "--actor", "Trump", "--", ""},
      {"--year", "2019", "--no-collapse", "--sort", "date", "--", ""},
      {"--like", "001_da17fc448e34686d.txt", "-n", "3"},
      {"--facets"},
      {"--", "serve"},  // a query that is the subcommand's name, after --
      {"--", "Khalilzhad Talibn"},  // "did you mean" crosses too
      {"--keep-stop-words", "--no-compounds", "--proximity", "0.25", "--expand", "10", "--", "the cease fire in Doha"},
      {"--no-name-variants", "--", "taliban"},
      {"--doc", "002_9c83e067df388347.txt"},
  };
  for (const auto& url : {server.url(), server.unix_url()}) {
    for (const auto& args : cases) {
      for (const bool as_json : {false, true}) {
        std::vector<std::string> local_argv = {"--index", idx.path.string(), "--color", "never"};
        std::vector<std::string> remote_argv = {"--server", url, "--color", "never"};
        if (as_json) local_argv.push_back("--json"), remote_argv.push_back("--json");
        local_argv.insert(local_argv.end(), args.begin(), args.end());
        remote_argv.insert(remote_argv.end(), args.begin(), args.end());
        const auto local = cli::ptsearch(local_argv);
        const auto remote = cli::ptsearch(remote_argv);
        INFO(url << " " << args.back() << (as_json ? " --json" : "") << "\n" << remote.err);
        REQUIRE(local.status == 0);
        REQUIRE(remote.status == 0);
        CHECK(remote.err.empty());
        if (as_json) CHECK(srv::without_elapsed(json::parse(remote.out)) == srv::without_elapsed(json::parse(local.out)));
        else CHECK(srv::without_time(remote.out) == srv::without_time(local.out));
      }
    }
  }
}

TEST_CASE("client mode: server errors become the local exit statuses with one stderr line") {
  cli::SampleIndex idx;
  srv::Server server(idx.path);
  const auto check = [&](const std::vector<std::string>& args, int status, const std::string& words) {
    std::vector<std::string> local_argv = {"--index", idx.path.string()}, remote_argv = {"--server", server.url()};
    local_argv.insert(local_argv.end(), args.begin(), args.end());
    remote_argv.insert(remote_argv.end(), args.begin(), args.end());
    const auto local = cli::ptsearch(local_argv);
    const auto remote = cli::ptsearch(remote_argv);
    INFO(remote.err);
    CHECK(local.status == status);
    CHECK(remote.status == status);
    CHECK(cli::is_one_line(remote.err, "ptsearch: "));
    CHECK(remote.err.find(words) != std::string::npos);
    CHECK(remote.out.empty());
  };
  check({"--", "\"unbalanced"}, 2, "quote");
  check({"--from", "2019-02-30", "--", "x"}, 2, "2019-02-30");
  check({"--doc", "no-such.txt"}, 1, "no-such.txt");
  check({"--like", "no-such.txt"}, 1, "no-such.txt");

  const auto down = cli::ptsearch({"--server", "http://127.0.0.1:1", "x"});
  CHECK(down.status == 1);
  CHECK(cli::is_one_line(down.err, "ptsearch: cannot connect to http://127.0.0.1:1"));
  const auto bad_url = cli::ptsearch({"--server", "ftp://example.org", "x"});
  CHECK(bad_url.status == 1);
  CHECK(cli::is_one_line(bad_url.err, "ptsearch: "));
}
