// Parallel clients while ptindex updates the index under the server: no failed request, new documents visible.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "server_support.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string article(int n) {
  std::string text = "Zyxwvut report number " + std::to_string(n) + "\n\n";
  for (int i = 0; i < 30; ++i)
    text += "The zyxwvut committee met in Kabul to discuss the ceasefire and the peace talks, paragraph " +
            std::to_string(i) + ".\n";
  return text;
}

}  // namespace

TEST_CASE("4 parallel clients for 5 s while ptindex updates the index: zero failures, new documents appear") {
  cli::TempDir dir;
  const fs::path corpus = dir / "corpus", index = dir / "idx";
  cli::copy_sample_corpus(corpus);
  fs::create_directories(corpus / "new");
  REQUIRE(cli::ptindex({"build", corpus.string(), "--index", index.string(), "-q"}).status == 0);
  srv::Server server(index, srv::tcp_and_socket({"--threads", "2"}));

  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", "/search?q=taliban"},
      {"GET", "/search?q=peace+talks&facets=1&limit=3"},
      {"GET", "/search?q=&sort=newest&limit=20"},
      {"GET", "/search?q=zyxwvut&limit=50"},
      {"GET", "/doc/000_a188337ed794e192.txt"},
      {"GET", "/health"},
      {"POST", "/search"},
      {"GET", "/search?like=001_da17fc448e34686d.txt&limit=3"},
  };
  std::atomic<bool> stop{false};
  std::atomic<long> ok{0}, failed{0};
  std::atomic<std::uint64_t> max_seen{0};
  std::mutex failures_mu;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      // Two clients over TCP, two over the Unix socket; each keeps its connection alive.
      pt::client::Connection c(pt::client::parse_server_url(t % 2 ? server.unix_url() : server.url()));
      for (std::size_t i = static_cast<std::size_t>(t); !stop; ++i) {
        const auto& [method, target] = requests[i % requests.size()];
        try {
          const auto r = c.request(method, target, method == "POST" ? R"({"q":"ceasefire","facets":true})" : "");
          if (r.status != 200) throw std::runtime_error(std::to_string(r.status) + " " + r.body);
          const json j = json::parse(r.body);
          if (target.find("zyxwvut") != std::string::npos) {
            const auto n = j["total"]["estimate"].get<std::uint64_t>();
            for (auto seen = max_seen.load(); n > seen && !max_seen.compare_exchange_weak(seen, n);) {
            }
          }
          ++ok;
        } catch (const std::exception& e) {
          ++failed;
          std::lock_guard lock(failures_mu);
          failures.push_back(method + " " + target + ": " + e.what());
        }
      }
    });
  }

  const auto started = std::chrono::steady_clock::now();
  const auto at = [&](double seconds) {
    std::this_thread::sleep_until(started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                std::chrono::duration<double>(seconds)));
  };
  // Round 1: three new articles and a changed one; round 2: three more and another change.
  int next = 0;
  for (const double when : {1.0, 2.5}) {
    at(when);
    for (int k = 0; k < 3; ++k) cli::write_file(corpus / "new" / ("article-" + std::to_string(next) + ".txt"), article(next)), ++next;
    const auto changed = corpus / (when < 2 ? "003_be81196f20b58ea7.txt" : "004_070143b364e2e163.txt");
    cli::write_file(changed, cli::read_file(changed) + "\nA zyxwvut postscript.\n");
    cli::shift_mtime(changed, 5);
    const auto r = cli::ptindex({"build", corpus.string(), "--index", index.string(), "-q"});
    CHECK(r.status == 0);  // not REQUIRE: the client threads must be joined first
  }
  at(5.0);
  stop = true;
  for (auto& c : clients) c.join();

  INFO((failures.empty() ? std::string() : failures.front()));
  CHECK(failed == 0);
  CHECK(ok > 100);
  // 6 new articles and 2 changed ones hold the word; the server sees them without a restart.
  std::uint64_t now = 0;
  for (int i = 0; i < 100 && now != 8; ++i) {
    now = srv::body_json(server.get("/search?q=zyxwvut&collapse=0"))["total"]["estimate"].get<std::uint64_t>();
    if (now != 8) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(now == 8);
  CHECK(max_seen >= 4);  // the clients saw documents of the first round appear while they ran
  CHECK(srv::body_json(server.get("/health"))["documents"] == 11);
  const auto metrics = server.get("/metrics").body;
  CHECK(metrics.find("ptsearch_http_errors_total 0\n") != std::string::npos);
  CHECK(server.stop().status == 0);
}
