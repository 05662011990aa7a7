// Line roles in an article body: content, or text that is not the article's own (captions, credits, boilerplate).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pt::indexer {

enum class LineRole {
  Content,      // the article's own prose (also headings and ledes)
  Caption,      // an image caption ("... Source: Reuters |", lines next to "![]()" image marks)
  Credit,       // photo or image credits ("Featured image is from OneWorld", "Photo: AP")
  Boilerplate,  // share/comment/subscribe/copyright/disclaimer blocks, navigation, author boxes, and
                // stand-alone byline, dateline and "Source:" lines (page furniture, not prose)
  Blank,
};

struct Line {
  std::size_t begin = 0;  // byte offsets in the body
  std::size_t end = 0;    // excluding the '\n'
  LineRole role = LineRole::Content;
  std::string_view text(std::string_view body) const { return body.substr(begin, end - begin); }
};

// Every line of `body` with its role. Extractors use it to read metadata cues from the right
// places and to keep captions and boilerplate out of the actors.
std::vector<Line> classify_lines(std::string_view body);

}  // namespace pt::indexer
