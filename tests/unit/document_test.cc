// Unit tests of make_document: stems with positions, S (title) stems, wdf, positions, long tokens.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pt/analyzer.h"
#include "pt/record.h"
#include "pt/schema.h"
#include "write/document.h"

namespace {

struct TermInfo {
  Xapian::termcount wdf = 0;
  std::vector<Xapian::termpos> positions;
  bool operator==(const TermInfo&) const = default;
};

using Terms = std::map<std::string, TermInfo>;

const pt::Analyzer& english() {
  static const pt::Analyzer analyzer;
  return analyzer;
}

Terms terms_of(const Xapian::Document& doc) {
  Terms out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    TermInfo info;
    info.wdf = it.get_wdf();
    for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) info.positions.push_back(*p);
    out.emplace(*it, info);
  }
  return out;
}

Xapian::Document make(const pt::Record& record, unsigned title_weight, pt::indexer::TermCounts& counts) {
  return pt::indexer::make_document(record, english(), title_weight, counts);
}

pt::Record article(std::string title, std::string body) {
  return pt::Record{"a.txt", "a.txt", std::move(title), std::move(body), {}};
}

}  // namespace

TEST_CASE("make_document writes every term with its wdf and positions", "[document]") {
  pt::indexer::TermCounts counts;
  const auto doc = make(article("Talks in Doha", "The talks resumed."), 3, counts);
  // Title: positions 1..3; body after a gap of kTitleBodyGap: 3 + 100 + 1 = 104 onwards.
  static_assert(pt::schema::kTitleBodyGap == 100);
  const Terms expected = {
      // Stems (Snowball English), unprefixed: title words count title_weight times, body words once.
      {"talk", {4, {1, 105}}},
      {"in", {3, {2}}},
      {"doha", {3, {3}}},
      {"the", {1, {104}}},
      {"resum", {1, {106}}},
      // Title stems with the S prefix, once, with their title positions.
      {"Stalk", {1, {1}}},
      {"Sin", {1, {2}}},
      {"Sdoha", {1, {3}}},
  };
  const auto actual = terms_of(doc);
  for (const auto& [term, info] : expected) {
    INFO("term " << term);
    REQUIRE(actual.count(term) == 1);
    CHECK(actual.at(term).wdf == info.wdf);
    CHECK(actual.at(term).positions == info.positions);
  }
  std::set<std::string> extra;
  for (const auto& [term, info] : actual)
    if (!expected.count(term)) extra.insert(term);
  CHECK(extra.empty());
  CHECK(counts.dropped == 0);
}

TEST_CASE("make_document: title_weight sets the wdf of title words", "[document]") {
  for (unsigned weight : {1u, 2u, 5u}) {
    INFO("title_weight " << weight);
    pt::indexer::TermCounts counts;
    const auto terms = terms_of(make(article("Peace talks", "Peace at last."), weight, counts));
    CHECK(terms.at("talk").wdf == weight);
    CHECK(terms.at("peac").wdf == weight + 1);
    CHECK(terms.at("Speac").wdf == 1);
    CHECK(terms.at("Stalk").wdf == 1);
    CHECK(terms.at("at").wdf == 1);
  }
}

TEST_CASE("make_document: body positions start after the title gap", "[document]") {
  pt::indexer::TermCounts counts;
  SECTION("with a title of two words") {
    const auto terms = terms_of(make(article("Peace talks", "Doha hosted"), 3, counts));
    CHECK(terms.at("doha").positions == std::vector<Xapian::termpos>{2 + pt::schema::kTitleBodyGap + 1});
    CHECK(terms.at("host").positions == std::vector<Xapian::termpos>{2 + pt::schema::kTitleBodyGap + 2});
  }
  SECTION("without a title") {
    const auto terms = terms_of(make(article("", "Doha hosted"), 3, counts));
    CHECK(terms.at("doha").positions == std::vector<Xapian::termpos>{pt::schema::kTitleBodyGap + 1});
    for (const auto& [term, info] : terms) CHECK(term[0] != 'S');
  }
  SECTION("a phrase never spans title and body") {
    const auto terms = terms_of(make(article("Peace", "talks"), 3, counts));
    CHECK(terms.at("talk").positions.front() - terms.at("peac").positions.front() > 1);
  }
}

TEST_CASE("make_document: the analyser's hard words become the expected terms", "[document]") {
  pt::indexer::TermCounts counts;
  const auto terms = terms_of(make(article("", "Taliban's U.S. US-Taliban 5,000 Trump\xE2\x80\x99s"), 1, counts));
  // Snowball English strips the possessive: "Taliban's" and "Taliban" are one term.
  const Terms expected = {
      {"taliban", {2, {101, 104}}}, {"us", {2, {102, 103}}}, {"5000", {1, {105}}}, {"trump", {1, {106}}}};
  CHECK(terms == expected);
}

TEST_CASE("make_document drops and counts over-long tokens, keeping the rest", "[document]") {
  const std::string huge(300, 'x');
  pt::indexer::TermCounts counts;
  const auto doc = make(article("Peace " + huge + " talks", "Doha " + huge + " hosted"), 3, counts);
  CHECK(counts.dropped == 2);
  const auto terms = terms_of(doc);
  for (const char* t : {"peac", "talk", "doha", "host", "Speac", "Stalk"}) {
    INFO("term " << t);
    CHECK(terms.count(t) == 1);
  }
  for (const auto& [term, info] : terms) {
    INFO("term of " << term.size() << " bytes");
    CHECK(term.size() <= pt::schema::kMaxTermBytes);
    CHECK(term.find("xxxxxxxxxx") == std::string::npos);
  }
  // A second document adds to the same counter.
  make(article("", huge), 3, counts);
  CHECK(counts.dropped == 3);
}

TEST_CASE("make_document never writes a term Xapian would refuse", "[document]") {
  for (std::size_t n : {240u, 243u, 244u, 245u, 246u, 250u}) {
    INFO("token of " << n << " bytes");
    const std::string token(n, 'k');
    pt::indexer::TermCounts counts;
    const auto terms = terms_of(make(article(token, token), 3, counts));
    for (const auto& [term, info] : terms) CHECK(term.size() <= pt::schema::kMaxTermBytes);
    // Short enough tokens are kept, in the body and the title ("kkk..." is its own stem).
    const bool kept = n + pt::schema::kTitlePrefix.size() <= pt::schema::kMaxTermBytes;
    CHECK(terms.count(token) == (kept ? 1u : 0u));
    CHECK(terms.count("S" + token) == (kept ? 1u : 0u));
    CHECK(counts.dropped == (kept ? 0u : 2u));
  }
}

TEST_CASE("make_document stores the record, and no id term", "[document]") {
  pt::Record r{"2019/doha.txt", "2019/doha.txt", "Peace talks", "The talks resumed in Doha.", {{"source", "BBC"}}};
  pt::indexer::TermCounts counts;
  const auto doc = make(r, 3, counts);
  CHECK(pt::decode_record(doc.get_data()) == r);
  for (const auto& [term, info] : terms_of(doc)) CHECK(term[0] != 'Q');
}

TEST_CASE("make_document of an empty record has no terms", "[document]") {
  pt::indexer::TermCounts counts;
  const auto doc = make(pt::Record{}, 3, counts);
  CHECK(terms_of(doc).empty());
  CHECK(counts.dropped == 0);
  CHECK(pt::decode_record(doc.get_data()) == pt::Record{});
}
