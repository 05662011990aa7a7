// The stored document record: a versioned, zstd-compressed blob in each Xapian document's data.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pt {

struct Record {
  std::string id;     // document id (path relative to the corpus root)
  std::string path;   // the file it came from, relative to the corpus root
  std::string title;
  std::string body;   // kept for snippets and display
  // Further named fields (source, date, authors ... in later schema versions) without a format change.
  std::vector<std::pair<std::string, std::string>> fields;

  bool operator==(const Record&) const = default;
};

// Record format version written by encode_record.
inline constexpr unsigned kRecordVersion = 1;

// Magic "PTR" + version byte + zstd frame of the length-prefixed fields.
std::string encode_record(const Record& record, int zstd_level = 6);

// Throws pt::RecordError naming what is wrong (bad magic, unknown version, corrupt frame, truncated).
Record decode_record(std::string_view blob);

}  // namespace pt
