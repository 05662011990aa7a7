// Every endpoint of ptsearch serve over TCP and a Unix socket, and the statuses of bad requests (400/404/405/413).
#include <signal.h>

#include <catch2/catch.hpp>

#include "pt/schema.h"
#include "server_support.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// sample-corpus plus an article in a sub-folder, whose id "sub/extra article.txt" needs encoding in a URL.
struct Corpus {
  Corpus() {
    cli::copy_sample_corpus(dir / "corpus");
    fs::create_directories(dir / "corpus" / "sub");
    cli::write_file(dir / "corpus" / "sub" / "extra article.txt",
                    "Quokka census on Rottnest\n\nVolunteers counted the quokka population on Rottnest Island again this "
                    "spring, and the quokka numbers were stable.\n");
    const auto r = cli::ptindex({"build", (dir / "corpus").string(), "--index", index.string(), "-q"});
    if (r.status != 0) throw std::runtime_error("ptindex: " + r.err);
  }
  cli::TempDir dir;
  fs::path index = dir / "idx";
};

void check_error(const pt::client::Response& r, unsigned status, const std::string& words) {
  INFO(r.body);
  CHECK(r.status == status);
  const json j = srv::body_json(r);
  REQUIRE(j.contains("error"));
  CHECK(j["error"]["status"] == status);
  CHECK(j["error"]["message"].get<std::string>().find(words) != std::string::npos);
}

}  // namespace

TEST_CASE("GET /search answers exactly what ptsearch --json prints") {
  Corpus c;
  srv::Server server(c.index);
  for (const auto& [target, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"/search?q=taliban&limit=3", {"-n", "3", "--", "taliban"}},
           {"/search?q=Camp+David&all=1&facets=1&facet_size=2", {"--all", "--facets", "--facet-size", "2", "--", "Camp David"}},
           {"/search?q=&sort=oldest&offset=1&limit=2", {"--sort", "oldest", "--offset", "1", "-n", "2", "--", ""}},
           {"/search?q=taliban&source=global-research&year=2019", {"--source", "global-research", "--year", "2019", "--", "taliban"}},
           {"/search?actor=Trump&actor=Taliban&collapse=0", {"--actor", "Trump", "--actor", "Taliban", "--no-collapse"}},
           {"/search?q=talks&from=2019-01&to=2019-12&sort=newest", {"--from", "2019-01", "--to", "2019-12", "--sort", "newest", "--", "talks"}},
           {"/search?like=000_a188337ed794e192.txt&limit=2", {"--like", "000_a188337ed794e192.txt", "-n", "2"}},
           {"/search?q=Khalilzhad+Talibn", {"--", "Khalilzhad Talibn"}},
           {"/search?q=cease+fire&compounds=0", {"--no-compounds", "--", "cease fire"}},
           {"/search?q=taliban&variants=0", {"--no-name-variants", "--", "taliban"}},
           {"/search?q=the+talks+in+Doha&stopwords=0&proximity=0.5&expand=5",
            {"--keep-stop-words", "--proximity", "0.5", "--expand", "5", "--", "the talks in Doha"}},
       }) {
    INFO(target);
    const auto r = server.get(target);
    REQUIRE(r.status == 200);
    std::vector<std::string> argv = {"--index", c.index.string(), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto local = cli::ptsearch(argv);
    REQUIRE(local.status == 0);
    CHECK(srv::without_elapsed(srv::body_json(r)) == srv::without_elapsed(json::parse(local.out)));
  }
  // A missing q browses, newest first, like an empty one.
  const json browse = srv::body_json(server.get("/search"));
  CHECK(browse["total"]["estimate"] == 6);
  CHECK(browse["sort"] == "newest");
}

TEST_CASE("POST /search takes the same request as a JSON body") {
  Corpus c;
  srv::Server server(c.index);
  const json get = srv::body_json(server.get("/search?q=taliban&source=global-research&facets=1&limit=2&sort=newest&collapse=0"));
  const auto r = server.post("/search", R"({"q":"taliban","sources":["global-research"],"facets":true,"limit":2,
                                           "sort":"newest","collapse":false,"actors":[],"like":null})");
  REQUIRE(r.status == 200);
  CHECK(srv::without_elapsed(srv::body_json(r)) == srv::without_elapsed(get));
  const json ranked = srv::body_json(server.get("/search?q=the+talks+in+Doha&stopwords=0&variants=0&proximity=0.5&expand=5"));
  const auto same = server.post("/search", R"({"q":"the talks in Doha","stop_words":false,"name_variants":false,"proximity":0.5,"expand":5})");
  REQUIRE(same.status == 200);
  CHECK(srv::without_elapsed(srv::body_json(same)) == srv::without_elapsed(ranked));
  const json all = srv::body_json(server.post("/search", R"({"q":"quokka Rottnest","all":true,"years":[],"months":[]})"));
  REQUIRE(all["hits"].size() == 1);
  CHECK(all["hits"][0]["id"] == "sub/extra article.txt");
}

