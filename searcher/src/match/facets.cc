// Facet counting: value tallies, the local all-facets match spy, and reading either kind of spy into Facet values.
#include "facets.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pt/error.h"
#include "pt/schema.h"

namespace pt {

namespace {

std::uint32_t hash_of(std::string_view value) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(value));
}

constexpr std::size_t kFirstSlots = 64;  // a power of two (slots are found by masking the hash), enough for source and years

}  // namespace

void ValueTally::add(std::string_view value, std::uint64_t times) {
  if (slots_.empty()) slots_.resize(kFirstSlots);
  const std::uint32_t hash = hash_of(value);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (slot.id_plus_one == 0) {
      slot = Slot{hash, static_cast<std::uint32_t>(values_.size() + 1)};
      values_.emplace_back(value);
      hashes_.push_back(hash);
      counts_.push_back(times);
      if (values_.size() * 2 > slots_.size()) grow();
      return;
    }
    if (slot.hash == hash && values_[slot.id_plus_one - 1] == value) {
      counts_[slot.id_plus_one - 1] += times;
      return;
    }
  }
}

void ValueTally::grow() {
  slots_.assign(slots_.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 0; id < values_.size(); ++id) {
    std::size_t at = hashes_[id] & mask;
    while (slots_[at].id_plus_one != 0) at = (at + 1) & mask;
    slots_[at] = Slot{hashes_[id], id + 1};
  }
}

std::vector<ValueTally::Entry> ValueTally::entries() const {
  std::vector<Entry> out;
  out.reserve(values_.size());
  for (std::size_t id = 0; id < values_.size(); ++id) out.emplace_back(values_[id], counts_[id]);
  return out;
}

std::vector<ValueTally::Entry> ValueTally::top(std::size_t limit) const { return top_entries(entries(), limit); }

std::vector<ValueTally::Entry> ValueTally::in_value_order() const { return pt::in_value_order(entries()); }

std::vector<ValueTally::Entry> top_entries(std::vector<ValueTally::Entry> entries, std::size_t limit) {
  const auto shown = static_cast<std::ptrdiff_t>(std::min(limit, entries.size()));
  // Only the shown ones are sorted: a frequent word's actor facet can have thousands of values.
  std::partial_sort(entries.begin(), entries.begin() + shown, entries.end(),
                    [](const ValueTally::Entry& a, const ValueTally::Entry& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  entries.resize(static_cast<std::size_t>(shown));
  return entries;
}

std::vector<ValueTally::Entry> in_value_order(std::vector<ValueTally::Entry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const ValueTally::Entry& a, const ValueTally::Entry& b) { return a.first < b.first; });
  return entries;
}

class MatchCounter::LocalSpy final : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document&, double) override { ++documents_; }
  std::string name() const override { return "pt::MatchCounter::LocalSpy"; }
  std::uint64_t documents() const { return documents_; }

 private:
  std::uint64_t documents_ = 0;
};

MatchCounter::MatchCounter(Xapian::Enquire& enquire, MatchSpies spies) {
  if (spies == MatchSpies::Local) {
    local_ = std::make_unique<LocalSpy>();
    enquire.add_matchspy(local_.get());
  } else {
    xapian_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotEvery);
    enquire.add_matchspy(xapian_.get());
  }
}

MatchCounter::~MatchCounter() = default;

std::uint64_t MatchCounter::documents() const {
  if (local_) return local_->documents();
  std::uint64_t seen = 0;
  for (auto it = xapian_->values_begin(); it != xapian_->values_end(); ++it) seen += it.get_termfreq();
  return seen;
}

namespace {

// Count arrays, one entry per value of a column, kept zeroed between searches: a faceted search
// takes one per column from its thread's pool and gives it back with only the entries it counted
// set to zero again, instead of zeroing one entry per distinct value (tens of thousands of
// actors) on every search.
class CountArrays {
 public:
  static std::vector<std::uint32_t> take(std::size_t size) {
    auto& free = pool();
    for (auto it = free.begin(); it != free.end(); ++it)
      if (it->size() == size) {
        auto counts = std::move(*it);
        free.erase(it);
        return counts;
      }
    return std::vector<std::uint32_t>(size, 0);
  }
  // `touched`: every id whose count is not zero.
  static void give_back(std::vector<std::uint32_t>&& counts, const std::vector<std::uint32_t>& touched) noexcept {
    if (counts.empty()) return;
    for (const auto id : touched) counts[id] = 0;
    auto& free = pool();
    try {
      if (free.size() >= kKept) free.erase(free.begin());  // the oldest: a column of an index state since replaced
      free.push_back(std::move(counts));
    } catch (...) {  // out of memory: the array is simply freed
    }
  }

