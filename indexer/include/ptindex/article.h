// Turning a file's bytes into an article: content checks, title, body and explicit metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ptindex/metadata.h"

namespace pt::indexer {

struct Article {
  std::string title;
  std::string body;  // plain text (HTML markup removed), lines separated by '\n'
  ArticleMeta meta;  // explicit metadata here; text extractors fill the rest later
};

// Why these bytes cannot be indexed ("empty file", "binary file (NUL byte at offset 12)",
// "not valid UTF-8 (bad byte at offset 7)"), or nullopt when they can.
std::optional<std::string> content_problem(std::string_view bytes);
// The encoding-independent part of content_problem: empty, or binary (a NUL byte).
std::optional<std::string> binary_problem(std::string_view bytes);

// Drops a UTF-8 byte order mark and turns CRLF and lone CR line ends into LF.
std::string normalize_text(std::string_view bytes);

// Title: the first non-empty line, Markdown '#' marks stripped (an over-long first line is cut
// at a word boundary and also kept in the body). Body: the rest. Expects normalized text.
Article parse_text_article(std::string_view text);

// Longest title kept, in bytes.
inline constexpr std::size_t kMaxTitleBytes = 300;

}  // namespace pt::indexer
