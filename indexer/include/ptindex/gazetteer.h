// The actor gazetteer: canonical people, organisations and countries with their aliases (docs/gazetteer.md).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/metadata.h"

namespace pt::indexer {

struct GazetteerEntry {
  std::string name;                  // canonical display name: "Donald Trump", "United States"
  std::string slug;                  // slugify(name): "donald-trump"
  ActorType type = ActorType::Person;
  std::vector<std::string> aliases;  // other ways of writing it: "Trump", "President Trump", "U.S.", "America"
};

// Immutable after construction; safe to share between threads.
class Gazetteer {
 public:
  // The default gazetteer shipped with ptsearch (countries incl. historical ones, major cities
  // mapped to their country, international organisations, heads of state and government, ...).
  static const Gazetteer& builtin();

  // The built-in entries plus the user's file (format in docs/gazetteer.md); entries of the file
  // with the slug of a built-in entry extend or replace it. Throws pt::ConfigError naming the
  // file and line of a malformed entry, pt::IoError when it cannot be read.
  static Gazetteer with_user_file(const std::filesystem::path& file);
  // The same for text already read (`name` stands for the file in error messages): the index
  // keeps the user's file text, so later builds and the searcher use the same gazetteer.
  static Gazetteer with_user_text(const std::string& text, const std::string& name);

  Gazetteer();
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;

  const std::vector<GazetteerEntry>& entries() const;
  // The entry a written name (canonical or alias; case, dots and apostrophes as the analyser folds
  // them) stands for, or nullptr.
  const GazetteerEntry* find(std::string_view written) const;
  // The entry with this slug, or nullptr.
  const GazetteerEntry* find_slug(std::string_view slug) const;
  // Changes whenever any entry changes (goes into the index settings: a change re-indexes).
  std::string fingerprint() const;

 private:
  friend struct GazetteerAccess;  // the extractor's view of the lookup tables (src/extract/gazetteer_impl.h)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pt::indexer