 private:
  static constexpr std::size_t kKept = 8;  // several facets of a search, of one or two index states
  static std::vector<std::vector<std::uint32_t>>& pool() {
    thread_local std::vector<std::vector<std::uint32_t>> free;
    return free;
  }
};

}  // namespace

// Reads every wanted facet slot of a match in one call and tallies it; Xapian's matcher calls it
// once per matching document, before collapsing, exactly as it calls a ValueCountMatchSpy. It has
// no serialise(): Xapian cannot send it to a remote shard, so FacetCounter uses it only when every
// shard is local.
// With FacetColumns, it counts value ids by docid and turns them into tallies when read.
class FacetCounter::LocalSpy final : public Xapian::MatchSpy {
 public:
  LocalSpy(const std::vector<Wanted>& wanted, std::shared_ptr<const FacetColumns> columns)
      : wanted_(wanted), columns_(std::move(columns)), tallies_(wanted.size()) {
    if (columns_)
      for (const auto& w : wanted_) {
        const auto* column = columns_->column(w.slot);
        by_column_.push_back(column);
        id_counts_.push_back(column ? CountArrays::take(column->values.size()) : std::vector<std::uint32_t>{});
      }
    touched_.resize(id_counts_.size());
  }
  ~LocalSpy() override {
    for (std::size_t i = 0; i < id_counts_.size(); ++i) CountArrays::give_back(std::move(id_counts_[i]), touched_[i]);
  }
  LocalSpy(const LocalSpy&) = delete;
  LocalSpy& operator=(const LocalSpy&) = delete;

  void operator()(const Xapian::Document& doc, double) override {
    const Xapian::docid did = doc.get_docid();
    for (std::size_t i = 0; i < wanted_.size(); ++i) {
      if (columns_ && by_column_[i] && did <= columns_->last_docid()) {
        const auto& column = *by_column_[i];
        auto& counts = id_counts_[i];
        for (auto k = column.first[did]; k < column.first[did + 1]; ++k)
          if (counts[column.ids[k]]++ == 0) touched_[i].push_back(column.ids[k]);
        continue;
      }
      count(i, doc.get_value(wanted_[i].slot));
    }
  }

  std::string name() const override { return "pt::FacetCounter::LocalSpy"; }

  // Every value of wanted facet i that a match held, with its count: from the columns' counts by
  // id, without hashing a value, unless some match was counted by value (a document past the
  // columns' last docid), when both are added up in `scratch`, which the entries then point into.
  std::vector<ValueTally::Entry> entries(std::size_t i, ValueTally& scratch) const {
    if (!columns_ || !by_column_[i]) return tallies_[i].entries();
    if (tallies_[i].size() > 0) {
      scratch = tallies_[i];
      for (const auto id : touched_[i]) scratch.add(by_column_[i]->values[id], id_counts_[i][id]);
      return scratch.entries();
    }
    std::vector<ValueTally::Entry> out;
    out.reserve(touched_[i].size());
    for (const auto id : touched_[i]) out.emplace_back(by_column_[i]->values[id], id_counts_[i][id]);
    return out;
  }

 private:
  void count(std::size_t i, const std::string& value) {
    ValueTally& tally = tallies_[i];
    if (wanted_[i].packed)
      for_each_actor(value, [&tally](std::string_view slug) { tally.add(slug); });
    else if (!value.empty())  // as ValueCountMatchSpy: a document without the value counts for none
      tally.add(value);
  }

  const std::vector<Wanted>& wanted_;
  std::shared_ptr<const FacetColumns> columns_;
  std::vector<const FacetColumns::Column*> by_column_;  // by wanted_ index (with columns_)
  std::vector<std::vector<std::uint32_t>> id_counts_;   // by wanted_ index, then value id
  std::vector<std::vector<std::uint32_t>> touched_;     // by wanted_ index: the value ids counted, in order met
  std::vector<ValueTally> tallies_;                     // by wanted_ index
};

std::shared_ptr<const FacetColumns> FacetColumns::of(const Xapian::Database& db) {
  if (db.size() != 1) return nullptr;
  // One copy per database state in the process: a server's worker threads each have a Searcher,
  // and the columns are read-only. The state is the database's UUID and revision, with its counts
  // in case two copies of one database were changed apart to the same revision.
  const std::string uuid = db.get_uuid();
  if (uuid.empty()) return std::shared_ptr<const FacetColumns>(new FacetColumns(db));
  const std::string state = uuid + '@' + std::to_string(db.get_revision()) + '/' + std::to_string(db.get_doccount()) +
                            '/' + std::to_string(db.get_lastdocid()) + '/' + std::to_string(db.get_total_length());
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const FacetColumns>> made;
  {
    const std::lock_guard lock(mutex);
    if (const auto it = made.find(state); it != made.end())
      if (auto columns = it->second.lock()) return columns;
  }
  // Read outside the lock (other threads go on searching); when two threads read the same state
  // at once, the first one stored is kept and the other copy freed.
  std::shared_ptr<const FacetColumns> columns(new FacetColumns(db));
  const std::lock_guard lock(mutex);
  auto& slot = made[state];
  if (auto first = slot.lock()) return first;
  slot = columns;
  std::erase_if(made, [](const auto& entry) { return entry.second.expired(); });  // states no Searcher holds now
  return columns;
}

