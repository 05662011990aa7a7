// The server's request rules: parameter names, types and bounds shared by GET and POST /search.
#include "server/api.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

namespace pt::server {
namespace {

using nlohmann::json;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void bad(const std::string& message) { throw HttpError(400, message); }

// The searcher's own limits, checked here so a bad value is a 400 before any work.
constexpr double kMaxProximity = 10;
constexpr std::size_t kMaxExpandTerms = 100;

std::size_t parse_count(std::string_view name, std::string_view text, std::size_t max) {
  std::size_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || p != end)
    bad("parameter " + std::string(name) + " must be a non-negative integer, not '" + std::string(text) + "'");
  if (v > max) bad("parameter " + std::string(name) + " is " + std::string(text) + ", at most " + std::to_string(max) + " allowed");
  return v;
}

bool parse_bool(std::string_view name, std::string_view text) {
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  bad("parameter " + std::string(name) + " must be 0 or 1, not '" + std::string(text) + "'");
}

double parse_number(std::string_view name, std::string_view text, double max) {
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || p != end || !(v >= 0))
    bad("parameter " + std::string(name) + " must be a non-negative number, not '" + std::string(text) + "'");
  if (v > max) bad("parameter " + std::string(name) + " is " + std::string(text) + ", at most " + std::to_string(static_cast<int>(max)) + " allowed");
  return v;
}

SortOrder parse_sort(std::string_view text) {
  if (text == "relevance") return SortOrder::Relevance;
  if (text == "newest") return SortOrder::Newest;
  if (text == "oldest") return SortOrder::Oldest;
  bad("parameter sort must be relevance, newest or oldest, not '" + std::string(text) + "'");
}

void check_query_length(const SearchRequest& req) {
  // Checked here too (the searcher does it as well) so the answer is the same 400 before any work.
  if (req.query.size() > SearchRequest::kMaxQueryBytes)
    bad("query too long: " + std::to_string(req.query.size()) + " bytes (at most " +
        std::to_string(SearchRequest::kMaxQueryBytes) + ")");
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) bad("broken percent escape in '" + std::string(text.substr(0, 200)) + "'");
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') bad("a NUL byte (%00) is not allowed");
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' ||
        u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

SearchRequest request_from_query_string(std::string_view qs) {
  SearchRequest req;
  auto& f = req.filters;
  bool seen_q = false;
  while (!qs.empty()) {
    const auto amp = qs.find('&');
    const std::string_view pair = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string name = percent_decode(pair.substr(0, eq), true);
    const std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    if (name == "q") {
      if (seen_q) bad("parameter q given more than once");
      seen_q = true;
      req.query = value;
      continue;
    }
    // An empty value is the same as leaving the parameter out (an HTML form sends "from=").
    if (value.empty() && name != "q") {
      static const char* const kKnown[] = {"source", "actor",  "author", "from",     "to",         "year",
                                           "month",  "sort",   "offset", "limit",    "facets",     "facet_size",
                                           "collapse", "like", "all", "facet", "snippets",
                                           "stopwords", "compounds", "variants", "proximity", "expand"};
      bool known = false;
      for (const char* k : kKnown) known |= name == k;
      if (!known) bad("unknown parameter '" + name + "'");
      continue;
    }
    if (name == "source") f.sources.push_back(value);
    else if (name == "actor") f.actors.push_back(value);
    else if (name == "author") f.authors.push_back(value);
    else if (name == "year") f.years.push_back(value);
    else if (name == "month") f.months.push_back(value);
    else if (name == "from") f.from = value;
    else if (name == "to") f.to = value;
    else if (name == "sort") req.sort = parse_sort(value);
    else if (name == "offset") req.offset = parse_count(name, value, SearchRequest::kMaxOffset);
    else if (name == "limit") req.limit = parse_count(name, value, SearchRequest::kMaxLimit);
    else if (name == "facets") req.facets = parse_bool(name, value);
    else if (name == "facet") {
      req.facet_names.push_back(value);
      req.facets = true;
    } else if (name == "snippets") req.snippets = parse_bool(name, value);
    else if (name == "facet_size") {
      req.facet_limit = parse_count(name, value, 1000);
      if (req.facet_limit == 0) bad("parameter facet_size must be at least 1");
    } else if (name == "collapse") req.collapse = parse_bool(name, value);
    else if (name == "like") req.like = value;
    else if (name == "all") req.match_all = parse_bool(name, value);
    else if (name == "stopwords") req.stop_words = parse_bool(name, value);
    else if (name == "compounds") req.compounds = parse_bool(name, value);
    else if (name == "variants") req.name_variants = parse_bool(name, value);
    else if (name == "proximity") req.proximity = parse_number(name, value, kMaxProximity);
    else if (name == "expand") req.expand_terms = static_cast<unsigned>(parse_count(name, value, kMaxExpandTerms));
    else bad("unknown parameter '" + name + "'");
  }
  check_query_length(req);
  return req;
}

