// Snippet window choice, white-space collapsing and highlight offsets.
#include "snippet.h"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <optional>
#include <unordered_map>

#include "../match/postings.h"
#include "pt/ascii.h"
#include "pt/schema.h"
#include "pt/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pt {
namespace {

constexpr std::size_t kWindowTokens = 24;  // how far apart matches may be to count as one passage
constexpr std::size_t kLeadTokens = 4;     // context words before the first match
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::size_t kPieceBytes = 1024;     // body bytes tokenized at a time
constexpr std::size_t kMaxScanBytes = 65536;  // past this, the best passage found so far


// A Xapian term as a word of the text: exact (unprefixed or a title term) or a stem (Z, ZS), with
// its prefix removed; nullopt for other terms (filters: other upper-case prefixes).
struct TextWord {
  bool exact;
  std::string word;
};
std::optional<TextWord> text_word(const std::string& t) {
  static const std::string stem_title = std::string(schema::kStemPrefix) + std::string(schema::kTitlePrefix);
  if (t.starts_with(stem_title)) return TextWord{false, t.substr(stem_title.size())};
  if (t.starts_with(schema::kStemPrefix)) return TextWord{false, t.substr(schema::kStemPrefix.size())};
  if (t.starts_with(schema::kTitlePrefix)) return TextWord{true, t.substr(schema::kTitlePrefix.size())};
  if (!t.empty() && !(t[0] >= 'A' && t[0] <= 'Z')) return TextWord{true, t};
  return std::nullopt;
}

void add(QueryWords& w, const TextWord& word) { (word.exact ? w.exact : w.stems).insert(word.word); }

// What read() needs of a text, as bit masks (bit i % 64 of element i / 64 for byte i):
// - words: the stretches of word bytes (ASCII letters and digits, non-ASCII bytes, and '.', ','
//   or '\'' between two of those, which join words and numbers as in "U.S", "o'neil", "1,000.5"),
//   as the first and the last byte of each;
// - space, non_ascii and joining ('.', ',', '\'', joining or not).
struct ByteMasks {
  std::vector<std::uint64_t> space, non_ascii, joining, first, last;

  // The first position from `from` on (n when none) whose bit in `bits` is set.
  static std::size_t find(const std::vector<std::uint64_t>& bits, std::size_t from, std::size_t n) {
    if (from >= n) return n;
    std::size_t w = from / 64;
    std::uint64_t x = bits[w] & (~std::uint64_t{0} << (from % 64));
    while (x == 0) {
      if (++w * 64 >= n) return n;
      x = bits[w];
    }
    return std::min(n, w * 64 + static_cast<std::size_t>(std::countr_zero(x)));
  }

  // The set bits of one mask in order: next() gives each position once, n at the end.
  class Cursor {
   public:
    Cursor(const std::vector<std::uint64_t>& bits, std::size_t n) : bits_(bits), n_(n), x_(bits.empty() ? 0 : bits[0]) {}
    std::size_t peek() {
      while (x_ == 0) {
        if (++w_ >= bits_.size()) return n_;
        x_ = bits_[w_];
      }
      return w_ * 64 + static_cast<std::size_t>(std::countr_zero(x_));
    }
    std::size_t next() {
      const std::size_t at = peek();
      x_ &= x_ - 1;
      return at;
    }

   private:
    const std::vector<std::uint64_t>& bits_;
    std::size_t n_, w_ = 0;
    std::uint64_t x_;
  };

  void classify(std::string_view text) {
    const std::size_t words = (text.size() + 63) / 64;
    std::vector<std::uint64_t>& word = first;  // every word byte, until the stretches are found
    for (auto* m : {&space, &non_ascii, &joining, &first, &last}) m->assign(words, 0);
    std::size_t i = 0;
#if defined(__SSE2__)
    // 16 bytes at a time: x in [lo, hi] is (x - lo) <= hi - lo unsigned, which saturating
    // subtraction turns into a comparison with zero.
    const __m128i zero = _mm_setzero_si128();
    const auto in_range = [&](__m128i x, char lo, char hi) {
      return _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(x, _mm_set1_epi8(lo)), _mm_set1_epi8(static_cast<char>(hi - lo))), zero);
    };
    const auto bits = [](__m128i x) { return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(x))); };
    for (; i + 16 <= text.size(); i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), in_range(v, '\t', '\r'));
      const __m128i alnum = _mm_or_si128(in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'), in_range(v, '0', '9'));
      const __m128i joins = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8(','))),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')));
      const std::uint64_t high = bits(v);
      const unsigned shift = i % 64;
      space[i / 64] |= bits(blank) << shift;
      word[i / 64] |= (bits(alnum) | high) << shift;
      non_ascii[i / 64] |= high << shift;
      joining[i / 64] |= bits(joins) << shift;
    }