FacetColumns::FacetColumns(const Xapian::Database& db) : last_docid_(db.get_lastdocid()) {
  for (const unsigned slot : {schema::kSlotSource, schema::kSlotActors, schema::kSlotYear, schema::kSlotMonth}) {
    Column column;
    std::unordered_map<std::string, std::uint32_t> id_of;
    column.first.assign(static_cast<std::size_t>(last_docid_) + 2, 0);
    const auto add = [&](std::string_view value) {
      const auto [it, fresh] = id_of.try_emplace(std::string(value), static_cast<std::uint32_t>(column.values.size()));
      if (fresh) column.values.emplace_back(value);
      column.ids.push_back(it->second);
    };
    Xapian::docid next = 1;  // the first docid whose start is not set yet
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const Xapian::docid did = it.get_docid();
      if (did > last_docid_) break;
      for (; next <= did; ++next) column.first[next] = static_cast<std::uint32_t>(column.ids.size());
      const std::string value = *it;
      if (slot == schema::kSlotActors)
        for_each_actor(value, add);
      else if (!value.empty())
        add(value);
    }
    for (; next <= last_docid_ + 1; ++next) column.first[next] = static_cast<std::uint32_t>(column.ids.size());
    columns_.emplace_back(slot, std::move(column));
  }
}

const FacetColumns::Column* FacetColumns::column(unsigned slot) const {
  for (const auto& [s, column] : columns_)
    if (s == slot) return &column;
  return nullptr;
}

FacetCounter::FacetCounter(Xapian::Enquire& enquire, const std::vector<std::string>& names, MatchSpies spies,
                           std::shared_ptr<const FacetColumns> columns) {
  static const std::array<Wanted, 4> kFacets{{
      {"source", schema::kSlotSource, true, false},
      {"actor", schema::kSlotActors, true, true},
      {"year", schema::kSlotYear, false, false},
      {"month", schema::kSlotMonth, false, false},
  }};
  for (const auto& n : names)
    if (std::none_of(kFacets.begin(), kFacets.end(), [&](const Wanted& f) { return f.name == n; }))
      throw QueryError("unknown facet '" + n + "' (choose from source, actor, year, month)");
  for (const auto& f : kFacets)
    if (names.empty() || std::find(names.begin(), names.end(), f.name) != names.end()) wanted_.push_back(f);
  if (spies == MatchSpies::Local) {
    local_ = std::make_unique<LocalSpy>(wanted_, std::move(columns));
    enquire.add_matchspy(local_.get());
  } else {
    for (const auto& f : wanted_) {
      xapian_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(f.slot));
      enquire.add_matchspy(xapian_.back().get());
    }
  }
}

FacetCounter::~FacetCounter() = default;

std::vector<Facet> FacetCounter::read(std::size_t limit, bool exact, const FacetLabeler& label) const {
  std::vector<Facet> out;
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    const Wanted& w = wanted_[i];
    ValueTally tally;  // a ValueCountMatchSpy's values (actor lists split) in the same form, or scratch
    std::vector<ValueTally::Entry> counted;
    if (local_) {
      counted = local_->entries(i, tally);
    } else {
      const auto& spy = *xapian_[i];
      for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::uint64_t documents = it.get_termfreq();
        if (w.packed)  // each actor once per list, so each document adds 1 per actor it names
          for_each_actor(*it, [&](std::string_view slug) { tally.add(slug, documents); });
        else
          tally.add(*it, documents);
      }
      counted = tally.entries();
    }
    Facet f;
    f.name = w.name;
    f.exact = exact;
    if (w.by_count) {
      const std::size_t values = counted.size();
      const auto shown = top_entries(std::move(counted), limit);
      f.more = values - shown.size();
      for (const auto& [value, count] : shown) {
        FacetValue v{std::string(value), std::string(value), "", count};
        label(f.name, v);
        f.values.push_back(std::move(v));
      }
    } else {
      for (const auto& [value, count] : in_value_order(std::move(counted)))
        f.values.push_back(FacetValue{std::string(value), std::string(value), "", count});
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace pt
