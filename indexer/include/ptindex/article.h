// Turning a file's bytes into an article: content checks, title, body and explicit metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/metadata.h"

namespace pt::indexer {

struct Article {
  std::string title;
  std::string body;  // plain text (HTML markup removed), lines separated by '\n'
  ArticleMeta meta;  // explicit metadata here; text extractors fill the rest later
};

// A text file's bytes as UTF-8 text, or why they cannot be indexed ("empty file", "binary file
// (NUL byte at offset 12)"). A file starting with a UTF-16 byte order mark (FF FE or FE FF) is
// decoded from UTF-16LE/BE; a UTF-8 one is kept (normalize_text drops it). Each byte that is not
// part of a valid UTF-8 sequence, and each unpaired UTF-16 surrogate or odd last byte, becomes
// U+FFFD (which is never a term): the file is indexed, with a warning in `warnings` saying how
// many were replaced and where the first was.
std::optional<std::string> decode_text_file(std::string_view bytes, std::string& text, std::vector<std::string>& warnings);
// decode_text_file's verdict alone.
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
