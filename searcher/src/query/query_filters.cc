// Finding and removing filter clauses in the query text, respecting quotes.
#include "query_filters.h"

#include <array>
#include <string_view>

#include "pt/error.h"

namespace pt {
namespace {

constexpr std::array<std::string_view, 6> kFields = {"source", "actor", "author", "date", "year", "month"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

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

}  // namespace

void take_query_filters(std::string& query, SearchFilters& filters) {
  std::string rest;
  std::size_t i = 0;
  bool in_phrase = false;
  while (i < query.size()) {
    std::size_t qlen = 0;
    if (quote_at(query, i, qlen)) {
      in_phrase = !in_phrase;
      rest.append(query, i, qlen);
      i += qlen;
      continue;
    }
    const bool word_start = i == 0 || is_space(query[i - 1]) || query[i - 1] == '(';
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
      while (end < query.size() && !is_space(query[end]) && query[end] != ')') ++end;
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
  }
  query = rest;
}

}  // namespace pt
