// Rendering search results as text for a terminal or pipe, or as versioned JSON (docs/output-schema.md).
#pragma once

#include <string>

#include "ptsearch/searcher.h"

namespace pt {

// Version of the JSON object render_json writes; bumped on incompatible changes.
inline constexpr int kJsonOutputVersion = 1;

struct TextStyle {
  bool bold = false;  // ANSI bold highlights (a terminal); otherwise highlights are wrapped in **
};

std::string render_text(const SearchResult& result, const TextStyle& style);
std::string render_json(const SearchResult& result);

}  // namespace pt
