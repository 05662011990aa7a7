// Unit tests of dictionary-compressed records: training, encoders and decoders, index storage.
#include <catch2/catch.hpp>

#include <xapian.h>
#include <zstd.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pt/error.h"
#include "pt/record.h"
#include "pt/record_store.h"
#include "zstd_frames.h"
#include "pt/schema.h"

namespace {

// News-like records: shared boilerplate, datelines and vocabulary, varying numbers and names,
// as a dictionary would see in a real archive. Deterministic for a given seed.
std::vector<pt::Record> news(std::size_t n, unsigned seed = 7) {
  static const std::vector<std::string> places = {"LONDON", "NEW YORK", "TOKYO", "DOHA", "KABUL", "BRUSSELS", "WASHINGTON"};
  static const std::vector<std::string> subjects = {"The central bank", "The Taliban", "The U.S. envoy", "Shareholders",
                                                    "The finance ministry", "Traders", "The company's board"};
  static const std::vector<std::string> verbs = {"said on Tuesday that", "announced that", "denied reports that",
                                                 "expected that", "told reporters that"};
  static const std::vector<std::string> objects = {"talks would resume next week", "profits rose in the first quarter",
                                                   "interest rates would stay unchanged", "the agreement was signed",
                                                   "output fell by a larger margin than forecast"};
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<pt::Record> out;
  for (std::size_t i = 0; i < n; ++i) {
    pt::Record r;
    r.id = "reuters/" + std::to_string(1000 + i) + ".txt";
    r.path = r.id;
    r.title = pick(subjects) + " " + pick(verbs) + " " + pick(objects);
    r.body = pick(places) + ", March " + std::to_string(1 + rng() % 28) + " - ";
    const auto sentences = 3 + rng() % 12;
    for (unsigned s = 0; s < sentences; ++s)
      r.body += pick(subjects) + " " + pick(verbs) + " " + pick(objects) + ", by " + std::to_string(rng() % 1000) + " mln dlrs. ";
    r.body += "Reuters";
    r.fields = {{std::string(pt::schema::kFieldMeta),
                 R"({"source":{"name":"Reuters","origin":"dateline"},"date":{"value":"1987-03-)" +
                     std::to_string(10 + rng() % 18) + R"(","precision":"day"}})"},
                {std::string(pt::schema::kFieldLead), std::to_string(rng() % 40)}};
    out.push_back(std::move(r));
  }
  return out;
}

const pt::RecordDictionary& trained() {
  static const pt::RecordDictionary d = [] {
    const auto samples = news(600);
    auto dict = pt::train_record_dictionary(samples);
    REQUIRE(dict.has_value());
    return *dict;
  }();
  return d;
}

// A version 4 header: "PTR" 4, the head's dictionary id at byte 4, the body's at byte 8.
constexpr std::size_t kHeadIdAt = 4, kBodyIdAt = 8;

std::uint32_t header_id(const std::string& blob, std::size_t at = kBodyIdAt) {
  REQUIRE(blob.size() >= at + 4);
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(blob[at + i])} << (8 * i);
  return v;
}

void set_header_id(std::string& blob, std::uint32_t id, std::size_t at = kBodyIdAt) {
  for (std::size_t i = 0; i < 4; ++i) blob[at + i] = static_cast<char>((id >> (8 * i)) & 0xFF);
}

// Heads of news records as the indexer stores them: title, id and a metadata field.
const pt::RecordDictionary& trained_heads() {
  static const pt::RecordDictionary d = [] {
    auto dict = pt::train_head_dictionary(news(600));
    REQUIRE(dict.has_value());
    return *dict;
  }();
  return d;
}

// A decoder that knows exactly `dicts`, reporting itself as index "test".
pt::RecordDecoder decoder_with(std::vector<pt::RecordDictionary> dicts) {
  return pt::RecordDecoder(
      [dicts](std::uint32_t id) -> std::optional<pt::RecordDictionary> {
        for (const auto& d : dicts)
          if (d.id() == id) return d;
        return std::nullopt;
      },
      "index test");
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const pt::RecordError& e) {
    return e.what();
  }
  return "(no RecordError)";
}

}  // namespace

