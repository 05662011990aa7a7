// The HTTP client behind ptsearch --server, and reading the version-2 JSON back into SearchResult and Document.
#include "client/client.h"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (GCC 12, C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "pt/error.h"
#include "server/api.h"

namespace pt::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<MetaValue> meta_value(const json& j) {
  if (!j.is_object()) return std::nullopt;
  return MetaValue{str(j, "name"), str(j, "slug"), str(j, "how"), str(j, "evidence")};
}

// The inverse of printers.cc's meta_json.
DocumentMeta meta_from(const json& j) {
  DocumentMeta m;
  if (j.contains("source")) m.source = meta_value(j["source"]);
  if (j.contains("original_source")) m.original_source = meta_value(j["original_source"]);
  if (j.contains("date") && j["date"].is_object()) {
    const auto& d = j["date"];
    m.date = MetaValue{str(d, "iso"), {}, str(d, "how"), str(d, "evidence")};
    m.date_precision = str(d, "precision");
  }
  for (const auto& a : j.value("authors", json::array())) m.authors.push_back(*meta_value(a));
  m.url = str(j, "url");
  for (const auto& a : j.value("actors", json::array())) {
    ActorValue v;
    static_cast<MetaValue&>(v) = *meta_value(a);
    v.type = str(a, "type");
    v.mentions = a.value("mentions", 0u);
    v.salience = a.value("salience", 0.0);
    m.actors.push_back(std::move(v));
  }
  return m;
}

SortOrder sort_from(const std::string& s) {
  if (s == "newest") return SortOrder::Newest;
  if (s == "oldest") return SortOrder::Oldest;
  return SortOrder::Relevance;
}

json parse_body(const std::string& body) {
  try {
    return json::parse(body);
  } catch (const json::exception& e) {
    throw Error(std::string("the server's answer is not JSON: ") + e.what());
  }
}

}  // namespace

ServerUrl parse_server_url(const std::string& url) {
  ServerUrl u;
  u.display = url;
  if (url.rfind("unix:", 0) == 0) {
    u.unix_socket = true;
    u.path = url.substr(5);
    if (u.path.rfind("//", 0) == 0) u.path = u.path.substr(2);  // unix:///run/x.sock
    if (u.path.empty()) throw ConfigError("--server " + url + ": no socket path after unix:");
    return u;
  }
  if (url.rfind("http://", 0) != 0) throw ConfigError("--server " + url + ": expected http://HOST:PORT or unix:PATH");
  std::string rest = url.substr(7);
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    if (rest.find_first_not_of('/', slash) != std::string::npos)
      throw ConfigError("--server " + url + ": a path after the address is not supported");
    rest.resize(slash);
  }
  if (rest.empty()) throw ConfigError("--server " + url + ": no host");
  if (rest.front() == '[') {  // [::1]:8080
    const auto close = rest.find(']');
    if (close == std::string::npos) throw ConfigError("--server " + url + ": unclosed [");
    u.host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    u.port = rest.rfind(':', 0) == 0 ? rest.substr(1) : "80";
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    u.host = rest.substr(0, colon);
    u.port = rest.substr(colon + 1);
  } else {
    u.host = rest;
    u.port = "80";
  }
  if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos)
    throw ConfigError("--server " + url + ": bad port");
  return u;
}

struct Connection::Impl {
  ServerUrl url;
  std::string bearer_token;
  asio::io_context ioc;
  std::optional<asio::ip::tcp::socket> tcp;
  std::optional<asio::local::stream_protocol::socket> local;
  beast::flat_buffer buffer;

  bool connected() const { return (tcp && tcp->is_open()) || (local && local->is_open()); }

  void connect() {
    buffer.clear();
    try {
      if (url.unix_socket) {
        local.emplace(ioc);
        local->connect(asio::local::stream_protocol::endpoint(url.path));
      } else {
        asio::ip::tcp::resolver resolver(ioc);
        tcp.emplace(ioc);
        asio::connect(*tcp, resolver.resolve(url.host, url.port));
        tcp->set_option(asio::ip::tcp::no_delay(true));
      }
    } catch (const boost::system::system_error& e) {
      disconnect();
      throw IoError("cannot connect to " + url.display + ": " + e.code().message());
    }
  }

  void disconnect() {
    beast::error_code ec;
    if (tcp) tcp->close(ec);
    if (local) local->close(ec);
    tcp.reset();
    local.reset();
  }

  template <class Socket>
  Response exchange(Socket& socket, const http::request<http::string_body>& req) {
    http::write(socket, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024u * 1024u * 1024u);
    http::read(socket, buffer, parser);
    auto res = parser.release();
    Response r;
    r.status = res.result_int();
    r.content_type = std::string(res[http::field::content_type]);
    r.body = std::move(res.body());
    r.keep_alive = res.keep_alive();
    return r;
  }
};

