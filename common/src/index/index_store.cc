// Opening indexes read-only (plain, single-file, stubs of local and remote shards) and translating Xapian errors into pt errors.
#include "pt/index_store.h"

#include <cerrno>
#include <cstring>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "pt/error.h"
#include "pt/schema.h"

namespace pt {

namespace {

namespace fs = std::filesystem;

constexpr int kMaxStubDepth = 8;  // a stub listing itself (directly or not) must not loop forever

std::string build_hint(const std::string& path) { return " (build one with: ptindex build CORPUS_DIR --index " + path + ")"; }

// Stubs are text; a single-file glass database starts with binary bytes (its version header).
bool looks_like_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char buf[512];
  in.read(buf, sizeof buf);
  const auto n = in.gcount();
  for (std::streamsize i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(buf[i]);
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return false;
  }
  return true;
}

void collect_parts(const fs::path& path, int depth, std::vector<IndexPart>& out);

// The lines of a stub, read as Xapian reads them (databasehelpers.h: "TYPE REST", '#' comments,
// relative paths against the stub's folder).
void collect_stub(const fs::path& stub, int depth, std::vector<IndexPart>& out) {
  std::ifstream in(stub);
  if (!in) throw IndexError("cannot read the stub " + stub.string());
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    const std::string where = stub.string() + ":" + std::to_string(number);
    if ((type == "auto" || type == "glass") && !rest.empty()) {
      const fs::path target = fs::path(rest).is_absolute() ? fs::path(rest) : stub.parent_path() / rest;
      if (type == "glass") {
        out.push_back({false, target.string()});
      } else {
        collect_parts(target, depth + 1, out);
      }
    } else if (type == "remote" && !rest.empty()) {
      if (rest[0] != ':') {
        const auto colon = rest.rfind(':');
        unsigned port = 0;
        const char* end = rest.data() + rest.size();
        const bool ok = colon != std::string::npos && colon > 0 &&
                        std::from_chars(rest.data() + colon + 1, end, port).ptr == end && colon + 1 < rest.size();
        if (!ok) throw IndexError(where + ": a remote shard is written 'remote HOST:PORT' or 'remote :PROGRAM ARGS'");
      }
      out.push_back({true, rest});
    } else {
      throw IndexError(stub.string() + " is not a ptsearch index, nor a stub listing shards (" + where +
                       ": expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT')" + build_hint(stub.string()));
    }
  }
}

void collect_parts(const fs::path& path, int depth, std::vector<IndexPart>& out) {
  if (depth > kMaxStubDepth) throw IndexError("stubs nested too deeply (a loop?) at " + path.string());
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st)) throw IndexError("no index at " + path.string() + build_hint(path.string()));
  if (fs::is_directory(st)) {
    if (!fs::exists(path / "iamglass", ec) && fs::exists(path / "XAPIANDB", ec)) return collect_stub(path / "XAPIANDB", depth, out);
  } else if (fs::is_regular_file(st) && looks_like_text(path)) {
    return collect_stub(path, depth, out);
  }
  out.push_back({false, path.string()});  // a glass folder or single file (or not an index: opening says so)
}

// Opens one shard on its own, so that its metadata can be checked.
Xapian::Database open_part(const IndexPart& part, const std::string& index) {
  if (!part.remote) {
    try {
      return Xapian::Database(part.location);
    } catch (const Xapian::DatabaseNotFoundError&) {
      throw IndexError(part.location + " is not a ptsearch index" + build_hint(part.location));
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (e.get_msg().find("detect type") != std::string::npos)
        throw IndexError(part.location + " is not a ptsearch index" + build_hint(part.location));
      rethrow_xapian(e, "cannot open index " + part.location);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot open index " + part.location);
    }
  }
  const std::string& r = part.location;
  try {
    if (r[0] == ':') {
      const auto space = r.find(' ');
      return Xapian::Remote::open(r.substr(1, space == std::string::npos ? std::string::npos : space - 1),
                                  space == std::string::npos ? std::string() : r.substr(space + 1));
    }
    const auto colon = r.rfind(':');
    std::string host = r.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return Xapian::Remote::open(host, static_cast<unsigned>(std::stoul(r.substr(colon + 1))));
  } catch (const Xapian::NetworkError& e) {
    throw IndexError("cannot reach the remote shard '" + r + "' listed in " + index + " (is xapian-tcpsrv running there?): " +
                     e.get_msg() + (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : std::string()));
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "cannot open the remote shard '" + r + "' listed in " + index);
  }
}