TEST_CASE("a trained dictionary has a stable non-zero id and survives its bytes", "[record][dictionary]") {
  const auto& d = trained();
  CHECK(d.id() != 0);
  CHECK(d.bytes().size() > 1000);
  CHECK(d.bytes().size() <= pt::DictionaryTraining{}.capacity);
  CHECK(d.id_hex().size() == 8);
  CHECK(pt::parse_dictionary_id(d.id_hex()) == d.id());
  const auto again = pt::train_record_dictionary(news(600));
  REQUIRE(again);
  CHECK(again->id() == d.id());
  CHECK(again->bytes() == d.bytes());
  const pt::RecordDictionary copy(d.bytes());
  CHECK(copy.id() == d.id());
  const auto other = pt::train_record_dictionary(news(600, 99));
  REQUIRE(other);
  CHECK(other->id() != d.id());
}

TEST_CASE("dictionary ids print and parse as 8 hex digits", "[record][dictionary]") {
  const std::vector<std::pair<std::uint32_t, std::string>> cases = {
      {0, "00000000"}, {1, "00000001"}, {0xABCDEF12u, "abcdef12"}, {0xFFFFFFFFu, "ffffffff"}, {0x8000, "00008000"}};
  for (const auto& [id, hex] : cases) {
    INFO(hex);
    CHECK(pt::dictionary_id_hex(id) == hex);
    CHECK(pt::parse_dictionary_id(hex) == id);
  }
  CHECK(pt::parse_dictionary_id("ABCDEF12") == 0xABCDEF12u);
  for (const char* bad : {"", "1234567", "123456789", "0000000g", "-0000001", " 0000001", "0x000001"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(pt::parse_dictionary_id(bad).has_value());
  }
}

TEST_CASE("bytes that are no zstd dictionary are refused", "[record][dictionary][error]") {
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"empty", ""},
      {"text (a raw-content dictionary has no id)", std::string(5000, 'x')},
      {"zstd frame, not a dictionary", pt::encode_record(news(1)[0]).substr(8)},
      {"dictionary magic only", std::string("\x37\xA4\x30\xEC", 4)},
  };
  for (const auto& [name, bytes] : cases) {
    INFO(name);
    CHECK_THROWS_AS(pt::RecordDictionary(bytes), pt::RecordError);
  }
}

TEST_CASE("too few or too small samples give no dictionary, not an error", "[record][dictionary]") {
  const auto many = news(600);
  const std::vector<std::pair<const char*, std::vector<pt::Record>>> cases = {
      {"no samples", {}},
      {"one sample", news(1)},
      {"seven samples", news(7)},
  };
  for (const auto& [name, samples] : cases) {
    INFO(name);
    CHECK_FALSE(pt::train_record_dictionary(samples).has_value());
  }
  // Tiny records: zstd may or may not find a dictionary; either way no error, and it works.
  const std::vector<pt::Record> tiny(500);
  const auto from_tiny = pt::train_record_dictionary(tiny);
  if (from_tiny) {
    auto decoder = decoder_with({*from_tiny});
    CHECK(decoder.decode(pt::RecordEncoder(from_tiny).encode(news(1)[0])) == news(1)[0]);
  }
  pt::DictionaryTraining strict;
  strict.min_samples = 1000;
  CHECK_FALSE(pt::train_record_dictionary(many, strict).has_value());
  pt::DictionaryTraining small;
  small.capacity = 4096;
  const auto d = pt::train_record_dictionary(many, small);
  REQUIRE(d);
  CHECK(d->bytes().size() <= 4096);
}

TEST_CASE("records round-trip with and without a dictionary", "[record][dictionary]") {
  const auto& dict = trained();
  std::string large;
  for (int i = 0; large.size() < (1u << 20); ++i) large += "Paragraph " + std::to_string(i) + " of the talks in Doha.\n";
  std::vector<std::pair<std::string, pt::Record>> cases = {
      {"empty record", pt::Record{}},
      {"title only", pt::Record{"a", "a", "Only a title", "", {}}},
      {"large body", pt::Record{"big.txt", "big.txt", "Big", large, {}}},
      {"binary bytes", pt::Record{std::string("a\0b", 3), "p", std::string("\0\xFF\x80", 3), "\xC3", {{"", ""}}}},
  };
  for (const auto& r : news(20, 3)) cases.emplace_back("news " + r.id, r);  // unseen by training

  pt::RecordEncoder with(dict);
  pt::RecordEncoder without;
  CHECK(with.dictionary_id() == dict.id());
  CHECK(without.dictionary_id() == 0);
  auto decoder = decoder_with({dict});
  for (const auto& [name, record] : cases) {
    INFO(name);
    const auto a = with.encode(record);
    const auto b = without.encode(record);
    CHECK(a.substr(0, 4) == std::string("PTR\x04", 4));
    CHECK(header_id(a) == dict.id());
    CHECK(header_id(a, kHeadIdAt) == 0);
    CHECK(header_id(b) == 0);
    CHECK(header_id(b, kHeadIdAt) == 0);
    CHECK(decoder.decode(a) == record);
    CHECK(decoder.decode(b) == record);
    CHECK(pt::decode_record(b) == record);
    CHECK(with.encode(record) == a);  // the encoder carries nothing from one record to the next
  }
}

