// Unit tests of the stored document record: encode/decode round trips and every decode error.
#include <catch2/catch.hpp>

#include <zstd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pt/error.h"
#include "pt/record.h"
#include "zstd_frames.h"

namespace {

pt::Record sample() {
  return pt::Record{"2019/doha.txt", "2019/doha.txt", "Peace talks resume in Doha",
                    "The talks resumed in Doha. The Taliban said the talks were useful, and the U.S. envoy agreed.",
                    {{"source", "BBC"}, {"date", "2019-09-07"}}};
}

// The record payload format, written independently of the library: varint lengths, then bytes.
void varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::string field(std::string_view s) {
  std::string out;
  varint(out, s.size());
  out.append(s);
  return out;
}

// "PTR" + version 1 + a zstd frame of `payload`.
std::string blob_of_payload(const std::string& payload) {
  std::string frame(ZSTD_compressBound(payload.size()), '\0');
  const auto n = ZSTD_compress(frame.data(), frame.size(), payload.data(), payload.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  frame.resize(n);
  return std::string("PTR\x01", 4) + frame;
}

// A valid payload of four strings and `count` fields (pairs appended by the caller).
std::string base_payload() { return field("id") + field("path") + field("title") + field("body"); }

}  // namespace

TEST_CASE("records round-trip through encode and decode", "[record]") {
  std::string large;
  for (int i = 0; large.size() < (5u << 20); ++i) large += "Paragraph " + std::to_string(i) + " of the talks in Doha.\n";
  std::string binary;
  for (int c = 0; c < 256; ++c) binary.push_back(static_cast<char>(c));

  const std::vector<std::pair<const char*, pt::Record>> cases = {
      {"sample", sample()},
      {"all fields empty", pt::Record{}},
      {"empty body, title only", pt::Record{"a", "a", "Only a title", "", {}}},
      {"large body", pt::Record{"big.txt", "big.txt", "Big", large, {}}},
      {"unicode", pt::Record{"\xE6\x96\xB0\xE9\x97\xBB/\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85.txt",
                             "\xE6\x96\xB0\xE9\x97\xBB/x.txt", "Trump\xE2\x80\x99s caf\xC3\xA9 \xF0\x9F\x95\x8A",
                             "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", {}}},
      {"binary bytes and NULs", pt::Record{std::string("a\0b", 3), "p", binary, binary, {{binary, binary}}}},
      {"extra fields in order, duplicates and empties kept",
       pt::Record{"x", "x", "t", "b", {{"source", "BBC"}, {"", ""}, {"actor", "Taliban"}, {"actor", "U.S."}}}},
      {"many fields", [] {
         pt::Record r{"m", "m", "t", "b", {}};
         for (int i = 0; i < 500; ++i) r.fields.emplace_back(std::to_string(i), std::string(static_cast<std::size_t>(i), 'v'));
         return r;
       }()},
  };
  for (const auto& [name, record] : cases) {
    INFO("case: " << name);
    const auto blob = pt::encode_record(record);
    CHECK(blob.substr(0, 3) == "PTR");
    CHECK(static_cast<unsigned char>(blob[3]) == pt::kRecordVersion);
    CHECK(pt::decode_record(blob) == record);
  }
}

TEST_CASE("every zstd level gives a decodable record", "[record]") {
  const auto r = sample();
  for (int level : {-5, 1, 3, 6, 19}) {
    INFO("level " << level);
    CHECK(pt::decode_record(pt::encode_record(r, level)) == r);
  }
}

TEST_CASE("the large body is actually compressed", "[record]") {
  pt::Record r = sample();
  r.body.clear();
  for (int i = 0; i < 20000; ++i) r.body += "The talks resumed in Doha. ";
  CHECK(pt::encode_record(r).size() < r.body.size() / 10);
}

TEST_CASE("bad magic throws RecordError", "[record][error]") {
  const auto good = pt::encode_record(sample());
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"empty", ""},
      {"one byte", "P"},
      {"magic without version", "PTR"},
      {"plain text", "The talks resumed in Doha."},
      {"lower-case magic", "ptr" + good.substr(3)},
      {"other magic", "XTR" + good.substr(3)},
      {"bare zstd frame", good.substr(13)},
  };
  for (const auto& [name, blob] : cases) {
    INFO("case: " << name);
    CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
  }
}

TEST_CASE("an unknown version byte throws RecordError", "[record][error]") {
  const auto good = pt::encode_record(sample());
  for (int version : {0, 5, 0x7F, 0xFF}) {
    INFO("version " << version);
    auto blob = good;
    blob[3] = static_cast<char>(version);
    CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
  }
}

TEST_CASE("every truncation of a record throws RecordError", "[record][error]") {
  const auto good = pt::encode_record(sample());
  for (std::size_t n = 0; n < good.size(); ++n) {
    INFO("first " << n << " of " << good.size() << " bytes");
    CHECK_THROWS_AS(pt::decode_record(std::string_view(good).substr(0, n)), pt::RecordError);
  }
}

