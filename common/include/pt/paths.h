// Where the index lives when no --index is given: $PTSEARCH_INDEX, else ./.ptsearch-index.
#pragma once

#include <string>

namespace pt {

inline constexpr const char* kIndexEnvVar = "PTSEARCH_INDEX";
inline constexpr const char* kDefaultIndexDir = ".ptsearch-index";

std::string default_index_path();

}  // namespace pt
