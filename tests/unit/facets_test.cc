// Unit tests of facet and match counting: ValueTally, actor list splitting, the local spies against Xapian's.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "match/facets.h"
#include "pt/error.h"
#include "pt/schema.h"

namespace {

using Entries = std::vector<std::pair<std::string, std::uint64_t>>;

Entries owned(const std::vector<pt::ValueTally::Entry>& entries) {
  Entries out;
  for (const auto& [value, count] : entries) out.emplace_back(std::string(value), count);
  return out;
}

struct Doc {
  std::string source, year, month, actors;  // actors: packed as the indexer packs them
  std::vector<std::string> terms;
};

Xapian::WritableDatabase memory_db(const std::vector<Doc>& docs) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& d : docs) {
    Xapian::Document doc;
    if (!d.source.empty()) doc.add_value(pt::schema::kSlotSource, d.source);
    if (!d.year.empty()) doc.add_value(pt::schema::kSlotYear, d.year);
    if (!d.month.empty()) doc.add_value(pt::schema::kSlotMonth, d.month);
    if (!d.actors.empty()) doc.add_value(pt::schema::kSlotActors, d.actors);
    doc.add_value(pt::schema::kSlotEvery, "1");  // as the indexer writes it
    for (const auto& t : d.terms) doc.add_term(t);
    db.add_document(doc);
  }
  return db;
}

const std::vector<Doc>& sample_docs() {
  static const std::vector<Doc> docs = {
      {"reuters", "1987", "1987-03", "alice\nbob", {"oil", "price"}},
      {"reuters", "1987", "1987-04", "bob", {"oil"}},
      {"wikipedia", "2001", "", "alice\ncarol\ndave", {"oil", "war"}},
      {"ap", "1987", "1987-03", "", {"price"}},
      {"", "", "", "carol", {"oil", "price"}},
      {"wikipedia", "1999", "1999-12", "alice\nbob", {"war"}},
      {"ap", "2001", "2001-01", "bob\ncarol", {"oil"}},
  };
  return docs;
}

// Every field of every facet, so that two answers compare in full (values, labels, counts, order).
std::string describe(const std::vector<pt::Facet>& facets) {
  std::string out;
  for (const auto& f : facets) {
    out += f.name + (f.exact ? " exact" : " estimated") + " more=" + std::to_string(f.more) + ":";
    for (const auto& v : f.values) out += " " + v.value + "(" + v.label + "," + v.type + ")=" + std::to_string(v.count);
    out += "\n";
  }
  return out;
}

std::string count_facets(const Xapian::Database& db, const Xapian::Query& query, const std::vector<std::string>& names,
                         pt::MatchSpies spies, std::size_t limit = 10,
                         std::shared_ptr<const pt::FacetColumns> columns = nullptr) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  pt::FacetCounter counter(enquire, names, spies, std::move(columns));
  enquire.get_mset(0, 10, db.get_doccount());
  return describe(counter.read(limit, true, [](const std::string& facet, pt::FacetValue& v) {
    if (facet == "actor") v.type = "person";
  }));
}

}  // namespace

