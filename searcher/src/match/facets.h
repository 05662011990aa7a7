// Facet counting: one match spy reading every facet slot per match over local databases, Xapian's ValueCountMatchSpy over remote shards.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pt/schema.h"
#include "ptsearch/searcher.h"

namespace pt {

// Display name and type of a facet value: (facet name, value) -> FacetValue with label/type set.
using FacetLabeler = std::function<void(const std::string& facet, FacetValue& value)>;

// How many matching documents hold each value of one facet. Values get dense ids through a flat
// open-addressing table and counts live in a vector by id, so counting a value already seen
// neither allocates nor compares more than one stored string (Xapian's ValueCountMatchSpy keeps a
// std::map<std::string, count>: a tree walk of string compares, and a node per new value).
class ValueTally {
 public:
  using Entry = std::pair<std::string_view, std::uint64_t>;  // views into the tally

  void add(std::string_view value, std::uint64_t times = 1);
  std::size_t size() const { return values_.size(); }
  // Every value with its count, in the order first added.
  std::vector<Entry> entries() const;
  // The `limit` values with the highest counts, ties by value (byte order).
  std::vector<Entry> top(std::size_t limit) const;
  // Every value, in value (byte) order.
  std::vector<Entry> in_value_order() const;

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t id_plus_one = 0;  // 0: empty
  };
  void grow();

  std::vector<Slot> slots_;  // power-of-two size, at most half full
  std::vector<std::string> values_;       // by id
  std::vector<std::uint32_t> hashes_;     // by id, to rehash without hashing again
  std::vector<std::uint64_t> counts_;     // by id
};

// The `limit` entries with the highest counts, ties by value (byte order), in that order.
std::vector<ValueTally::Entry> top_entries(std::vector<ValueTally::Entry> entries, std::size_t limit);
// The entries in value (byte) order.
std::vector<ValueTally::Entry> in_value_order(std::vector<ValueTally::Entry> entries);

// Calls `each(slug)` for every actor of a packed actor list (slot kSlotActors), skipping empty pieces.
template <typename Each>
void for_each_actor(std::string_view list, Each&& each) {
  while (!list.empty()) {
    const auto end = list.find(schema::kActorSeparator);
    const std::string_view slug = list.substr(0, end);
    if (!slug.empty()) each(slug);
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

// Which match spies a search may use.
enum class MatchSpies {
  Local,   // ptsearch's own: every shard is local (Xapian cannot send them to a remote shard)
  Xapian,  // Xapian's ValueCountMatchSpy only: what stock xapian-tcpsrv runs on remote shards
};

// Counts the documents a match looks at before collapsing (match spies see every match, collapsed
// or not): locally a spy that only counts, over remote shards a ValueCountMatchSpy on the slot
// every document has (schema::kSlotEvery), which reads a value per match.
class MatchCounter {
 public:
  MatchCounter(Xapian::Enquire& enquire, MatchSpies spies);
  ~MatchCounter();
  MatchCounter(const MatchCounter&) = delete;
  MatchCounter& operator=(const MatchCounter&) = delete;
  std::uint64_t documents() const;  // after get_mset

 private:
  class LocalSpy;
  std::unique_ptr<LocalSpy> local_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> xapian_;
};

// The facet values of every document of one database, read once from its value streams: by docid,
// the ids of the source, actor, year and month values each document holds (actor lists split).
// Counting a match is then a few array reads, where reading its value slots through Xapian costs
// ~1,300 instructions a slot (Document::get_value finds the slot's chunk in the B-tree and decodes
// it up to the document). A long-lived Searcher gets one once it has counted facets twice, and
// drops it when the database moves on; it is read-only, and shared by the Searchers of a process.
class FacetColumns {
 public:
  // The columns of `db`; nullptr unless it is one database (Database::size() 1): over several, a
  // match spy gets each shard's own docids with nothing saying which shard. Searchers of the same
  // database state share one copy while any of them holds it. Xapian errors pass.
  static std::shared_ptr<const FacetColumns> of(const Xapian::Database& db);

  struct Column {
    std::vector<std::string> values;      // by id
    std::vector<std::uint32_t> first;     // by docid (0 .. last docid + 1): where its ids start in `ids`
    std::vector<std::uint32_t> ids;
  };
  // The column of a facet slot (schema::kSlotSource, kSlotActors, kSlotYear, kSlotMonth); nullptr
  // for any other slot.
  const Column* column(unsigned slot) const;
  Xapian::docid last_docid() const { return last_docid_; }

 private:
  explicit FacetColumns(const Xapian::Database& db);
  Xapian::docid last_docid_ = 0;
  std::vector<std::pair<unsigned, Column>> columns_;
};

// Counts the facets a query asks for over every match `enquire` sees; read() after get_mset.
class FacetCounter {
 public:
  // Counts the facets named (any of source, actor, year, month; empty: all). Throws QueryError
  // for an unknown name.
  // With `columns` (of the enquire's one database; MatchSpies::Local only), values come from them.
  FacetCounter(Xapian::Enquire& enquire, const std::vector<std::string>& names, MatchSpies spies,
               std::shared_ptr<const FacetColumns> columns = nullptr);
  ~FacetCounter();
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  // The facets after get_mset, in the order source, actor, year, month: source and actor by count
  // (ties by value), top `limit`, with `more` telling how many were left out; year and month in
  // date order, all of them. Both kinds of spies give the same facets.
  std::vector<Facet> read(std::size_t limit, bool exact, const FacetLabeler& label) const;

 private:
  class LocalSpy;
  struct Wanted {
    std::string name;  // "source", "actor", "year", "month"
    unsigned slot;     // its value slot
    bool by_count;     // source, actor: top values by count; year, month: all, in date order
    bool packed;       // actor: the slot holds a list of values (for_each_actor)
  };
  std::vector<Wanted> wanted_;           // the facets asked for, in output order
  std::unique_ptr<LocalSpy> local_;      // MatchSpies::Local
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> xapian_;  // MatchSpies::Xapian, one per wanted_
};

}  // namespace pt
