// Sidecar NAME.meta.json files: explicit metadata beside an article, applied over what was read.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "explicit_meta.h"
#include "pt/error.h"
#include "pt/utf8.h"

namespace pt::indexer {

namespace {

using nlohmann::json;

// The helpers below mirror front_matter.cc's (there is no shared private header for them yet).

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\n\r\f\v");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\n\r\f\v");
  return s.substr(b, e - b + 1);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// Titles and names are one line: runs of white space become one space.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space) out += c;
    else if (out.back() != ' ') out += ' ';  // never first: s is trimmed
  }
  return out;
}

std::string clip_evidence(std::string_view s) {
  constexpr std::size_t kMax = 160;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, utf8::safe_prefix(s, kMax))) + "\xE2\x80\xA6";
}

std::string fit_title(std::string_view title) {
  if (title.size() <= kMaxTitleBytes) return std::string(title);
  auto cut = utf8::safe_prefix(title, kMaxTitleBytes - 3);
  if (const auto space = title.substr(0, cut).find_last_of(' '); space != std::string_view::npos && space > cut / 2)
    cut = space;
  return std::string(trim(title.substr(0, cut))) + "\xE2\x80\xA6";
}

// "A, B and C" / "A & B" / "A; B" -> names; "Jr." stays with its name.
std::vector<std::string> split_names(std::string_view text) {
  std::string joined;
  for (std::size_t p = 0; p < text.size();) {
    const auto here = text.substr(p);
    if (here.size() >= 5 && iequals(here.substr(0, 5), " and ")) {
      joined += ',';
      p += 5;
    } else if (here.starts_with(" & ")) {
      joined += ',';
      p += 3;
    } else {
      joined += text[p++];
    }
  }
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos <= joined.size()) {
    auto end = joined.find_first_of(",;", pos);
    if (end == std::string::npos) end = joined.size();
    const auto name = trim(std::string_view(joined).substr(pos, end - pos));
    if (!names.empty() && (iequals(name, "jr") || iequals(name, "jr.") || iequals(name, "sr") ||
                           iequals(name, "sr.") || iequals(name, "ii") || iequals(name, "iii")))
      names.back() += ", " + std::string(name);
    else if (!name.empty())
      names.emplace_back(name);
    pos = end + 1;
  }
  return names;
}

[[noreturn]] void fail(const std::string& what) { throw ConfigError("sidecar: " + what); }

// nlohmann's messages start with "[json.exception.parse_error.101] ": the rest is what a user needs.
// They quote the bytes last read, which may be the invalid UTF-8 that failed: those become '?' so
// the message itself is printable.
std::string json_message(const std::exception& e) {
  std::string_view m = e.what();
  if (m.starts_with("[json.exception.")) {
    if (const auto close = m.find("] "); close != std::string_view::npos) m.remove_prefix(close + 2);
  }
  std::string out;
  while (const auto bad = utf8::first_invalid(m)) {
    out.append(m.substr(0, *bad));
    out += '?';
    m.remove_prefix(*bad + 1);
  }
  out.append(m);
  return out;
}

// A string field: nullopt when absent, null or blank (not given); any other type is an error.
std::optional<std::string> string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(std::string(key) + ": expected a string, got " + it->type_name());
  auto value = one_line(it->get_ref<const std::string&>());
  if (value.empty()) return std::nullopt;
  return value;
}

Origin sidecar_origin(std::string_view key, std::string_view value) {
  return Origin{"sidecar", clip_evidence(std::string(key) + ": " + std::string(value))};
}

std::optional<Outlet> outlet_field(const json& object, const char* key) {
  auto name = string_field(object, key);
  if (!name) return std::nullopt;
  auto slug = slugify(*name);
  if (slug.empty()) fail(std::string(key) + ": '" + *name + "' has no letters or digits");
  auto origin = sidecar_origin(key, *name);
  return Outlet{std::move(*name), std::move(slug), std::move(origin)};
}

// "authors": "A and B" or ["A", "B"] (also under "author"); nullopt when not given.
std::optional<std::vector<Author>> authors_field(const json& object) {
  const char* key = object.contains("authors") ? "authors" : "author";
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> names;  // name, evidence value
  if (it->is_string()) {
    const auto value = one_line(it->get_ref<const std::string&>());
    for (auto& name : split_names(value)) names.emplace_back(std::move(name), value);
  } else if (it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& item = (*it)[i];
      if (!item.is_string())
        fail(std::string(key) + "[" + std::to_string(i) + "]: expected a string, got " + item.type_name());
      auto name = one_line(item.get_ref<const std::string&>());
      if (!name.empty()) names.emplace_back(name, name);
    }
  } else {
    fail(std::string(key) + ": expected a string or an array of strings, got " + it->type_name());
  }
  if (names.empty()) return std::nullopt;
  std::vector<Author> authors;
  for (auto& [name, value] : names) {
    auto slug = slugify(name);
    if (slug.empty()) fail(std::string(key) + ": '" + name + "' has no letters or digits");
    if (std::any_of(authors.begin(), authors.end(), [&](const Author& a) { return a.slug == slug; })) continue;
    authors.push_back(Author{std::move(name), std::move(slug), sidecar_origin(key, value)});
  }
  return authors;
}

}  // namespace

void apply_sidecar(std::string_view text, Article& article) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    fail("invalid JSON: " + json_message(e));
  }
  if (!doc.is_object()) fail(std::string("expected a JSON object, got ") + doc.type_name());

  // Everything is read and checked before the article changes: a bad sidecar leaves it as it was.
  const auto title = string_field(doc, "title");
  auto source = outlet_field(doc, "source");
  auto original = outlet_field(doc, "original_source");
  const auto url = string_field(doc, "url");
  auto authors = authors_field(doc);
  std::optional<PubDate> date;
  if (const auto written = string_field(doc, "date")) {
    date = parse_metadata_date(*written);
    if (!date) fail("date: impossible or unrecognised date '" + *written + "'");
    date->origin = sidecar_origin("date", *written);
  }

  if (title) article.title = fit_title(*title);
  if (source) article.meta.source = std::move(source);
  if (original) article.meta.original_source = std::move(original);
  if (date) article.meta.date = std::move(date);
  if (authors) article.meta.authors = std::move(*authors);
  if (url) article.meta.url = *url;
}

}  // namespace pt::indexer
