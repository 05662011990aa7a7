// Shutdown (SIGTERM/SIGINT stop accepting, let a request in flight finish, exit 0), keep-alive, and overload (503).
#include <signal.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <thread>

#include "server_support.h"

namespace fs = std::filesystem;

using srv::RawSocket;

TEST_CASE("SIGTERM: a request in flight is answered, then the server exits 0") {
  cli::SampleIndex idx;
  srv::Server server(idx.path);
  RawSocket idle(server.url());  // a kept-alive connection with nothing in flight: simply closed
  RawSocket s(server.url());
  REQUIRE(s.ok());
  const std::string body = R"({"q":"taliban","limit":1})";
  s.send("POST /search HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.process().signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(server.process().running());             // waiting for the rest of the request
  CHECK_FALSE(RawSocket(server.url()).ok());     // but no longer accepting
  CHECK(idle.read_all().empty());                // idle connections are closed
  s.send(body.substr(5));
  const std::string answer = s.read_all();
  INFO(answer);
  CHECK(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(answer.find("Connection: close") != std::string::npos);
  CHECK(answer.find("\"000_a188337ed794e192.txt\"") != std::string::npos);
  const auto r = server.process().wait();
  CHECK(r.status == 0);
  CHECK(r.err.empty());
}

TEST_CASE("SIGINT stops an idle server with status 0, and keep-alive works until then") {
  cli::SampleIndex idx;
  srv::Server server(idx.path, srv::tcp_and_socket({"--threads", "3"}));
  pt::client::Connection c(pt::client::parse_server_url(server.url()));
  for (int i = 0; i < 20; ++i) {
    const auto r = c.request("GET", i % 2 ? "/health" : "/search?q=peace");
    CHECK(r.status == 200);
    CHECK(r.keep_alive);
  }
  server.process().signal(SIGINT);
  const auto r = server.process().wait();
  CHECK(r.status == 0);
  CHECK_FALSE(fs::exists(server.socket_path()));
}

TEST_CASE("overload: with the queue full, requests get 503 with a JSON error, and the server carries on") {
  cli::SampleIndex idx;
  srv::Server server(idx.path, srv::tcp_and_socket({"--threads", "1", "--queue", "1"}));
  std::atomic<int> ok{0}, busy{0}, other{0};
  std::vector<std::thread> clients;
  // 24 connections firing at once at one worker with room for one waiting request.
  for (int t = 0; t < 24; ++t) {
    clients.emplace_back([&] {
      pt::client::Connection c(pt::client::parse_server_url(server.url()));
      for (int i = 0; i < 15; ++i) {
        try {
          const auto r = c.request("GET", "/search?q=taliban+peace+talks&facets=1");
          if (r.status == 200) ++ok;
          else if (r.status == 503 && r.body.find("\"status\":503") != std::string::npos) ++busy;
          else ++other;
        } catch (const std::exception&) {
          ++other;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  CHECK(other == 0);
  CHECK(ok > 0);
  CHECK(busy > 0);
  const auto metrics = server.get("/metrics").body;
  CHECK(metrics.find("ptsearch_http_overload_total " + std::to_string(busy.load()) + "\n") != std::string::npos);
  CHECK(server.get("/health").status == 200);
  CHECK(server.stop().status == 0);
}
