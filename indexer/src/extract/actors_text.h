// An article's title and body as tokens for actor extraction: case, sentence starts, line roles, cues.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ptindex/article.h"

namespace pt::indexer {

struct Token2 {
  std::string key;          // the analyser's term, a possessive 's dropped ("taliban", "us")
  std::size_t start = 0;    // byte span in the title or the body
  std::size_t end = 0;
  bool in_title = false;
  bool cap = false;         // starts with a capital letter
  bool upper = false;       // all its letters are capitals
  int letters = 0;
  bool digit = false;       // starts with a digit
  bool dotted = false;      // written with a dot ("U.S.", "Calif.")
  bool possessive = false;  // "Treasury's"
  bool sentence_start = false;
  bool sentence_start_common = false;  // filled by the extractor: a common word starting a sentence
  bool joined_before = false;  // may form one name with the token before (same line block, no punctuation)
  bool caps_line = false;      // its line is written in capitals (Reuters titles)
  bool headline = false;       // its line is a headline in title case ("Afghan Peace Talks Collapse")
  bool excluded = false;       // caption, credit, boilerplate, byline, source line
  bool used = false;           // part of a gazetteer name
};

class ArticleText {
 public:
  explicit ArticleText(const Article& article);

  std::vector<Token2> tokens;                                     // title tokens, then body tokens
  std::optional<std::pair<std::size_t, std::size_t>> dateline;  // token range of "KABUL, Sept 9 -"
  std::vector<std::string> cited_outlets;  // "Source: X", "(X) -", "originally published on X", ...
  std::vector<std::string> according_to;   // "according to X" (an outlet only if it looks like one)
  std::vector<std::string> byline_names;   // "By X", "Articles by: X", "Author: X"

  std::string_view span(std::size_t k) const;
  // The text from token a to token b-1 as written, white space collapsed, at most ~160 bytes.
  std::string evidence(std::size_t a, std::size_t b) const;
  // 0 for the title, else the token's relative place in the body (0 = first byte, 1 = last).
  double position(std::size_t k) const;

 private:
  const Article& article_;
  std::string_view text_of(const Token2& t) const;
};

}  // namespace pt::indexer
