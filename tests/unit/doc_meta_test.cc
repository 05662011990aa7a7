// The record's metadata field: what ptindex writes reads back whole; the JSON of older indexes still reads; corrupt bytes are a RecordError.
#include "match/doc_meta.h"

#include <catch2/catch.hpp>
#include <string>

#include "pt/error.h"
#include "pt/schema.h"
#include "write/meta_index.h"

namespace {

using namespace pt::indexer;

ArticleMeta full_meta() {
  ArticleMeta m;
  m.source = Outlet{"Global Research", "global-research", {"source-line", "Global Research, September 09, 2019"}};
  m.original_source = Outlet{"OneWorld", "oneworld", {"original-source-line", "originally published on OneWorld"}};
  m.date = PubDate{2019, 9, 9, DatePrecision::Day, {"dateline", "September 09, 2019"}};
  m.authors = {Author{"Andrew Korybko", "andrew-korybko", {"byline", "By Andrew Korybko"}}, Author{"Ann Lee", "ann-lee", {"front-matter", ""}}};
  m.url = "https://example.org/a?b=c&d=é";
  m.actors = {Actor{"Taliban", "taliban", ActorType::Organisation, 12, 0.8125, {"gazetteer", "the Taliban"}},
              Actor{"Zalmay Khalilzad", "zalmay-khalilzad", ActorType::Person, 3, 0.25, {"discovered", "Khalilzad"}},
              Actor{"Afghanistan", "afghanistan", ActorType::Country, 1, 1e-9, {"gazetteer", ""}}};
  return m;
}

pt::Record record_with(std::string_view key, std::string value) {
  pt::Record r;
  r.id = "a";
  r.fields = {{std::string(pt::schema::kFieldLead), "12"}, {std::string(key), std::move(value)}};
  return r;
}

pt::DocumentMeta read(std::string bytes) { return pt::read_document_meta(record_with(pt::schema::kFieldMetaBytes, std::move(bytes))); }

}  // namespace

TEST_CASE("metadata written by ptindex reads back as it was found") {
  const auto m = read(meta_to_bytes(full_meta()));
  REQUIRE(m.source);
  CHECK(m.source->name == "Global Research");
  CHECK(m.source->slug == "global-research");
  CHECK(m.source->how == "source-line");
  CHECK(m.source->evidence == "Global Research, September 09, 2019");
  REQUIRE(m.original_source);
  CHECK(m.original_source->slug == "oneworld");
  CHECK(m.original_source->how == "original-source-line");
  REQUIRE(m.date);
  CHECK(m.date->name == "2019-09-09");
  CHECK(m.date->slug.empty());
  CHECK(m.date_precision == "day");
  CHECK(m.date->how == "dateline");
  CHECK(m.date->evidence == "September 09, 2019");
  REQUIRE(m.authors.size() == 2);
  CHECK(m.authors[0].name == "Andrew Korybko");
  CHECK(m.authors[0].evidence == "By Andrew Korybko");
  CHECK(m.authors[1].slug == "ann-lee");
  CHECK(m.authors[1].evidence.empty());
  CHECK(m.url == "https://example.org/a?b=c&d=é");
  REQUIRE(m.actors.size() == 3);
  CHECK(m.actors[0].name == "Taliban");
  CHECK(m.actors[0].type == "organisation");
  CHECK(m.actors[0].mentions == 12);
  CHECK(m.actors[0].salience == 0.8125);
  CHECK(m.actors[1].type == "person");
  CHECK(m.actors[1].how == "discovered");
  CHECK(m.actors[2].type == "country");
  CHECK(m.actors[2].salience == 1e-9);
}

TEST_CASE("metadata with nothing found reads back empty; a record without the field has none") {
  const struct {
    const char* what;
    ArticleMeta meta;
    const char* precision;
  } cases[] = {
      {"nothing found", ArticleMeta{}, ""},
      {"a year only", ArticleMeta{std::nullopt, std::nullopt, PubDate{1987, 0, 0, DatePrecision::Year, {"inferred", "1987"}}, {}, "", {}}, "year"},
      {"a month", ArticleMeta{std::nullopt, std::nullopt, PubDate{2020, 2, 0, DatePrecision::Month, {"lede", ""}}, {}, "", {}}, "month"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto m = read(meta_to_bytes(c.meta));
    CHECK_FALSE(m.source);
    CHECK_FALSE(m.original_source);
    CHECK(m.date.has_value() == c.meta.date.has_value());
    if (m.date) CHECK(m.date->name == c.meta.date->iso());
    CHECK(m.date_precision == c.precision);
    CHECK(m.authors.empty());
    CHECK(m.actors.empty());
    CHECK(m.url.empty());
  }
  pt::Record none;
  none.fields = {{std::string(pt::schema::kFieldLead), "3"}};
  const auto m = pt::read_document_meta(none);
  CHECK_FALSE(m.source);
  CHECK(m.actors.empty());
}

TEST_CASE("the JSON metadata of indexes made before the binary layout still reads") {
  const std::string json = R"({"source": {"name": "Global Research", "slug": "global-research", "how": "source-line"},
    "date": {"iso": "2019-09", "precision": "month", "how": "dateline", "evidence": "September 2019"},
    "authors": [{"name": "Ann Lee", "slug": "ann-lee", "how": "byline"}], "url": "https://example.org/x",
    "actors": [{"name": "Taliban", "slug": "taliban", "type": "organisation", "mentions": 4, "salience": 0.5, "how": "gazetteer"}]})";
  const auto m = pt::read_document_meta(record_with(pt::schema::kFieldMeta, json));
  REQUIRE(m.source);
  CHECK(m.source->name == "Global Research");
  REQUIRE(m.date);
  CHECK(m.date->name == "2019-09");
  CHECK(m.date_precision == "month");
  CHECK(m.date->evidence == "September 2019");
  REQUIRE(m.authors.size() == 1);
  CHECK(m.authors[0].how == "byline");
  CHECK(m.url == "https://example.org/x");
  REQUIRE(m.actors.size() == 1);
  CHECK(m.actors[0].mentions == 4);
  CHECK(m.actors[0].salience == 0.5);
  CHECK_THROWS_AS(pt::read_document_meta(record_with(pt::schema::kFieldMeta, "{\"source\": ")), pt::RecordError);
}

TEST_CASE("corrupt metadata bytes are a RecordError, never a crash or a huge allocation") {
  const std::string good = meta_to_bytes(full_meta());
  SECTION("every truncation") {
    for (std::size_t n = 0; n < good.size(); ++n) {
      INFO("first " << n << " of " << good.size() << " bytes");
      CHECK_THROWS_AS(read(good.substr(0, n)), pt::RecordError);
    }
  }
  const struct {
    const char* what;
    std::string bytes;
    const char* message;
  } cases[] = {
      {"trailing bytes", good + "x", "trailing bytes"},
      {"an unknown layout version", std::string("\x02") + good.substr(1), "unknown layout version"},
      {"a count of 2^62 authors", std::string("\x01\x00", 2) + std::string("\x00", 1) + "\x80\x80\x80\x80\x80\x80\x80\x80\x40", "claims"},
      {"a varint over 64 bits", std::string("\x01\x00", 2) + std::string(11, '\xFF'), "over-long"},
      {"a string longer than the field", std::string("\x01\x01", 2) + "\x7F" + "abc", "truncated"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    try {
      read(c.bytes);
      FAIL("no error");
    } catch (const pt::RecordError& e) {
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
      CHECK(std::string(e.what()).rfind("document metadata", 0) == 0);
    }
  }
}
