// ICU-based analysis pipeline: UTF-8 text -> word tokens with source spans; terms -> cached stems.
#include "pt/ascii.h"
#include "pt/analyzer.h"

#include <unicode/uversion.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <unordered_map>

#include "pt/error.h"
#include "pt/icu.h"
#include "pt/utf8.h"
#include "letter_fold.h"

namespace pt {
namespace {

constexpr std::size_t kStemCacheLimit = 1u << 18;

// UTF-8 decoded to UTF-16, with the byte offset of every UTF-16 unit (plus one past the end).
struct Utf16Text {
  std::u16string units;
  std::vector<std::uint32_t> byte_at;
};

Utf16Text decode(std::string_view s) {
  Utf16Text out;
  out.units.reserve(s.size());
  out.byte_at.reserve(s.size() + 1);
  std::size_t i = 0;
  const auto n = s.size();
  while (i < n) {
    const auto start = static_cast<std::uint32_t>(i);
    const char32_t cp = utf8::decode_next(s, i);
    if (cp >= 0x10000) {
      const char32_t v = cp - 0x10000;
      out.units.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
      out.byte_at.push_back(start);
      out.units.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
      out.byte_at.push_back(start);
    } else {
      out.units.push_back(static_cast<char16_t>(cp));
      out.byte_at.push_back(start);
    }
  }
  out.byte_at.push_back(static_cast<std::uint32_t>(n));
  return out;
}

bool is_apostrophe_like(char16_t c) {
  return c == u'\'' || c == 0x2019 || c == 0x2018 || c == 0x0060 || c == 0x00B4 || c == 0x02BC ||
         c == 0xFF07;
}

// Characters that stay inside a term: letters, digits, combining marks, connectors, apostrophe.
bool is_term_char(UChar32 c) {
  if (c == '\'') return true;
  const auto mask = icu::category_mask(c);
  return (mask & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK | U_GC_PC_MASK)) != 0;
}

// Next code point in a UTF-16 string at index i (advancing i).
UChar32 next_cp(const std::u16string& s, std::size_t& i, std::size_t end) {
  char16_t c = s[i++];
  if (c >= 0xD800 && c <= 0xDBFF && i < end && s[i] >= 0xDC00 && s[i] <= 0xDFFF) {
    return 0x10000 + ((static_cast<UChar32>(c) - 0xD800) << 10) + (s[i++] - 0xDC00);
  }
  return c;
}

struct Piece {
  std::size_t begin, end;  // UTF-16 unit range in the normalised text
};

// NFKC_Casefold-normalised text; every unit knows the byte span of the source it came from.
struct NormalizedText {
  std::u16string units;
  std::vector<std::uint32_t> src_begin, src_end;

  void push(char16_t u, std::uint32_t b0, std::uint32_t b1) {
    units.push_back(u);
    src_begin.push_back(b0);
    src_end.push_back(b1);
  }
};

std::string to_utf8(const char16_t* p, std::size_t len) { return utf8::from_utf16(std::u16string_view(p, len)); }

void check_icu(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) throw AnalysisError(std::string(what) + ": " + icu::error_name(status));
}

struct BreakIteratorCloser {
  void operator()(UBreakIterator* it) const { icu::functions().break_close(it); }
};

}  // namespace

struct Analyzer::Impl {
  AnalyzerSettings settings;
  // ICU's word rules and normalisation data, made on first use: an ASCII text needs neither,
  // and making them is a good part of a one-query process's start-up.
  std::unique_ptr<UBreakIterator, BreakIteratorCloser> words;
  const UNormalizer2* nfkc_cf = nullptr;
  Xapian::Stem stemmer;
  mutable std::unordered_map<std::string, std::string> stem_cache;
  bool endings_only = false;  // the stemmer only strips and rewrites endings (stem_keeps_first_byte)

  void load_icu() {
    if (words) return;
    const auto& f = icu::functions();
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf = f.nfkc_casefold(&status);
    check_icu(status, "cannot load ICU NFKC_Casefold");
    words.reset(f.break_open(UBRK_WORD, "", nullptr, 0, &status));
    check_icu(status, "cannot create ICU word break iterator");
    if (!words) throw AnalysisError("cannot create ICU word break iterator");
  }

