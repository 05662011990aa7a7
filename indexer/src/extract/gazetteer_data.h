// The built-in gazetteer files (indexer/data), compiled into the library by data/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace pt::indexer {

struct EmbeddedFile {
  std::string_view name;  // path under indexer/data/: "gazetteer/people.txt", "common_words.txt"
  std::string_view text;
};

// In the order listed in indexer/CMakeLists.txt (later files may refer to entries of earlier ones).
std::vector<EmbeddedFile> embedded_gazetteer_files();

}  // namespace pt::indexer
