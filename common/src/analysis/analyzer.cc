// ICU-based analysis pipeline: UTF-8 text -> word tokens with source spans; terms -> cached stems.
#include "pt/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uversion.h>
#include <xapian.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "pt/error.h"

namespace pt {
namespace {

constexpr char16_t kReplacement = 0xFFFD;
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
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const auto start = static_cast<std::uint32_t>(i);
    unsigned char c = byte(i);
    char32_t cp = kReplacement;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else {
      std::size_t need = 0;
      char32_t min = 0;
      if ((c & 0xE0) == 0xC0) { need = 1; cp = c & 0x1F; min = 0x80; }
      else if ((c & 0xF0) == 0xE0) { need = 2; cp = c & 0x0F; min = 0x800; }
      else if ((c & 0xF8) == 0xF0) { need = 3; cp = c & 0x07; min = 0x10000; }
      bool ok = need > 0;
      for (std::size_t k = 1; ok && k <= need; ++k) {
        if (i + k >= n || (byte(i + k) & 0xC0) != 0x80) ok = false;
        else cp = (cp << 6) | (byte(i + k) & 0x3F);
      }
      if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
      if (ok) len = need + 1;
      else cp = kReplacement;
    }
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
    i += len;
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
  const auto mask = U_GET_GC_MASK(c);
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

std::string to_utf8(const char16_t* p, std::size_t len) {
  std::string out;
  icu::UnicodeString(false, p, static_cast<int32_t>(len)).toUTF8String(out);
  return out;
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerSettings settings;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  Xapian::Stem stemmer;
  mutable std::unordered_map<std::string, std::string> stem_cache;

  // Normalises before segmenting, so that what normalisation changes cannot split or drop words:
  // zero-width and soft-hyphen characters vanish inside words, "x²" becomes "x2", "ﬁ" "fi".
  // Text is normalised chunk by chunk between normalisation boundaries, keeping source spans.
  NormalizedText normalize(const Utf16Text& t) const {
    const auto& s = t.units;
    const std::size_t n = s.size();
    NormalizedText out;
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
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString rest(false, s.data() + i, static_cast<int32_t>(n - i));
      const auto yes = static_cast<std::size_t>(nfkc_cf->spanQuickCheckYes(rest, status));
      if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalization check failed: ") + u_errorName(status));
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
        if (nfkc_cf->hasBoundaryBefore(c)) break;
        j = k;
      }
      const icu::UnicodeString chunk(false, s.data() + i, static_cast<int32_t>(j - i));
      const icu::UnicodeString folded = nfkc_cf->normalize(chunk, status);
      if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalization failed: ") + u_errorName(status));
      for (int32_t k = 0; k < folded.length(); ++k) out.push(folded.charAt(k), t.byte_at[i], t.byte_at[j]);
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
                           return k == p.end && u_isalpha(c);
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
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl_->words)
    throw AnalysisError(std::string("cannot create ICU word break iterator: ") + u_errorName(status));
  status = U_ZERO_ERROR;
  impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw AnalysisError(std::string("cannot load ICU NFKC_Casefold: ") + u_errorName(status));
  try {
    impl_->stemmer = Xapian::Stem(impl_->settings.language);
  } catch (const Xapian::Error& e) {
    throw ConfigError("cannot create stemmer for '" + impl_->settings.language + "': " + e.get_msg());
  }
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerSettings& Analyzer::settings() const noexcept { return impl_->settings; }

std::vector<Token> Analyzer::tokenize(std::string_view text) const {
  std::vector<Token> out;
  if (text.empty()) return out;
  NormalizedText t = impl_->normalize(decode(text));
  auto& s = t.units;
  // Fold apostrophe look-alikes between letters so "Trump’s" and "Wednesday`s" read as "trump's".
  for (std::size_t k = 1; k + 1 < s.size(); ++k)
    if (is_apostrophe_like(s[k]) && u_isalpha(s[k - 1]) && u_isalpha(s[k + 1])) s[k] = u'\'';
  const icu::UnicodeString view(false, s.data(), static_cast<int32_t>(s.size()));
  auto& it = *impl_->words;
  it.setText(view);
  int32_t start = it.first();
  for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
    const int32_t status = it.getRuleStatus();
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