  // Normalises before segmenting, so that what normalisation changes cannot split or drop words:
  // zero-width and soft-hyphen characters vanish inside words, "x²" becomes "x2", "ﬁ" "fi".
  // Text is normalised chunk by chunk between normalisation boundaries, keeping source spans.
  NormalizedText normalize(const Utf16Text& t) const {
    const auto& s = t.units;
    const std::size_t n = s.size();
    NormalizedText out;
    std::u16string folded;
    out.units.reserve(n);
    out.src_begin.reserve(n);
    out.src_end.reserve(n);
    std::size_t i = 0;
    while (i < n) {
      // Fast path: ASCII not followed by a combining character folds on its own.
      if (s[i] < 0x80 && (i + 1 == n || s[i + 1] < 0x300)) {
        const char16_t c = s[i];
        out.push(c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c, t.byte_at[i], t.byte_at[i + 1]);
        ++i;
        continue;
      }
      const auto& f = icu::functions();
      UErrorCode status = U_ZERO_ERROR;
      const auto yes = static_cast<std::size_t>(f.span_quick_check_yes(nfkc_cf, s.data() + i, static_cast<int32_t>(n - i), &status));
      check_icu(status, "ICU normalization check failed");
      if (yes > 0) {
        for (std::size_t k = i; k < i + yes; ++k) out.push(s[k], t.byte_at[k], t.byte_at[k + 1]);
        i += yes;
        continue;
      }
      std::size_t j = i;
      next_cp(s, j, n);
      while (j < n) {
        std::size_t k = j;
        const UChar32 c = next_cp(s, k, n);
        if (f.has_boundary_before(nfkc_cf, c)) break;
        j = k;
      }
      // A chunk is a few characters; its folding rarely outgrows four times its length (else retry).
      const auto length = static_cast<int32_t>(j - i);
      folded.resize(static_cast<std::size_t>(length) * 4 + 8);
      int32_t got = f.normalize(nfkc_cf, s.data() + i, length, folded.data(), static_cast<int32_t>(folded.size()), &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        folded.resize(static_cast<std::size_t>(got));
        got = f.normalize(nfkc_cf, s.data() + i, length, folded.data(), got, &status);
      }
      check_icu(status, "ICU normalization failed");
      for (int32_t k = 0; k < got; ++k) out.push(folded[static_cast<std::size_t>(k)], t.byte_at[i], t.byte_at[j]);
      i = j;
    }
    return out;
  }

  // One term from a piece of normalised text, apostrophes at the edges trimmed.
  void emit(const NormalizedText& t, std::size_t a, std::size_t b, std::vector<Token>& out) const {
    while (a < b && t.units[a] == u'\'') ++a;
    while (b > a && t.units[b - 1] == u'\'') --b;
    if (a == b) return;
    out.push_back(Token{to_utf8(t.units.data() + a, b - a), t.src_begin[a], t.src_end[b - 1]});
  }

  // Numbers stay whole ("3.14"); digit grouping goes ("5,000" and "5000" are one term).
  void number(const NormalizedText& t, std::size_t a, std::size_t b, std::vector<Token>& out) const {
    const auto& s = t.units;
    std::u16string digits;
    auto flush = [&] {
      while (!digits.empty() && digits.back() == u'.') digits.pop_back();
      const auto lead = digits.find_first_not_of(u'.');
      if (lead != std::u16string::npos)
        out.push_back(Token{to_utf8(digits.data() + lead, digits.size() - lead), t.src_begin[a], t.src_end[b - 1]});
      digits.clear();
    };
    for (std::size_t i = a; i < b;) {
      const std::size_t at = i;
      const UChar32 c = next_cp(s, i, b);
      if (c == ',' || c == 0x066C || c == '\'') continue;
      if (c == '.' || is_term_char(c)) digits.append(s, at, i - at);
      else flush();
    }
    flush();
  }