TEST_CASE("every level gives decodable records with a dictionary", "[record][dictionary]") {
  const auto records = news(5, 11);
  auto decoder = decoder_with({trained()});
  for (int level : {-5, 1, 3, 6, 12, 19}) {
    INFO("level " << level);
    pt::RecordEncoder encoder(trained(), level);
    for (const auto& r : records) CHECK(decoder.decode(encoder.encode(r)) == r);
  }
}

TEST_CASE("a dictionary makes small records smaller", "[record][dictionary]") {
  const auto records = news(200, 5);  // not the training sample
  pt::RecordEncoder with(pt::RecordDictionaries{trained_heads(), trained()});
  std::size_t plain = 0, dictionary = 0;
  for (const auto& r : records) {
    plain += pt::encode_record(r).size();
    dictionary += with.encode(r).size();
  }
  INFO(plain << " bytes without, " << dictionary << " with the dictionary");
  CHECK(dictionary * 2 < plain);
}

TEST_CASE("version 1 records still decode", "[record][dictionary]") {
  const auto r = news(1)[0];
  const auto payload = pt::record_payload(r);
  // What the version 1 encoder wrote: "PTR" 1 and a level 6 frame with a checksum.
  const std::string v1 = std::string("PTR\x01", 4) + checked_zstd_frame(payload, 6);
  CHECK(pt::decode_record(v1) == r);
  auto decoder = decoder_with({trained()});
  CHECK(decoder.decode(v1) == r);
  // A version 1 header in front of a version 2 body is not silently accepted.
  auto v2 = pt::RecordEncoder(trained()).encode(r);
  v2[3] = '\x01';
  CHECK_THROWS_AS(decoder.decode(v2), pt::RecordError);
}

TEST_CASE("a dictionary the decoder cannot find throws RecordError naming it", "[record][dictionary][error]") {
  const auto& dict = trained();
  const auto other = pt::train_record_dictionary(news(600, 99));
  REQUIRE(other);
  const auto blob = pt::RecordEncoder(dict).encode(news(1)[0]);

  SECTION("decode_record has no dictionaries") {
    const auto msg = message_of([&] { pt::decode_record(blob); });
    CHECK_THAT(msg, Catch::Contains("compression dictionary " + dict.id_hex()));
  }
  SECTION("a decoder made without a lookup") {
    pt::RecordDecoder plain;
    CHECK_THAT(message_of([&] { plain.decode(blob); }), Catch::Contains(dict.id_hex()));
    plain.add(dict);
    CHECK(plain.decode(blob) == news(1)[0]);
  }
  SECTION("the lookup does not know the id") {
    auto decoder = decoder_with({*other});
    CHECK(message_of([&] { decoder.decode(blob); }) ==
          "record uses compression dictionary " + dict.id_hex() + ", which index test does not hold");
  }
  SECTION("the lookup answers with another dictionary") {
    pt::RecordDecoder liar([&](std::uint32_t) { return std::optional<pt::RecordDictionary>(*other); }, "index test");
    CHECK_THAT(message_of([&] { liar.decode(blob); }), Catch::Contains(other->id_hex()));
  }
  SECTION("the header names another dictionary the decoder has") {
    auto decoder = decoder_with({dict, *other});
    auto relabelled = blob;
    set_header_id(relabelled, other->id());
    CHECK_THROWS_AS(decoder.decode(relabelled), pt::RecordError);
  }
  SECTION("the header says no dictionary") {
    auto decoder = decoder_with({dict});
    auto relabelled = blob;
    set_header_id(relabelled, 0);
    CHECK_THROWS_AS(decoder.decode(relabelled), pt::RecordError);
  }
  SECTION("a lookup that fails after a miss is asked again, and a hit is cached") {
    int calls = 0;
    bool has = false;
    pt::RecordDecoder decoder(
        [&](std::uint32_t) -> std::optional<pt::RecordDictionary> {
          ++calls;
          if (has) return dict;
          return std::nullopt;
        },
        "index test");
    CHECK_THROWS_AS(decoder.decode(blob), pt::RecordError);
    has = true;
    CHECK(decoder.decode(blob) == news(1)[0]);
    CHECK(decoder.decode(blob) == news(1)[0]);
    CHECK(calls == 2);
  }
}

