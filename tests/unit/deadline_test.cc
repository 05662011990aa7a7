// MatchDeadline: watching changes no answer in time, throws past the deadline; a cut ends the match there and says how far it got.
#include "match/deadline.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "memory_index.h"
#include "mset_rows.h"

namespace {

using pt::MatchDeadline;
using Clock = MatchDeadline::Clock;

// 3,000 documents of 3 to 12 words from an 8-word vocabulary, with a different mix each.
const Xapian::Database& corpus() {
  static const Xapian::Database db = [] {
    const std::vector<std::string> words = {"peace", "talks", "ceasefire", "border", "troops", "envoy", "summit", "treaty"};
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 3000; ++i) {
      std::string text;
      for (std::size_t k = 0; k < 3 + i % 10; ++k) text += words[(i * 7 + k * k * 3 + k) % words.size()] + " ";
      texts.push_back(text);
    }
    return test::memory_db(texts);
  }();
  return db;
}

const Xapian::Query& any_word() {
  static const Xapian::Query q = [] {
    const std::vector<std::string> stems = {"peac", "talk", "ceasefir", "border", "troop", "envoy"};
    return Xapian::Query(Xapian::Query::OP_OR, stems.begin(), stems.end());
  }();
  return q;
}

using test::rows;

// The top `size` of `query` by Xapian's BM25 with ptsearch's parameters, counting every match.
Xapian::MSet plain_match(const Xapian::Query& query, Xapian::doccount size) {
  Xapian::Enquire enquire(corpus());
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.0, 0, 1, 0.5, 0.5));
  return enquire.get_mset(0, size, corpus().get_doccount());
}

}  // namespace

TEST_CASE("a watched match that ends in time is the plain match: same documents, weights, percentages, counts") {
  for (const Xapian::doccount size : {1u, 10u, 1000u}) {
    INFO("page of " << size);
    MatchDeadline deadline(Clock::now() + std::chrono::hours(1));
    Xapian::Enquire enquire(corpus());
    enquire.set_query(any_word());
    deadline.watch(enquire, 1.0, 0.5);
    const auto watched = enquire.get_mset(0, size, corpus().get_doccount());
    const auto plain = plain_match(any_word(), size);
    CHECK(rows(watched) == rows(plain));
    CHECK(watched.get_matches_estimated() == plain.get_matches_estimated());
    CHECK(watched.size() == std::min<Xapian::doccount>(size, plain.get_matches_estimated()));
    CHECK_FALSE(deadline.reached());
    CHECK(deadline.share_matched() == 1);
  }
}

TEST_CASE("a watched match still running at its deadline throws Reached, whether it scores or only counts") {
  struct Case {
    const char* what;
    Xapian::doccount size, check_at_least;
  };
  const Case cases[] = {
      {"scoring a page of 10 (the weighting throws)", 10, 0},
      {"counting every match for facets (the spy throws)", 10, 3000},
      {"a page of 1,000", 1000, 0},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    MatchDeadline deadline(Clock::now() - std::chrono::milliseconds(1));
    Xapian::Enquire enquire(corpus());
    enquire.set_query(any_word());
    deadline.watch(enquire, 1.0, 0.5);
    CHECK_THROWS_AS(enquire.get_mset(0, c.size, c.check_at_least), MatchDeadline::Reached);
    CHECK(deadline.reached());
  }
}

TEST_CASE("a cut match ends at its deadline with what it found, and says how far it got") {
  SECTION("past the deadline: a few documents from the start of the index") {
    MatchDeadline cut(Clock::now() - std::chrono::milliseconds(1));
    Xapian::Enquire enquire(corpus());
    enquire.set_query(cut.applied_to(any_word()));
    const auto mset = enquire.get_mset(0, 1000, corpus().get_doccount());
    CHECK(cut.reached());
    // The source reads the clock every 64th step: it ends within its first 64 documents.
    CHECK(mset.size() <= 64);
    CHECK(mset.get_matches_lower_bound() == mset.size());
  }
  SECTION("far from the deadline: every match, as without the cut") {
    const auto plain = plain_match(any_word(), 1000);
    Xapian::MSet mset;
    MatchDeadline cut(Clock::now() + std::chrono::hours(1));
    {
      Xapian::Enquire enquire(corpus());
      enquire.set_query(cut.applied_to(any_word()));
      enquire.set_weighting_scheme(Xapian::BM25Weight(1.0, 0, 1, 0.5, 0.5));
      mset = enquire.get_mset(0, 1000, corpus().get_doccount());
    }
    CHECK_FALSE(cut.reached());
    CHECK(cut.share_matched() == 1);
    CHECK(mset.get_matches_lower_bound() == plain.get_matches_lower_bound());
    std::vector<std::pair<Xapian::docid, double>> got, want;
    for (auto it = mset.begin(); it != mset.end(); ++it) got.emplace_back(*it, it.get_weight());
    for (auto it = plain.begin(); it != plain.end(); ++it) want.emplace_back(*it, it.get_weight());
    CHECK(got == want);  // same documents and weights (percentages differ: the source counts as a part)
  }
}

TEST_CASE("share_matched is the part of the index a cut match reached") {
  // A source that ends the match at once has stepped to 64 matching documents of the 3,000: nearly
  // every document matches, so about 64 docids.
  MatchDeadline cut(Clock::now() - std::chrono::milliseconds(1));
  {
    Xapian::Enquire enquire(corpus());
    enquire.set_query(cut.applied_to(any_word()));
    (void)enquire.get_mset(0, 10, corpus().get_doccount());
  }  // the source reports when Xapian lets go of it
  REQUIRE(cut.reached());
  CHECK(cut.share_matched() > 0);
  CHECK(cut.share_matched() < 0.05);
}