#endif
    for (; i < text.size(); ++i) {
      const char c = text[i];
      const std::uint64_t bit = std::uint64_t{1} << (i % 64);
      const bool high = static_cast<unsigned char>(c) >= 0x80;
      if (ascii::is_space(c)) space[i / 64] |= bit;
      if (ascii::is_alnum(c) || high) word[i / 64] |= bit;
      if (high) non_ascii[i / 64] |= bit;
      if (c == '.' || c == ',' || c == '\'') joining[i / 64] |= bit;
    }
    // Bit i of `before`/`after`: byte i - 1 / i + 1 is a word byte (across the 64-bit elements).
    std::uint64_t carry = 0;  // bit 63 of the element before
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t here = word[w];
      const std::uint64_t next = w + 1 < words ? word[w + 1] & 1 : 0;
      word[w] |= joining[w] & ((here << 1) | carry) & ((here >> 1) | (next << 63));
      carry = here >> 63;
    }
    carry = 0;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t here = word[w];
      const std::uint64_t next = w + 1 < words ? word[w + 1] & 1 : 0;
      last[w] = here & ~((here >> 1) | (next << 63));
      first[w] = here & ~((here << 1) | carry);  // `word` is `first`: overwritten last
      carry = here >> 63;
    }
  }
};

}  // namespace

QueryWords query_words(const std::set<std::string>& terms) {
  QueryWords w;
  for (const auto& t : terms)
    if (const auto word = text_word(t)) add(w, *word);
  return w;
}

std::vector<QueryWords> query_words_in(const Xapian::Database& db, const std::set<std::string>& terms,
                                       const std::vector<Xapian::docid>& docs) {
  std::vector<QueryWords> out(docs.size());
  for (const auto& t : terms)
    if (const auto word = text_word(t))
      for_each_posting_in(db, t, docs, [&](std::size_t i, const Xapian::PostingIterator&) { add(out[i], *word); });
  return out;
}

// Token spans and matches of the body being read; the query's words, looked up by first byte and
// binary search, and the stems met so far stay for the next body.
struct SnippetMaker::Scan final : TokenSink {
  struct Span {
    std::uint32_t start, end;
  };
  const Analyzer& analyzer;
  QueryWords words;
  std::vector<std::string_view> ids;    // every query word, sorted: a word's small number is its index
  std::vector<std::string_view> exact;  // sorted
  std::vector<Span> tokens;             // of the body being read
  std::vector<std::size_t> hits;        // which tokens match ...
  std::vector<std::uint32_t> hit_word;  // ... and which query word each one is (for distinct words)
  std::uint32_t offset = 0;             // of the piece being tokenized, in the body
  // The query word each distinct word of the bodies read stems to (-1: none). Stemming goes
  // through the analyser's cache, which grows with every word seen and so misses the CPU caches;
  // this small map is looked up once per token instead, and the big one once per distinct word.
  std::unordered_map<std::string, std::int32_t> stem_match;
  static constexpr std::size_t kStemMatchLimit = 1u << 14;
  std::string key;
  // And most words need no stemming at all when stems keep their term's start: a word is stemmed
  // only when a query stem with its first byte may be its stem (Analyzer::may_stem_to).
  std::vector<std::string_view> stem_list;    // sorted
  std::array<std::uint32_t, 257> stem_from{};  // stem_list[stem_from[b] .. stem_from[b + 1]) start with byte b
  std::bitset<256> starts;  // first bytes of the exact words and, when they keep it, the stems: most tokens have none
  bool by_first_byte;
  // The ASCII bytes a query word's token may start with, case folded; a piece is read a run at a
  // time (read) only when they are letters and digits, else the analyser reads all of it.
  std::bitset<256> may_start;
  bool by_runs = true;
  ByteMasks masks;  // of the piece being read

