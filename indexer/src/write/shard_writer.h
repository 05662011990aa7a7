// One shard's writer: applies prepared documents in order, commits in bounded batches, prunes.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "prepared_document.h"
#include "pt/record.h"

namespace pt::indexer {

struct ShardCounts {
  std::size_t added = 0, updated = 0, unchanged = 0, removed = 0, commits = 0;
};

// hash64 of each id met in this build -> where it was met (file index << 32 | line).
using SeenIds = std::unordered_map<std::uint64_t, std::uint64_t>;

// What decides which indexed documents are gone, once every file has been seen.
struct PruneRule {
  const SeenIds* seen_ids;
  std::vector<std::string> kept_file_terms;           // JSONL files not re-read: their documents stay
  std::vector<std::string> unread_prefixes;           // "dir/": folders that could not be read
};

class ShardWriter {
 public:
  // Opens (creating, or emptying with `rebuild`) the database. Throws pt::IndexError.
  ShardWriter(const std::string& path, bool rebuild, std::size_t batch_documents, std::uint64_t batch_bytes);

  Xapian::WritableDatabase& database() { return db_; }
  const std::string& path() const { return path_; }

  // Writes only real changes, so an unchanged build leaves the shard untouched.
  void set_metadata(const std::string& key, const std::string& value);
  // Stores the record compression dictionaries and makes them the current ones.
  void store_dictionaries(const RecordDictionaries& dictionaries);
  // `known_new`: the id is in no earlier revision nor earlier in this build: added without a lookup.
  // `repeat`: the id came earlier in this build (already counted): a replace is not counted again.
  void apply(PreparedDocument&& doc, bool known_new, bool repeat = false);
  // Deletes documents whose id was not seen and that no kept file or unread folder covers.
  void prune(const PruneRule& rule);
  void commit();
  const ShardCounts& counts() const { return counts_; }
  // True when the database was found cut off in its creation (tables without `iamglass`, as a
  // kill leaves them) and created again: what other shards say of the files read is not its story.
  bool recreated() const { return recreated_; }

 private:
  void pending(std::uint64_t bytes);
  std::string id_of(Xapian::docid docid);

  std::string path_;
  Xapian::WritableDatabase db_;
  std::optional<RecordDecoder> decoder_;  // made on first use, after the dictionary is stored
  std::size_t batch_documents_;
  std::uint64_t batch_bytes_;
  ShardCounts counts_;
  bool dirty_ = false;
  bool recreated_ = false;
  std::size_t pending_docs_ = 0;
  std::uint64_t pending_bytes_ = 0;
};

}  // namespace pt::indexer
