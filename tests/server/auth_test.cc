// Access tokens end to end: which endpoints need one, the client sending it, and no open server beyond loopback.
#include <catch2/catch.hpp>

#include "server/auth.h"
#include "server_support.h"

using nlohmann::json;

namespace {

constexpr const char* kToken = "3f9a1c07d2b84e6aa5c1f0e9d7b2c4a1";

// A token file in `dir`.
std::string token_file(const cli::TempDir& dir, const std::string& token) {
  const auto path = dir / "token";
  cli::write_file(path, token + "\n");
  return path.string();
}

unsigned status_with(const srv::Server& server, const std::string& target, const std::string& token) {
  pt::client::Connection c(pt::client::parse_server_url(server.url()), token);
  return c.request("GET", target).status;
}

}  // namespace

TEST_CASE("with a token, the API needs it; /health and the page do not") {
  const cli::SampleIndex idx;
  cli::TempDir dir;
  srv::ServeOptions o;
  o.extra = {"--token-file", token_file(dir, kToken)};
  srv::Server server(idx.path, o);

  for (const std::string target : {"/search?q=taliban", "/doc/000_a188337ed794e192.txt", "/stats", "/metrics"}) {
    INFO(target);
    const auto r = server.get(target);  // no Authorization header
    CHECK(r.status == 401);
    CHECK(srv::body_json(r)["error"]["message"].get<std::string>().find("token") != std::string::npos);
    CHECK(status_with(server, target, "wrong-token-0123456789") == 401);
    CHECK(status_with(server, target, std::string(kToken) + "x") == 401);
    CHECK(status_with(server, target, kToken) == 200);
  }
  for (const std::string target : {"/health", "/", "/assets/app.js"}) {
    INFO(target);
    CHECK(server.get(target).status == 200);
  }

  // The command-line client sends $PTSEARCH_TOKEN or --token-file, and answers as locally.
  cli::RunOptions with_env;
  with_env.env = {{pt::server::kTokenEnvVar, std::string(kToken)}};
  const auto remote = cli::ptsearch({"--server", server.url(), "--json", "--", "taliban"}, with_env);
  REQUIRE(remote.status == 0);
  const auto local = cli::ptsearch({"--index", idx.path.string(), "--json", "--", "taliban"});
  CHECK(srv::without_elapsed(json::parse(remote.out)) == srv::without_elapsed(json::parse(local.out)));
  CHECK(cli::ptsearch({"--server", server.url(), "--token-file", token_file(dir, kToken), "taliban"}).status == 0);
  cli::RunOptions without;
  without.env = {{pt::server::kTokenEnvVar, std::nullopt}};
  const auto refused = cli::ptsearch({"--server", server.url(), "taliban"}, without);
  CHECK(refused.status == 1);
  CHECK(cli::is_one_line(refused.err, "ptsearch: "));
  CHECK(refused.err.find("token") != std::string::npos);
}

TEST_CASE("serve beyond loopback needs a valid token") {
  const cli::SampleIndex idx;
  cli::TempDir dir;
  cli::RunOptions no_env;
  no_env.env = {{pt::server::kTokenEnvVar, std::nullopt}};
  const auto serve = [&](std::vector<std::string> extra, const cli::RunOptions& run) {
    std::vector<std::string> argv = {"serve", "--index", idx.path.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return cli::ptsearch(argv, run);
  };
  const auto open = serve({"--listen", "0.0.0.0:0"}, no_env);
  CHECK(open.status == 1);
  CHECK(cli::is_one_line(open.err, "ptsearch serve: "));
  CHECK(open.err.find("token") != std::string::npos);
  const auto short_token = serve({"--listen", "0.0.0.0:0", "--token-file", token_file(dir, "abc")}, no_env);
  CHECK(short_token.status == 1);
  CHECK(short_token.err.find("too short") != std::string::npos);
  const auto missing = serve({"--listen", "0.0.0.0:0", "--token-file", (dir / "nope").string()}, no_env);
  CHECK(missing.status == 1);
  CHECK(missing.err.find((dir / "nope").string()) != std::string::npos);
  cli::RunOptions bad_env;
  bad_env.env = {{pt::server::kTokenEnvVar, std::string("has spaces in it, not a token")}};
  CHECK(serve({"--listen", "0.0.0.0:0"}, bad_env).status == 1);

  // With a token it serves on every address, and still asks for the token.
  srv::ServeOptions o;
  o.listen = "0.0.0.0:0";
  o.extra = {"--token-file", token_file(dir, kToken)};
  srv::Server server(idx.path, o);
  CHECK(server.get("/search?q=taliban").status == 401);
  CHECK(status_with(server, "/search?q=taliban", kToken) == 200);
  CHECK(server.stop().status == 0);
}
