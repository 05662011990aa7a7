// Opening a ptsearch Xapian index and checking its recorded schema (internal: exposes Xapian types).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace pt {

// What an index records about how it was built.
struct IndexMeta {
  int schema = 0;            // 0 when the database holds no ptsearch schema key
  std::string language;      // analysis language used for every document
  std::string settings;      // analyzer fingerprint
  std::string corpus_root;   // absolute path of the corpus the index mirrors
  std::string user_actors;   // text of the user's gazetteer file (--actors), empty when none
  unsigned shards = 1;         // databases searched together (open_index_for_reading fills these two)
  unsigned remote_shards = 0;  // of which behind a remote server
};

IndexMeta read_index_meta(const Xapian::Database& db);

// One database an index path stands for. An index is a glass folder, a single-file glass
// database, or a Xapian stub (a text file, or a folder holding a file XAPIANDB) listing shards:
// `auto PATH` / `glass PATH` (relative to the stub's folder), `remote HOST:PORT` (xapian-tcpsrv),
// `remote :PROGRAM ARGS` (xapian-progsrv over a pipe, e.g. through ssh).
struct IndexPart {
  bool remote = false;
  std::string location;  // local: the path as the stub resolves it; remote: what follows "remote "
};

// The databases `path` opens as, stubs followed (nested ones too); {path} itself when it is a
// plain database. Throws IndexError for a missing path or a stub line Xapian would refuse.
std::vector<IndexPart> index_parts(const std::string& path);

// Opens an index for reading (a folder, a single file, or a stub of local and remote shards); throws IndexError (missing, not an index, corrupt) or
// SchemaMismatchError (another schema version, with how to rebuild). Every shard of a stub must
// record the same schema, language and settings as the first one (IndexError otherwise).
Xapian::Database open_index_for_reading(const std::string& path, IndexMeta* meta_out = nullptr);

// Translates a Xapian exception into the pt::Error family, prefixed with context.
[[noreturn]] void rethrow_xapian(const Xapian::Error& e, const std::string& context);

}  // namespace pt