  void word(const NormalizedText& t, std::size_t a, std::size_t b, int32_t status, std::vector<Token>& out) const {
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return number(t, a, b, out);
    const auto& s = t.units;
    // Split the ICU word at inner punctuation such as ':' or '.' (ICU keeps "title:camp" together).
    std::vector<Piece> pieces;
    std::vector<UChar32> separators;
    std::size_t i = a, run = a;
    while (i < b) {
      const std::size_t at = i;
      const UChar32 c = next_cp(s, i, b);
      if (!is_term_char(c)) {
        if (at > run) pieces.push_back({run, at});
        separators.push_back(c);
        run = i;
      }
    }
    if (b > run) pieces.push_back({run, b});
    // Dotted acronyms ("u.s", "e.g") become one term: every piece one letter, every separator '.'.
    const bool acronym = pieces.size() >= 2 && separators.size() == pieces.size() - 1 &&
                         std::all_of(separators.begin(), separators.end(), [](UChar32 c) { return c == '.'; }) &&
                         std::all_of(pieces.begin(), pieces.end(), [&](const Piece& p) {
                           std::size_t k = p.begin;
                           const UChar32 c = next_cp(s, k, p.end);
                           return k == p.end && icu::is_alpha(c);
                         });
    if (acronym) {
      std::u16string joined;
      for (const auto& p : pieces) joined.append(s, p.begin, p.end - p.begin);
      out.push_back(Token{to_utf8(joined.data(), joined.size()), t.src_begin[a], t.src_end[b - 1]});
      return;
    }
    for (const auto& p : pieces) emit(t, p.begin, p.end, out);
  }
};

Analyzer::Analyzer(AnalyzerSettings settings) : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  const auto langs = languages();
  if (std::find(langs.begin(), langs.end(), impl_->settings.language) == langs.end())
    throw ConfigError("unknown language '" + impl_->settings.language + "' (known: none and Xapian's Snowball languages)");
  try {
    impl_->stemmer = Xapian::Stem(impl_->settings.language);
  } catch (const Xapian::Error& e) {
    throw ConfigError("cannot create stemmer for '" + impl_->settings.language + "': " + e.get_msg());
  }
  const auto& lang = impl_->settings.language;
  impl_->endings_only = lang == "english" || lang == "porter" || lang == "none";
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerSettings& Analyzer::settings() const noexcept { return impl_->settings; }

