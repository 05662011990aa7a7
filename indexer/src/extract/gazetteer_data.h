// The built-in gazetteer files (indexer/data), compiled into the library by cmake/EmbedFiles.cmake.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace pt::indexer {

struct EmbeddedFile {
  std::string_view name;  // path under indexer/data/: "gazetteer/people.txt", "common_words.txt"
  std::string_view text;
};

namespace gazetteer_data {
// Generated: the i-th file's {name, text} in the order of indexer/CMakeLists.txt, {"", ""} after the last.
std::pair<std::string_view, std::string_view> embedded_file(std::size_t i);
}  // namespace gazetteer_data

// In the order listed in indexer/CMakeLists.txt (later files may refer to entries of earlier ones).
inline std::vector<EmbeddedFile> embedded_gazetteer_files() {
  std::vector<EmbeddedFile> files;
  for (std::size_t i = 0;; ++i) {
    const auto [name, text] = gazetteer_data::embedded_file(i);
    if (name.empty()) return files;
    files.push_back({name, text});
  }
}

}  // namespace pt::indexer
