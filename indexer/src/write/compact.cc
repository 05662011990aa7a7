// Compacting an index (one database, or a stub of local shards merged) into a single-file glass database.
#include "ptindex/compact.h"

#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>

#include "pt/error.h"
#include "pt/index_store.h"
#include "pt/schema.h"

namespace pt::indexer {

namespace {

namespace fs = std::filesystem;

// Shards of one index all carry the same metadata keys. Xapian's default also keeps the first
// value; this says so explicitly and notices shards that disagree on what must agree (the
// searcher refuses such a stub anyway, so this only guards a merge of hand-made shards).
class FirstValueCompactor : public Xapian::Compactor {
 public:
  struct Stopped {};  // thrown out of Xapian's compaction when `stop` says so
  explicit FirstValueCompactor(std::function<bool()> stop = {}) : stop_(std::move(stop)) {}

  // Called as each table starts and ends: the points where a merge can give up.
  void set_status(const std::string&, const std::string&) override {
    if (stop_ && stop_()) throw Stopped{};
  }

  std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags, const std::string tags[]) override {
    static const std::set<std::string> must_agree = {std::string(schema::kMetaSchema), std::string(schema::kMetaLanguage),
                                                     std::string(schema::kMetaSettings)};
    if (must_agree.count(key))
      for (std::size_t i = 1; i < num_tags; ++i)
        if (tags[i] != tags[0]) disagreeing.insert(key);
    return tags[0];
  }
  std::set<std::string> disagreeing;

 private:
  std::function<bool()> stop_;
};

std::uint64_t bytes_under(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (it->is_regular_file(fec)) total += it->file_size(fec);
  }
  return total;
}

// Removes the half-written copy unless released (any failure, an exception included).
class PartialOutput {
 public:
  explicit PartialOutput(fs::path p) : path_(std::move(p)) {}
  ~PartialOutput() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  PartialOutput(const PartialOutput&) = delete;
  PartialOutput& operator=(const PartialOutput&) = delete;
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

}  // namespace

CompactStats compact_index(const std::string& source, const std::string& destination) {
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dest(destination);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dest, ec)))
    throw ConfigError("cannot compact into " + destination + ": it already exists (choose a new path)");
  const fs::path folder = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) throw IoError("cannot compact into " + destination + ": no folder " + folder.string());

  // Checks the source as the searcher would (exists, is a ptsearch index, shards agree).
  const std::vector<IndexPart> parts = index_parts(source);
  for (const auto& p : parts)
    if (p.remote)
      throw ConfigError("cannot compact " + source + ": it lists the remote shard '" + p.location +
                        "'; compact on the machine that holds that shard, or list only local shards");
  Xapian::Database db = open_index_for_reading(source);  // compact() with a Compactor is not const

  CompactStats stats;
  stats.shards = static_cast<unsigned>(parts.size());
  for (const auto& p : parts) stats.source_bytes += bytes_under(p.location);

  // Written beside the destination and renamed at the end, so a failure (or a kill) never leaves
  // a half-written database under the destination's name.
  PartialOutput partial(folder / (dest.filename().string() + ".compacting-" + std::to_string(::getpid())));
  fs::remove_all(partial.path(), ec);
  FirstValueCompactor compactor;
  try {
    db.compact(partial.path().string(), Xapian::DBCOMPACT_SINGLE_FILE | Xapian::Compactor::FULL, 0, compactor);
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "compacting " + source + " into " + destination + " failed");
  }
  if (!compactor.disagreeing.empty())
    throw IndexError("cannot compact " + source + ": its shards record different " + *compactor.disagreeing.begin() +
                     " values (rebuild the shards together)");
  // link() refuses an existing name, unlike rename(): nothing that appeared meanwhile is replaced.
  // (A file system without hard links gets a rename after one more look.)
  if (::link(partial.path().c_str(), dest.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST || fs::exists(fs::symlink_status(dest, ec)))
      throw ConfigError("cannot compact into " + destination + ": it appeared while compacting");
    fs::rename(partial.path(), dest, ec);
    if (ec) throw IoError("cannot create " + destination + ": " + std::strerror(err) + ", then " + ec.message());
    partial.release();
  }
  stats.output_bytes = bytes_under(dest);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;  // `partial` goes: the temporary name is unlinked, the destination stays
}

