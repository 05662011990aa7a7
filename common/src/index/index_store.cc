// Opening indexes read-only and translating Xapian errors into pt errors.
#include "pt/index_store.h"

#include <filesystem>

#include "pt/error.h"
#include "pt/schema.h"

namespace pt {

IndexMeta read_index_meta(const Xapian::Database& db) {
  IndexMeta m;
  const auto schema = db.get_metadata(std::string(schema::kMetaSchema));
  if (!schema.empty()) {
    try {
      m.schema = std::stoi(schema);
    } catch (const std::exception&) {
      m.schema = -1;
    }
  }
  m.language = db.get_metadata(std::string(schema::kMetaLanguage));
  m.settings = db.get_metadata(std::string(schema::kMetaSettings));
  m.corpus_root = db.get_metadata(std::string(schema::kMetaCorpusRoot));
  m.user_actors = db.get_metadata(std::string(schema::kMetaUserActors));
  return m;
}

[[noreturn]] void rethrow_xapian(const Xapian::Error& e, const std::string& context) {
  const std::string msg = context + ": " + e.get_type() + ": " + e.get_msg();
  const std::string type = e.get_type();
  if (type == "QueryParserError") throw QueryError(msg);
  if (type.find("Database") != std::string::npos) throw IndexError(msg);
  throw Error(msg);
}

Xapian::Database open_index_for_reading(const std::string& path, IndexMeta* meta_out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw IndexError("no index at " + path + " (build one with: ptindex build CORPUS_DIR --index " + path + ")");
  Xapian::Database db;
  try {
    db = Xapian::Database(path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw IndexError(path + " is not a ptsearch index (build one with: ptindex build CORPUS_DIR --index " + path + ")");
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "cannot open index " + path);
  }
  IndexMeta meta;
  try {
    meta = read_index_meta(db);
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "cannot read index " + path);
  }
  if (meta.schema == 0 && db.get_doccount() == 0 && meta.language.empty())
    throw IndexError("index " + path + " is empty or not a ptsearch index (build one with: ptindex build CORPUS_DIR --index " +
                     path + ")");
  if (meta.schema != schema::kVersion) {
    const std::string rebuild = "ptindex build " + (meta.corpus_root.empty() ? std::string("CORPUS_DIR") : meta.corpus_root) +
                                " --index " + path + " --rebuild";
    if (meta.schema <= 0)
      throw SchemaMismatchError("index " + path + " was not written by ptsearch (no schema version); rebuild it with: " + rebuild);
    throw SchemaMismatchError("index " + path + " has schema version " + std::to_string(meta.schema) +
                              ", this program reads version " + std::to_string(schema::kVersion) +
                              "; rebuild it with: " + rebuild);
  }
  if (meta_out) *meta_out = meta;
  return db;
}

}  // namespace pt
