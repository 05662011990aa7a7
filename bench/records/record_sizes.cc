// Measures stored record sizes: raw text, zstd, zstd with trained dictionaries, zlib; prints Markdown.
//
//   pt_record_sizes [--sample N] [--limit N] [--dictionary-bytes N] [--levels] [FILE.jsonl[.zst] ...]
//
// Each JSON line becomes a pt::Record (id from "id" or "newid", path = id, title from "title", body
// from "body" or "text"), as ptindex stores it minus the metadata fields. The dictionaries (the
// heads' and the bodies') are trained on every k-th record (at most --sample, default 2000) and
// measured on the OTHER records, so the figures do not flatter them. Per method: mean stored bytes per record (the whole pt record, header
// included; zlib: compress2 of the same payload) and its ratio to raw (title + body bytes), and the
// CPU time to encode and decode one record. --levels adds zstd levels with and without dictionary;
// --dictionary-bytes trains a body dictionary of another size than ptindex's (DictionaryTraining::capacity).
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "pt/error.h"
#include "pt/record.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The file's text, zstd-decompressed when it ends in .zst.
std::string read_corpus(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw pt::IoError("cannot open " + path);
  std::ostringstream all;
  all << in.rdbuf();
  std::string data = all.str();
  if (path.size() < 4 || path.substr(path.size() - 4) != ".zst") return data;
  std::string out;
  ZSTD_DStream* stream = ZSTD_createDStream();
  ZSTD_initDStream(stream);
  std::vector<char> buf(ZSTD_DStreamOutSize());
  ZSTD_inBuffer input{data.data(), data.size(), 0};
  while (input.pos < input.size) {
    ZSTD_outBuffer output{buf.data(), buf.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(rc)) {
      ZSTD_freeDStream(stream);
      throw pt::IoError(path + ": " + ZSTD_getErrorName(rc));
    }
    out.append(buf.data(), output.pos);
  }
  ZSTD_freeDStream(stream);
  return out;
}

std::string text_of(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const auto it = j.find(k);
    if (it == j.end() || it->is_null()) continue;
    return it->is_string() ? it->get<std::string>() : it->dump();
  }
  return {};
}

std::vector<pt::Record> read_records(const std::string& path, std::size_t limit) {
  const std::string text = read_corpus(path);
  std::vector<pt::Record> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line) && out.size() < limit) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    pt::Record r;
    r.id = text_of(j, {"id", "newid"});
    r.path = r.id;
    r.title = text_of(j, {"title"});
    r.body = text_of(j, {"body", "text"});
    if (r.title.empty() && r.body.empty()) continue;
    out.push_back(std::move(r));
  }
  return out;
}

std::string zlib_compress(const std::string& payload, int level) {
  uLongf size = compressBound(static_cast<uLong>(payload.size()));
  std::string out(size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(payload.data()),
                           static_cast<uLong>(payload.size()), level);
  if (rc != Z_OK) throw pt::Error("zlib compress2 failed: " + std::to_string(rc));
  out.resize(size);
  return out;
}

std::string zlib_decompress(const std::string& blob, std::size_t size) {
  std::string out(size, '\0');
  uLongf n = static_cast<uLongf>(size);
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(blob.data()),
                 static_cast<uLong>(blob.size())) != Z_OK || n != size)
    throw pt::Error("zlib uncompress failed");
  return out;
}

struct Row {
  std::string method;
  double bytes = 0;      // total stored bytes
  double encode_s = 0;   // total CPU seconds
  double decode_s = 0;
};

// Encodes and decodes every record with `encode`/`decode`, checking the round trip.
template <typename Encode, typename Decode>
Row measure(const std::string& method, const std::vector<const pt::Record*>& records, Encode encode, Decode decode) {
  Row row{method};
  std::vector<std::string> blobs;
  blobs.reserve(records.size());
  auto t0 = Clock::now();
  for (const auto* r : records) blobs.push_back(encode(*r));
  row.encode_s = seconds_since(t0);
  for (const auto& b : blobs) row.bytes += static_cast<double>(b.size());
  t0 = Clock::now();
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < blobs.size(); ++i)
    if (!decode(blobs[i], *records[i])) ++wrong;
  row.decode_s = seconds_since(t0);
  if (wrong) throw pt::Error(method + ": " + std::to_string(wrong) + " records did not round-trip");
  return row;
}