TEST_CASE("corrupt dictionary records throw RecordError, never decode to something else", "[record][dictionary][error]") {
  const auto r = news(1, 21)[0];
  const auto good = pt::RecordEncoder(trained()).encode(r);
  auto decoder = decoder_with({trained()});
  REQUIRE(decoder.decode(good) == r);

  SECTION("every truncation") {
    for (std::size_t n = 0; n < good.size(); ++n) {
      INFO("first " << n << " of " << good.size() << " bytes");
      CHECK_THROWS_AS(decoder.decode(std::string_view(good).substr(0, n)), pt::RecordError);
    }
  }
  SECTION("trailing bytes") {
    for (const std::string& tail : {std::string("x"), std::string(1, '\0'), good.substr(8)}) CHECK_THROWS_AS(decoder.decode(good + tail), pt::RecordError);
  }
  SECTION("every single-bit flip, header included") {
    std::size_t silent = 0;
    for (std::size_t p = 0; p < good.size(); ++p) {
      for (int bit = 0; bit < 8; ++bit) {
        auto blob = good;
        blob[p] = static_cast<char>(blob[p] ^ (1 << bit));
        try {
          if (!(decoder.decode(blob) == r)) ++silent;
        } catch (const pt::RecordError&) {
          // detected
        }
      }
    }
    INFO(silent << " single-bit flips decoded to a different record without an error");
    CHECK(silent == 0);
  }
  SECTION("bytes overwritten in the middle of the frame") {
    for (std::size_t p = 12; p + 4 < good.size(); p += 7) {
      auto blob = good;
      blob.replace(p, 4, "\xDE\xAD\xBE\xEF");
      std::optional<pt::Record> decoded;
      try {
        decoded = decoder.decode(blob);
      } catch (const pt::RecordError&) {
        // detected
      }
      INFO("overwritten at " << p);
      CHECK((!decoded || *decoded == r));
    }
  }
}

TEST_CASE("encoders on several threads sharing one dictionary give decodable records", "[record][dictionary]") {
  const auto records = news(400, 31);
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> blobs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      pt::RecordEncoder encoder(trained());  // each thread its own, sharing the dictionary's tables
      for (std::size_t i = static_cast<std::size_t>(t); i < records.size(); i += kThreads)
        blobs[static_cast<std::size_t>(t)].push_back(encoder.encode(records[i]));
    });
  }
  for (auto& th : threads) th.join();
  auto decoder = decoder_with({trained()});
  pt::RecordEncoder single(trained());
  for (int t = 0; t < kThreads; ++t) {
    std::size_t i = static_cast<std::size_t>(t);
    for (const auto& blob : blobs[static_cast<std::size_t>(t)]) {
      CHECK(decoder.decode(blob) == records[i]);
      CHECK(blob == single.encode(records[i]));  // same bytes as on one thread
      i += kThreads;
    }
  }
}

