// Opening a ptsearch Xapian index and checking its recorded schema (internal: exposes Xapian types).
#pragma once

#include <xapian.h>

#include <string>

namespace pt {

// What an index records about how it was built.
struct IndexMeta {
  int schema = 0;            // 0 when the database holds no ptsearch schema key
  std::string language;      // analysis language used for every document
  std::string settings;      // analyzer fingerprint
  std::string corpus_root;   // absolute path of the corpus the index mirrors
  std::string user_actors;   // text of the user's gazetteer file (--actors), empty when none
};

IndexMeta read_index_meta(const Xapian::Database& db);

// Opens an index for reading; throws IndexError (missing, not an index, corrupt) or
// SchemaMismatchError (another schema version, with how to rebuild).
Xapian::Database open_index_for_reading(const std::string& path, IndexMeta* meta_out = nullptr);

// Translates a Xapian exception into the pt::Error family, prefixed with context.
[[noreturn]] void rethrow_xapian(const Xapian::Error& e, const std::string& context);

}  // namespace pt
