// End-to-end: one index, two local shards, the same shards behind xapian-tcpsrv and a compacted copy answer alike; ptindex compact's errors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.h"
#include "server_support.h"

using namespace cli;
using json = nlohmann::json;

namespace {

constexpr std::size_t kArticles = 300;
constexpr std::size_t kCopies = 6;  // articles written twice under another name: near-duplicates to collapse

// Reuters-21578 articles as Markdown files: front matter (title; source and date for four in
// five, so that undated and sourceless documents exist too), then the body.
void write_reuters_corpus(const fs::path& dir) {
  fs::create_directories(dir);
  const auto r = run({"/bin/sh", "-c", std::string("\"$0\" -dc \"$1\" | head -n 700"), ZSTD_BIN, REUTERS_JSONL});
  REQUIRE(r.status == 0);
  static const std::map<std::string, int> months = {{"JAN", 1}, {"FEB", 2}, {"MAR", 3}, {"APR", 4},
                                                    {"MAY", 5}, {"JUN", 6}, {"JUL", 7}, {"AUG", 8},
                                                    {"SEP", 9}, {"OCT", 10}, {"NOV", 11}, {"DEC", 12}};
  std::size_t written = 0;
  for (const auto& line : lines(r.out)) {
    const json a = json::parse(line);
    const std::string body = a.value("body", "");
    if (body.size() < 300) continue;
    // "26-FEB-1987 15:01:01.79" or " 2-MAR-1987 …" -> 1987-02-26
    int day = 0, year = 0;
    char month[4] = {};
    REQUIRE(std::sscanf(a.at("date").get<std::string>().c_str(), " %d-%3s-%d", &day, month, &year) == 3);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, months.at(month), day);
    std::string front = "title: " + a.value("title", "untitled") + "\n";
    if (written % 5 != 4) front += "source: Reuters\ndate: " + std::string(date) + "\n";
    const std::string text = "---\n" + front + "---\n" + body + "\n";
    char name[32];
    std::snprintf(name, sizeof name, "r%05d.md", std::stoi(a.at("newid").get<std::string>()));
    write_file(dir / name, text);
    if (written < kCopies) write_file(dir / ("copy-" + std::string(name)), "---\ntitle: copy\nsource: Wire Copy\n---\n" + body + "\n");
    if (++written == kArticles) break;
  }
  REQUIRE(written == kArticles);
}

