// ptsearch serve: the HTTP/1.1 + JSON search server (Boost.Beast over Asio, TCP and Unix sockets).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace pt::server {

struct Options {
  std::string index;                 // the index folder
  std::string host = "127.0.0.1";    // loopback unless asked otherwise
  unsigned short port = 8080;        // 0: an ephemeral port (the address is printed)
  bool tcp = true;                   // listen on host:port
  std::string socket_path;           // also (or only, when !tcp) listen on this Unix socket
  unsigned threads = 2;              // workers, each with its own Searcher
  std::size_t queue_size = 64;       // requests waiting for a worker before 503
  std::size_t max_body_bytes = 64 * 1024;  // larger request bodies: 413
  double query_time_limit_ms = 2000;       // per search (Xapian's Enquire time limit)
  // A connection idle this long between requests is closed; so is one whose request (header and
  // body) or answer takes longer than this to cross the wire: a client that trickles bytes or never
  // reads its answer holds a connection for at most this long.
  double idle_timeout_s = 30;
  // Open connections at most; more are answered 503 and closed at once, so slow or idle clients
  // cannot use up the process's file descriptors.
  std::size_t max_connections = 512;
  // Clients must send "Authorization: Bearer <token>" to /search, /doc/, /stats and /metrics
  // (401 otherwise); /health and the page stay open. Empty: no check, which serve() refuses
  // for a TCP address that is not loopback (ConfigError).
  std::string token;
};

// Opens the index (throws pt::IndexError), binds (throws pt::IoError), prints one
// "listening on http://HOST:PORT" or "listening on unix:PATH" line per address to `out`, and
// serves until SIGINT or SIGTERM; then it stops accepting, finishes the requests in flight and
// returns 0.
int serve(const Options& options, std::ostream& out);

}  // namespace pt::server
