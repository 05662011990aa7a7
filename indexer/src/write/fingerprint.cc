// Fingerprint text form ("fp1 SIZE MTIME HASH SETTINGS") and the rebuild decisions.
#include "ptindex/fingerprint.h"

#include <charconv>
#include <sstream>
#include <type_traits>

#include "pt/hash.h"

namespace pt::indexer {

std::string Fingerprint::serialize() const {
  return "fp1 " + std::to_string(size) + " " + std::to_string(mtime_ns) + " " + to_hex(content_hash) + " " + settings;
}

namespace {

// Whole-field integer parse: no sign where none belongs, no trailing characters.
template <typename T>
bool parse_number(const std::string& field, T& value, int base = 10) {
  if (field.empty() || (std::is_unsigned_v<T> && field[0] == '-') || field[0] == '+') return false;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value, base);
  return ec == std::errc{} && ptr == field.data() + field.size();
}

}  // namespace

std::optional<Fingerprint> Fingerprint::parse(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string tag, size, mtime, hash, rest;
  Fingerprint f;
  if (!(in >> tag >> size >> mtime >> hash >> f.settings) || tag != "fp1" || hash.size() != 16 || (in >> rest))
    return std::nullopt;
  if (!parse_number(size, f.size) || !parse_number(mtime, f.mtime_ns) || !parse_number(hash, f.content_hash, 16))
    return std::nullopt;
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