TEST_CASE("corrupted zstd frame structure throws RecordError", "[record][error]") {
  const auto good = pt::encode_record(sample());
  // Layout: "PTR" 4 | head and body dictionary ids (4 + 4) | head frame length (a one-byte varint
  // here) | head frame: zstd magic (4), frame header descriptor (1) ... | body frame: the same.
  REQUIRE(static_cast<unsigned char>(good[12]) < 0x80);
  const std::size_t head = 13, body = head + static_cast<unsigned char>(good[12]);
  REQUIRE(body + 5 < good.size());
  for (const std::size_t frame : {head, body}) {
    INFO("frame at " << frame);
    SECTION("zstd magic number " + std::to_string(frame)) {
      auto blob = good;
      blob[frame] = static_cast<char>(blob[frame] ^ 0x01);
      CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
    }
    SECTION("reserved bit of the frame header descriptor " + std::to_string(frame)) {
      auto blob = good;
      blob[frame + 4] = static_cast<char>(blob[frame + 4] | 0x08);
      CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
    }
  }
  SECTION("a head length pointing past the record or into the body") {
    for (const char length : {'\x00', '\x01', '\x7F'}) {
      auto blob = good;
      blob[12] = length;
      CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
    }
  }
  SECTION("not zstd at all after the header") {
    CHECK_THROWS_AS(pt::decode_record(std::string("PTR\x01", 4) + "this is not a zstd frame at all"), pt::RecordError);
    CHECK_THROWS_AS(pt::decode_record(std::string("PTR\x02\0\0\0\0", 8) + "this is not a zstd frame at all"), pt::RecordError);
    CHECK_THROWS_AS(pt::decode_record(std::string("PTR\x03\0\0\0\0\x05", 9) + "this is not a zstd frame at all"), pt::RecordError);
    CHECK_THROWS_AS(pt::decode_record(std::string("PTR\x04\0\0\0\0\0\0\0\0\x05", 13) + "this is not a zstd frame at all"), pt::RecordError);
  }
}

// Without a content checksum in the frame, many bit flips in the compressed data decode
// "successfully" to other bytes: a corrupt record must never come back as a different record.
TEST_CASE("no single-bit corruption of the frame decodes to a different record", "[record][error]") {
  const auto r = sample();
  const auto good = pt::encode_record(r);
  std::size_t silent = 0;
  for (std::size_t p = 4; p < good.size(); ++p) {
    for (int bit = 0; bit < 8; ++bit) {
      auto blob = good;
      blob[p] = static_cast<char>(blob[p] ^ (1 << bit));
      try {
        if (!(pt::decode_record(blob) == r)) ++silent;
      } catch (const pt::RecordError&) {
        // detected: what we want
      }
    }
  }
  INFO(silent << " single-bit flips decoded to a different record without an error");
  CHECK(silent == 0);
}

// tests/fuzz/corpus/record/regress-declared-size.txt: 32 bytes whose frame header declares
// 1,381,257,469 bytes of content. The decoder allocated and zeroed that much before zstd found the
// frame corrupt (seconds and 1.4 GB per record); now the size is checked against what the frame's
// blocks can hold first.
TEST_CASE("a frame header declaring more than the frame can hold throws RecordError at once", "[record][error][fuzz]") {
  const std::string hex = "5054520128b52ffdb52ffd5054520128b52ffd2005054520128b52ffd2007000";
  std::string blob;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) blob += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  REQUIRE(blob.size() == 32);
  REQUIRE(ZSTD_getFrameContentSize(blob.data() + 4, blob.size() - 4) == 1381257469u);
  try {
    (void)pt::decode_record(blob);
    FAIL("decoded");
  } catch (const pt::RecordError& e) {
    CHECK_THAT(e.what(), Catch::Matchers::Contains("declares 1381257469 bytes"));
  }
  // A version 2 record with the same frame, and the 2 GiB just under the decoder's own limit.
  CHECK_THROWS_AS(pt::decode_record(std::string("PTR\x02\0\0\0\0", 8) + blob.substr(4)), pt::RecordError);
  std::string huge = std::string("PTR\x01", 4) + std::string("\x28\xb5\x2f\xfd\xa0", 5);  // 4-byte size, single segment
  huge += std::string("\xff\xff\xff\x7f", 4) + std::string("\x01\x00\x00", 3);          // 2^31 - 1, an empty raw block
  CHECK_THROWS_WITH(pt::decode_record(huge), Catch::Matchers::Contains("more than its"));
}

TEST_CASE("trailing garbage after the frame throws RecordError", "[record][error]") {
  const auto good = pt::encode_record(sample());
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"text after the frame", good + "garbage"},
      {"one zero byte", good + std::string(1, '\0')},
      {"a second frame", good + good.substr(13)},
  };
  for (const auto& [name, blob] : cases) {
    INFO("case: " << name);
    CHECK_THROWS_AS(pt::decode_record(blob), pt::RecordError);
  }
}

