// The server's request rules: URL and JSON parameters to a SearchRequest, JSON error bodies, percent-coding.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "ptsearch/searcher.h"

namespace pt::server {

// A request the server refuses, with the HTTP status to answer (400, 404, 405, 413 ...).
class HttpError : public std::runtime_error {
 public:
  HttpError(unsigned status, const std::string& message) : std::runtime_error(message), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in a query string); a broken
// escape or a NUL byte throws HttpError 400.
std::string percent_decode(std::string_view text, bool plus_is_space);
// Escapes everything but RFC 3986 unreserved characters, so the result is one path segment or
// one query-string value.
std::string percent_encode(std::string_view text);

// GET /search's query string ("q=...&source=...") as a request; HttpError 400 names a bad parameter.
SearchRequest request_from_query_string(std::string_view query_string);
// POST /search's JSON body as a request; HttpError 400 names malformed JSON or a bad field.
SearchRequest request_from_json(std::string_view body);
// The GET /search query string that request_from_query_string reads back as `req`.
std::string query_string_for(const SearchRequest& req);

// {"error":{"status":N,"message":"..."}} and a newline.
std::string error_json(unsigned status, std::string_view message);

}  // namespace pt::server
