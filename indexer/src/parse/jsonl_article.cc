// JSONL articles: field mapping and one line's JSON object turned into an id and an article.
#include <nlohmann/json.hpp>

#include "json_meta.h"
#include "meta_values.h"
#include "pt/error.h"
#include "ptindex/jsonl.h"

namespace pt::indexer {

namespace {
using nlohmann::json;

const std::string* find_key(const json& object, const std::vector<std::string>& keys) {
  for (const auto& k : keys)
    if (object.contains(k)) return &k;
  return nullptr;
}

std::string keys_text(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "'" : " or '") + k + "'";
  return out;
}
}  // namespace

std::string JsonlFields::field_names() { return "id, title, body, source, date, authors, url"; }

void JsonlFields::map(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == assignment.size())
    throw ConfigError("field mapping '" + std::string(assignment) + "' is not NAME=KEY (e.g. body=content)");
  const std::string name(assignment.substr(0, eq));
  std::vector<std::string> key{std::string(assignment.substr(eq + 1))};
  if (name == "id") id = key;
  else if (name == "title") title = key;
  else if (name == "body") body = key;
  else if (name == "source") source = key;
  else if (name == "date") date = key;
  else if (name == "authors") authors = key;
  else if (name == "url") url = key;
  else throw ConfigError("unknown field '" + name + "' in --field (choose one of: " + field_names() + ")");
}

std::optional<JsonlArticle> parse_jsonl_line(std::string_view line, const JsonlFields& fields, std::string& problem,
                                             std::vector<std::string>& warnings) {
  json doc;
  try {
    doc = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {
    problem = "invalid JSON: " + json_error_message(e);
    return std::nullopt;
  }
  if (!doc.is_object()) {
    problem = std::string("expected a JSON object, got ") + doc.type_name();
    return std::nullopt;
  }
  JsonlArticle out;
  const std::string* id_key = find_key(doc, fields.id);
  if (!id_key) {
    problem = "no id (" + keys_text(fields.id) + "; see --field id=KEY)";
    return std::nullopt;
  }
  const json& id = doc[*id_key];
  if (id.is_string()) out.id = id.get<std::string>();
  else if (id.is_number_integer()) out.id = id.dump();
  else {
    problem = *id_key + ": expected a string or an integer, got " + std::string(id.type_name());
    return std::nullopt;
  }
  if (out.id.empty() || out.id.find_first_of("\n\r") != std::string::npos) {
    problem = *id_key + ": an id must be non-empty and one line";
    return std::nullopt;
  }
  if (const std::string* body_key = find_key(doc, fields.body)) {
    const json& body = doc[*body_key];
    if (!body.is_string() && !body.is_null()) {
      problem = *body_key + ": expected a string, got " + std::string(body.type_name());
      return std::nullopt;
    }
    if (body.is_string()) out.article.body = normalize_text(body.get_ref<const std::string&>());
  }
  if (out.article.body.find('\0') != std::string::npos) {
    problem = "body holds a NUL character";
    return std::nullopt;
  }
  JsonMetaKeys keys;
  keys.title = fields.title;
  keys.source = fields.source;
  keys.date = fields.date;
  keys.authors = fields.authors;
  keys.url = fields.url;
  std::vector<std::string> bad;
  apply_json_meta(doc, out.article, "jsonl", keys, &bad);
  for (auto& b : bad) warnings.push_back(std::move(b) + " (left out)");
  if (out.article.title.empty() && out.article.body.find_first_not_of(" \t\n") == std::string::npos) {
    problem = "neither title nor body (" + keys_text(fields.title) + ", " + keys_text(fields.body) + ")";
    return std::nullopt;
  }
  return out;
}

}  // namespace pt::indexer
