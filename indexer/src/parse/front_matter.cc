// Front-matter blocks (--- ... ---) at the top of text and Markdown articles. (Placeholder: being written.)
#include "explicit_meta.h"

namespace pt::indexer {

Article parse_text_with_front_matter(std::string_view normalized_text, std::vector<std::string>& /*warnings*/) {
  return parse_text_article(normalized_text);
}

std::optional<PubDate> parse_metadata_date(std::string_view /*text*/) { return std::nullopt; }

}  // namespace pt::indexer
