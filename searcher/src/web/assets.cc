// The embedded web assets: the search page's files (searcher/web, compiled in by cmake/EmbedFiles.cmake) by URL path.
#include "assets.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace pt::web {
namespace detail {
// Defined in the generated web_assets_data.cc: the i-th embedded file's {name, bytes}, {"", ""} past the end.
std::pair<std::string_view, std::string_view> embedded_file(std::size_t i);
}  // namespace detail

namespace {

std::string_view content_type_for(std::string_view name) {
  struct Type {
    std::string_view extension, type;
  };
  static constexpr Type types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& t : types)
    if (name.ends_with(t.extension)) return t.type;
  return "application/octet-stream";
}

struct Entry {
  std::string path;
  Asset asset;
};

// Every file under "/assets/NAME"; index.html also under "/".
std::vector<Entry> make_table() {
  std::vector<Entry> table;
  for (std::size_t i = 0;; ++i) {
    const auto [name, body] = detail::embedded_file(i);
    if (name.empty()) break;
    const Asset asset{content_type_for(name), body};
    table.push_back({"/assets/" + std::string(name), asset});
    if (name == "index.html") table.push_back({"/", asset});
  }
  return table;
}

}  // namespace

const Asset* find_asset(std::string_view path) {
  static const std::vector<Entry> table = make_table();  // thread-safe initialisation
  for (const auto& entry : table)
    if (entry.path == path) return &entry.asset;
  return nullptr;
}

}  // namespace pt::web
