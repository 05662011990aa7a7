// Bit masks of a body's text for snippets: where its words are and where a query word may start.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "pt/ascii.h"

namespace pt::snippets {

// The length of the common punctuation at body[i] that no word holds (0 for anything else): the
// curly quotes U+2018-U+201F, the dashes U+2013 and U+2014, the ellipsis U+2026 and the no-break
// space U+00A0, which news and encyclopaedia text have in every other run with non-ASCII bytes.
std::size_t punctuation_bytes(std::string_view body, std::size_t i);

// Where a query word's token may start, as the ASCII letters and digits (case folded) of its first
// two bytes: a token's first byte and, unless it is an acronym ("U.S."), a number ("1,000"), a
// single letter or a word with non-ASCII or punctuation second ("o'neil"), its second. Stems keep
// their term's first two bytes, an 'i' of the stem maybe a 'y' of the term (Analyzer::may_stem_to).
struct StartRule {
  bool every_run = false;  // any run may hold a query word: the rule cannot tell

  // Byte `c` (a letter or digit) followed by `next` may start a query word.
  bool may_start(char c, char next) const {
    const std::size_t key = (std::size_t{fold(c)} << 8) | fold(next);
    return (pairs_[key / 64] >> (key % 64)) & 1;
  }
  // Adds a query word (an exact word or, `stem`, a stem), as the analyser has it.
  void add_word(std::string_view w, bool stem) {
    const char c = w[0];
    if (static_cast<unsigned char>(c) >= 0x80) return;  // every non-ASCII byte is a candidate anyway
    if (!ascii::is_lower(c) && !ascii::is_digit(c)) {
      every_run = true;  // a query word starting with '_' or punctuation
      return;
    }
    for (unsigned next = 0; next < 256; ++next) {
      const char n = static_cast<char>(next);
      // Text whose second byte is no letter or digit may still make the token ("U.S." is "us",
      // "1,000" is "1000", "o'neil"); a one-letter word has no second byte to check.
      if (!ascii::is_alnum(n) || w.size() < 2) set(c, n);
    }
    if (w.size() < 2) return;
    if (ascii::is_lower(w[1]) || ascii::is_digit(w[1])) set(c, w[1]);
    if (stem && w[1] == 'i') set(c, 'y');
  }

 private:
  static unsigned char fold(char c) { return static_cast<unsigned char>(ascii::to_lower(c)); }
  void set(char c, char next) {
    const std::size_t key = (std::size_t{fold(c)} << 8) | fold(next);
    pairs_[key / 64] |= std::uint64_t{1} << (key % 64);
  }
  std::vector<std::uint64_t> pairs_ = std::vector<std::uint64_t>(1024);  // a bit per (byte, next byte), case folded
};

// The scanned part of a body as bit masks, bit p % 64 of element p / 64 for byte p:
// - words: stretches of word bytes (ASCII letters and digits, non-ASCII bytes, and '.', ',' or '\''
//   between two of those, which join words and numbers as in "U.S", "o'neil", "1,000.5"), as the
//   first and the last byte of each. A stretch is what a snippet counts as a word: its windows
//   and the lead before a match are measured in stretches, and it is cut at a stretch's end.
// - candidates: the letters and digits where a query word's token may start (StartRule, not after
//   another letter or digit), and the non-ASCII bytes but those of common punctuation;
// - white space.
// Pieces are added in order (add); each stretch's number is found by counting bits (unit).
class BodyMasks {
 public:
  void clear() {
    for (auto* m : {&space_, &alnum_, &word_, &joining_, &candidate_, &first_, &last_}) m->clear();
    rank_.assign(1, 0);
  }

  // Classifies body[at, end), which follows what was added before; `rule` tells where a query
  // word may start.
  void add(std::string_view body, std::size_t at, std::size_t end, const StartRule& rule);

  // The first position in [from, to) whose bit is set in the candidate, space or first-byte mask.
  std::size_t next_candidate(std::size_t from, std::size_t to) const { return find(candidate_, from, to); }
  std::size_t next_space(std::size_t from, std::size_t to) const { return find(space_, from, to); }
  std::size_t next_first(std::size_t from, std::size_t to) const { return find(first_, from, to); }

  // Stretches counted so far.
  std::size_t units() const { return rank_.back(); }
  // The number of the stretch holding byte p (or the last one before it; 0 before the first).
  std::size_t unit(std::size_t p) const {
    const std::size_t w = p / 64;
    const std::uint64_t upto = first_[w] & (~std::uint64_t{0} >> (63 - p % 64));
    const std::size_t n = rank_[w] + static_cast<std::size_t>(std::popcount(upto));
    return n > 0 ? n - 1 : 0;
  }
  // The first byte of stretch k (k < units()).
  std::size_t start_of(std::size_t k) const {
    const std::size_t w = static_cast<std::size_t>(std::upper_bound(rank_.begin(), rank_.end(), k) - rank_.begin()) - 1;
    std::uint64_t x = first_[w];
    for (std::size_t skip = k - rank_[w]; skip > 0; --skip) x &= x - 1;
    return w * 64 + static_cast<std::size_t>(std::countr_zero(x));
  }
  // The end of the last stretch that starts and ends within [from, to) (from when none).
  std::size_t last_end(std::size_t from, std::size_t to) const {
    to = std::min(to, size_);
    for (std::size_t p = to; p > from;) {
      const std::size_t w = (p - 1) / 64;
      std::uint64_t x = last_[w] & (~std::uint64_t{0} >> (63 - (p - 1) % 64));
      if (x != 0) {
        const std::size_t q = w * 64 + 63 - static_cast<std::size_t>(std::countl_zero(x));
        return q >= from ? q + 1 : from;
      }
      p = w * 64;
    }
    return from;
  }

 private:
  // Bits k..k+15 of a block's masks from the 16 bytes at `p` and the two after them (SSE2).
  static void classify16(const char* p, std::size_t k, std::uint64_t& blank, std::uint64_t& alnum, std::uint64_t& high,
                         std::uint64_t& high_may, std::uint64_t& joins);
  static std::size_t find(const std::vector<std::uint64_t>& bits, std::size_t from, std::size_t to) {
    if (from >= to) return to;
    std::size_t w = from / 64;
    std::uint64_t x = bits[w] & (~std::uint64_t{0} << (from % 64));
    while (x == 0) {
      if (++w * 64 >= to) return to;
      x = bits[w];
    }
    return std::min(to, w * 64 + static_cast<std::size_t>(std::countr_zero(x)));
  }

  std::vector<std::uint64_t> space_, alnum_, word_, joining_, candidate_, first_, last_;
  std::vector<std::size_t> rank_{0};  // rank_[w]: stretches starting in elements before w
  std::size_t size_ = 0;
};

}  // namespace pt::snippets