namespace {

// What stays inside a term (is_term_char) among lower-case ASCII: letters, digits, '_' and the apostrophe.
constexpr bool is_ascii_term_char(char c) { return ascii::is_lower(c) || ascii::is_digit(c) || c == '_' || c == '\''; }

// UAX #29 word-break classes of ASCII, as ICU 72's root word rules have them ('@' is a letter there).
enum class WordClass : std::uint8_t { Letter, Numeric, MidNumLet, SingleQuote, MidNum, ExtendNumLet, Other };

WordClass word_class(char c) {
  if (ascii::is_lower(c) || c == '@') return WordClass::Letter;
  if (ascii::is_digit(c)) return WordClass::Numeric;
  switch (c) {
    case '.': return WordClass::MidNumLet;
    case '\'': return WordClass::SingleQuote;
    case ',': case ';': return WordClass::MidNum;
    case '_': return WordClass::ExtendNumLet;
    default: return WordClass::Other;
  }
}

// Stages 2-5 for one run of ASCII without white space, `run` already lower-cased, `at` its byte
// offset in the text. Breaks follow UAX #29 rules WB5-WB13b; a segment's ICU rule status follows
// its last character (a letter: a word; a digit: a number; '_': as the character before it), and a
// lone '_' or punctuation character is no word. Words and numbers are then shaped as
// Impl::word and Impl::number shape them.
void tokenize_ascii_run(std::string_view run, std::uint32_t at, TokenSink& out) {
  using C = WordClass;
  const auto n = run.size();
  const auto cls = [&](std::size_t i) { return i < n ? word_class(run[i]) : C::Other; };  // i may wrap below 0
  const auto mid_letter = [](C c) { return c == C::MidNumLet || c == C::SingleQuote; };
  const auto mid_number = [](C c) { return c == C::MidNumLet || c == C::SingleQuote || c == C::MidNum; };
  const auto no_break = [&](std::size_t i) {  // no break between run[i - 1] and run[i]
    const C a = cls(i - 1), b = cls(i);
    const bool alnum_a = a == C::Letter || a == C::Numeric, alnum_b = b == C::Letter || b == C::Numeric;
    if (alnum_a && alnum_b) return true;                                                    // WB5, WB8-10
    if (a == C::Letter && mid_letter(b) && cls(i + 1) == C::Letter) return true;            // WB6
    if (mid_letter(a) && b == C::Letter && i >= 2 && cls(i - 2) == C::Letter) return true;  // WB7
    if (a == C::Numeric && mid_number(b) && cls(i + 1) == C::Numeric) return true;          // WB12
    if (mid_number(a) && b == C::Numeric && i >= 2 && cls(i - 2) == C::Numeric) return true;  // WB11
    if ((alnum_a || a == C::ExtendNumLet) && b == C::ExtendNumLet) return true;             // WB13a
    return a == C::ExtendNumLet && alnum_b;                                                 // WB13b
  };
  const auto emit = [&](std::size_t a, std::size_t b, std::size_t span_a, std::size_t span_b) {
    out.token(run.substr(a, b - a), at + static_cast<std::uint32_t>(span_a), at + static_cast<std::uint32_t>(span_b));
  };
  const auto number = [&](std::size_t a, std::size_t b) {
    std::string digits;
    const auto flush = [&] {
      while (!digits.empty() && digits.back() == '.') digits.pop_back();
      const auto lead = digits.find_first_not_of('.');
      if (lead != std::string::npos)
        out.token(std::string_view(digits).substr(lead), at + static_cast<std::uint32_t>(a), at + static_cast<std::uint32_t>(b));
      digits.clear();
    };
    for (std::size_t i = a; i < b; ++i) {
      const char c = run[i];
      if (c == ',' || c == '\'') continue;
      if (c == '.' || is_ascii_term_char(c)) digits += c;
      else flush();
    }
    flush();
  };
  const auto word = [&](std::size_t a, std::size_t b) {
    // Dotted acronyms: single letters separated by single dots.
    bool acronym = b - a >= 3;
    for (std::size_t i = a; acronym && i < b; ++i) acronym = (i - a) % 2 == 0 ? ascii::is_lower(run[i]) : run[i] == '.';
    if (acronym) {
      std::string joined;
      for (std::size_t i = a; i < b; i += 2) joined += run[i];
      out.token(joined, at + static_cast<std::uint32_t>(a), at + static_cast<std::uint32_t>(b));
      return;
    }
    for (std::size_t i = a; i < b;) {
      if (!is_ascii_term_char(run[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < b && is_ascii_term_char(run[j])) ++j;
      std::size_t p = i, q = j;  // apostrophes at the edges trimmed
      while (p < q && run[p] == '\'') ++p;
      while (q > p && run[q - 1] == '\'') --q;
      if (p < q) emit(p, q, p, q);
      i = j;
    }
  };
  std::size_t start = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && no_break(i)) continue;
    const C last = cls(i - 1);
    if (last == C::Numeric || (last == C::ExtendNumLet && i - start > 1 && cls(i - 2) == C::Numeric)) number(start, i);
    else if (last == C::Letter || (last == C::ExtendNumLet && i - start > 1)) word(start, i);
    start = i;
  }
}

// What a byte is, as bits, so one look-up a byte tells a run's make-up.
enum ByteKind : std::uint8_t { kSpace = 1, kLower = 2, kUpper = 4, kDigit = 8, kOtherAscii = 16, kNonAscii = 32 };
constexpr std::array<std::uint8_t, 256> kByteKinds = [] {
  std::array<std::uint8_t, 256> kinds{};
  for (unsigned c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    kinds[c] = c >= 0x80             ? kNonAscii
               : ascii::is_space(ch)  ? kSpace
               : ascii::is_lower(ch) ? kLower
               : c >= 'A' && c <= 'Z' ? kUpper
               : ascii::is_digit(ch)  ? kDigit
                                     : kOtherAscii;
  }
  return kinds;
}();

// What breaks off the edges of a run that is one word: an ASCII character of no word class, or
// '.', ',', ';' and '\'' with no letter or digit beyond them to join (WB6/7, WB11/12 need one on
// both sides). Never a byte of a non-ASCII character.
bool breaks_off(char c) {
  if (static_cast<unsigned char>(c) >= 0x80) return false;
  const WordClass k = word_class(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  return k == WordClass::Other || k == WordClass::MidNumLet || k == WordClass::MidNum || k == WordClass::SingleQuote;
}

// Most runs between spaces are one plain word or number with punctuation around it ("(talks,"
// "1990."). For those the rules above come down to: the punctuation breaks off and is no word,
// and the letters (lower-cased) or digits between are the token. Returns false, having emitted
// nothing, for any other run (dots, apostrophes, '_', '@' or a mix of letters and digits inside,
// or nothing but punctuation), which then takes the general path. Four times fewer instructions a
// byte on news text, which is mostly such runs (snippets tokenize every hit's text).
bool plain_ascii_word(std::string_view run, std::uint32_t at, std::string& lower, TokenSink& out) {
  std::size_t p = 0, q = run.size();
  while (p < q && breaks_off(run[p])) ++p;
  while (q > p && breaks_off(run[q - 1])) --q;
  if (p == q) return false;
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const bool letters = is_letter(run[p]);
  bool upper = false;
  for (std::size_t k = p; k < q; ++k) {
    const char c = run[k];
    if (letters ? !is_letter(c) : !ascii::is_digit(c)) return false;
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  std::string_view term = run.substr(p, q - p);
  if (upper) {  // lower-cased into `lower`; an all lower-case word is handed over as it stands
    lower.assign(term);
    for (auto& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    term = lower;
  }
  out.token(term, at + static_cast<std::uint32_t>(p), at + static_cast<std::uint32_t>(q));
  return true;
}

// The tokens of an ASCII run between white space (or between separators: see below), through
// plain_ascii_word or else the whole word-break state machine. `scratch` is for the folded run.
void ascii_run_tokens(std::string_view run, std::uint32_t at, std::string& scratch, TokenSink& out) {
  if (plain_ascii_word(run, at, scratch, out)) return;
  // Stage 2 for ASCII is lower-casing; stage 3 folds a backquote between letters.
  scratch.assign(run);
  for (auto& c : scratch)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  for (std::size_t k = 1; k + 1 < scratch.size(); ++k)
    if (scratch[k] == '`' && ascii::is_lower(scratch[k - 1]) && ascii::is_lower(scratch[k + 1])) scratch[k] = '\'';
  tokenize_ascii_run(scratch, at, out);
}

// Runs with non-ASCII text that need no ICU: their words are ASCII letters and the Latin, Greek
// and Cyrillic letters of letter_fold.h, or ASCII digits, between the typographic punctuation and
// signs of news text; a piece of ASCII alone between those may be any ASCII. What makes that exact
// (tests/unit/analysis_test.cc checks it code point by code point and on random texts):
// - those letters are ALetter for ICU's word rules, as ASCII letters are, and without a
//   combining mark NFKC_Casefold folds each letter alone;
// - ICU always breaks around the separators below (word-break class Other, or a space once
//   NFKC makes one of U+00A0, or three full stops of "…" that join nothing), so between them a run
//   falls into pieces that are analysed as runs between white space are (an ASCII piece by the
//   ASCII path);
// - ’ and ‘ between two letters become ' (stage 3), and at a piece's edges break off as '.' does.
// This keeps accented names and places, "Trump’s", “quotes”, 1990–1995, £52 and €61, and Greek
// and Cyrillic words off ICU, which a one-query process would otherwise load for a snippet
// holding one of them.

// A sink appending each token to a vector.
struct TokenVector final : TokenSink {
  std::vector<Token>& tokens;
  explicit TokenVector(std::vector<Token>& t) : tokens(t) {}
  void token(std::string_view term, std::uint32_t start, std::uint32_t end) override {
    tokens.push_back(Token{std::string(term), start, end});
  }
};

// What a run splits at: characters ICU's word rules always break around and that make no word
// (word-break class Other, left alone by NFKC_Casefold or folded to one such), as news text has
// them: the no-break space (a space after NFKC), « » – — “ ” …, and currency signs, °, •, © ®,
// dashes and other marks. Not ’ ‘ (they join letters), · (it does too), nor what NFKC turns into
// letters or digits (™ ½ ² ª). Sorted; tests/unit/analysis_test.cc checks every code point of
// U+0080–U+052F, U+1E00–U+1EFF and U+2000–U+25FF against ICU, in and out of this table.
constexpr std::array<char32_t, 69> kSeparators = {
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A9, 0x00AB, 0x00AC, 0x00AE,
    0x00B0, 0x00B1, 0x00B6, 0x00BB, 0x00BF, 0x00D7, 0x00F7,  // ¡ ¢ £ ¤ ¥ ¦ § © « ¬ ® ° ± ¶ » ¿ × ÷
    0x2010, 0x2012, 0x2013, 0x2014, 0x2015, 0x2016, 0x201A, 0x201C, 0x201D, 0x201E, 0x201F,  // ‐ ‒ – — ― ‖ ‚ “ ” „ ‟
    0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2032, 0x2039, 0x203A, 0x203B,  // † ‡ • … ‰ ′ ‹ › ※
    0x20A1, 0x20A2, 0x20A4, 0x20A6, 0x20A9, 0x20AA, 0x20AB, 0x20AC, 0x20AD, 0x20AE, 0x20B1, 0x20B4,
    0x20B9, 0x20BA, 0x20BD, 0x20BF,  // ₡ ₢ ₤ ₦ ₩ ₪ ₫ € ₭ ₮ ₱ ₴ ₹ ₺ ₽ ₿
    0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2217, 0x2248, 0x2260, 0x2264, 0x2265,  // ← ↑ → ↓ − ∗ ≈ ≠ ≤ ≥
    0x25A0, 0x25A1, 0x25AA, 0x25CF};  // ■ □ ▪ ●
static_assert(std::is_sorted(kSeparators.begin(), kSeparators.end()) && kSeparators.front() != 0);

// The byte length of a separator at run[k]: one of kSeparators, or an ASCII character of word
// class Other ("-", "/", "(", "&" ...; not the backquote, which joins letters as ' does); else 0.
std::size_t separator_at(std::string_view run, std::size_t k) {
  const auto byte = [&](std::size_t i) { return i < run.size() ? static_cast<unsigned char>(run[i]) : 0u; };
  const unsigned lead = byte(k);
  if (lead < 0x80) {
    const char c = static_cast<char>(lead);
    return !ascii::is_alpha(c) && word_class(c) == WordClass::Other && c != '`' ? 1 : 0;
  }
  char32_t c = 0;
  std::size_t length = 0;
  if ((lead == 0xC2 || lead == 0xC3) && (byte(k + 1) & 0xC0) == 0x80) {
    c = (static_cast<char32_t>(lead & 0x1F) << 6) | (byte(k + 1) & 0x3F);
    length = 2;
  } else if (lead == 0xE2 && (byte(k + 1) & 0xC0) == 0x80 && (byte(k + 2) & 0xC0) == 0x80) {
    c = 0x2000 | (static_cast<char32_t>(byte(k + 1) & 0x3F) << 6) | (byte(k + 2) & 0x3F);
    length = 3;
  } else {
    return 0;
  }
  return std::binary_search(kSeparators.begin(), kSeparators.end(), c) ? length : 0;
}

// Whether run[k] starts ’ or ‘ (three bytes).
bool curly_single_quote_at(std::string_view run, std::size_t k) {
  return k + 2 < run.size() && static_cast<unsigned char>(run[k]) == 0xE2 && static_cast<unsigned char>(run[k + 1]) == 0x80 &&
         (static_cast<unsigned char>(run[k + 2]) == 0x98 || static_cast<unsigned char>(run[k + 2]) == 0x99);
}

// The letter at run[k], folded (an ASCII letter lower-cased, the others by letter_fold.h), and
// its byte length; 0 when run[k] starts no such letter.
char32_t letter_at(std::string_view run, std::size_t k, std::size_t& length) {
  const auto c = static_cast<unsigned char>(run[k]);
  length = 1;
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 'a' && c <= 'z') return c;
  const auto continuation = [&](std::size_t i) { return i < run.size() && (static_cast<unsigned char>(run[i]) & 0xC0) == 0x80; };
  const auto low_bits = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(run[i]) & 0x3F); };
  // U+00C0..U+052F are the two-byte sequences C3 80 .. D4 AF; U+1E00..U+1EFF are E1 B8 80 .. E1 BB BF.
  if (c >= 0xC3 && c <= 0xD4 && continuation(k + 1)) {
    length = 2;
    return letter_fold::fold((static_cast<char32_t>(c & 0x1F) << 6) | low_bits(k + 1));
  }
  if (c == 0xE1 && continuation(k + 1) && continuation(k + 2)) {
    length = 3;
    return letter_fold::fold(0x1000 | (low_bits(k + 1) << 6) | low_bits(k + 2));
  }
  return 0;
}

// One piece (between separators, at byte `at` of the run): its word into `out`, none when it is
// all punctuation, its words when it is ASCII alone; false when it is not a plain word of letters
// or of digits.
bool piece_tokens(std::string_view piece, std::uint32_t at, std::vector<Token>& out) {
  // A piece of ASCII alone ("7,400)" after "¥") has the tokens of a run between white space.
  if (ascii::is_ascii(piece)) {
    TokenVector collect(out);
    std::string scratch;
    ascii_run_tokens(piece, at, scratch, collect);
    return true;
  }
  std::size_t p = 0, q = piece.size();
  for (;;) {
    if (p < q && breaks_off(piece[p])) ++p;
    else if (p + 3 <= q && curly_single_quote_at(piece, p)) p += 3;
    else break;
  }
  for (;;) {
    if (q > p && breaks_off(piece[q - 1])) --q;
    else if (q >= p + 3 && curly_single_quote_at(piece, q - 3)) q -= 3;
    else break;
  }
  if (p == q) return true;
  std::string term;
  if (ascii::is_digit(piece[p])) {
    for (std::size_t k = p; k < q; ++k)
      if (!ascii::is_digit(piece[k])) return false;
    term.assign(piece.substr(p, q - p));
  } else {
    std::size_t length = 0;
    for (std::size_t k = p; k < q; k += length) {
      if (const char32_t letter = letter_at(piece, k, length)) {
        utf8::append(term, letter);  // one byte (ſ → s), two, or three (Ⱥ, Ⱦ fold into Latin Extended-C)
        continue;
      }
      // An apostrophe between two letters (the first letter is never one: the edges were trimmed).
      length = piece[k] == '\'' ? 1 : curly_single_quote_at(piece, k) ? 3 : 0;
      std::size_t next = 0;
      if (length == 0 || k + length >= q || letter_at(piece, k + length, next) == 0 || term.empty() || term.back() == '\'') return false;
      term += '\'';
    }
  }
  out.push_back(Token{std::move(term), at + static_cast<std::uint32_t>(p), at + static_cast<std::uint32_t>(q)});
  return true;
}

// The tokens of a run holding non-ASCII bytes, when no ICU is needed for them; false otherwise.
bool tokens_without_icu(std::string_view run, std::vector<Token>& out) {
  out.clear();
  std::size_t piece = 0;
  for (std::size_t k = 0;; ++k) {
    const std::size_t separator = k < run.size() ? separator_at(run, k) : 0;
    if (k < run.size() && separator == 0) continue;  // a separator's lead byte is never inside another character
    if (!piece_tokens(run.substr(piece, k - piece), static_cast<std::uint32_t>(piece), out)) return false;
    if (k == run.size()) return true;
    k += separator - 1;
    piece = k + 1;
  }
}

}  // namespace

