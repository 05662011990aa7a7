// Rendering search results and documents as text for a terminal or pipe, or as versioned JSON (docs/output-schema.md).
#pragma once

#include <string>
#include <string_view>

#include "ptsearch/searcher.h"

namespace pt {

// Version of the JSON objects render_json writes; bumped on incompatible changes.
inline constexpr int kJsonOutputVersion = 2;

struct TextStyle {
  bool bold = false;  // ANSI bold highlights (a terminal); otherwise highlights are wrapped in **
};

std::string render_text(const SearchResult& result, const TextStyle& style);
std::string render_json(const SearchResult& result);

// One document's metadata and where each field came from (ptsearch --doc ID).
std::string render_text(const Document& doc, const TextStyle& style);
std::string render_json(const Document& doc);

std::string_view to_string(SortOrder sort);

}  // namespace pt