// A TCP port nothing listens on right now (the kernel's pick for port 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// `xapian-tcpsrv` serving one shard on 127.0.0.1 and a free port, waited for until it accepts;
// killed when the object goes (also when a REQUIRE fails).
class TcpServer {
 public:
  explicit TcpServer(const fs::path& shard, std::vector<std::string> extra = {}) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_port();
      std::vector<std::string> argv = {XAPIAN_TCPSRV, "--port", std::to_string(port_), "--interface", "127.0.0.1", "--quiet"};
      argv.insert(argv.end(), extra.begin(), extra.end());
      argv.push_back(shard.string());
      RunOptions o;
      o.timeout_seconds = 60;
      process_ = std::make_unique<Process>(argv, o);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (process_->running() && std::chrono::steady_clock::now() < deadline) {
        if (accepts(port_)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      process_.reset();  // the port was taken meanwhile (or it never came up): another one
    }
    FAIL("xapian-tcpsrv did not start for " << shard);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

// CORPUS indexed into DEST as two shards: DEST/shard-0, DEST/shard-1 and the stub DEST/XAPIANDB.
void build_two_shards(const fs::path& corpus, const fs::path& dest) {
  const auto r = ptindex({"build", corpus.string(), "--index", dest.string(), "--shards", "2", "-q"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(fs::is_directory(dest / "shard-0"));
  REQUIRE(fs::is_directory(dest / "shard-1"));
  REQUIRE(fs::is_regular_file(dest / "XAPIANDB"));
}

// The corpus, the single index, the sharded one, its compacted copy, and the remote stub.
struct Indexes {
  TempDir t;
  fs::path corpus = t / "corpus";
  fs::path single = t / "single";
  fs::path sharded = t / "sharded";
  fs::path compacted = t / "compacted.glass";
  fs::path remote_stub = t / "remote.stub";
  std::unique_ptr<TcpServer> shard0, shard1;

  explicit Indexes(std::vector<std::string> tcpsrv_options = {}) {
    write_reuters_corpus(corpus);
    const auto r = ptindex({"build", corpus.string(), "--index", single.string(), "-q"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    build_two_shards(corpus, sharded);
    const auto c = ptindex({"compact", sharded.string(), compacted.string()});
    INFO(c.err);
    REQUIRE(c.status == 0);
    CHECK(c.out.find("2 shards") != std::string::npos);
    REQUIRE(fs::is_regular_file(compacted));  // one file, not a folder
    shard0 = std::make_unique<TcpServer>(sharded / "shard-0", tcpsrv_options);
    shard1 = std::make_unique<TcpServer>(sharded / "shard-1", tcpsrv_options);
    write_file(remote_stub, "# the two shards of " + sharded.string() + " behind xapian-tcpsrv\nremote " +
                                shard0->address() + "\nremote " + shard1->address() + "\n");
  }
};

// A score as text, to the precision that tells different weights apart but not rounding noise.
json search(const std::vector<std::string>& where, const std::vector<std::string>& args, const std::string& query) {
  std::vector<std::string> all = where;
  all.insert(all.end(), {"--json", "-n", "1000"});
  all.insert(all.end(), args.begin(), args.end());
  all.insert(all.end(), {"--", query});
  const auto r = ptsearch(all);
  INFO("ptsearch " << all.front() << " " << all[1] << " ... " << query << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

struct Case {
  std::string query;
  std::vector<std::string> args;
};

}  // namespace

TEST_CASE("single, sharded, remote and compacted indexes give the same answers", "[shards]") {
  Indexes ix;
  const std::vector<std::pair<std::string, fs::path>> layouts = {
      {"local stub", ix.sharded}, {"remote stub", ix.remote_stub}, {"compacted", ix.compacted}};

  // Filter values taken from the data: the most frequent actor and month of a broad query.
  const json broad = search({"--index", ix.single.string()}, {"--facets"}, "");
  REQUIRE(broad.at("total").at("estimate") == kArticles + kCopies);
  REQUIRE(!broad.at("facets").at("actor").at("values").empty());
  const std::string actor = broad.at("facets").at("actor").at("values")[0].at("value");
  const std::string month = broad.at("facets").at("month").at("values")[0].at("value");

  const std::vector<Case> cases = {
      {"oil", {"--facets"}},                                     // one word
      {"coffee prices export quota", {"--facets"}},              // several words
      {"\"interest rates\"", {"--facets"}},                      // a phrase
      {"bank OR trade", {"--facets", "--actor", actor}},         // a filter (actor)
      {"prices source:reuters", {"--facets", "--month", month}},  // filters in the query and as options
      {"", {"--facets"}},                                        // browse: newest first
      {"market", {"--facets", "--sort", "oldest"}},             // date order
      {"the", {"--all", "--facets"}},                           // many matches
      {"coffee prices", {"--expand", "10"}},                      // query expansion (an expand set)
      {"crude oil prices", {"--proximity", "0.5"}},             // proximity pairs
      {"coffee prics", {}},                                      // "did you mean" (the vocabulary)
  };
  for (auto c : cases) {
    for (const bool collapse : {true, false}) {
      if (!collapse) c.args.push_back("--no-collapse");
      INFO("query: '" << c.query << "' " << json(c.args).dump());
      const json expected = comparable_answer(search({"--index", ix.single.string()}, c.args, c.query));
      CHECK(expected.at("hits") > 0);
      for (const auto& [name, path] : layouts) {
        INFO(name);
        const json got = search({"--index", path.string()}, c.args, c.query);
        if (name == "remote stub" && got.at("sort") == "oldest") {
          // KeyMakers do not cross the remote backend: undated articles come first, with a note.
          // The same matches, counts and (without collapsing) hits; with collapsing, an undated
          // copy may now stand for its dated original.
          REQUIRE(got.contains("notes"));
          CHECK(got.at("notes")[0].get<std::string>().find("remote") != std::string::npos);
          const json a = comparable_answer(got);
          for (const auto* key : {"total", "distinct", "facets", "ids"}) CHECK(a.value(key, json()) == expected.value(key, json()));
        } else {
          CHECK_FALSE(got.contains("notes"));
          CHECK(comparable_answer(got) == expected);
        }
      }
    }
  }

  // "Did you mean" reads the vocabulary, which crosses the remote backend (Xapian's spelling
  // table would not): the loop above compared it; here it is there at all.
  CHECK(search({"--index", ix.remote_stub.string()}, {}, "coffee prics").value("suggestion", "") ==
        search({"--index", ix.single.string()}, {}, "coffee prics").value("suggestion", "-"));
  CHECK(search({"--index", ix.single.string()}, {}, "coffee prics").value("suggestion", "").rfind("coffee pric", 0) == 0);

  {  // near-duplicates collapse alike
    const json single = search({"--index", ix.single.string()}, {}, "");
    CHECK(single.at("distinct").get<int>() < single.at("total").at("estimate").get<int>());
    for (const auto& [name, path] : layouts) {
      INFO(name);
      const json other = search({"--index", path.string()}, {}, "");
      CHECK(other.at("distinct") == single.at("distinct"));
    }
  }

  {  // --doc, --like, and a missing --doc id
    const std::string id = broad.at("hits")[0].at("id");
    const auto doc = ptsearch({"--index", ix.single.string(), "--doc", id, "--json"});
    REQUIRE(doc.status == 0);
    const json like = comparable_answer(search({"--index", ix.single.string()}, {"--like", id}, ""));
    CHECK(like.at("hits") > 0);
    for (const auto& [name, path] : layouts) {
      INFO(name);
      const auto d = ptsearch({"--index", path.string(), "--doc", id, "--json"});
      INFO(d.err);
      REQUIRE(d.status == 0);
      CHECK(json::parse(d.out) == json::parse(doc.out));
      CHECK(comparable_answer(search({"--index", path.string()}, {"--like", id}, "")) == like);
      const auto missing = ptsearch({"--index", path.string(), "--doc", "no-such-id"});
      CHECK(missing.status == 1);
      CHECK(is_one_line(missing.err, "ptsearch: "));
    }
  }
}

TEST_CASE("ptsearch serve over remote shards, also after xapian-tcpsrv drops idle connections", "[shards][server]") {
  Indexes ix({"--idle-timeout", "300"});
  srv::Server server(ix.remote_stub);
  for (int round = 0; round < 2; ++round) {
    INFO("round " << round);
    if (round == 1) std::this_thread::sleep_for(std::chrono::milliseconds(800));  // past the idle timeout
    for (const auto& q : {std::string("oil"), std::string("\"interest rates\""), std::string()}) {
      INFO("query: " << q);
      const json local = search({"--index", ix.single.string()}, {"--facets"}, q);
      const json served = search({"--server", server.url()}, {"--facets"}, q);
      CHECK(comparable_answer(served) == comparable_answer(local));
    }
    const std::string id = "r00001.md";
    const auto d = ptsearch({"--server", server.url(), "--doc", id, "--json"});
    INFO(d.err);
    CHECK(d.status == 0);
  }
  const auto stats = server.get("/stats");
  CHECK(stats.status == 200);
  CHECK(srv::body_json(stats).at("documents") == kArticles + kCopies);
}

TEST_CASE("ptsearch: an unreachable remote shard is one clear error", "[shards][errors]") {
  TempDir t;
  const int port = free_port();  // nothing listens there
  write_file(t / "stub", "remote 127.0.0.1:" + std::to_string(port) + "\n");
  const auto r = ptsearch({"--index", (t / "stub").string(), "oil"});
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptsearch: "));
  CHECK(r.err.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
  write_file(t / "bad", "remote 127.0.0.1\n");  // no port
  const auto b = ptsearch({"--index", (t / "bad").string(), "oil"});
  CHECK(b.status == 1);
  CHECK(is_one_line(b.err, "ptsearch: "));
}

TEST_CASE("ptindex compact: errors are one line, nothing half-written is left", "[shards][errors]") {
  SampleIndex s;
  const fs::path out = s.dir / "out.glass";

  SECTION("a compacted sample index opens and answers like the original") {
    const auto r = ptindex({"compact", s.path.string(), out.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("1 database") != std::string::npos);
    CHECK(fs::is_regular_file(out));
    CHECK(comparable_answer(search({"--index", out.string()}, {"--facets"}, "taliban")) ==
          comparable_answer(search({"--index", s.path.string()}, {"--facets"}, "taliban")));
  }
  SECTION("the destination exists") {
    write_file(out, "precious\n");
    const auto r = ptindex({"compact", s.path.string(), out.string()});
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptindex: "));
    CHECK(r.err.find("exists") != std::string::npos);
    CHECK(read_file(out) == "precious\n");  // untouched
    fs::create_directories(s.dir / "folder");
    CHECK(ptindex({"compact", s.path.string(), (s.dir / "folder").string()}).status == 1);
  }
  SECTION("the source is missing, or not an index") {
    for (const auto& source : {s.dir / "nope", fs::path(kSampleCorpus)}) {
      INFO(source);
      const auto r = ptindex({"compact", source.string(), out.string()});
      CHECK(r.status == 1);
      CHECK(is_one_line(r.err, "ptindex: "));
      CHECK(r.err.find(source.string()) != std::string::npos);
    }
  }
  SECTION("a stub of remote shards cannot be compacted here") {
    write_file(s.dir / "stub", "remote 127.0.0.1:1\n");
    const auto r = ptindex({"compact", (s.dir / "stub").string(), out.string()});
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptindex: "));
    CHECK(r.err.find("remote") != std::string::npos);
  }
  SECTION("the destination's folder does not exist") {
    const auto r = ptindex({"compact", s.path.string(), (s.dir / "no" / "out").string()});
    CHECK(r.status == 1);
    CHECK(is_one_line(r.err, "ptindex: "));
  }
  // Whatever failed, no partial output is left beside the destination.
  for (const auto& e : fs::directory_iterator(s.dir.path()))
    CHECK(e.path().filename().string().find(".compacting-") == std::string::npos);
  CHECK_FALSE(fs::exists(s.dir / "no"));
}
