// Sidecar NAME.meta.json files: explicit metadata beside an article. (Placeholder: being written.)
#include "explicit_meta.h"

namespace pt::indexer {

void apply_sidecar(std::string_view /*json*/, Article& /*article*/) {}

}  // namespace pt::indexer
