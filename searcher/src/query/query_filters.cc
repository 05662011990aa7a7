// Finding and removing filter clauses in the query text, respecting quotes.
#include "query_filters.h"

#include <array>
#include <string_view>
#include <vector>

#include "pt/ascii.h"
#include "pt/error.h"

namespace pt {
namespace {

constexpr std::array<std::string_view, 6> kFields = {"source", "actor", "author", "date", "year", "month"};


// Typographic double quotes, as UTF-8, that may enclose a value.
bool quote_at(std::string_view s, std::size_t i, std::size_t& len) {
  if (s[i] == '"') return len = 1, true;
  for (std::string_view q : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB"})
    if (s.substr(i, q.size()) == q) return len = q.size(), true;
  return false;
}

void set_dates(std::string_view value, SearchFilters& f) {
  if (!f.from.empty() || !f.to.empty()) throw QueryError("only one date range per search (date:" + std::string(value) + ")");
  const auto dots = value.find("..");
  if (dots == std::string_view::npos) {
    f.from = f.to = std::string(value);
    return;
  }
  f.from = std::string(value.substr(0, dots));
  f.to = std::string(value.substr(dots + 2));
  if (f.from.empty() && f.to.empty()) throw QueryError("date:.. needs a date on at least one side");
}

// Taking "source:a OR source:b" out leaves "OR": AND/OR left with nothing on one side go too
// (values of one field are alternatives anyway). A NOT that excluded a filter cannot be honoured.
std::string drop_dangling_operators(const std::string& rest, bool took) {
  if (!took) return rest;
  std::vector<std::string> chunks;
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && ascii::is_space(rest[i])) ++i;
    std::size_t end = i;
    bool quoted = false;
    while (end < rest.size() && (quoted || !ascii::is_space(rest[end]))) quoted ^= rest[end++] == '"';
    if (end > i) chunks.push_back(rest.substr(i, end - i));
    i = end;
  }
  const auto is_op = [](const std::string& c) { return c == "AND" || c == "OR" || c == "XOR"; };
  std::vector<std::string> kept;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const bool dangling = kept.empty() || k + 1 == chunks.size() || is_op(chunks[k + 1]) || chunks[k + 1] == "NOT";
    if (is_op(chunks[k]) && dangling) continue;
    if (chunks[k] == "NOT" && (k + 1 == chunks.size() || is_op(chunks[k + 1])))
      throw QueryError("NOT before a filter is not supported: filters only narrow a search");
    kept.push_back(chunks[k]);
  }
  std::string out;
  for (const auto& c : kept) out.append(out.empty() ? "" : " ").append(c);
  return out;
}

}  // namespace

void take_query_filters(std::string& query, SearchFilters& filters) {
  std::string rest;
  std::size_t i = 0;
  bool in_phrase = false, took = false;
  while (i < query.size()) {
    std::size_t qlen = 0;
    if (quote_at(query, i, qlen)) {
      in_phrase = !in_phrase;
      rest.append(query, i, qlen);
      i += qlen;
      continue;
    }
    const bool word_start = i == 0 || ascii::is_space(query[i - 1]) || query[i - 1] == '(';
    std::string_view field;
    if (!in_phrase && word_start) {
      for (auto f : kFields)
        if (query.compare(i, f.size(), f) == 0 && i + f.size() < query.size() && query[i + f.size()] == ':') field = f;
    }
    if (field.empty()) {
      rest += query[i++];
      continue;
    }
    std::size_t at = i + field.size() + 1;
    std::string value;
    if (at < query.size() && quote_at(query, at, qlen)) {
      at += qlen;
      std::size_t close_len = 0;
      std::size_t end = at;
      while (end < query.size() && !quote_at(query, end, close_len)) ++end;
      if (end >= query.size()) throw QueryError(std::string(field) + ": value opened with \" but never closed");
      value = query.substr(at, end - at);
      at = end + close_len;
    } else {
      std::size_t end = at;
      while (end < query.size() && !ascii::is_space(query[end]) && query[end] != ')') ++end;
      value = query.substr(at, end - at);
      at = end;
    }
    if (value.find_first_not_of(" \t") == std::string::npos)
      throw QueryError(std::string(field) + ": needs a value (e.g. " + std::string(field) + ":\"...\")");
    if (field == "source") filters.sources.push_back(value);
    else if (field == "actor") filters.actors.push_back(value);
    else if (field == "author") filters.authors.push_back(value);
    else if (field == "year") filters.years.push_back(value);
    else if (field == "month") filters.months.push_back(value);
    else set_dates(value, filters);
    i = at;
    took = true;
  }
  query = drop_dangling_operators(rest, took);
}

}  // namespace pt