TEST_CASE("dictionaries stored in an index: current ones, decoder, shards", "[record][dictionary][store]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK_FALSE(pt::current_record_dictionaries(db, "mem").head.has_value());
  CHECK_FALSE(pt::current_record_dictionaries(db, "mem").body.has_value());
  const auto& dict = trained();
  const auto& heads = trained_heads();
  // A body dictionary alone (as an index from before head dictionaries has it).
  pt::store_record_dictionaries(db, {std::nullopt, dict});
  CHECK(db.get_metadata(std::string(pt::schema::kMetaRecordDictionary)) == dict.id_hex());
  CHECK(db.get_metadata(std::string(pt::schema::kMetaRecordHeadDictionary)).empty());
  CHECK(db.get_metadata(std::string(pt::schema::kMetaRecordDictionaryPrefix) + dict.id_hex()) == dict.bytes());
  auto current = pt::current_record_dictionaries(db, "mem");
  REQUIRE(current.body);
  CHECK(current.body->id() == dict.id());
  CHECK(current.body->bytes() == dict.bytes());
  CHECK_FALSE(current.head.has_value());
  // Then a head dictionary too: the body's stays current.
  pt::store_record_dictionaries(db, {heads, std::nullopt});
  current = pt::current_record_dictionaries(db, "mem");
  REQUIRE(current.head);
  REQUIRE(current.body);
  CHECK(current.head->id() == heads.id());
  CHECK(current.head->bytes() == heads.bytes());
  CHECK(current.body->id() == dict.id());
  CHECK(db.get_metadata(std::string(pt::schema::kMetaRecordHeadDictionary)) == heads.id_hex());

  // A newer dictionary becomes current; the older one stays for the records that use it.
  const auto newer = pt::train_record_dictionary(news(600, 99));
  REQUIRE(newer);
  const auto old_record = news(1, 41)[0];
  const auto new_record = news(1, 42)[0];
  const auto old_blob = pt::RecordEncoder(dict).encode(old_record);
  pt::store_record_dictionaries(db, {std::nullopt, *newer});
  CHECK(pt::current_record_dictionaries(db, "mem").body->id() == newer->id());
  CHECK(pt::current_record_dictionaries(db, "mem").head->id() == heads.id());
  const auto new_blob = pt::RecordEncoder(pt::RecordDictionaries{heads, *newer}).encode(new_record);
  auto decoder = pt::record_decoder_for(db, "mem");
  CHECK(decoder.decode(old_blob) == old_record);
  CHECK(decoder.decode(new_blob) == new_record);

  SECTION("an id the index lacks") {
    Xapian::WritableDatabase empty(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto lacking = pt::record_decoder_for(empty, "/srv/news.idx");
    CHECK(message_of([&] { lacking.decode(old_blob); }) ==
          "record uses compression dictionary " + dict.id_hex() + ", which index /srv/news.idx does not hold");
    // Stored later (the decoder shares the handle): found on the next try.
    pt::store_record_dictionaries(empty, {std::nullopt, dict});
    CHECK(lacking.decode(old_blob) == old_record);
  }
  SECTION("a stub of several shards reads dictionaries from the first") {
    Xapian::WritableDatabase shard2(std::string(), Xapian::DB_BACKEND_INMEMORY);
    pt::store_record_dictionaries(shard2, {heads, dict});
    pt::store_record_dictionaries(shard2, {std::nullopt, *newer});
    Xapian::Database stub;
    stub.add_database(db);
    stub.add_database(shard2);
    CHECK(pt::current_record_dictionaries(stub, "stub").body->id() == newer->id());
    CHECK(pt::current_record_dictionaries(stub, "stub").head->id() == heads.id());
    auto stub_decoder = pt::record_decoder_for(stub, "stub");
    CHECK(stub_decoder.decode(old_blob) == old_record);
    CHECK(stub_decoder.decode(new_blob) == new_record);
  }
}

TEST_CASE("broken dictionary metadata throws IndexError naming the index", "[record][dictionary][store][error]") {
  const auto& dict = trained();
  const std::string bytes_key = std::string(pt::schema::kMetaRecordDictionaryPrefix) + dict.id_hex();
  const auto other = pt::train_record_dictionary(news(600, 99));
  REQUIRE(other);
  struct Case {
    const char* name;
    std::string current;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"current id not hex", "not-hex!", dict.bytes()},
      {"current id zero", "00000000", dict.bytes()},
      {"current id too short", dict.id_hex().substr(1), dict.bytes()},
      {"bytes missing", dict.id_hex(), ""},
      {"bytes are not a dictionary", dict.id_hex(), "garbage"},
      {"bytes are another dictionary", dict.id_hex(), other->bytes()},
  };
  for (const auto current_key : {pt::schema::kMetaRecordDictionary, pt::schema::kMetaRecordHeadDictionary}) {
    for (const auto& c : cases) {
      INFO(c.name << " under " << current_key);
      Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
      db.set_metadata(std::string(current_key), c.current);
      if (!c.bytes.empty()) db.set_metadata(bytes_key, c.bytes);
      try {
        pt::current_record_dictionaries(db, "/srv/news.idx");
        FAIL("broken metadata accepted");
      } catch (const pt::IndexError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("/srv/news.idx"));
      }
    }
  }
  SECTION("a decoder meeting corrupt stored bytes throws IndexError too") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.set_metadata(bytes_key, "garbage");
    auto decoder = pt::record_decoder_for(db, "/srv/news.idx");
    CHECK_THROWS_AS(decoder.decode(pt::RecordEncoder(dict).encode(news(1)[0])), pt::IndexError);
  }
}

