// Helpers for the server tests: a real `ptsearch serve` child on an ephemeral port and/or a Unix socket.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_support.h"
#include "client/client.h"

namespace srv {

namespace fs = std::filesystem;

struct ServeOptions {
  bool tcp = true;         // --listen LISTEN
  std::string listen = "127.0.0.1:0";
  bool unix_socket = false;  // --socket DIR/ptsearch.sock
  fs::path socket;           // with unix_socket: this path instead
  std::vector<std::string> extra;  // more options (--threads 4 ...)
  std::vector<std::string> wrapper;  // runs `WRAPPER... ptsearch serve ...` (e.g. strace)
};

// TCP and a Unix socket in the server's temp folder, with more options.
inline ServeOptions tcp_and_socket(std::vector<std::string> extra = {}) {
  ServeOptions o;
  o.unix_socket = true;
  o.extra = std::move(extra);
  return o;
}
// TCP only, with more options.
inline ServeOptions tcp_with(std::vector<std::string> extra) {
  ServeOptions o;
  o.extra = std::move(extra);
  return o;
}
// Only a Unix socket, at `path`.
inline ServeOptions socket_only(fs::path path) {
  ServeOptions o;
  o.tcp = false;
  o.unix_socket = true;
  o.socket = std::move(path);
  return o;
}

// `ptsearch serve --index INDEX ...` started and waited for: its printed addresses are known.
class Server {
 public:
  Server(const fs::path& index, const ServeOptions& options = {});
  ~Server();

  const std::string& url() const { return url_; }          // http://127.0.0.1:PORT
  const std::string& unix_url() const { return unix_url_; }  // unix:/tmp/.../ptsearch.sock
  const fs::path& socket_path() const { return socket_path_; }
  cli::Process& process() { return *process_; }

  // One request on a new connection (TCP unless the server only listens on a socket).
  pt::client::Response get(const std::string& target) const;
  pt::client::Response post(const std::string& target, const std::string& body,
                            const std::string& content_type = "application/json") const;
  pt::client::Response request(const std::string& method, const std::string& target, const std::string& body = {}) const;

  // Sends SIGTERM and waits for the exit.
  cli::RunResult stop();

 private:
  cli::TempDir dir_;
  fs::path socket_path_;
  std::string url_, unix_url_;
  std::unique_ptr<cli::Process> process_;
};

// A plain TCP connection to a server's http://HOST:PORT, to send requests in pieces, malformed, or
// never read the answers.
class RawSocket {
 public:
  explicit RawSocket(const std::string& url);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;
  bool ok() const { return ok_; }
  int fd() const { return fd_; }
  // All of `s` is sent (REQUIREd).
  void send(const std::string& s);
  // False when the server has closed the connection (or the send would block).
  bool try_send(const std::string& s);
  // Everything until the server closes the connection, or until `timeout_s` has passed.
  std::string read_all(double timeout_s = 60);
  // True once the server has closed the connection (EOF or reset), waiting at most `timeout_s`;
  // whatever arrives meanwhile is dropped.
  bool closed_within(double timeout_s);

 private:
  int fd_ = -1;
  bool ok_ = false;
};

// A search result or document JSON without its "elapsed_ms" (the one field that differs run to run).
nlohmann::json without_elapsed(nlohmann::json j);
// "… (12.3 ms) …" in ptsearch's text output with the time replaced by "(T ms)".
std::string without_time(const std::string& text);
// The parsed body of a response, REQUIREd to be JSON.
nlohmann::json body_json(const pt::client::Response& r);

}  // namespace srv
