// Record compression dictionaries in Xapian metadata: storing, finding the current one, a decoder.
#include "pt/record_store.h"

#include "pt/error.h"
#include "pt/index_store.h"
#include "pt/schema.h"

namespace pt {
namespace {

std::string bytes_key(std::uint32_t id) { return std::string(schema::kMetaRecordDictionaryPrefix) + dictionary_id_hex(id); }

}  // namespace

void store_record_dictionaries(Xapian::WritableDatabase& db, const RecordDictionaries& dictionaries) {
  auto store = [&db](const std::optional<RecordDictionary>& dictionary, std::string_view current_key) {
    if (!dictionary) return;
    try {
      const std::string key = bytes_key(dictionary->id());
      if (db.get_metadata(key) != dictionary->bytes()) db.set_metadata(key, dictionary->bytes());
      const std::string current(current_key);
      if (db.get_metadata(current) != dictionary->id_hex()) db.set_metadata(current, dictionary->id_hex());
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot store record compression dictionary " + dictionary->id_hex());
    }
  };
  store(dictionaries.head, schema::kMetaRecordHeadDictionary);
  store(dictionaries.body, schema::kMetaRecordDictionary);
}

std::optional<RecordDictionary> find_record_dictionary(const Xapian::Database& db, std::uint32_t id,
                                                       const std::string& index_name) {
  const std::string key = bytes_key(id);
  std::string bytes = db.get_metadata(key);
  if (bytes.empty()) return std::nullopt;
  std::optional<RecordDictionary> dictionary;
  try {
    dictionary.emplace(std::move(bytes));
  } catch (const RecordError& e) {
    throw IndexError("index " + index_name + ": metadata " + key + " is corrupt: " + e.what());
  }
  if (dictionary->id() != id)
    throw IndexError("index " + index_name + ": metadata " + key + " holds dictionary " + dictionary->id_hex() +
                     ", not " + dictionary_id_hex(id));
  return dictionary;
}

RecordDictionaries current_record_dictionaries(const Xapian::Database& db, const std::string& index_name) {
  auto current = [&](std::string_view current_key) -> std::optional<RecordDictionary> {
    const std::string hex = db.get_metadata(std::string(current_key));
    if (hex.empty()) return std::nullopt;
    const auto id = parse_dictionary_id(hex);
    if (!id || *id == 0)
      throw IndexError("index " + index_name + ": metadata " + std::string(current_key) + " is '" + hex +
                       "', not a dictionary id (8 hex digits)");
    auto dictionary = find_record_dictionary(db, *id, index_name);
    if (!dictionary)
      throw IndexError("index " + index_name + " names record compression dictionary " + hex +
                       " as current but does not hold it (no metadata " + bytes_key(*id) + ")");
    return dictionary;
  };
  try {
    return {current(schema::kMetaRecordHeadDictionary), current(schema::kMetaRecordDictionary)};
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "cannot read the record compression dictionaries of index " + index_name);
  }
}

RecordDecoder record_decoder_for(const Xapian::Database& db, const std::string& index_name) {
  auto lookup = [db, index_name](std::uint32_t id) -> std::optional<RecordDictionary> {
    try {
      return find_record_dictionary(db, id, index_name);
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;  // the caller reopens and retries
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot read record compression dictionary " + dictionary_id_hex(id) + " from index " + index_name);
    }
  };
  return RecordDecoder(std::move(lookup), "index " + index_name);
}

}  // namespace pt