TEST_CASE("hand-made payloads: a valid one decodes, malformed ones throw RecordError", "[record][error]") {
  std::string fields_payload = base_payload();
  varint(fields_payload, 1);
  fields_payload += field("source") + field("BBC");
  const pt::Record expected{"id", "path", "title", "body", {{"source", "BBC"}}};
  REQUIRE(pt::decode_record(blob_of_payload(fields_payload)) == expected);

  std::string no_fields = base_payload();
  varint(no_fields, 0);
  REQUIRE(pt::decode_record(blob_of_payload(no_fields)) == pt::Record{"id", "path", "title", "body", {}});

  std::string claims_more = field("id") + field("path");
  varint(claims_more, 100);
  claims_more += "only a few bytes";

  std::string more_fields_than_present = base_payload();
  varint(more_fields_than_present, 5);
  more_fields_than_present += field("source") + field("BBC");

  std::string huge_field_count = base_payload();
  varint(huge_field_count, std::uint64_t{1} << 40);

  const std::vector<std::pair<const char*, std::string>> cases = {
      {"empty payload", ""},
      {"trailing bytes after the fields", fields_payload + "x"},
      {"field count missing", base_payload()},
      {"unfinished length", field("id") + "\x80"},
      {"length longer than the payload", claims_more},
      {"over-long varint", std::string(11, '\xFF') + "x"},
      {"more fields announced than present", more_fields_than_present},
      {"absurd field count", huge_field_count},
      {"key without value", base_payload() + "\x01" + field("source")},
  };
  for (const auto& [name, payload] : cases) {
    INFO("case: " << name);
    CHECK_THROWS_AS(pt::decode_record(blob_of_payload(payload)), pt::RecordError);
  }
}

TEST_CASE("RecordError is a pt::Error with a message", "[record][error]") {
  try {
    pt::decode_record("nope");
    FAIL("decode_record accepted garbage");
  } catch (const pt::Error& e) {
    CHECK(dynamic_cast<const pt::RecordError*>(&e) != nullptr);
    CHECK_FALSE(std::string(e.what()).empty());
  }
}

namespace {

pt::Record without_body(pt::Record r) {
  r.body.clear();
  return r;
}

}  // namespace

TEST_CASE("decode_head gives the record without its body; version 2 records decode whole", "[record]") {
  const auto r = sample();
  pt::RecordDecoder decoder;
  const auto v4 = pt::encode_record(r);
  REQUIRE(v4.substr(0, 4) == std::string("PTR\x04", 4));
  CHECK(decoder.decode_head(v4) == without_body(r));
  CHECK(decoder.decode(v4) == r);
  CHECK(decoder.decode_head(pt::encode_record(pt::Record{})) == pt::Record{});
  // Version 2, as its encoder wrote it: one frame of the whole payload.
  const auto v2 = std::string("PTR\x02\0\0\0\0", 8) + checked_zstd_frame(pt::record_payload(r));
  CHECK(decoder.decode(v2) == r);
  CHECK(decoder.decode_head(v2) == r);
  // Versions 3 and 4 written by hand: the head's fields, then the body; version 4 names two
  // dictionaries (none here), version 3 one.
  const std::string head = checked_zstd_frame(field(r.id) + field(r.path) + field(r.title) + "\x02" + field("source") + field("BBC") +
                                         field("date") + field("2019-09-07"));
  REQUIRE(head.size() < 0x80);
  CHECK(pt::record_head_payload(r) == field(r.id) + field(r.path) + field(r.title) + "\x02" + field("source") + field("BBC") +
                                         field("date") + field("2019-09-07"));
  const auto frames = static_cast<char>(head.size()) + head + checked_zstd_frame(r.body);
  CHECK(std::string("PTR\x04\0\0\0\0\0\0\0\0", 12) + frames == v4);
  const auto v3 = std::string("PTR\x03\0\0\0\0", 8) + frames;
  CHECK(decoder.decode(v3) == r);
  CHECK(decoder.decode_head(v3) == without_body(r));
  CHECK_THROWS_AS(decoder.decode(v3.substr(0, 8) + v3.substr(9)), pt::RecordError);  // a frame cut
}

TEST_CASE("decode_head throws RecordError on a broken head or a missing body frame", "[record][error]") {
  const auto good = pt::encode_record(sample());
  const std::size_t body = 13 + static_cast<unsigned char>(good[12]);
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"cut inside the header", good.substr(0, 10)},
      {"cut inside the head frame", good.substr(0, body - 3)},
      {"cut after the head (no body frame)", good.substr(0, body)},
      {"head length 0", good.substr(0, 12) + '\x00' + good.substr(13)},
      {"head length past the end", good.substr(0, 12) + '\x7F' + good.substr(13)},
      {"head length cut (a continuation byte at the end)", good.substr(0, 12) + '\x80'},
      {"two frames where the head should be", good.substr(0, 12) + static_cast<char>(good.size() - 13) + good.substr(13)},
  };
  pt::RecordDecoder decoder;
  for (const auto& [name, blob] : cases) {
    INFO(name);
    CHECK_THROWS_AS(decoder.decode_head(blob), pt::RecordError);
    CHECK_THROWS_AS(decoder.decode(blob), pt::RecordError);
  }
}