CompactStats compact_in_place(const std::string& database) {
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dir = fs::absolute(fs::path(database)).lexically_normal();
  const std::string base = dir.filename().string();
  const std::string pid = std::to_string(::getpid());
  const fs::path fresh = dir.parent_path() / ("." + base + ".compacting-" + pid);
  const fs::path old = dir.parent_path() / ("." + base + ".old-" + pid);
  CompactStats stats;
  stats.source_bytes = bytes_under(dir);
  std::error_code ec;
  fs::remove_all(fresh, ec);
  try {
    Xapian::Database db(dir.string());
    db.compact(fresh.string(), Xapian::Compactor::FULL);
  } catch (const Xapian::Error& e) {
    fs::remove_all(fresh, ec);
    rethrow_xapian(e, "compacting " + database + " failed");
  }
  // Two renames: between them the index is briefly absent, never half-written. (This runs only
  // after a build from empty, so nothing older could be lost.)
  fs::rename(dir, old, ec);
  if (ec) {
    fs::remove_all(fresh, ec);
    throw IoError("cannot compact " + database + " in place: cannot rename it: " + ec.message());
  }
  fs::rename(fresh, dir, ec);
  if (ec) {
    std::error_code back;
    fs::rename(old, dir, back);
    fs::remove_all(fresh, back);
    throw IoError("cannot compact " + database + " in place: " + ec.message());
  }
  fs::remove_all(old, ec);
  stats.output_bytes = bytes_under(dir);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

std::optional<CompactStats> merge_parts_into(const std::vector<std::string>& parts, const std::string& database,
                                             const std::function<bool()>& stop_requested) {
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dir(database);
  const fs::path merged = dir / ".merging";
  CompactStats stats;
  stats.shards = static_cast<unsigned>(parts.size());
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw IoError("cannot create index folder " + database + ": " + ec.message());
  fs::remove_all(merged, ec);
  PartialOutput partial(merged);
  FirstValueCompactor compactor(stop_requested);
  try {
    Xapian::Database db;
    for (const auto& p : parts) {
      db.add_database(Xapian::Database(p));
      stats.source_bytes += bytes_under(p);
    }
    db.compact(merged.string(), Xapian::Compactor::FULL, 0, compactor);
  } catch (const FirstValueCompactor::Stopped&) {
    return std::nullopt;
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "merging the parts of " + database + " failed");
  }
  if (stop_requested && stop_requested()) return std::nullopt;  // the last chance before the renames
  // Each file replaces its namesake by rename(); the old iamglass goes first and the new one
  // comes last, so that until the end the folder opens as no database rather than a mixed one.
  const auto replace = [&](const fs::path& from) {
    fs::rename(from, dir / from.filename(), ec);
    if (ec) throw IoError("cannot move the merged " + from.filename().string() + " into " + database + ": " + ec.message());
  };
  stats.output_bytes = bytes_under(merged);
  fs::remove(dir / "iamglass", ec);
  std::set<std::string> fresh_files;
  for (const auto& entry : fs::directory_iterator(merged)) {
    fresh_files.insert(entry.path().filename().string());
    if (entry.path().filename() != "iamglass") replace(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".glass" && !fresh_files.count(entry.path().filename().string()))
      fs::remove(entry.path(), ec);  // a table the old database had and the merged one has not
  fs::remove(dir / "XAPIANDB", ec);  // the stub of the parts: from here the folder is no index ...
  replace(merged / "iamglass");      // ... until this makes it the merged one
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;  // `partial` removes the emptied .merging folder
}

}  // namespace pt::indexer
