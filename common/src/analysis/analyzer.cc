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
  std::size_t begin, end;  // UTF-16 unit range
};

}  // namespace

struct Analyzer::Impl {
  AnalyzerSettings settings;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  Xapian::Stem stemmer;
  mutable std::unordered_map<std::string, std::string> stem_cache;

  std::string normalize(const char16_t* p, std::size_t len) const {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString in(false, p, static_cast<int32_t>(len));
    const icu::UnicodeString out = nfkc_cf->normalize(in, status);
    if (U_FAILURE(status)) throw AnalysisError(std::string("ICU normalization failed: ") + u_errorName(status));
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
  }

  // Emits the terms of one normalised piece: re-split on characters normalisation introduced
  // (e.g. the fraction slash of "½"), then trim apostrophes at the edges.
  // `number` keeps decimal points inside the term ("3.14").
  void emit(const std::string& normalized, std::uint32_t b0, std::uint32_t b1, std::vector<Token>& out,
            bool number = false) const {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(normalized);
    std::u16string s(u.getBuffer(), static_cast<std::size_t>(u.length()));
    std::size_t i = 0, run = 0;
    auto flush = [&](std::size_t from, std::size_t to) {
      while (from < to && s[from] == u'\'') ++from;
      while (to > from && s[to - 1] == u'\'') --to;
      if (from == to) return;
      std::string term;
      icu::UnicodeString(false, s.data() + from, static_cast<int32_t>(to - from)).toUTF8String(term);
      out.push_back(Token{std::move(term), b0, b1});
    };
    while (i < s.size()) {
      const std::size_t at = i;
      const UChar32 c = next_cp(s, i, s.size());
      if (!is_term_char(c) && !(number && c == '.')) {
        flush(run, at);
        run = i;
      }
    }
    flush(run, s.size());
  }

  void word(const Utf16Text& t, std::size_t a, std::size_t b, int32_t status, std::vector<Token>& out) const {
    const auto& s = t.units;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) {
      // Numbers stay whole ("3.14"); digit grouping goes ("5,000" and "5000" are one term).
      std::u16string digits;
      for (std::size_t k = a; k < b; ++k)
        if (s[k] != u',' && s[k] != 0x066C && !is_apostrophe_like(s[k])) digits.push_back(s[k]);
      emit(normalize(digits.data(), digits.size()), t.byte_at[a], t.byte_at[b], out, /*number=*/true);
      return;
    }
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
    // Dotted acronyms ("U.S", "e.g") become one term: every piece one letter, every separator '.'.
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
      emit(normalize(joined.data(), joined.size()), t.byte_at[a], t.byte_at[b], out);
      return;
    }
    for (const auto& p : pieces)
      emit(normalize(s.data() + p.begin, p.end - p.begin), t.byte_at[p.begin], t.byte_at[p.end], out);
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
  Utf16Text t = decode(text);
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

std::vector<std::string> Analyzer::languages() {
  std::vector<std::string> out{"none"};
  std::istringstream in(Xapian::Stem::get_available_languages());
  for (std::string lang; in >> lang;) out.push_back(lang);
  return out;
}

}  // namespace pt
