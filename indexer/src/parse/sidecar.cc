// Explicit metadata as JSON: sidecar NAME.meta.json files and the fields of JSONL articles.
#include "json_meta.h"

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

// A bad field: apply_sidecar turns it into a ConfigError, JSONL reading into a warning.
struct FieldError {
  std::string what;
};

[[noreturn]] void fail(const std::string& what) { throw FieldError{what}; }

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
std::optional<std::string> string_field(const json& object, const std::string& key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(key + ": expected a string, got " + it->type_name());
  auto value = one_line(it->get_ref<const std::string&>());
  if (value.empty()) return std::nullopt;
  return value;
}

Origin json_origin(std::string_view kind, std::string_view key, std::string_view value) {
  return Origin{std::string(kind), clip_evidence(std::string(key) + ": " + std::string(value))};
}

std::optional<Outlet> outlet_field(const json& object, const std::string& key, std::string_view kind) {
  auto name = string_field(object, key);
  if (!name) return std::nullopt;
  auto slug = slugify(*name);
  if (slug.empty()) fail(key + ": '" + *name + "' has no letters or digits");
  auto origin = json_origin(kind, key, *name);
  return Outlet{std::move(*name), std::move(slug), std::move(origin)};
}

// The first of `keys` the object has (the first key when none).
const std::string& present_key(const json& object, const std::vector<std::string>& keys) {
  for (const auto& k : keys)
    if (object.contains(k)) return k;
  return keys.front();
}

// Authors: "A and B" or ["A", "B"]; nullopt when not given.
std::optional<std::vector<Author>> authors_field(const json& object, const std::vector<std::string>& keys,
                                                 std::string_view kind) {
  const std::string& key = present_key(object, keys);
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
        fail(key + "[" + std::to_string(i) + "]: expected a string, got " + item.type_name());
      auto name = one_line(item.get_ref<const std::string&>());
      if (!name.empty()) names.emplace_back(name, name);
    }
  } else {
    fail(key + ": expected a string or an array of strings, got " + it->type_name());
  }
  if (names.empty()) return std::nullopt;
  std::vector<Author> authors;
  for (auto& [name, value] : names) {
    auto slug = slugify(name);
    if (slug.empty()) fail(key + ": '" + name + "' has no letters or digits");
    if (has_author(authors, slug)) continue;
    authors.push_back(Author{std::move(name), std::move(slug), json_origin(kind, key, value)});
  }
  return authors;
}

// Runs one field's reader: a bad field throws (strict) or is reported and left out (lenient).
template <typename Read>
auto field(Read read, std::vector<std::string>* problems) -> decltype(read()) {
  try {
    return read();
  } catch (const FieldError& e) {
    if (!problems) throw;
    problems->push_back(e.what);
    return {};
  }
}

}  // namespace

std::string json_error_message(const std::exception& e) { return json_message(e); }

void apply_json_meta(const nlohmann::json& doc, Article& article, std::string_view kind, const JsonMetaKeys& keys,
                     std::vector<std::string>* problems) {
  // Everything is read and checked before the article changes: a strict read that fails leaves it as it was.
  const auto title = field([&] { return string_field(doc, present_key(doc, keys.title)); }, problems);
  auto source = field([&] { return outlet_field(doc, present_key(doc, keys.source), kind); }, problems);
  auto original = field([&] { return outlet_field(doc, present_key(doc, keys.original_source), kind); }, problems);
  const auto url = field([&] { return string_field(doc, present_key(doc, keys.url)); }, problems);
  auto authors = field([&] { return authors_field(doc, keys.authors, kind); }, problems);
  auto date = field(
      [&]() -> std::optional<PubDate> {
        const std::string& key = present_key(doc, keys.date);
        const auto written = string_field(doc, key);
        if (!written) return std::nullopt;
        auto parsed = parse_metadata_date(*written);
        if (!parsed) fail(key + ": impossible or unrecognised date '" + *written + "'");
        parsed->origin = json_origin(kind, key, *written);
        return parsed;
      },
      problems);

  if (title) article.title = fit_title(*title);
  if (source) article.meta.source = std::move(source);
  if (original) article.meta.original_source = std::move(original);
  if (date) article.meta.date = std::move(date);
  if (authors) article.meta.authors = std::move(*authors);
  if (url) article.meta.url = *url;
}

void apply_sidecar(std::string_view text, Article& article) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    throw ConfigError("sidecar: invalid JSON: " + json_message(e));
  }
  if (!doc.is_object()) throw ConfigError(std::string("sidecar: expected a JSON object, got ") + doc.type_name());
  try {
    apply_json_meta(doc, article, "sidecar", JsonMetaKeys{}, nullptr);
  } catch (const FieldError& e) {
    throw ConfigError("sidecar: " + e.what);
  }
}

}  // namespace pt::indexer