TEST_CASE("a head dictionary: heads apart from bodies, smaller, and decoded without the body's", "[record][dictionary]") {
  const auto& heads = trained_heads();
  const auto& bodies = trained();
  CHECK(heads.id() != bodies.id());
  CHECK(heads.bytes().size() <= pt::kHeadDictionaryTraining.capacity);
  const auto again = pt::train_head_dictionary(news(600));
  REQUIRE(again);
  CHECK(again->bytes() == heads.bytes());  // deterministic
  CHECK_FALSE(pt::train_head_dictionary(news(7)).has_value());
  const auto both = pt::train_record_dictionaries(news(600));
  REQUIRE(both.head);
  REQUIRE(both.body);
  CHECK(both.head->id() == heads.id());
  CHECK(both.body->id() == bodies.id());

  const auto records = news(200, 5);  // not the training sample
  pt::RecordEncoder two(pt::RecordDictionaries{heads, bodies});
  pt::RecordEncoder body_only(bodies);
  CHECK(two.head_dictionary_id() == heads.id());
  CHECK(two.dictionary_id() == bodies.id());
  CHECK(body_only.head_dictionary_id() == 0);
  std::size_t with_heads = 0, without = 0;
  auto decoder = decoder_with({heads, bodies});
  for (const auto& r : records) {
    const auto blob = two.encode(r);
    CHECK(header_id(blob, kHeadIdAt) == heads.id());
    CHECK(header_id(blob) == bodies.id());
    CHECK(decoder.decode(blob) == r);
    with_heads += blob.size();
    without += body_only.encode(r).size();
  }
  INFO(with_heads << " bytes with a head dictionary, " << without << " with the body's alone");
  CHECK(with_heads < without);

  // decode_head asks for the head's dictionary only; decode then asks for the body's.
  std::vector<std::uint32_t> asked;
  pt::RecordDecoder lazy(
      [&](std::uint32_t id) -> std::optional<pt::RecordDictionary> {
        asked.push_back(id);
        if (id == heads.id()) return heads;
        return std::nullopt;  // the body's dictionary is not there
      },
      "index test");
  auto head_only = records[0];
  head_only.body.clear();
  const auto blob = two.encode(records[0]);
  CHECK(lazy.decode_head(blob) == head_only);
  CHECK(asked == std::vector<std::uint32_t>{heads.id()});
  CHECK(message_of([&] { lazy.decode(blob); }) ==
        "record uses compression dictionary " + bodies.id_hex() + ", which index test does not hold");

  // The two ids are not interchangeable: swapped, both frames fail their checks.
  auto swapped = blob;
  set_header_id(swapped, bodies.id(), kHeadIdAt);
  set_header_id(swapped, heads.id());
  CHECK_THROWS_AS(decoder.decode(swapped), pt::RecordError);
  CHECK_THROWS_AS(decoder.decode_head(swapped), pt::RecordError);
}

TEST_CASE("version 3 records with one dictionary for both frames still decode", "[record][dictionary]") {
  const auto r = news(1, 51)[0];
  const auto& dict = trained();
  // What the version 3 encoder wrote: "PTR" 3, the dictionary id, the head frame's length, the
  // head frame and the body frame, both with the dictionary and without its id in the frame.
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0);
  ZSTD_CCtx_loadDictionary(cctx, dict.bytes().data(), dict.bytes().size());
  auto frame = [&](const std::string& content) {
    std::string out(ZSTD_compressBound(content.size()), '\0');
    const auto n = ZSTD_compress2(cctx, out.data(), out.size(), content.data(), content.size());
    REQUIRE_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
  };
  const std::string head = frame(pt::record_head_payload(r));
  const std::string body = frame(r.body);
  ZSTD_freeCCtx(cctx);
  REQUIRE(head.size() < 0x4000);
  std::string v3 = std::string("PTR\x03", 4);
  for (int i = 0; i < 4; ++i) v3.push_back(static_cast<char>((dict.id() >> (8 * i)) & 0xFF));
  if (head.size() >= 0x80) v3.push_back(static_cast<char>(0x80 | (head.size() & 0x7F)));  // a LEB128 varint
  v3.push_back(static_cast<char>(head.size() >> (head.size() >= 0x80 ? 7 : 0)));
  v3 += head + body;
  auto decoder = decoder_with({dict});
  CHECK(decoder.decode(v3) == r);
  auto head_only = r;
  head_only.body.clear();
  CHECK(decoder.decode_head(v3) == head_only);
  CHECK_THROWS_AS(decoder_with({trained_heads()}).decode(v3), pt::RecordError);
}
