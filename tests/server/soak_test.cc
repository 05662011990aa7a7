// A 100,000-request soak of mixed requests over TCP and a Unix socket: every answer as expected, no 5xx, memory flat.
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "server_support.h"

namespace fs = std::filesystem;

namespace {

// The server's resident memory in kB (VmRSS in /proc/PID/status), -1 when unreadable. (Called on
// client threads, where Catch2's assertions may not be used.)
long rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

struct Request {
  std::string method, target, body;
  unsigned status;  // expected
};

}  // namespace

TEST_CASE("soak: 100,000 mixed requests, every answer as expected, zero 5xx, memory flat") {
  // PT_SOAK_REQUESTS changes the count (docs/reliability.md).
  const char* env = std::getenv("PT_SOAK_REQUESTS");
  const long total = env ? std::stol(env) : 100000;
  REQUIRE(total >= 1000);
  cli::SampleIndex idx;
  srv::Server server(idx.path, srv::tcp_and_socket({"--threads", "2", "--queue", "256"}));
  const std::vector<Request> mix = {
      {"GET", "/search?q=taliban", "", 200},
      {"GET", "/search?q=peace+talks&facets=1&limit=3", "", 200},
      {"GET", "/search?q=%22peace+talks%22&sort=newest", "", 200},
      {"GET", "/search?q=ceasefire&source=Global+Research&facets=1", "", 200},
      {"GET", "/search?q=&sort=newest&limit=20&facets=1", "", 200},
      {"GET", "/search?q=Khalilzhad", "", 200},  // a suggestion
      {"GET", "/search?q=afghanistan+-taliban&from=2019-01-01&to=2021-12-31", "", 200},
      {"GET", "/search?like=001_da17fc448e34686d.txt&limit=3", "", 200},
      {"GET", "/search?q=taliban&expand=10&proximity=0.05", "", 200},
      {"POST", "/search", R"({"q":"ceasefire","facets":true,"limit":5})", 200},
      {"GET", "/doc/000_a188337ed794e192.txt", "", 200},
      {"GET", "/health", "", 200},
      {"GET", "/stats", "", 200},
      {"GET", "/metrics", "", 200},
      {"GET", "/", "", 200},
      {"GET", "/assets/app.js", "", 200},
      // Expected client errors, as real traffic has.
      {"GET", "/doc/no-such-document", "", 404},
      {"GET", "/search?q=x&limit=abc", "", 400},
      {"GET", "/search?q=%22unbalanced", "", 400},
      {"POST", "/search", "{\"q\":", 400},
      {"DELETE", "/search", "", 405},
      {"GET", "/nowhere", "", 404},
  };
  constexpr int kClients = 4;
  std::atomic<long> next{0}, done{0}, server_errors{0}, unexpected{0}, transport_errors{0};
  std::mutex mu;
  std::vector<std::string> examples;  // a few unexpected answers, for the report
  const auto note = [&](std::string what) {
    std::lock_guard lock(mu);
    if (examples.size() < 5) examples.push_back(std::move(what));
  };
  long rss_warm = 0;
  std::atomic<bool> warm_taken{false};
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      // Half the clients over TCP, half over the Unix socket; each keeps its connection alive,
      // and every 500th request goes on a new connection.
      const auto url = pt::client::parse_server_url(t % 2 ? server.unix_url() : server.url());
      auto c = std::make_unique<pt::client::Connection>(url);
      for (long i; (i = next++) < total;) {
        if (i % 500 == 499) c = std::make_unique<pt::client::Connection>(url);
        const auto& r = mix[static_cast<std::size_t>(i) % mix.size()];
        try {
          const auto answer = c->request(r.method, r.target, r.body);
          if (answer.status >= 500) ++server_errors;
          if (answer.status != r.status) {
            ++unexpected;
            note(r.method + " " + r.target + ": " + std::to_string(answer.status) + " " + answer.body.substr(0, 200));
          }
        } catch (const std::exception& e) {
          ++transport_errors;
          note(r.method + " " + r.target + ": " + e.what());
        }
        // Memory once the caches are warm (a tenth of the way), to compare with the end.
        if (++done == total / 10 && !warm_taken.exchange(true)) rss_warm = rss_kb(server.process().pid());
      }
    });
  }
  for (auto& c : clients) c.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long rss_end = rss_kb(server.process().pid());
  for (const auto& e : examples) UNSCOPED_INFO(e);
  REQUIRE(rss_warm > 0);
  REQUIRE(rss_end > 0);
  CHECK(done == total);
  CHECK(server_errors == 0);
  CHECK(unexpected == 0);
  CHECK(transport_errors == 0);
  // Flat: what grows after the warm-up is noise (allocator pages), not a leak per request. Not
  // in a sanitizer build, whose memory grows by design (ASan keeps freed blocks in a quarantine of
  // up to 256 MB): there LeakSanitizer checks the server for leaks when it exits.
  INFO("RSS " << rss_warm << " kB after " << total / 10 << " requests, " << rss_end << " kB after " << total);
  if (!cli::kSanitized) CHECK(rss_end - rss_warm < 8 * 1024);
  const auto metrics = server.get("/metrics").body;
  CHECK(metrics.find("status=\"5") == std::string::npos);
  WARN(total << " requests in " << seconds << " s (" << static_cast<long>(static_cast<double>(total) / seconds)
             << "/s), RSS " << rss_warm << " kB after " << total / 10 << ", " << rss_end << " kB at the end");
  CHECK(server.stop().status == 0);
}