TEST_CASE("ValueTally: top values by count, ties by value; all values in value order", "[facets][tally]") {
  struct Case {
    const char* what;
    Entries adds;  // value, times
    std::size_t limit;
    Entries top;
    Entries in_order;
  };
  const std::vector<Case> cases = {
      {"nothing counted", {}, 10, {}, {}},
      {"one value", {{"reuters", 1}}, 10, {{"reuters", 1}}, {{"reuters", 1}}},
      {"repeats add up", {{"b", 1}, {"a", 1}, {"b", 1}, {"b", 2}}, 10, {{"b", 4}, {"a", 1}}, {{"a", 1}, {"b", 4}}},
      {"ties by byte order", {{"c", 2}, {"b", 2}, {"a", 2}, {"B", 2}}, 10,
       {{"B", 2}, {"a", 2}, {"b", 2}, {"c", 2}}, {{"B", 2}, {"a", 2}, {"b", 2}, {"c", 2}}},
      {"limit cuts the top", {{"x", 5}, {"y", 7}, {"z", 6}}, 2, {{"y", 7}, {"z", 6}}, {{"x", 5}, {"y", 7}, {"z", 6}}},
      {"limit 0", {{"x", 5}}, 0, {}, {{"x", 5}}},
      {"empty and binary values are values too", {{"", 1}, {std::string("a\0b", 3), 2}, {"a", 2}}, 10,
       {{"a", 2}, {std::string("a\0b", 3), 2}, {"", 1}}, {{"", 1}, {"a", 2}, {std::string("a\0b", 3), 2}}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    pt::ValueTally tally;
    for (const auto& [value, times] : c.adds) tally.add(value, times);
    CHECK(owned(tally.top(c.limit)) == c.top);
    CHECK(owned(tally.in_value_order()) == c.in_order);
    CHECK(tally.size() == c.in_order.size());
  }
}

TEST_CASE("ValueTally: many values (the table grows) count as a std::map does", "[facets][tally]") {
  pt::ValueTally tally;
  std::map<std::string, std::uint64_t> reference;
  for (std::uint64_t i = 0; i < 50'000; ++i) {
    const std::string value = "actor-" + std::to_string((i * 7919) % 12'345);
    tally.add(value);
    ++reference[value];
  }
  CHECK(owned(tally.in_value_order()) == Entries(reference.begin(), reference.end()));
  const auto top = owned(tally.top(3));
  REQUIRE(top.size() == 3);
  // 50,000 = 4 * 12,345 + 620: the first 620 values of the cycle were seen 5 times; by value order of the strings.
  std::vector<std::string> fives;
  for (const auto& [value, count] : reference)
    if (count == 5) fives.push_back(value);
  CHECK(fives.size() == 620);
  CHECK(top == Entries{{fives[0], 5}, {fives[1], 5}, {fives[2], 5}});
}

TEST_CASE("for_each_actor splits packed actor lists and skips empty pieces", "[facets][actors]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"", {}},
      {"alice", {"alice"}},
      {"alice\nbob", {"alice", "bob"}},
      {"\nalice\n\nbob\n", {"alice", "bob"}},
      {"\n", {}},
  };
  for (const auto& [list, expected] : cases) {
    INFO(list);
    std::vector<std::string> got;
    pt::for_each_actor(list, [&](std::string_view slug) { got.emplace_back(slug); });
    CHECK(got == expected);
  }
}

TEST_CASE("FacetCounter: the local spy counts what the sample holds", "[facets][counter]") {
  const auto db = memory_db(sample_docs());
  const auto local = count_facets(db, Xapian::Query("oil"), {}, pt::MatchSpies::Local, 2);
  CHECK(local ==
        "source exact more=1: reuters(reuters,)=2 ap(ap,)=1\n"
        "actor exact more=2: bob(bob,person)=3 carol(carol,person)=3\n"
        "year exact more=0: 1987(1987,)=2 2001(2001,)=2\n"
        "month exact more=0: 1987-03(1987-03,)=1 1987-04(1987-04,)=1 2001-01(2001-01,)=1\n");
}

TEST_CASE("FacetCounter: the local spy and Xapian's spies give identical facets", "[facets][counter]") {
  const auto db = memory_db(sample_docs());
  // The same documents over two sub-databases, as a local stub of two shards opens them.
  Xapian::Database sharded;
  sharded.add_database(memory_db({sample_docs().begin(), sample_docs().begin() + 3}));
  sharded.add_database(memory_db({sample_docs().begin() + 3, sample_docs().end()}));
  const std::vector<std::pair<Xapian::Query, std::vector<std::string>>> cases = {
      {Xapian::Query("oil"), {}},
      {Xapian::Query(std::string()), {}},  // every document
      {Xapian::Query("war"), {"actor"}},
      {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("oil"), Xapian::Query("price")), {"year", "source"}},
      {Xapian::Query("nowhere"), {}},
  };
  for (const auto& [query, names] : cases) {
    INFO(query.get_description());
    for (const std::size_t limit : {std::size_t{1}, std::size_t{10}}) {
      const auto xapian = count_facets(db, query, names, pt::MatchSpies::Xapian, limit);
      CHECK(count_facets(db, query, names, pt::MatchSpies::Local, limit) == xapian);
      CHECK(count_facets(sharded, query, names, pt::MatchSpies::Local, limit) == xapian);
      CHECK(count_facets(sharded, query, names, pt::MatchSpies::Xapian, limit) == xapian);
    }
  }
}

TEST_CASE("FacetCounter: only the facets named, in the fixed order", "[facets][counter]") {
  const auto db = memory_db(sample_docs());
  const auto got = count_facets(db, Xapian::Query("price"), {"month", "source"}, pt::MatchSpies::Local);
  CHECK(got ==
        "source exact more=0: ap(ap,)=1 reuters(reuters,)=1\n"
        "month exact more=0: 1987-03(1987-03,)=2\n");
}

TEST_CASE("MatchCounter: both kinds of spies count every match, collapsed or not", "[facets][counter]") {
  const auto db = memory_db(sample_docs());
  struct Case {
    Xapian::Query query;
    bool collapse;
    std::uint64_t documents;  // what the spies count
    std::size_t rows;         // what the match gives
  };
  const std::vector<Case> cases = {
      {Xapian::Query("oil"), false, 5, 5},
      {Xapian::Query("oil"), true, 5, 4},  // two are Reuters: collapsing on the source slot folds one
      {Xapian::Query(std::string()), false, 7, 7},
      {Xapian::Query("nowhere"), false, 0, 0},
  };
  for (const auto& c : cases) {
    INFO(c.query.get_description() << (c.collapse ? " collapsed" : ""));
    for (const auto spies : {pt::MatchSpies::Local, pt::MatchSpies::Xapian}) {
      Xapian::Enquire enquire(db);
      enquire.set_query(c.query);
      if (c.collapse) enquire.set_collapse_key(pt::schema::kSlotSource);
      pt::MatchCounter counter(enquire, spies);
      CHECK(enquire.get_mset(0, 10, db.get_doccount()).size() == c.rows);
      CHECK(counter.documents() == c.documents);
    }
  }
}

