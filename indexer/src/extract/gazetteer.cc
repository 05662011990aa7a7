// The gazetteer: built-in entries, the user's file, alias lookup. (Placeholder: being written.)
#include "ptindex/gazetteer.h"

namespace pt::indexer {

struct Gazetteer::Impl {
  std::vector<GazetteerEntry> entries;
};

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer g;
  return g;
}

Gazetteer Gazetteer::with_user_file(const std::filesystem::path& /*file*/) { return Gazetteer(); }

const std::vector<GazetteerEntry>& Gazetteer::entries() const { return impl_->entries; }
const GazetteerEntry* Gazetteer::find(std::string_view /*written*/) const { return nullptr; }
const GazetteerEntry* Gazetteer::find_slug(std::string_view /*slug*/) const { return nullptr; }
std::string Gazetteer::fingerprint() const { return "empty"; }

}  // namespace pt::indexer
