// ptsearch --server: a small HTTP/1.1 client (Boost.Beast, TCP or Unix socket) and the server's JSON read back into results.
#pragma once

#include <memory>
#include <string>

#include "ptsearch/searcher.h"

namespace pt::client {

// Where a server listens: "http://HOST:PORT" or "unix:/path/to/socket".
struct ServerUrl {
  bool unix_socket = false;
  std::string host;  // TCP
  std::string port;  // TCP, "80" when not given
  std::string path;  // Unix socket
  std::string display;
};
// Throws pt::ConfigError for anything else.
ServerUrl parse_server_url(const std::string& url);

struct Response {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  bool keep_alive = false;
};

// One kept-alive connection, reconnecting when the server closed it. Not thread-safe: one per thread.
class Connection {
 public:
  // A non-empty bearer_token goes with every request ("Authorization: Bearer ...").
  explicit Connection(ServerUrl url, std::string bearer_token = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Throws pt::IoError when the server cannot be reached or its answer cannot be read.
  Response request(const std::string& method, const std::string& target, const std::string& body = {},
                   const std::string& content_type = "application/json");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// GET /search target for a request, and GET /doc/{id}.
std::string search_target(const SearchRequest& req);
std::string doc_target(const std::string& id);

// The server's JSON (render_json's output) read back; throws pt::Error when it is not that.
SearchResult result_from_json(const std::string& body);
Document document_from_json(const std::string& body);
// The message of an {"error":{...}} body, or the body itself.
std::string error_message(const Response& response);

}  // namespace pt::client
