// Keeping record compression dictionaries in an index's metadata (internal: exposes Xapian types).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

#include "pt/record.h"

namespace pt {

// Stores each dictionary's bytes under "ptsearch.record_dictionary.<id hex>" and makes them the
// ones writers use ("ptsearch.record_dictionary" = the body's id, "ptsearch.record_head_dictionary"
// = the head's). A missing one leaves the index's current one of that kind as it is. Writes only
// keys whose value changes, so storing the dictionaries an index already has leaves the index as
// it was; the caller commits. Dictionaries stored before stay: records written with them still
// need them. Shards: call it on every shard with the same dictionaries. Over a stub of several
// shards, reads of metadata see the first shard only, which then holds every dictionary any
// shard's records use. Throws IndexError when Xapian fails.
void store_record_dictionaries(Xapian::WritableDatabase& db, const RecordDictionaries& dictionaries);

// The dictionaries writers should use; either is nullopt when the index has none of that kind
// (new, built without, or, for heads, built before head dictionaries). Throws IndexError naming
// `index_name` when the metadata is broken (bad id, missing or corrupt bytes) or Xapian fails.
RecordDictionaries current_record_dictionaries(const Xapian::Database& db, const std::string& index_name = "(unnamed)");

// The dictionary stored with that id, or nullopt. Throws IndexError when the stored bytes are not
// that dictionary. Xapian errors are left to the caller (a DatabaseModifiedError means: reopen, retry).
std::optional<RecordDictionary> find_record_dictionary(const Xapian::Database& db, std::uint32_t id,
                                                       const std::string& index_name = "(unnamed)");

// A decoder that loads dictionaries from db's metadata on first use. It keeps a copy of the handle,
// which shares db's state: reopening db reopens it too (assigning another Database to db does not:
// make a new decoder then). A dictionary the index lacks throws RecordError "record uses compression
// dictionary X, which index NAME does not hold"; Xapian's DatabaseModifiedError passes through
// untranslated so a caller's reopen-and-retry loop sees it, other Xapian errors become IndexError.
RecordDecoder record_decoder_for(const Xapian::Database& db, const std::string& index_name);

}  // namespace pt
