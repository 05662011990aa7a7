// JSONL corpora: .jsonl / .jsonl.zst files of one article per line, read as a stream, fields mappable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/article.h"

namespace pt::indexer {

// Which JSON keys hold an article's fields: for each field the keys tried in order.
// Defaults: id "id" or "_id", title "title", body "body" or "text", source "source", date "date",
// authors "authors" or "author", url "url".
struct JsonlFields {
  std::vector<std::string> id{"id", "_id"};
  std::vector<std::string> title{"title"};
  std::vector<std::string> body{"body", "text"};
  std::vector<std::string> source{"source"};
  std::vector<std::string> date{"date"};
  std::vector<std::string> authors{"authors", "author"};
  std::vector<std::string> url{"url"};

  // "body=content" (from --field): the field is read from that key alone. Throws pt::ConfigError
  // for an unknown field name or a missing key.
  void map(std::string_view assignment);
  // What map() accepts, for help and errors: "id, title, body, source, date, authors, url".
  static std::string field_names();
};

struct JsonlArticle {
  std::string id;  // the id field verbatim (a number as written)
  Article article;
};

// One line's article. nullopt with `problem` set when the line cannot be indexed (not JSON, not
// an object, no id, neither title nor body, a field of the wrong type); a bad metadata field
// (an impossible date) is left out with a message in `warnings` instead.
std::optional<JsonlArticle> parse_jsonl_line(std::string_view line, const JsonlFields& fields, std::string& problem,
                                             std::vector<std::string>& warnings);

// True for names ending in .jsonl or .jsonl.zst (any letter case).
bool is_jsonl_file(const std::filesystem::path& path);

// Reads a JSONL file's lines one at a time, decompressing .zst as it goes (constant memory).
class JsonlReader {
 public:
  // Throws pt::IoError when the file cannot be opened.
  JsonlReader(const std::filesystem::path& path, std::uint64_t max_line_bytes);
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  struct Line {
    std::size_t number = 0;         // 1-based
    std::string text;               // without the line end; empty when `problem` is set
    std::optional<std::string> problem;  // "line longer than the size limit (...)"
  };
  // The next non-blank line; nullopt at the end. Throws pt::IoError on a read or decompression
  // error (lines returned before it stay valid).
  std::optional<Line> next();
  std::uint64_t bytes_read() const;  // of the file as stored (compressed bytes for .zst)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pt::indexer
