// Default index location: the environment variable, else a hidden folder in the working directory.
#include "pt/paths.h"

#include <cstdlib>

namespace pt {

std::string default_index_path() {
  if (const char* env = std::getenv(kIndexEnvVar); env && *env) return env;
  return kDefaultIndexDir;
}

}  // namespace pt
