// Actor extraction: gazetteer matches, discovered names, coreference and salience. (Placeholder: being written.)
#include "ptindex/extract.h"

namespace pt::indexer {

std::vector<Actor> extract_actors(const Article& /*article*/, const Gazetteer& /*gazetteer*/, const ActorOptions& /*options*/) {
  return {};
}

}  // namespace pt::indexer
