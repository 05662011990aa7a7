// Starting and stopping a real ptsearch server for the tests, and comparing outputs across runs.
#include "server_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

namespace srv {

Server::Server(const fs::path& index, const ServeOptions& options) {
  std::vector<std::string> argv = options.wrapper;
  argv.insert(argv.end(), {cli::kPtsearch, "serve", "--index", index.string()});
  if (options.tcp) argv.insert(argv.end(), {"--listen", options.listen});
  if (options.unix_socket) {
    socket_path_ = options.socket.empty() ? dir_ / "ptsearch.sock" : options.socket;
    argv.insert(argv.end(), {"--socket", socket_path_.string()});
  }
  argv.insert(argv.end(), options.extra.begin(), options.extra.end());
  cli::RunOptions run;
  run.stdout_path = dir_ / "stdout.txt";
  cli::write_file(run.stdout_path, "");
  run.timeout_seconds = 60;
  process_ = std::make_unique<cli::Process>(argv, run);
  const std::size_t expected = (options.tcp ? 1u : 0u) + (options.unix_socket ? 1u : 0u);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (;;) {
    const auto out = cli::lines(cli::read_file(run.stdout_path));
    std::size_t complete = 0;
    for (const auto& l : out) {
      if (l.rfind("listening on http://", 0) == 0) url_ = l.substr(13), ++complete;
      if (l.rfind("listening on unix:", 0) == 0) unix_url_ = l.substr(13), ++complete;
    }
    if (complete >= expected) break;
    if (!process_->running()) {
      const auto r = process_->wait();
      throw std::runtime_error("ptsearch serve exited with " + std::to_string(r.status) + ": " + r.err);
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("ptsearch serve did not print its address");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Server::~Server() = default;

pt::client::Response Server::request(const std::string& method, const std::string& target, const std::string& body) const {
  pt::client::Connection c(pt::client::parse_server_url(url_.empty() ? unix_url_ : url_));
  return c.request(method, target, body);
}
pt::client::Response Server::get(const std::string& target) const { return request("GET", target); }
pt::client::Response Server::post(const std::string& target, const std::string& body, const std::string& content_type) const {
  pt::client::Connection c(pt::client::parse_server_url(url_.empty() ? unix_url_ : url_));
  return c.request("POST", target, body, content_type);
}

cli::RunResult Server::stop() {
  process_->signal(SIGTERM);
  return process_->wait();
}

RawSocket::RawSocket(const std::string& url) {
  const auto u = pt::client::parse_server_url(url);
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(u.port)));
  ::inet_pton(AF_INET, u.host.c_str(), &addr.sin_addr);
  ok_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}
RawSocket::~RawSocket() {
  if (fd_ >= 0) ::close(fd_);
}
void RawSocket::send(const std::string& s) {
  REQUIRE(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()));
}
bool RawSocket::try_send(const std::string& s) {
  return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL | MSG_DONTWAIT) == static_cast<ssize_t>(s.size());
}
std::string RawSocket::read_all(double timeout_s) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return out;
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}
bool RawSocket::closed_within(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    if (::recv(fd_, buf, sizeof buf, 0) <= 0) return true;
  }
}

nlohmann::json without_elapsed(nlohmann::json j) {
  j.erase("elapsed_ms");
  return j;
}

std::string without_time(const std::string& text) {
  static const std::regex time(R"(\([0-9]+\.[0-9] ms\))");
  return std::regex_replace(text, time, "(T ms)");
}

nlohmann::json body_json(const pt::client::Response& r) {
  INFO(r.body);
  REQUIRE(r.content_type == "application/json");
  return nlohmann::json::parse(r.body);
}

}  // namespace srv
