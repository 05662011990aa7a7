// BodyMasks::add: a piece of a body classified 64 bytes at a time, with SSE2 where there is one.
#include "body_masks.h"

#include <algorithm>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pt::snippets {

std::size_t punctuation_bytes(std::string_view body, std::size_t i) {
  const auto at = [&](std::size_t k) { return k < body.size() ? static_cast<unsigned char>(body[k]) : 0u; };
  if (at(i) == 0xC2 && at(i + 1) == 0xA0) return 2;
  if (at(i) != 0xE2 || at(i + 1) != 0x80) return 0;
  const unsigned third = at(i + 2);
  return third == 0x93 || third == 0x94 || (third >= 0x98 && third <= 0x9F) || third == 0xA6 ? 3 : 0;
}

void BodyMasks::add(std::string_view body, std::size_t at, std::size_t end, const StartRule& rule) {
  const std::size_t words = (end + 63) / 64;
  for (auto* m : {&space_, &alnum_, &word_, &joining_, &candidate_, &first_, &last_}) m->resize(words, 0);
  // A 64-byte block at a time, from the one holding `at`: its bytes before `at` come out as
  // they did before, and those from `end` on are left for the next piece.
  for (std::size_t block = at / 64 * 64; block < end; block += 64) {
    std::uint64_t blank = 0, alnum = 0, high = 0, joins = 0;
    std::uint64_t high_may = 0;  // non-ASCII bytes but those of common punctuation (punctuation_bytes)
#if defined(__SSE2__)
    // The two bytes after each are read too, so the body's last block goes the scalar way.
    if (block + 66 <= body.size()) {
      for (std::size_t k = 0; k < 64; k += 16) classify16(body.data() + block + k, k, blank, alnum, high, high_may, joins);
    } else
#endif
    {
      std::uint64_t punct = 0;
      for (std::size_t i = block; i < std::min(block + 64, body.size()); ++i) {
        const char c = body[i];
        const std::uint64_t bit = std::uint64_t{1} << (i - block);
        if (const std::size_t n = punctuation_bytes(body, i); n > 0) punct |= ((std::uint64_t{1} << n) - 1) << (i - block);
        if (ascii::is_space(c)) blank |= bit;
        if (ascii::is_alnum(c)) alnum |= bit;
        if (static_cast<unsigned char>(c) >= 0x80) high |= bit, high_may |= bit;
        if (c == '.' || c == ',' || c == '\'') joins |= bit;
      }
      high_may &= ~punct;
    }
    const std::size_t w = block / 64;
    // A letter or digit after none (tokens break after a joining byte too: "st.gallen" is "st"
    // and "gallen") may start a query word's token; the rule looks at it and the byte after.
    std::uint64_t may = 0;
    if (!rule.every_run) {
      for (std::uint64_t starts = alnum & ~((alnum << 1) | (w > 0 ? alnum_[w - 1] >> 63 : 0)); starts != 0; starts &= starts - 1) {
        const std::size_t i = block + static_cast<std::size_t>(std::countr_zero(starts));
        if (rule.may_start(body[i], i + 1 < body.size() ? body[i + 1] : ' ')) may |= starts & -starts;
      }
    }
    const std::uint64_t keep = end - block >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (end - block)) - 1;
    space_[w] = blank & keep;
    alnum_[w] = alnum & keep;
    word_[w] = (alnum | high) & keep;
    joining_[w] = joins & keep;
    candidate_[w] = ((rule.every_run ? ~blank : may) | high_may) & keep;
  }
  // Joining bytes with a word byte on each side, then the stretches' first and last bytes, in
  // every element the piece touched and the one before it (its last byte's stretch may go on in
  // this piece: a piece with no white space to end at ends inside a stretch). Elements done again
  // come out the same but for that. The first byte of the next piece is unknown yet.
  const std::size_t from = at > 0 ? (at - 1) / 64 : 0;
  std::uint64_t carry = from > 0 ? word_[from - 1] >> 63 : 0;
  for (std::size_t w = from; w < words; ++w) {
    const std::uint64_t here = word_[w], next = w + 1 < words ? word_[w + 1] & 1 : 0;
    word_[w] = here | (joining_[w] & ((here << 1) | carry) & ((here >> 1) | (next << 63)));
    carry = here >> 63;
  }
  carry = from > 0 ? word_[from - 1] >> 63 : 0;
  rank_.resize(words + 1);
  for (std::size_t w = from; w < words; ++w) {
    const std::uint64_t here = word_[w], next = w + 1 < words ? word_[w + 1] & 1 : 0;
    first_[w] = here & ~((here << 1) | carry);
    last_[w] = here & ~((here >> 1) | (next << 63));
    rank_[w + 1] = rank_[w] + static_cast<std::size_t>(std::popcount(first_[w]));
    carry = here >> 63;
  }
  size_ = end;
}

#if defined(__SSE2__)
// Bits k..k+15 of a block's masks from the 16 bytes at `p` (and the byte after them). A byte x
// in [lo, hi] is (x - lo) <= hi - lo unsigned, which saturating subtraction turns into a
// comparison with zero.
void BodyMasks::classify16(const char* p, std::size_t k, std::uint64_t& blank, std::uint64_t& alnum, std::uint64_t& high,
                           std::uint64_t& high_may, std::uint64_t& joins) {
  // A byte x in [lo, hi] is (x - lo) <= hi - lo unsigned, which saturating subtraction turns into
  // a comparison with zero.
  const __m128i zero = _mm_setzero_si128();
  const auto in_range = [&](__m128i x, char lo, char hi) {
    return _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(x, _mm_set1_epi8(lo)), _mm_set1_epi8(static_cast<char>(hi - lo))), zero);
  };
  const auto is = [](__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
  const auto bits = [&](__m128i x) { return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(x))) << k; };
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i letter_digit = _mm_or_si128(in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'), in_range(v, '0', '9'));
  blank |= bits(_mm_or_si128(is(v, ' '), in_range(v, '\t', '\r')));
  alnum |= bits(letter_digit);
  joins |= bits(_mm_or_si128(_mm_or_si128(is(v, '.'), is(v, ',')), is(v, '\'')));
  const std::uint64_t non_ascii = bits(v);
  high |= non_ascii;
  if (non_ascii == 0) return;
  // Common punctuation (punctuation_bytes) from its lead bytes; one cut by the block's end stays
  // a candidate.
  const __m128i v_next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
  const __m128i v_after = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2));
  const auto byte = [](unsigned b) { return static_cast<char>(b); };
  const __m128i third = _mm_or_si128(_mm_or_si128(in_range(v_after, byte(0x93), byte(0x94)), in_range(v_after, byte(0x98), byte(0x9F))),
                                     is(v_after, byte(0xA6)));
  const std::uint64_t three = bits(_mm_and_si128(_mm_and_si128(is(v, byte(0xE2)), is(v_next, byte(0x80))), third));
  const std::uint64_t two = bits(_mm_and_si128(is(v, byte(0xC2)), is(v_next, byte(0xA0))));
  high_may |= non_ascii & ~(three | (three << 1) | (three << 2) | two | (two << 1));
}
#endif

}  // namespace pt::snippets