std::vector<Token> Analyzer::tokenize(std::string_view text) const {
  std::vector<Token> tokens;
  TokenVector collect(tokens);
  tokenize(text, collect);
  return tokens;
}

void Analyzer::tokenize(std::string_view text, TokenSink& out) const {
  std::string run;
  std::vector<Token> pieces;
  std::size_t icu_from = 0, icu_to = 0;  // pending runs with non-ASCII bytes, analysed by ICU together
  const auto flush_icu = [&] {
    if (icu_from == icu_to) return;
    const std::string_view stretch = text.substr(icu_from, icu_to - icu_from);
    if (out.wants_icu_stretch(stretch))
      for (const auto& t : tokenize_with_icu(stretch))
        out.token(t.term, t.start + static_cast<std::uint32_t>(icu_from), t.end + static_cast<std::uint32_t>(icu_from));
    icu_from = icu_to = 0;
  };
  for (std::size_t i = 0, n = text.size(); i < n;) {
    if (ascii::is_space(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::uint8_t seen = 0;  // the ByteKind bits of the run's bytes
    for (; j < n; ++j) {
      const std::uint8_t kind = kByteKinds[static_cast<unsigned char>(text[j])];
      if (kind & kSpace) break;
      seen |= kind;
    }
    if (seen & kNonAscii) {
      if (tokens_without_icu(text.substr(i, j - i), pieces)) {
        flush_icu();
        for (const auto& t : pieces) out.token(t.term, static_cast<std::uint32_t>(i) + t.start, static_cast<std::uint32_t>(i) + t.end);
        i = j;
        continue;
      }
      if (icu_from == icu_to) icu_from = i;
      icu_to = j;
    } else {
      flush_icu();
      // Most runs are all letters or all digits: the whole run is the token (what plain_ascii_word
      // gives them, without its passes over the bytes).
      if (seen == kLower || seen == kDigit) {
        out.token(text.substr(i, j - i), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
        i = j;
        continue;
      }
      if (seen == kUpper || seen == (kUpper | kLower)) {
        run.assign(text.substr(i, j - i));
        for (auto& c : run) c = static_cast<char>(c | 0x20);  // letters only: sets the lower-case bit
        out.token(run, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
        i = j;
        continue;
      }
      ascii_run_tokens(text.substr(i, j - i), static_cast<std::uint32_t>(i), run, out);
    }
    i = j;
  }
  flush_icu();
}

std::vector<Token> Analyzer::tokenize_with_icu(std::string_view text) const {
  std::vector<Token> out;
  if (text.empty()) return out;
  impl_->load_icu();
  NormalizedText t = impl_->normalize(decode(text));
  auto& s = t.units;
  // Fold apostrophe look-alikes between letters so "Trump’s" and "Wednesday`s" read as "trump's".
  for (std::size_t k = 1; k + 1 < s.size(); ++k)
    if (is_apostrophe_like(s[k]) && icu::is_alpha(s[k - 1]) && icu::is_alpha(s[k + 1])) s[k] = u'\'';
  const auto& f = icu::functions();
  UBreakIterator* it = impl_->words.get();
  UErrorCode error = U_ZERO_ERROR;
  f.break_set_text(it, s.data(), static_cast<int32_t>(s.size()), &error);
  check_icu(error, "ICU word break iterator cannot take the text");
  int32_t start = f.break_first(it);
  for (int32_t end = f.break_next(it); end != UBRK_DONE; start = end, end = f.break_next(it)) {
    const int32_t status = f.break_rule_status(it);
    if (status < UBRK_WORD_NONE_LIMIT) continue;
    impl_->word(t, static_cast<std::size_t>(start), static_cast<std::size_t>(end), status, out);
  }
  return out;
}

const std::string& Analyzer::stem(const std::string& term) const {
  auto& cache = impl_->stem_cache;
  if (auto it = cache.find(term); it != cache.end()) return it->second;
  if (cache.size() >= kStemCacheLimit) cache.clear();
  return cache.emplace(term, impl_->stemmer(term)).first->second;
}

bool Analyzer::stem_keeps_first_byte() const noexcept { return impl_->endings_only; }

bool Analyzer::may_stem_to(std::string_view term, std::string_view stem) const noexcept {
  if (!impl_->endings_only) return true;
  // All but the stem's last two bytes, and at least its first two, begin the term.
  const std::size_t kept = stem.size() >= 4 ? stem.size() - 2 : std::min<std::size_t>(2, stem.size());
  if (term.size() < kept || (kept > 0 && term[0] != stem[0])) return false;
  for (std::size_t i = 1; i < kept; ++i)
    if (term[i] != stem[i] && !(term[i] == 'y' && stem[i] == 'i')) return false;
  return true;
}

std::string Analyzer::fingerprint() const {
  std::ostringstream os;
  os << "analyzer=" << kAnalyzerVersion << ";icu=" << U_ICU_VERSION << ";language=" << impl_->settings.language;
  return os.str();
}

const Analyzer& Analyzer::folding() {
  thread_local const Analyzer analyzer(AnalyzerSettings{"none"});
  return analyzer;
}

std::vector<std::string> Analyzer::languages() {
  std::vector<std::string> out{"none"};
  std::istringstream in(Xapian::Stem::get_available_languages());
  for (std::string lang; in >> lang;) out.push_back(lang);
  return out;
}

}  // namespace pt
