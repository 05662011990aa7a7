// Query validation and ICU re-segmentation of the query before Xapian's QueryParser sees it.
#include "query_text.h"

#include <algorithm>
#include <array>

#include "pt/ascii.h"
#include "pt/error.h"
#include "pt/utf8.h"

namespace pt {
namespace {

constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};


// Code point at byte i (valid UTF-8 assumed) and its length.
char32_t code_point(std::string_view s, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { len = 1; return c; }
  len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

bool is_double_quote(char32_t c) { return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB; }

// Text between words: ASCII syntax is kept, typographic quotes become '"', anything else a space
// (so QueryParser never sees a character our analyser did not treat as a word).
void copy_gap(std::string_view gap, std::string& out) {
  for (std::size_t i = 0; i < gap.size();) {
    std::size_t len = 1;
    const char32_t c = code_point(gap, i, len);
    if (c < 0x80) out.push_back(static_cast<char>(c));
    else if (is_double_quote(c)) out.push_back('"');
    else out.push_back(' ');
    i += len;
  }
}

}  // namespace

bool is_query_operator(std::string_view word) {
  return std::find(kOperators.begin(), kOperators.end(), word) != kOperators.end();
}

void check_query_text(std::string_view q, std::size_t max_bytes) {
  if (q.size() > max_bytes)
    throw QueryError("query too long: " + std::to_string(q.size()) + " bytes (at most " + std::to_string(max_bytes) + ")");
  if (const auto bad = utf8::first_invalid(q)) throw QueryError("query is not valid UTF-8 (bad byte at offset " + std::to_string(*bad) + ")");
  if (q.find('\0') != std::string_view::npos) throw QueryError("query contains a NUL byte");
  if (q.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos) throw QueryError("empty query");
  // Chunks: white-space separated pieces, a quoted phrase counting as one.
  std::size_t quotes = 0, excluded = 0, wanted = 0;
  long depth = 0;
  bool in_quote = false, chunk_open = false, chunk_excluded = false;
  std::string chunk;
  auto close_chunk = [&] {
    if (!chunk_open) return;
    const bool op = is_query_operator(chunk);
    if (!op && chunk.find_first_not_of("()+-") != std::string::npos) ++(chunk_excluded ? excluded : wanted);
    chunk.clear();
    chunk_open = false;
  };
  for (std::size_t i = 0; i < q.size();) {
    std::size_t len = 1;
    const char32_t c = code_point(q, i, len);
    if (!in_quote && c < 0x80 && ascii::is_space(static_cast<char>(c))) {
      close_chunk();
      i += len;
      continue;
    }
    if (!chunk_open) {
      chunk_open = true;
      chunk_excluded = false;
    }
    if (chunk.find_first_not_of('(') == std::string::npos && c == '-') chunk_excluded = true;  // "-x", "(-x"
    chunk.append(q.substr(i, len));
    if (is_double_quote(c)) {
      ++quotes;
      in_quote = !in_quote;
    } else if (!in_quote && c == '(') {
      ++depth;
    } else if (!in_quote && c == ')' && --depth < 0) {
      throw QueryError("unbalanced parenthesis: ')' at offset " + std::to_string(i) + " closes nothing");
    }
    i += len;
  }
  close_chunk();
  if (quotes % 2) throw QueryError("unbalanced quote: a phrase is opened with \" but never closed");
  if (depth > 0) throw QueryError("unbalanced parenthesis: " + std::to_string(depth) + " '(' never closed");
  if (excluded && !wanted) throw QueryError("the query only excludes words (-word); add at least one word to search for");
}

std::string rewrite_for_queryparser(std::string_view q, const Analyzer& analyzer) {
  std::string out;
  out.reserve(q.size() + 8);
  std::size_t prev = 0;
  bool first = true;
  for (const auto& t : analyzer.tokenize(q)) {
    if (t.start < prev) {  // several terms from one span (e.g. "½" -> "1", "2"): keep them together as a phrase
      out += '-';
      out += t.term;
      continue;
    }
    const auto gap = q.substr(prev, t.start - prev);
    if (gap.empty() && !first) out += '-';  // written together: a phrase, as positions in the index
    copy_gap(gap, out);
    const auto original = q.substr(t.start, t.end - t.start);
    if (is_query_operator(original)) out += original;
    else out += t.term;
    prev = t.end;
    first = false;
  }
  copy_gap(q.substr(prev), out);
  return out;
}

}  // namespace pt
