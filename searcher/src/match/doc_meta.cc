// The record's metadata field as DocumentMeta: the binary layout of pt/schema.h, or the JSON of indexes made before it.
#include "doc_meta.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "pt/byte_codec.h"
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

MetaValue value(bytes::Reader& in) {
  MetaValue v;
  v.name = in.string();
  v.slug = in.string();
  v.how = in.string();
  v.evidence = in.string();
  return v;
}

// A count of items of at least `min_bytes` each, checked against what is left so that a corrupt
// count cannot reserve gigabytes.
std::size_t count(bytes::Reader& in, std::size_t left, std::size_t min_bytes) {
  const auto n = in.varint();
  if (n > left / min_bytes) in.fail("claims " + std::to_string(n) + " items");
  return static_cast<std::size_t>(n);
}

DocumentMeta from_bytes(std::string_view blob) {
  bytes::Reader in(blob, "document metadata");
  if (in.byte() != schema::kMetaBytesVersion) in.fail("has an unknown layout version (a newer ptindex made this index)");
  const auto flags = in.byte();
  DocumentMeta m;
  if (flags & schema::kMetaHasSource) m.source = value(in);
  if (flags & schema::kMetaHasOriginalSource) m.original_source = value(in);
  if (flags & schema::kMetaHasDate) {
    m.date = value(in);
    m.date_precision = std::move(m.date->slug);  // the layout's slug place holds the precision
    m.date->slug.clear();
  }
  m.url = in.string();
  const auto authors = count(in, blob.size(), 4);
  m.authors.reserve(authors);
  for (std::size_t i = 0; i < authors; ++i) m.authors.push_back(value(in));
  const auto actors = count(in, blob.size(), 14);
  m.actors.reserve(actors);
  for (std::size_t i = 0; i < actors; ++i) {
    ActorValue a;
    static_cast<MetaValue&>(a) = value(in);
    a.type = in.string();
    const auto mentions = in.varint();
    if (mentions > std::numeric_limits<unsigned>::max()) in.fail("has an actor mentioned " + std::to_string(mentions) + " times");
    a.mentions = static_cast<unsigned>(mentions);
    a.salience = in.float64();
    m.actors.push_back(std::move(a));
  }
  if (!in.done()) in.fail("has trailing bytes");
  return m;
}

DocumentMeta from_json(const std::string& blob) {
  DocumentMeta m;
  try {
    const auto j = nlohmann::json::parse(blob);
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

}  // namespace

DocumentMeta read_document_meta(const Record& record) {
  for (const auto& [k, v] : record.fields) {
    if (k == schema::kFieldMetaBytes) return from_bytes(v);
    if (k == schema::kFieldMeta) return from_json(v);
  }
  return {};
}

}  // namespace pt
