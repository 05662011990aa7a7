// Fuzzes snippet making (searcher/src/snippets: the bit masks of a body, the runs given to the analyser, window and cut).
//
// Input: the first line is the query's words, separated by spaces, a stem written "Z" + stem;
// the rest is the body, made valid UTF-8 as the indexer makes every record's text. Checks what
// holds for every body: the snippet is valid UTF-8 no longer than the limit allows, its
// highlights are in order, inside it, on character boundaries, and each one is a token of the
// analyser's that the query looks for (checked for ASCII highlights).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.h"
#include "pt/analyzer.h"
#include "pt/ascii.h"
#include "pt/utf8.h"
#include "snippets/snippet.h"

namespace {

// `text` with each invalid byte replaced by U+FFFD.
std::string valid_utf8(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t from = i;
    const char32_t c = pt::utf8::decode_next(text, i);
    if (c == 0xFFFD && i == from + 1 && text.substr(from, 3) != "\xEF\xBF\xBD") {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(from, i - from));
    }
  }
  return out;
}

bool looked_for(const pt::Analyzer& analyzer, const pt::QueryWords& words, std::string_view highlight) {
  for (const auto& t : analyzer.tokenize(highlight))
    if (words.exact.count(t.term) || words.stems.count(analyzer.stem(t.term))) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pt::Analyzer analyzer(pt::AnalyzerSettings{"english"});
  const auto text = fuzz::as_text(data, size);
  const auto nl = text.find('\n');
  pt::QueryWords words;
  for (const auto w : fuzz::split(text.substr(0, nl), ' ')) {
    if (w.empty() || w.size() > 64) continue;
    if (w[0] == 'Z' && w.size() > 1) words.stems.insert(std::string(w.substr(1)));
    else words.exact.insert(std::string(w));
  }
  const std::string body = nl == std::string_view::npos ? std::string() : valid_utf8(text.substr(nl + 1));
  for (const std::size_t max_bytes : {std::size_t{40}, std::size_t{220}}) {
    pt::Snippet s;
    fuzz::expect_pt_errors([&] { s = pt::make_snippet(body, analyzer, words, max_bytes); });
    if (pt::utf8::first_invalid(s.text)) std::abort();
    // The window's bytes, plus closing punctuation, two ellipses and a space per collapsed run.
    if (s.text.size() > body.size() + 8) std::abort();
    std::size_t previous_end = 0;
    for (const auto& h : s.highlights) {
      if (h.length == 0 || h.offset < previous_end || h.offset + h.length > s.text.size()) std::abort();
      if (!pt::utf8::is_char_start(s.text, h.offset) || !pt::utf8::is_char_start(s.text, h.offset + h.length)) std::abort();
      // (Text with non-ASCII letters may segment otherwise out of its context: Thai, Chinese.)
      const std::string_view highlight = std::string_view(s.text).substr(h.offset, h.length);
      if (pt::ascii::is_ascii(highlight) && !looked_for(analyzer, words, highlight)) std::abort();
      previous_end = h.offset + h.length;
    }
  }
  return 0;
}
