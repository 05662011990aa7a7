// Fuzzes HTTP request decoding: raw bytes through Boost.Beast's request parser with the server's limits, then the server's request rules (searcher/src/server).
//
// What server.cc does with a request up to the search: parse (body limit 64 KiB, header limit
// 32 KiB), split the target at '?', route on the path, check the bearer token, and decode
// GET /search's query string or POST /search's JSON body into a SearchRequest, or a /doc/ id.
// The server answers HttpError with its status and pt::Error by kind; anything else is a finding.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "server/api.h"
#include "server/auth.h"

namespace http = boost::beast::http;

// Boost's assertions stay on (BOOST_ENABLE_ASSERT_HANDLER, CMakeLists.txt), except one that is
// wrong: Boost 1.74's chunk-header parser asserts n >= 5 where 3 bytes ("0\r\n" with more to come)
// are possible, and then correctly asks for more (boostorg/beast pull request 2861, later Boost).
// Release builds (NDEBUG) have no assertions; a debug-built server would abort on such a request.
namespace boost {
void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  if (std::string_view(expr) == "n >= 5" && std::string_view(function).find("parse_chunk_header") != std::string_view::npos)
    return;
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion '%s' failed\n", file, line, function, expr);
  std::abort();
}
void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion '%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}
}  // namespace boost

namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;  // pt::server::Options::max_body_bytes
constexpr std::size_t kHeaderLimit = 32 * 1024;   // server.cc
constexpr std::string_view kToken = "fuzz-token-0123456789abcdef";

void decode(const http::request<http::string_body>& req) {
  const std::string target(req.target());
  const auto qmark = target.find('?');
  const std::string path = target.substr(0, qmark);
  const std::string query = qmark == std::string::npos ? std::string() : target.substr(qmark + 1);
  const auto auth = req[http::field::authorization];
  (void)pt::server::bearer_matches(std::string_view(auth.data(), auth.size()), kToken);
  (void)req.keep_alive();
  try {
    if (path == "/search") {
      const pt::SearchRequest r = req.method() == http::verb::post ? pt::server::request_from_json(req.body())
                                                                   : pt::server::request_from_query_string(query);
      if (r.query.size() > pt::SearchRequest::kMaxQueryBytes || r.limit > pt::SearchRequest::kMaxLimit) __builtin_trap();
      // What the server's own client sends for this request reads back the same.
      const pt::SearchRequest again = pt::server::request_from_query_string(pt::server::query_string_for(r));
      if (again.query != r.query || again.limit != r.limit ||
          again.offset != r.offset || again.like != r.like)
        __builtin_trap();
    } else if (path.rfind("/doc/", 0) == 0 && path.find('/', 5) == std::string::npos) {
      (void)pt::server::percent_decode(std::string_view(path).substr(5), false);
    }
  } catch (const pt::server::HttpError& e) {
    (void)pt::server::error_json(e.status(), e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in = fuzz::as_text(data, size);
  // Requests one after another on a kept-alive connection, as the server reads them.
  for (int n = 0; n < 8 && !in.empty(); ++n) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kHeaderLimit);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!in.empty() && !parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(in.data(), in.size()), ec);
      if (ec == http::error::need_more) {
        ec = {};
        if (used == 0) break;  // the rest is an incomplete request
      }
      if (ec) return 0;  // 400 / 413 / 431
      if (used > in.size()) __builtin_trap();
      in.remove_prefix(used);
      if (used == 0) break;
    }
    if (!parser.is_done()) {
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return 0;  // the connection closed mid-request
    }
    fuzz::expect_pt_errors([&] { decode(parser.get()); });
    if (!parser.get().keep_alive()) break;
  }
  return 0;
}
