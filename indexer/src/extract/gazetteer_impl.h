// The gazetteer's lookup tables, shared by gazetteer.cc, gazetteer_load.cc and the actor extractor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ptindex/gazetteer.h"

namespace pt::indexer {

// How a written name stands for its entry.
enum class NameKind : std::uint8_t {
  Canonical,  // the entry's own name
  Alias,      // an alias from the data ("U.S.", "Trump")
  Place,      // a city, state or seat of government inside a country ("Kabul", "Calif.")
  Demonym,    // "Afghan": a weak mention of the country
  Surname,    // a person's last name, implicit: counts only with a title cue or the full name nearby
  Outlet,     // a news outlet or agency: never an actor
};

// What a written token must look like for a name to match it.
enum class CaseRule : std::uint8_t {
  Any,       // the gazetteer wrote it lower-case ("al Qaeda", "du Plessis"): any case
  Capital,   // starts with a capital ("Kabul", "Nato" for "NATO")
  AllCaps,   // an acronym that is also a common word ("US", "WHO"): all capitals
};

struct Name {
  std::uint32_t target = 0;  // index into entries (or into outlets for NameKind::Outlet)
  NameKind kind = NameKind::Alias;
  bool common_word = false;  // a single word that is also a common English word ("us", "who", "ill")
  bool need_dot = false;     // an abbreviation with a dot that is also a word ("Ill.", "Mass."): dot required
  std::vector<CaseRule> rules;  // one per token of the key
  std::string written;          // as the data wrote it
};

struct EntryYears {
  int from = 0;   // 0: open
  int until = 0;  // 0: open (a present-day entry)
};

// "Zürich" -> "Zurich": canonical decomposition, combining marks dropped (ASCII comes back as is).
std::string strip_accents(std::string_view s);

// The tokens of a name as the analyser folds them, accents and a possessive 's dropped, a leading
// "the" dropped: the keys names are looked up by.
std::vector<std::string> fold_terms(std::string_view written);
std::string join_terms(const std::vector<std::string>& terms, std::size_t begin, std::size_t end);

struct Gazetteer::Impl {
  std::vector<GazetteerEntry> entries;
  std::vector<EntryYears> years;             // parallel to entries
  std::vector<std::vector<std::string>> places;     // per entry: its places (cities, states)
  std::vector<std::vector<std::string>> demonyms;   // per entry
  std::vector<GazetteerEntry> outlets;       // never actors
  std::unordered_map<std::string, std::vector<Name>> by_key;  // folded key -> names (best first)
  std::unordered_map<std::string, std::uint32_t> by_slug;
  std::unordered_map<std::string, std::size_t> first_terms;   // first term -> longest name in tokens
  std::unordered_set<std::string> common_words;
  std::unordered_set<std::string> given_names;
  std::string fingerprint;

  const std::vector<Name>* lookup(const std::string& key) const {
    const auto it = by_key.find(key);
    return it == by_key.end() ? nullptr : &it->second;
  }
};

// The actor extractor's access to a gazetteer's tables.
struct GazetteerAccess {
  using Impl = Gazetteer::Impl;
  static const Impl& impl(const Gazetteer& g) { return *g.impl_; }
  static Impl& impl(Gazetteer& g) { return *g.impl_; }
};

// One source of entries: a file's name (for messages) and its text.
struct GazetteerSource {
  std::string name;
  std::string_view text;
};

// Builds the tables: ICU's countries, then each source in order (docs/gazetteer.md). Throws
// pt::ConfigError "NAME:LINE: problem" for a malformed line.
void load_gazetteer(GazetteerAccess::Impl& impl, const std::vector<GazetteerSource>& sources);

// The word lists (common words, given names) and the entry files of the built-in data.
std::vector<GazetteerSource> builtin_sources();

}  // namespace pt::indexer
