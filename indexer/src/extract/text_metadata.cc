// Source, original source, date and authors from cues in an article's text. (Placeholder: being written.)
#include "ptindex/extract.h"

namespace pt::indexer {

void extract_text_metadata(Article& /*article*/) {}

}  // namespace pt::indexer
