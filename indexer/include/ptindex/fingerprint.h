// File fingerprints stored with each document, and the rebuild decision made from them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::indexer {

struct Fingerprint {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t content_hash = 0;
  std::string settings;  // hash of the analysis settings the document was indexed with

  std::string serialize() const;
  // nullopt for anything that is not a fingerprint this version wrote.
  static std::optional<Fingerprint> parse(std::string_view text);
  bool operator==(const Fingerprint&) const = default;
};

enum class Freshness {
  New,        // not in the index: analyse and add
  Unchanged,  // same size, mtime and settings: skip without reading
  Changed,    // must be read; whether it is re-analysed depends on its content hash
};

// Decides from what is stored and what the file system says, before reading the file.
Freshness check_freshness(const std::optional<Fingerprint>& stored, std::uint64_t size, std::int64_t mtime_ns,
                          std::string_view settings);

// After reading a Changed file: true when its content and settings still match (only the
// stored fingerprint needs updating, no re-analysis).
bool same_content(const std::optional<Fingerprint>& stored, std::uint64_t content_hash, std::string_view settings);

}  // namespace pt::indexer
