// Building or updating an index from a corpus folder: incremental, batched, interruptible.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "ptindex/jsonl.h"

namespace pt::indexer {

struct BuildOptions {
  std::filesystem::path corpus;
  std::string index_path;
  std::optional<std::string> language;  // default: what the index records, else "english"
  std::uint64_t max_file_bytes = 64ull << 20;
  // Each shard's writer commits after this many changed documents or this many bytes of changed
  // text: the bound on what Xapian buffers in memory per shard. Small batches cost less CPU too:
  // Xapian's in-memory change maps slow down as they grow (bench/README.md, "Batch size").
  std::size_t batch_documents = 1000;
  std::uint64_t batch_bytes = 64ull << 20;
  unsigned threads = 0;                 // analysis threads; 0: one per core
  // Shards (--shards): documents routed by a hash of their id to shard-N databases under a
  // XAPIANDB stub, each with its own writer thread. Default: what the index has, else 1.
  std::optional<unsigned> shards;
  JsonlFields jsonl_fields;             // which keys of a .jsonl line hold what
  // A build that started from an empty index ends with a full compaction of each shard (about
  // half the size, faster searches; see compact_in_place). --no-compact turns it off.
  bool compact_fresh = true;
  unsigned title_weight = 3;            // wdf given to each title word in the body stream
  bool rebuild = false;                 // start from an empty index (also: another corpus or schema)
  // The user's gazetteer (docs/gazetteer.md) on top of the built-in one; default: the file
  // the index was last built with (kept in the index), else the built-in gazetteer alone.
  std::optional<std::filesystem::path> actors_file;
};

struct BuildStats {
  std::size_t files = 0;       // article files found (a JSONL file counts once)
  std::size_t added = 0;      // documents (a JSONL file has many)
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t removed = 0;
  std::size_t skipped = 0;     // bad input, reported through BuildObserver::on_skip
  std::size_t warnings = 0;    // reported through BuildObserver::on_warning
  std::size_t dropped_terms = 0;  // tokens over Xapian's term length limit
  std::uint64_t bytes_read = 0;
  std::uint64_t index_bytes = 0;
  std::size_t commits = 0;     // summed over shards
  double compact_seconds = 0;  // 0: not compacted
  unsigned shards = 1;
  unsigned threads = 1;
  double seconds = 0;
  bool interrupted = false;    // stopped early by BuildObserver::stop_requested
};

struct BuildProgress {
  std::size_t files_done = 0, files_total = 0;
  std::uint64_t bytes_done = 0, bytes_total = 0;
  double seconds = 0;
};

// Receives what happens during a build, always on the thread that called build_index; the
// library itself never prints.
class BuildObserver {
 public:
  virtual ~BuildObserver() = default;
  virtual void on_skip(const std::string& /*path*/, const std::string& /*reason*/) {}
  // Indexed, but something in it was left out (a bad front-matter date, a malformed sidecar).
  virtual void on_warning(const std::string& /*path*/, const std::string& /*message*/) {}
  virtual void on_progress(const BuildProgress& /*progress*/) {}
  // Polled between documents; when true the build commits what it has and returns.
  virtual bool stop_requested() { return false; }
};

// Throws pt::Error (IoError, IndexError, SchemaMismatchError, ConfigError) when the build
// cannot run at all; a bad article is skipped and counted, never thrown.
BuildStats build_index(const BuildOptions& options, BuildObserver& observer);

}  // namespace pt::indexer