  Scan(const Analyzer& a, QueryWords w) : analyzer(a), words(std::move(w)), by_first_byte(a.stem_keeps_first_byte()) {
    for (const auto& e : words.exact) {
      exact.push_back(e);  // a std::set iterates in order
      ids.push_back(e);
      if (!e.empty()) starts.set(static_cast<unsigned char>(e[0]));
    }
    for (const auto& s : words.stems) {
      ids.push_back(s);
      stem_list.push_back(s);  // in order, as std::string compares bytes as unsigned
    }
    // An empty stem sorts first and starts with no byte.
    const auto first_byte = [](std::string_view t) { return t.empty() ? -1 : static_cast<int>(static_cast<unsigned char>(t[0])); };
    for (int b = 0; b <= 256; ++b)
      stem_from[static_cast<std::size_t>(b)] = static_cast<std::uint32_t>(
          std::partition_point(stem_list.begin(), stem_list.end(), [&](std::string_view t) { return first_byte(t) < b; }) -
          stem_list.begin());
    if (by_first_byte) {
      for (const auto t : stem_list)
        if (!t.empty()) starts.set(static_cast<unsigned char>(t[0]));
    } else if (!stem_list.empty()) {
      starts.set();
    }
    for (unsigned b = 0; b < 128; ++b) {
      const char c = static_cast<char>(b);
      if (!starts.test(b)) continue;
      if (ascii::is_lower(c) || ascii::is_digit(c)) {
        may_start.set(b);
        if (ascii::is_lower(c)) may_start.set(static_cast<unsigned char>(c - 'a' + 'A'));
      } else {
        by_runs = false;  // a query word starting with '_': a run's first letter is no guide
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    tokens.reserve(256);
  }
  std::uint32_t id_of(std::string_view w) const {
    return static_cast<std::uint32_t>(std::lower_bound(ids.begin(), ids.end(), w) - ids.begin());
  }
  std::int32_t matching_stem(std::string_view term) {
    if (words.stems.empty()) return -1;
    if (by_first_byte) {
      const auto b = static_cast<unsigned char>(term[0]);
      bool may = false;
      for (auto i = stem_from[b]; i < stem_from[b + 1] && !may; ++i) may = analyzer.may_stem_to(term, stem_list[i]);
      if (!may) return -1;
    }
    key.assign(term);
    if (stem_match.size() >= kStemMatchLimit) stem_match.clear();
    const auto [it, fresh] = stem_match.try_emplace(key, -1);
    if (fresh)
      if (const auto s = words.stems.find(analyzer.stem(key)); s != words.stems.end())
        it->second = static_cast<std::int32_t>(id_of(*s));
    return it->second;
  }
  // Reads `piece`, at byte `at` of the body, into tokens and hits. Only the white-space runs where
  // a query word may start go through the analyser: those with a stretch of letters and digits
  // that starts with a byte of `may_start`, or with a non-ASCII byte (which only the analyser can
  // judge); consecutive ones together. Every other stretch of ASCII letters and digits counts as
  // one token. The analyser gives the same tokens run by run (it too breaks at every white space),
  // but takes several times the instructions a byte that finding the stretches does; most runs
  // start no query word.
  void read(std::string_view piece, std::uint32_t at) {
    if (!by_runs) {
      offset = at;
      analyzer.tokenize(piece, *this);
      return;
    }
    const std::size_t n = piece.size();
    masks.classify(piece);
    std::size_t pending_from = 0, pending_to = 0;  // candidate runs waiting for the analyser
    const auto flush = [&] {
      if (pending_from == pending_to) return;
      offset = at + static_cast<std::uint32_t>(pending_from);
      analyzer.tokenize(piece.substr(pending_from, pending_to - pending_from), *this);
      pending_from = pending_to = 0;
    };
    // Whether a token of the analyser's may start inside [s, e) with a byte of `may_start`: after
    // a joining byte ("st.gallen" is "st" and "gallen"; ',' and '\'' likewise, to be safe).
    std::size_t next_joining = ByteMasks::find(masks.joining, 0, n);
    const auto inner_start = [&](std::size_t s, std::size_t e) {
      if (next_joining < s) next_joining = ByteMasks::find(masks.joining, s, n);
      for (std::size_t k = next_joining; k + 1 < e; k = ByteMasks::find(masks.joining, k + 1, n))
        if (may_start.test(static_cast<unsigned char>(piece[k + 1]))) return true;
      return false;
    };
    std::size_t next_non_ascii = ByteMasks::find(masks.non_ascii, 0, n);
    ByteMasks::Cursor firsts(masks.first, n), lasts(masks.last, n);
    for (std::size_t s; (s = firsts.next()) < n;) {
      const std::size_t e = lasts.next() + 1;
      if (next_non_ascii < s) next_non_ascii = ByteMasks::find(masks.non_ascii, s, n);
      if (!may_start.test(static_cast<unsigned char>(piece[s])) && next_non_ascii >= e && !inner_start(s, e)) {
        flush();
        tokens.push_back({at + static_cast<std::uint32_t>(s), at + static_cast<std::uint32_t>(e)});
        continue;
      }
      // The whole run goes to the analyser: the stretches of it already counted are taken back,
      // and those after it in the run skipped.
      std::size_t run_from = s;
      while (run_from > 0 && !ascii::is_space(piece[run_from - 1])) --run_from;
      while (!tokens.empty() && tokens.back().start >= at + run_from) tokens.pop_back();
      const std::size_t run_to = ByteMasks::find(masks.space, e, n);
      while (firsts.peek() < run_to) {
        firsts.next();
        lasts.next();
      }
      if (pending_from == pending_to) pending_from = run_from;
      pending_to = run_to;
    }
    flush();
  }
  void token(std::string_view term, std::uint32_t start, std::uint32_t end) override {
    if (term.empty() || !starts.test(static_cast<unsigned char>(term[0]))) {
      tokens.push_back({start + offset, end + offset});
      return;
    }
    if (std::binary_search(exact.begin(), exact.end(), term)) {
      hits.push_back(tokens.size());
      hit_word.push_back(id_of(term));
    } else if (const std::int32_t stem = matching_stem(term); stem >= 0) {
      hits.push_back(tokens.size());
      hit_word.push_back(static_cast<std::uint32_t>(stem));
    }
    tokens.push_back({start + offset, end + offset});
  }
};

SnippetMaker::SnippetMaker(const Analyzer& analyzer, QueryWords words)
    : scan_(std::make_unique<Scan>(analyzer, std::move(words))) {}
SnippetMaker::~SnippetMaker() = default;

Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const QueryWords& words, std::size_t max_bytes,
                     std::size_t lead) {
  return SnippetMaker(analyzer, words).make(body, words, max_bytes, lead);
}

Snippet SnippetMaker::make(std::string_view body, const QueryWords& holds, std::size_t max_bytes, std::size_t lead) {
  Snippet out;
  if (body.empty()) return out;
  // The body is tokenized a piece at a time, and only as far as needed: a long article's snippet
  // costs no more than a short one's once a passage with every query word is found. Tokens come
  // through a sink and only their spans are kept: a snippet allocates nothing per token.
  Scan& scan = *scan_;
  scan.tokens.clear();
  scan.hits.clear();
  scan.hit_word.clear();
  auto& tokens = scan.tokens;
  auto& hits = scan.hits;
  auto& hit_word = scan.hit_word;
  std::size_t scanned = 0;
  const auto scan_more = [&] {
    std::size_t stop = std::min(body.size(), scanned + kPieceBytes);
    if (stop < body.size()) {
      // End the piece at white space so no word is cut in two.
      const auto ws = body.substr(scanned, stop - scanned).find_last_of(" \n\t\r");
      if (ws != std::string_view::npos && ws > 0) stop = scanned + ws;
    }
    scan.read(body.substr(scanned, stop - scanned), static_cast<std::uint32_t>(scanned));
    scanned = stop;
  };
  // Best window: most distinct query words, then most matches, then earliest.
  std::size_t best_first = 0, best_score = 0, best_distinct = 0;
  const std::size_t wanted = holds.exact.size() + holds.stems.size();
  std::size_t scored = 0;  // hits whose windows have been scored
  do {
    scan_more();
    // The window starting at hit a holds hits a..b-1; it slides, so a query of hundreds of words
    // that all occur costs no more per hit than a short one.
    std::vector<std::uint32_t> in_window(scan.ids.size(), 0);
    std::size_t distinct = 0, b = scored;
    for (std::size_t a = scored; a < hits.size(); ++a) {
      for (; b < hits.size() && hits[b] - hits[a] < kWindowTokens; ++b)
        if (in_window[hit_word[b]]++ == 0) ++distinct;
      const std::size_t score = distinct * 1000 + (b - a);
      if (score > best_score) {
        best_score = score;
        best_first = a;
        best_distinct = distinct;
      }
      if (--in_window[hit_word[a]] == 0) --distinct;
    }
    // A window near the end of what was scanned may grow with the next piece: score it again then.
    scored = hits.size();
    while (scored > 0 && tokens.size() - hits[scored - 1] < kWindowTokens) --scored;
  } while (scanned < body.size() && scanned < kMaxScanBytes && (hits.empty() || best_distinct < wanted));
  // Enough text after the chosen start for a whole snippet.
  const std::size_t from = hits.empty() ? std::min(lead, body.size()) : tokens[hits[best_first]].start;
  while (scanned < body.size() && scanned < from + max_bytes + 64) scan_more();
  std::size_t start_token = 0;
  if (!hits.empty()) {
    start_token = hits[best_first] > kLeadTokens ? hits[best_first] - kLeadTokens : 0;
  } else if (lead > 0 && lead < body.size()) {
    while (start_token < tokens.size() && tokens[start_token].start < lead) ++start_token;
    if (start_token == tokens.size()) start_token = 0;
  }
  std::size_t begin = start_token == 0 ? 0 : tokens[start_token].start;
  // A window starting near the beginning might as well show the beginning.
  if (!hits.empty() && begin < max_bytes / 4) begin = 0;
  std::size_t end = begin;
  for (std::size_t k = start_token; k < tokens.size() && tokens[k].end - begin <= max_bytes; ++k) end = tokens[k].end;
  if (end == begin) end = begin + utf8::safe_prefix(body.substr(begin), max_bytes);
  // Keep closing punctuation that directly follows the last word ("deal." not "deal").
  while (end < body.size() && !ascii::is_space(body[end]) && end - begin < max_bytes + 8 &&
         std::string_view(".,;:!?)\"'").find(body[end]) != std::string_view::npos)
    ++end;
  if (body.substr(end).find_first_not_of(" \n\t\r\f\v") == std::string_view::npos) end = body.size();

  std::vector<std::size_t> marks;  // hit tokens inside [begin, end)
  for (auto i : hits)
    if (tokens[i].start >= begin && tokens[i].end <= end) marks.push_back(i);
  std::size_t next_mark = 0;
  if (begin > 0 && !hits.empty()) out.text += kEllipsis;  // skipped furniture before the lead is no cut
  bool pending_space = false;
  for (std::size_t i = begin; i < end;) {
    while (next_mark < marks.size() && tokens[marks[next_mark]].start < i) ++next_mark;  // spans shared by two terms
    if (next_mark < marks.size() && i == tokens[marks[next_mark]].start) {
      if (pending_space && !out.text.empty()) out.text += ' ';
      pending_space = false;
      const auto& t = tokens[marks[next_mark]];
      out.highlights.push_back({out.text.size(), t.end - t.start});
      out.text.append(body.substr(t.start, t.end - t.start));
      i = t.end;
      ++next_mark;
      continue;
    }
    if (ascii::is_space(body[i])) {
      pending_space = true;
    } else {
      if (pending_space && !out.text.empty() && out.text != kEllipsis) out.text += ' ';
      pending_space = false;
      out.text += body[i];
    }
    ++i;
  }
  if (end < body.size()) out.text += kEllipsis;
  return out;
}

}  // namespace pt