Connection::Connection(ServerUrl url, std::string bearer_token) : impl_(std::make_unique<Impl>()) {
  impl_->url = std::move(url);
  impl_->bearer_token = std::move(bearer_token);
}
Connection::~Connection() = default;

Response Connection::request(const std::string& method, const std::string& target, const std::string& body,
                             const std::string& content_type) {
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, impl_->url.unix_socket ? std::string("localhost") : impl_->url.host + ":" + impl_->url.port);
  req.set(http::field::user_agent, "ptsearch-client");
  if (!impl_->bearer_token.empty()) req.set(http::field::authorization, "Bearer " + impl_->bearer_token);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, content_type);
    req.body() = body;
  }
  req.keep_alive(true);
  req.prepare_payload();
  // A kept-alive connection the server has closed (idle timeout) fails on first use: one retry on a new one.
  for (int attempt = 1;; ++attempt) {
    const bool reused = impl_->connected();
    if (!reused) impl_->connect();
    try {
      Response r = impl_->url.unix_socket ? impl_->exchange(*impl_->local, req) : impl_->exchange(*impl_->tcp, req);
      if (!r.keep_alive) impl_->disconnect();
      return r;
    } catch (const boost::system::system_error& e) {
      impl_->disconnect();
      if (reused && attempt == 1) continue;
      throw IoError("no answer from " + impl_->url.display + ": " + e.code().message());
    }
  }
}

std::string search_target(const SearchRequest& req) { return "/search?" + server::query_string_for(req); }

std::string doc_target(const std::string& id) { return "/doc/" + server::percent_encode(id); }

SearchResult result_from_json(const std::string& body) {
  const json j = parse_body(body);
  try {
    SearchResult r;
    r.query = str(j, "query");
    r.like = str(j, "like");
    r.parsed_query = str(j, "parsed_query");
    r.offset = j.at("offset").get<std::size_t>();
    r.limit = j.at("limit").get<std::size_t>();
    r.sort = sort_from(str(j, "sort"));
    r.collapsed = j.at("collapsed").get<bool>();
    r.distinct_estimate = j.at("distinct").get<std::uint64_t>();
    const auto& t = j.at("total");
    r.total_estimate = t.at("estimate").get<std::uint64_t>();
    r.total_lower = t.at("lower_bound").get<std::uint64_t>();
    r.total_upper = t.at("upper_bound").get<std::uint64_t>();
    r.elapsed_ms = j.at("elapsed_ms").get<double>();
    if (j.contains("suggestion")) r.suggestion = str(j, "suggestion");
    if (j.contains("notes")) r.notes = j.at("notes").get<std::vector<std::string>>();
    for (const auto& h : j.at("hits")) {
      Hit hit;
      hit.rank = h.at("rank").get<std::size_t>();
      hit.id = str(h, "id");
      hit.title = str(h, "title");
      hit.score = h.at("score").get<double>();
      hit.percent = h.at("percent").get<int>();
      hit.snippet.text = str(h.at("snippet"), "text");
      for (const auto& m : h.at("snippet").at("highlights"))
        hit.snippet.highlights.push_back(Highlight{m.at(0).get<std::size_t>(), m.at(1).get<std::size_t>()});
      for (const auto& d : h.value("duplicates", json::array())) hit.duplicates.push_back(Duplicate{str(d, "id"), str(d, "source")});
      hit.meta = meta_from(h);
      r.hits.push_back(std::move(hit));
    }
    if (j.contains("facets")) {
      // Facets print in the searcher's order: source, actor, year, month.
      for (const char* name : {"source", "actor", "year", "month"}) {
        if (!j["facets"].contains(name)) continue;
        const auto& fj = j["facets"][name];
        Facet f;
        f.name = name;
        f.exact = fj.value("exact", true);
        f.more = fj.value("more", std::size_t{0});
        for (const auto& v : fj.at("values"))
          f.values.push_back(FacetValue{str(v, "value"), str(v, "label"), str(v, "type"), v.at("count").get<std::uint64_t>()});
        r.facets.push_back(std::move(f));
      }
    }
    return r;
  } catch (const json::exception& e) {
    throw Error(std::string("the server's answer is not a search result: ") + e.what());
  }
}

Document document_from_json(const std::string& body) {
  const json j = parse_body(body);
  try {
    const auto& d = j.at("document");
    return Document{str(d, "id"), str(d, "title"), str(d, "body"), meta_from(d)};
  } catch (const json::exception& e) {
    throw Error(std::string("the server's answer is not a document: ") + e.what());
  }
}

std::string error_message(const Response& response) {
  try {
    const json j = json::parse(response.body);
    if (j.contains("error") && j["error"].contains("message")) return j["error"]["message"].get<std::string>();
  } catch (const json::exception&) {
  }
  std::string text = response.body.substr(0, 200);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return "server answered " + std::to_string(response.status) + (text.empty() ? "" : ": " + text);
}

}  // namespace pt::client