std::string part_name(const IndexPart& p) { return p.remote ? "remote shard " + p.location : "shard " + p.location; }

}  // namespace

std::vector<IndexPart> index_parts(const std::string& path) {
  std::vector<IndexPart> out;
  collect_parts(fs::path(path), 0, out);
  return out;
}

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
  // Xapian keeps the system error apart from its message ("Error writing block 392" + errno).
  const char* system = e.get_error_string();
  const std::string detail = std::string(e.get_type()) + ": " + e.get_msg();
  const std::string system_text = system ? system : "";
  const int err = system_text == std::strerror(ENOSPC) ? ENOSPC : system_text == std::strerror(EDQUOT) ? EDQUOT : 0;
  const std::string msg = err == ENOSPC || err == EDQUOT
                              ? context + ": " + (err == ENOSPC ? "no space left on device" : "disk quota exceeded") + " (" + detail +
                                    "); the index keeps its last commit"
                              : context + ": " + detail + (system ? std::string(" (") + system + ")" : std::string());
  const std::string type = e.get_type();
  if (type == "QueryParserError") throw QueryError(msg);
  // A remote shard that is unreachable, timed out or closed its connection counts as the index
  // failing (the server then opens it afresh).
  if (type.find("Database") != std::string::npos || type.find("Network") != std::string::npos) throw IndexError(msg);
  throw Error(msg);
}

Xapian::Database open_index_for_reading(const std::string& path, IndexMeta* meta_out) {
  // Shards are opened one by one (as Xapian opens a stub) so that each one's metadata can be
  // compared with the first's: shards of different builds must not be searched as one index.
  const std::vector<IndexPart> parts = index_parts(path);
  if (parts.empty()) throw IndexError("the stub " + path + " lists no shards");
  Xapian::Database db;
  IndexMeta meta;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Xapian::Database shard = open_part(parts[i], path);
    IndexMeta m;
    try {
      m = read_index_meta(shard);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot read index " + (parts.size() == 1 ? path : part_name(parts[i])));
    }
    if (i == 0) {
      meta = m;
    } else if (m.schema != meta.schema || m.language != meta.language || m.settings != meta.settings) {
      throw IndexError("index " + path + ": " + part_name(parts[i]) + " was built with other settings than " +
                       part_name(parts[0]) + " (schema, language or analysis differ); rebuild the shards together");
    }
    db.add_database(shard);
  }
  if (meta.schema == 0 && db.get_doccount() == 0 && meta.language.empty())
    throw IndexError("index " + path + " is empty or not a ptsearch index" + build_hint(path));
  if (meta.schema != schema::kVersion) {
    const std::string rebuild = "ptindex build " + (meta.corpus_root.empty() ? std::string("CORPUS_DIR") : meta.corpus_root) +
                                " --index " + path + " --rebuild";
    if (meta.schema <= 0)
      throw SchemaMismatchError("index " + path + " was not written by ptsearch (no schema version); rebuild it with: " + rebuild);
    throw SchemaMismatchError("index " + path + " has schema version " + std::to_string(meta.schema) +
                              ", this program reads version " + std::to_string(schema::kVersion) +
                              "; rebuild it with: " + rebuild);
  }
  meta.shards = static_cast<unsigned>(parts.size());
  for (const auto& p : parts) meta.remote_shards += p.remote ? 1u : 0u;
  if (meta_out) *meta_out = meta;
  return db;
}

}  // namespace pt
