// The record's "meta" JSON (written by indexer/src/write/meta_index.cc) as DocumentMeta.
#include "doc_meta.h"

#include <nlohmann/json.hpp>

#include "pt/error.h"
#include "pt/schema.h"

namespace pt {
namespace {

std::string text(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

MetaValue value(const nlohmann::json& j, const char* name_key = "name") {
  return MetaValue{text(j, name_key), text(j, "slug"), text(j, "how"), text(j, "evidence")};
}

}  // namespace

DocumentMeta read_document_meta(const Record& record) {
  DocumentMeta m;
  const std::string* blob = nullptr;
  for (const auto& [k, v] : record.fields)
    if (k == schema::kFieldMeta) blob = &v;
  if (!blob) return m;
  try {
    const auto j = nlohmann::json::parse(*blob);
    if (j.contains("source")) m.source = value(j["source"]);
    if (j.contains("original_source")) m.original_source = value(j["original_source"]);
    if (j.contains("date")) {
      m.date = value(j["date"], "iso");
      m.date_precision = text(j["date"], "precision");
    }
    for (const auto& a : j.value("authors", nlohmann::json::array())) m.authors.push_back(value(a));
    m.url = text(j, "url");
    for (const auto& a : j.value("actors", nlohmann::json::array())) {
      ActorValue actor;
      static_cast<MetaValue&>(actor) = value(a);
      actor.type = text(a, "type");
      actor.mentions = a.value("mentions", 0u);
      actor.salience = a.value("salience", 0.0);
      m.actors.push_back(std::move(actor));
    }
  } catch (const nlohmann::json::exception& e) {
    throw RecordError(std::string("document metadata is corrupt: ") + e.what());
  }
  return m;
}

}  // namespace pt
