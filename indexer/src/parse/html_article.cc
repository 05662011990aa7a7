// HTML pages: visible article text and page metadata through libxml2. (Placeholder: being written.)
#include "explicit_meta.h"

namespace pt::indexer {

std::optional<Article> parse_html_article(std::string_view /*bytes*/, std::string& problem) {
  problem = "HTML articles are not supported yet";
  return std::nullopt;
}

}  // namespace pt::indexer