void report(const std::string& path, std::size_t sample_max, std::size_t limit, std::size_t dictionary_bytes, bool levels) {
  const auto records = read_records(path, limit);
  if (records.size() < 2) throw pt::Error(path + ": fewer than 2 records");
  // Every k-th record trains; the others are measured.
  const std::size_t k = std::max<std::size_t>(2, (records.size() + sample_max - 1) / sample_max);
  std::vector<pt::Record> sample;
  std::vector<const pt::Record*> measured;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i % k == 0 && sample.size() < sample_max) sample.push_back(records[i]);
    else measured.push_back(&records[i]);
  }
  const auto t0 = Clock::now();
  pt::DictionaryTraining training;
  training.max_samples = sample_max;
  if (dictionary_bytes > 0) training.capacity = dictionary_bytes;
  const pt::RecordDictionaries dicts{pt::train_head_dictionary(sample), pt::train_record_dictionary(sample, training)};
  const bool any = dicts.head || dicts.body;
  const double train_s = seconds_since(t0);

  double raw = 0;
  for (const auto* r : measured) raw += static_cast<double>(r->title.size() + r->body.size());
  const auto n = static_cast<double>(measured.size());

  std::vector<Row> rows;
  auto zstd_row = [&](int level, const pt::RecordDictionaries& d) {
    pt::RecordEncoder encoder(d, level);
    pt::RecordDecoder decoder;
    if (d.head) decoder.add(*d.head);
    if (d.body) decoder.add(*d.body);
    return measure("zstd " + std::to_string(level) + (d.head || d.body ? " + dictionaries" : ""), measured,
                   [&](const pt::Record& r) { return encoder.encode(r); },
                   [&](const std::string& b, const pt::Record& r) { return decoder.decode(b) == r; });
  };
  rows.push_back(zstd_row(pt::kRecordZstdLevel, {}));
  if (any) rows.push_back(zstd_row(pt::kRecordZstdLevel, dicts));
  rows.push_back(measure("zlib 6 (compress2)", measured, [](const pt::Record& r) { return zlib_compress(pt::record_payload(r), 6); },
                         [](const std::string& b, const pt::Record& r) {
                           const auto payload = pt::record_payload(r);  // the size zlib's format does not carry
                           return zlib_decompress(b, payload.size()) == payload;
                         }));
  if (levels)
    for (int level : {1, 3, 9, 12, 19}) {
      rows.push_back(zstd_row(level, {}));
      if (any) rows.push_back(zstd_row(level, dicts));
    }

  const auto slash = path.find_last_of('/');
  std::printf("\n### %s\n\n", slash == std::string::npos ? path.c_str() : path.c_str() + slash + 1);
  std::printf("%zu records, %zu measured, %zu trained on (every %zu-th); ", records.size(), measured.size(), sample.size(), k);
  const auto size_of = [](const std::optional<pt::RecordDictionary>& d) { return d ? d->bytes().size() : std::size_t{0}; };
  if (any)
    std::printf("dictionaries of %zu (heads) and %zu bytes (bodies), trained in %.2f s\n\n", size_of(dicts.head),
                size_of(dicts.body), train_s);
  else
    std::printf("no dictionary came out of training (%.2f s)\n\n", train_s);
  std::printf("| method | bytes/record | ratio to raw | encode µs/record | decode µs/record |\n|---|---:|---:|---:|---:|\n");
  std::printf("| raw (title + body) | %.0f | 1.000 | | |\n", raw / n);
  for (const auto& r : rows)
    std::printf("| %s | %.0f | %.3f | %.1f | %.1f |\n", r.method.c_str(), r.bytes / n, r.bytes / raw, r.encode_s / n * 1e6,
                r.decode_s / n * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t sample_max = 2000;
  std::size_t limit = static_cast<std::size_t>(-1);
  std::size_t dictionary_bytes = 0;  // 0: ptindex's
  bool levels = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--sample" || a == "--limit" || a == "--dictionary-bytes") && i + 1 < argc) {
      (a == "--sample" ? sample_max : a == "--limit" ? limit : dictionary_bytes) = std::stoull(argv[++i]);
    } else if (a == "--levels") {
      levels = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: pt_record_sizes [--sample N] [--limit N] [--dictionary-bytes N] [--levels] [FILE.jsonl[.zst] ...]\n";
      return 0;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) files = {PT_RECORDS_REUTERS, PT_RECORDS_WIKIPEDIA};
  if (sample_max == 0) sample_max = 1;
  std::printf("Record compression: zstd %s, zlib %s\n", ZSTD_versionString(), zlibVersion());
  int status = 0;
  for (const auto& f : files) {
    try {
      report(f, sample_max, limit, dictionary_bytes, levels);
    } catch (const std::exception& e) {
      std::cerr << "pt_record_sizes: " << f << ": " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}