TEST_CASE("FacetCounter: an unknown facet name is a QueryError naming the choices", "[facets][counter][error]") {
  const auto db = memory_db(sample_docs());
  for (const auto spies : {pt::MatchSpies::Local, pt::MatchSpies::Xapian}) {
    for (const std::string bad : {"sources", "", "Actor"}) {
      Xapian::Enquire enquire(db);
      try {
        pt::FacetCounter counter(enquire, {"source", bad}, spies);
        FAIL("no error for facet '" + bad + "'");
      } catch (const pt::QueryError& e) {
        CHECK(std::string(e.what()) == "unknown facet '" + bad + "' (choose from source, actor, year, month)");
      }
    }
  }
}

TEST_CASE("FacetColumns: counting from the columns gives the facets the value slots give", "[facets][columns]") {
  auto db = memory_db(sample_docs());
  const auto columns = pt::FacetColumns::of(db);
  REQUIRE(columns);
  CHECK(columns->last_docid() == sample_docs().size());
  const std::vector<std::pair<Xapian::Query, std::vector<std::string>>> cases = {
      {Xapian::Query("oil"), {}},
      {Xapian::Query(std::string()), {}},
      {Xapian::Query("war"), {"actor"}},
      {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("oil"), Xapian::Query("price")), {"year", "source"}},
      {Xapian::Query("nowhere"), {}},
  };
  for (const auto& [query, names] : cases) {
    INFO(query.get_description());
    for (const std::size_t limit : {std::size_t{1}, std::size_t{10}})
      CHECK(count_facets(db, query, names, pt::MatchSpies::Local, limit, columns) ==
            count_facets(db, query, names, pt::MatchSpies::Xapian, limit));
  }
  SECTION("a document added after the columns were read is counted from its slots") {
    Xapian::Document doc;
    doc.add_value(pt::schema::kSlotSource, "bbc");
    doc.add_value(pt::schema::kSlotActors, "erin");
    doc.add_term("oil");
    db.add_document(doc);
    CHECK(count_facets(db, Xapian::Query("oil"), {}, pt::MatchSpies::Local, 10, columns) ==
          count_facets(db, Xapian::Query("oil"), {}, pt::MatchSpies::Xapian, 10));
  }
  SECTION("the actor column splits packed lists; empty values count for none") {
    const auto* actors = columns->column(pt::schema::kSlotActors);
    REQUIRE(actors);
    CHECK(actors->first[1 + 1] - actors->first[1] == 2);  // "alice\nbob"
    CHECK(actors->first[4 + 1] - actors->first[4] == 0);  // no actors
    const auto* source = columns->column(pt::schema::kSlotSource);
    REQUIRE(source);
    CHECK(source->first[5 + 1] - source->first[5] == 0);  // no source
    CHECK(columns->column(pt::schema::kSlotEvery) == nullptr);
  }
}

TEST_CASE("FacetColumns: none over several databases", "[facets][columns]") {
  Xapian::Database sharded;
  sharded.add_database(memory_db({sample_docs().begin(), sample_docs().begin() + 3}));
  sharded.add_database(memory_db({sample_docs().begin() + 3, sample_docs().end()}));
  CHECK(pt::FacetColumns::of(sharded) == nullptr);
  CHECK(pt::FacetColumns::of(Xapian::Database()) == nullptr);
}

TEST_CASE("FacetColumns: one copy per database state, shared by every handle on it", "[facets][columns]") {
  const auto dir = std::filesystem::temp_directory_path() / ("pt_facets_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Xapian::WritableDatabase writer(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (const auto& d : sample_docs()) {
      Xapian::Document doc;
      doc.add_value(pt::schema::kSlotSource, d.source);
      doc.add_term(d.terms.front());
      writer.add_document(doc);
    }
    writer.commit();
    Xapian::Database one(dir.string()), two(dir.string());
    const auto first = pt::FacetColumns::of(one);
    REQUIRE(first);
    CHECK(pt::FacetColumns::of(one) == first);
    CHECK(pt::FacetColumns::of(two) == first);  // another handle, as another server thread has

    Xapian::Document doc;
    doc.add_value(pt::schema::kSlotSource, "bbc");
    doc.add_term("oil");
    writer.add_document(doc);
    writer.commit();
    CHECK(pt::FacetColumns::of(two) == first);  // not reopened: still the state it reads
    REQUIRE(two.reopen());
    const auto next = pt::FacetColumns::of(two);
    REQUIRE(next);
    CHECK(next != first);
    CHECK(next->last_docid() == sample_docs().size() + 1);
    CHECK(first->last_docid() == sample_docs().size());
    REQUIRE(one.reopen());
    CHECK(pt::FacetColumns::of(one) == next);
  }
  std::filesystem::remove_all(dir);
}