SearchRequest request_from_json(std::string_view body) {
  json j;
  try {
    j = json::parse(body);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number too large for a double ("1e400"): both the
    // client's mistake, so a 400, not a 500.
    bad(std::string("malformed JSON body: ") + e.what());
  }
  if (!j.is_object()) bad("the JSON body must be an object");
  SearchRequest req;
  auto& f = req.filters;
  const auto text = [](const std::string& key, const json& v) -> std::string {
    if (!v.is_string()) bad("field " + key + " must be a string");
    return v.get<std::string>();
  };
  const auto texts = [&](const std::string& key, const json& v) {
    if (!v.is_array()) bad("field " + key + " must be an array of strings");
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(text(key, x));
    return out;
  };
  const auto count = [](const std::string& key, const json& v, std::size_t max) -> std::size_t {
    if (!v.is_number_unsigned()) bad("field " + key + " must be a non-negative integer");
    const auto n = v.get<std::uint64_t>();
    if (n > max) bad("field " + key + " is " + std::to_string(n) + ", at most " + std::to_string(max) + " allowed");
    return static_cast<std::size_t>(n);
  };
  const auto flag = [](const std::string& key, const json& v) -> bool {
    if (!v.is_boolean()) bad("field " + key + " must be true or false");
    return v.get<bool>();
  };
  for (const auto& [key, v] : j.items()) {
    if (v.is_null()) continue;  // null is the same as leaving the field out
    if (key == "q") req.query = text(key, v);
    else if (key == "sources") f.sources = texts(key, v);
    else if (key == "actors") f.actors = texts(key, v);
    else if (key == "authors") f.authors = texts(key, v);
    else if (key == "years") f.years = texts(key, v);
    else if (key == "months") f.months = texts(key, v);
    else if (key == "from") f.from = text(key, v);
    else if (key == "to") f.to = text(key, v);
    else if (key == "sort") req.sort = parse_sort(text(key, v));
    else if (key == "offset") req.offset = count(key, v, SearchRequest::kMaxOffset);
    else if (key == "limit") req.limit = count(key, v, SearchRequest::kMaxLimit);
    else if (key == "facets") req.facets = flag(key, v);
    else if (key == "facet_names") {
      req.facet_names = texts(key, v);
      req.facets = req.facets || !req.facet_names.empty();
    } else if (key == "snippets") req.snippets = flag(key, v);
    else if (key == "facet_size") {
      req.facet_limit = count(key, v, 1000);
      if (req.facet_limit == 0) bad("field facet_size must be at least 1");
    } else if (key == "collapse") req.collapse = flag(key, v);
    else if (key == "like") req.like = text(key, v);
    else if (key == "all") req.match_all = flag(key, v);
    else if (key == "stop_words") req.stop_words = flag(key, v);
    else if (key == "compounds") req.compounds = flag(key, v);
    else if (key == "name_variants") req.name_variants = flag(key, v);
    else if (key == "proximity") {
      if (!v.is_number() || !(v.get<double>() >= 0) || v.get<double>() > kMaxProximity)
        bad("field proximity must be a number from 0 to " + std::to_string(static_cast<int>(kMaxProximity)));
      req.proximity = v.get<double>();
    } else if (key == "expand") req.expand_terms = static_cast<unsigned>(count(key, v, kMaxExpandTerms));
    else bad("unknown field '" + key + "'");
  }
  check_query_length(req);
  return req;
}

std::string query_string_for(const SearchRequest& req) {
  std::string out = "q=" + percent_encode(req.query);
  const auto add = [&](std::string_view name, const std::string& value) {
    out.append("&").append(name).append("=").append(percent_encode(value));
  };
  const auto& f = req.filters;
  for (const auto& v : f.sources) add("source", v);
  for (const auto& v : f.actors) add("actor", v);
  for (const auto& v : f.authors) add("author", v);
  for (const auto& v : f.years) add("year", v);
  for (const auto& v : f.months) add("month", v);
  if (!f.from.empty()) add("from", f.from);
  if (!f.to.empty()) add("to", f.to);
  if (req.sort) add("sort", std::string(*req.sort == SortOrder::Relevance ? "relevance" : *req.sort == SortOrder::Newest ? "newest" : "oldest"));
  if (req.offset) add("offset", std::to_string(req.offset));
  add("limit", std::to_string(req.limit));
  if (req.facets) add("facets", "1");
  for (const auto& name : req.facet_names) add("facet", name);
  if (!req.snippets) add("snippets", "0");
  if (req.facet_limit != SearchRequest{}.facet_limit) add("facet_size", std::to_string(req.facet_limit));
  if (!req.collapse) add("collapse", "0");
  if (!req.like.empty()) add("like", req.like);
  if (req.match_all) add("all", "1");
  if (!req.stop_words) add("stopwords", "0");
  if (!req.compounds) add("compounds", "0");
  if (!req.name_variants) add("variants", "0");
  if (req.proximity != SearchRequest{}.proximity) {
    std::array<char, 32> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), req.proximity);
    add("proximity", std::string(buf.data(), ec == std::errc() ? end : buf.data()));
  }
  if (req.expand_terms > 0) add("expand", std::to_string(req.expand_terms));
  return out;
}

std::string error_json(unsigned status, std::string_view message) {
  return nlohmann::ordered_json{{"error", {{"status", status}, {"message", std::string(message)}}}}.dump(-1, ' ', false,
                                                                                    json::error_handler_t::replace) +
         "\n";
}

}  // namespace pt::server
