// The gazetteer: the built-in entries (embedded from indexer/data), the user's file, name lookup.
#include "ptindex/gazetteer.h"

#include <fstream>
#include <sstream>

#include "gazetteer_impl.h"
#include "pt/error.h"

namespace pt::indexer {

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer g = [] {
    Gazetteer built;
    load_gazetteer(*built.impl_, builtin_sources());
    return built;
  }();
  return g;
}

Gazetteer Gazetteer::with_user_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read the actors file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError("cannot read the actors file " + file.string());
  return with_user_text(text.str(), file.string());
}

Gazetteer Gazetteer::with_user_text(const std::string& text, const std::string& name) {
  auto sources = builtin_sources();
  sources.push_back({name, text});
  Gazetteer g;
  load_gazetteer(*g.impl_, sources);
  return g;
}

const std::vector<GazetteerEntry>& Gazetteer::entries() const { return impl_->entries; }

const GazetteerEntry* Gazetteer::find(std::string_view written) const {
  const auto terms = fold_terms(written);
  if (terms.empty()) return nullptr;
  const auto* names = impl_->lookup(join_terms(terms, 0, terms.size()));
  if (!names) return nullptr;
  // Names are sorted best first (own name, alias, place, demonym, surname); outlets are no entry.
  // Among places of several countries, the present-day one (no end year) wins.
  const Name* best = nullptr;
  for (const auto& name : *names) {
    if (name.kind == NameKind::Outlet) continue;
    if (!best) {
      best = &name;
      continue;
    }
    if (name.kind != best->kind) break;
    if (impl_->years[best->target].until != 0 && impl_->years[name.target].until == 0) best = &name;
  }
  return best ? &impl_->entries[best->target] : nullptr;
}

const GazetteerEntry* Gazetteer::find_slug(std::string_view slug) const {
  const auto it = impl_->by_slug.find(std::string(slug));
  return it == impl_->by_slug.end() ? nullptr : &impl_->entries[it->second];
}

std::string Gazetteer::fingerprint() const { return impl_->fingerprint.empty() ? "gz1-empty" : impl_->fingerprint; }

}  // namespace pt::indexer