TEST_CASE("GET /doc/{id} takes one percent-encoded path segment") {
  Corpus c;
  srv::Server server(c.index);
  const auto r = server.get("/doc/sub%2Fextra%20article.txt");
  REQUIRE(r.status == 200);
  const auto local = cli::ptsearch({"--index", c.index.string(), "--json", "--doc", "sub/extra article.txt"});
  REQUIRE(local.status == 0);
  CHECK(srv::body_json(r) == json::parse(local.out));
  CHECK(srv::body_json(server.get("/doc/000_a188337ed794e192.txt"))["document"]["id"] == "000_a188337ed794e192.txt");
  check_error(server.get("/doc/no-such.txt"), 404, "no-such.txt");
  check_error(server.get("/doc/sub/extra%20article.txt"), 404, "%2F");
  check_error(server.get("/doc/bad%zz"), 400, "percent");
}

TEST_CASE("health, stats, metrics and the page") {
  Corpus c;
  srv::Server server(c.index);
  const json health = srv::body_json(server.get("/health"));
  CHECK(health == json{{"status", "ok"}, {"documents", 6}});
  server.get("/search?q=taliban");
  server.get("/nowhere");
  const json stats = srv::body_json(server.get("/stats"));
  CHECK(stats["documents"] == 6);
  CHECK(stats["language"] == "english");
  CHECK(stats["schema"] == pt::schema::kVersion);
  CHECK(stats["corpus_root"] == (c.dir / "corpus").string());
  CHECK(stats["uptime_seconds"].get<double>() >= 0);
  CHECK(stats["requests"].get<int>() >= 3);
  const auto m = server.get("/metrics");
  REQUIRE(m.status == 200);
  CHECK(m.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
  for (const char* line : {"ptsearch_http_requests_total{endpoint=\"search\",status=\"200\"} 1\n",
                           "ptsearch_http_requests_total{endpoint=\"other\",status=\"404\"} 1\n",
                           "ptsearch_http_requests_total{endpoint=\"health\",status=\"200\"} 1\n",
                           "# TYPE ptsearch_http_request_duration_seconds histogram\n",
                           "ptsearch_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n",
                           "ptsearch_http_request_duration_seconds_count 4\n", "ptsearch_http_errors_total 0\n",
                           "ptsearch_index_documents 6\n", "ptsearch_index_generation 1\n"}) {
    INFO(m.body);
    CHECK(m.body.find(line) != std::string::npos);
  }
  const auto page = server.get("/");
  CHECK(page.status == 200);
  CHECK(page.content_type.rfind("text/html", 0) == 0);
  check_error(server.get("/assets/no-such-file.js"), 404, "no-such-file.js");
}

TEST_CASE("bad requests get 400, 404, 405 and 413 with a JSON error naming the problem") {
  Corpus c;
  srv::Server server(c.index);
  check_error(server.get("/search?q=x&limit=abc"), 400, "limit");
  check_error(server.get("/search?q=x&limit=1001"), 400, "limit");
  check_error(server.get("/search?q=x&offset=-1"), 400, "offset");
  check_error(server.get("/search?q=x&sort=random"), 400, "sort");
  check_error(server.get("/search?q=x&facets=maybe"), 400, "facets");
  check_error(server.get("/search?q=x&colour=red"), 400, "colour");
  check_error(server.get("/search?q=a&q=b"), 400, "more than once");
  check_error(server.get("/search?q=%22unbalanced"), 400, "quote");
  check_error(server.get("/search?q=x&from=2019-13-45"), 400, "2019-13-45");
  check_error(server.get("/search?q=" + std::string(4097, 'a')), 400, "too long");
  check_error(server.post("/search", "{\"q\": \"taliban\""), 400, "malformed JSON");
  check_error(server.post("/search", "[1,2]"), 400, "object");
  check_error(server.post("/search", R"({"q": 5})"), 400, "field q");
  check_error(server.post("/search", R"({"limit": "ten"})"), 400, "field limit");
  check_error(server.post("/search", R"({"limit": 5000})"), 400, "limit");
  check_error(server.post("/search", R"({"sources": "x"})"), 400, "sources");
  check_error(server.post("/search", R"({"colour": "red"})"), 400, "colour");
  check_error(server.get("/search?q=x&proximity=abc"), 400, "proximity");
  check_error(server.get("/search?q=x&proximity=11"), 400, "proximity");
  check_error(server.get("/search?q=x&expand=101"), 400, "expand");
  check_error(server.get("/search?q=x&stopwords=perhaps"), 400, "stopwords");
  check_error(server.post("/search", R"({"proximity": -1})"), 400, "proximity");
  check_error(server.post("/search", R"({"expand": "many"})"), 400, "expand");
  check_error(server.post("/search", R"({"stop_words": 1})"), 400, "stop_words");
  check_error(server.get("/nowhere"), 404, "/nowhere");
  const auto del = server.request("DELETE", "/search");
  check_error(del, 405, "DELETE");
  check_error(server.post("/health", "{}"), 405, "POST");
  check_error(server.request("PUT", "/doc/x"), 405, "PUT");
  check_error(server.post("/search", "{\"q\":\"" + std::string(100 * 1024, 'a') + "\"}"), 413, "body");
  // Still serving after all that.
  CHECK(server.get("/health").status == 200);
  const auto r = server.stop();
  CHECK(r.status == 0);
  CHECK(r.err.empty());
}

TEST_CASE("a Unix socket serves the same API, a stale socket is replaced and a live one refused") {
  Corpus c;
  srv::Server both(c.index, srv::tcp_and_socket());
  REQUIRE(both.unix_url() == "unix:" + both.socket_path().string());
  pt::client::Connection over_socket(pt::client::parse_server_url(both.unix_url()));
  CHECK(srv::body_json(over_socket.request("GET", "/health"))["documents"] == 6);
  const auto tcp = srv::body_json(both.get("/search?q=taliban"));
  const auto local = srv::body_json(over_socket.request("GET", "/search?q=taliban"));
  CHECK(srv::without_elapsed(tcp) == srv::without_elapsed(local));
  // Keep-alive: several requests on the one connection.
  for (int i = 0; i < 5; ++i) CHECK(over_socket.request("GET", "/doc/sub%2Fextra%20article.txt").status == 200);

  // Another server on the same socket path is refused while this one listens.
  const auto refused = cli::ptsearch({"serve", "--index", c.index.string(), "--socket", both.socket_path().string()});
  CHECK(refused.status == 1);
  CHECK(cli::is_one_line(refused.err, "ptsearch serve: cannot listen on "));
  CHECK(refused.err.find("another server") != std::string::npos);
  REQUIRE(both.stop().status == 0);
  CHECK_FALSE(fs::exists(both.socket_path()));

  // A socket file nobody listens on (a server killed with -9) is replaced.
  cli::TempDir d;
  const fs::path sock = d / "s.sock";
  {
    srv::Server killed(c.index, srv::socket_only(sock));
    CHECK(killed.url().empty());
    CHECK(killed.get("/health").status == 200);
    killed.process().signal(SIGKILL);
    killed.process().wait();
  }
  REQUIRE(fs::exists(sock));
  srv::Server again(c.index, srv::socket_only(sock));
  CHECK(again.get("/health").status == 200);
  // A regular file in the way is refused, not deleted.
  cli::write_file(d / "file.sock", "x");
  const auto file = cli::ptsearch({"serve", "--index", c.index.string(), "--socket", (d / "file.sock").string()});
  CHECK(file.status == 1);
  CHECK(file.err.find("not a socket") != std::string::npos);
  CHECK(cli::read_file(d / "file.sock") == "x");
}

TEST_CASE("serve: bad options and a missing index fail at once") {
  cli::TempDir d;
  auto r = cli::ptsearch({"serve", "--index", (d / "none").string(), "--listen", "127.0.0.1:0"});
  CHECK(r.status == 1);
  CHECK(cli::is_one_line(r.err, "ptsearch serve: "));
  r = cli::ptsearch({"serve", "--listen", "nonsense"});
  CHECK(r.status == 2);
  r = cli::ptsearch({"serve", "--threads", "0"});
  CHECK(r.status == 2);
  r = cli::ptsearch({"serve", "--help"});
  CHECK(r.status == 0);
  CHECK(r.out.find("--socket") != std::string::npos);
}
