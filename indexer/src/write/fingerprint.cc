// Fingerprint text form ("fp1 SIZE MTIME HASH SETTINGS") and the rebuild decisions.
#include "ptindex/fingerprint.h"

#include <charconv>
#include <sstream>

#include "pt/hash.h"

namespace pt::indexer {

std::string Fingerprint::serialize() const {
  return "fp1 " + std::to_string(size) + " " + std::to_string(mtime_ns) + " " + to_hex(content_hash) + " " + settings;
}

std::optional<Fingerprint> Fingerprint::parse(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string tag, hash;
  Fingerprint f;
  if (!(in >> tag >> f.size >> f.mtime_ns >> hash >> f.settings) || tag != "fp1" || hash.size() != 16) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(hash.data(), hash.data() + hash.size(), f.content_hash, 16);
  if (ec != std::errc{} || ptr != hash.data() + hash.size()) return std::nullopt;
  std::string rest;
  if (in >> rest) return std::nullopt;
  return f;
}

Freshness check_freshness(const std::optional<Fingerprint>& stored, std::uint64_t size, std::int64_t mtime_ns,
                          std::string_view settings) {
  if (!stored) return Freshness::New;
  if (stored->size == size && stored->mtime_ns == mtime_ns && stored->settings == settings) return Freshness::Unchanged;
  return Freshness::Changed;
}

bool same_content(const std::optional<Fingerprint>& stored, std::uint64_t content_hash, std::string_view settings) {
  return stored && stored->content_hash == content_hash && stored->settings == settings;
}

}  // namespace pt::indexer
