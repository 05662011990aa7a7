// Fuzzes the record decoder (common/src/storage) and the metadata field reader: corrupted, truncated or forged input must throw pt::RecordError.
//
// Input (text, so seeds stay readable), by its first byte:
//   'H' hex digits: raw bytes handed to decode_record and to a RecordDecoder that has the dictionary,
//       and read as a record's metadata field, binary (schema::kFieldMetaBytes) and JSON (kFieldMeta);
//   'Y' bytes: taken as a zstd dictionary (RecordDictionary), then a record encoded with it and decoded;
//   otherwise: first line = corruptions, the rest = a record's fields (id, path, title, then body);
//     the record is encoded ('D' in the first line: with the head and body dictionaries),
//     corrupted and decoded.
//     Corruptions, separated by spaces: "N:V" xors byte N (mod size) with V, "tN" keeps the first
//     N bytes, "+TEXT" appends TEXT, "1" rewrites the header as version 1.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "match/doc_meta.h"
#include "pt/record.h"
#include "pt/schema.h"

namespace {

// The sample corpus's paragraphs as records: the first line a title, the rest a body.
std::vector<pt::Record> samples() {
  std::vector<pt::Record> samples;
  for (const auto& entry : std::filesystem::directory_iterator(PT_FUZZ_SAMPLE_CORPUS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = 0;
    while (at < text.size()) {
      auto end = text.find("\n\n", at);
      if (end == std::string::npos) end = text.size();
      pt::Record r;
      r.id = entry.path().filename().string() + "#" + std::to_string(samples.size());
      r.path = entry.path().filename().string();
      const std::string paragraph = text.substr(at, end - at);
      const auto nl = paragraph.find('\n');
      r.title = paragraph.substr(0, nl);
      r.body = nl == std::string::npos ? std::string() : paragraph.substr(nl + 1);
      r.fields = {{"meta", "{}"}, {"lead", std::to_string(r.title.size())}};
      samples.push_back(std::move(r));
      at = end + 2;
    }
  }
  return samples;
}

// Dictionaries trained on them (as an index would have them).
const pt::RecordDictionaries& dictionaries() {
  static const pt::RecordDictionaries both = [] {
    auto d = pt::train_record_dictionaries(samples());
    if (!d.head || !d.body) __builtin_trap();  // the seed articles always give both
    return d;
  }();
  return both;
}


int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string unhex(std::string_view s) {
  std::string out;
  int high = -1;
  for (const char c : s) {
    const int v = hex(c);
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out += static_cast<char>(high * 16 + v);
      high = -1;
    }
  }
  return out;
}

// Decodes with both decoders: only RecordError may come out.
std::optional<pt::Record> decode_both(std::string_view blob) {
  try {
    (void)pt::decode_record(blob);
  } catch (const pt::RecordError&) {
  }
  pt::RecordDecoder decoder(
      [](std::uint32_t id) -> std::optional<pt::RecordDictionary> {
        for (const auto& d : {dictionaries().head, dictionaries().body})
          if (d && d->id() == id) return d;
        return std::nullopt;
      },
      "the fuzz index");
  try {
    return decoder.decode(blob);
  } catch (const pt::RecordError&) {
    return std::nullopt;
  }
}

// Reads `blob` as a record's metadata field under `key`: only RecordError may come out.
void read_meta(std::string_view key, std::string blob) {
  pt::Record r;
  r.fields = {{std::string(key), std::move(blob)}};
  try {
    (void)pt::read_document_meta(r);
  } catch (const pt::RecordError&) {
  }
}

pt::Record record_of(std::string_view text) {
  pt::Record r;
  std::string* fields[] = {&r.id, &r.path, &r.title};
  for (auto* f : fields) {
    const auto nl = text.find('\n');
    *f = std::string(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  r.body = std::string(text);
  r.fields = {{"meta", "{}"}, {"lead", std::to_string(r.title.size())}};
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)dictionaries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  if (data[0] == 'H') {
    const std::string raw = unhex(text);
    (void)decode_both(raw);
    read_meta(pt::schema::kFieldMetaBytes, raw);
    read_meta(pt::schema::kFieldMeta, raw);
    return 0;
  }
  if (data[0] == 'Y') {
    try {
      const pt::RecordDictionary d{std::string(text)};
      pt::RecordEncoder encoder(d);
      const pt::Record r = record_of("id\npath\ntitle\nbody text, body text.");
      const std::string blob = encoder.encode(r);
      pt::RecordDecoder decoder;
      decoder.add(d);
      if (decoder.decode(blob) != r) __builtin_trap();  // a dictionary that loads must round-trip
    } catch (const pt::RecordError&) {
    }
    return 0;
  }
  const auto all = fuzz::as_text(data, size);
  const auto nl = all.find('\n');
  const auto ops = fuzz::split(all.substr(0, nl), ' ');
  const pt::Record record = record_of(nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1));
  bool use_dictionary = false;
  for (const auto op : ops) use_dictionary |= op == "D";
  std::string blob;
  try {
    pt::RecordEncoder encoder(use_dictionary ? dictionaries() : pt::RecordDictionaries{});
    blob = encoder.encode(record);
  } catch (const pt::RecordError&) {
    return 0;  // e.g. zstd refusing: an error, not a crash
  }
  const std::string original = blob;
  for (const auto op : ops) {
    if (op.empty() || blob.empty()) continue;
    if (op[0] == 't') {
      std::size_t n = 0;
      for (const char c : op.substr(1))
        if (c >= '0' && c <= '9') n = (n * 10 + static_cast<std::size_t>(c - '0')) % 1000000;
      blob.resize(std::min(blob.size(), n));
    } else if (op[0] == '+') {
      blob.append(op.substr(1));
    } else if (op == "1" && blob.size() >= 8) {
      blob = "PTR\x01" + blob.substr(8);
    } else if (const auto colon = op.find(':'); colon != std::string_view::npos) {
      std::size_t pos = 0, value = 0;
      for (const char c : op.substr(0, colon))
        if (c >= '0' && c <= '9') pos = (pos * 10 + static_cast<std::size_t>(c - '0')) % 1000000;
      for (const char c : op.substr(colon + 1))
        if (c >= '0' && c <= '9') value = (value * 10 + static_cast<std::size_t>(c - '0')) % 256;
      blob[pos % blob.size()] = static_cast<char>(blob[pos % blob.size()] ^ static_cast<char>(value));
    }
  }
  const auto decoded = decode_both(blob);
  if (blob == original && decoded != record) __builtin_trap();  // an intact record decodes to itself
  return 0;
}
