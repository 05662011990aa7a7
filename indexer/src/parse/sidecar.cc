// Sidecar NAME.meta.json files: explicit metadata beside an article, applied over what was read.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "explicit_meta.h"
#include "meta_values.h"
#include "pt/error.h"
#include "pt/utf8.h"

namespace pt::indexer {

namespace {

using nlohmann::json;

using namespace meta;  // meta_values.h: the helpers the readers share

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
    // A field of its own, not a byline: a leading "By" is not taken off.
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
    if (has_author(authors, slug)) continue;
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
