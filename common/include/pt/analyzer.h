// Text analysis shared by indexer and searcher: ICU word breaks, NFKC case folding, term shaping, stemming.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pt {

// One indexable word: its normalised term and where it came from in the analysed text.
struct Token {
  std::string term;         // NFKC-casefolded, apostrophes folded to ', acronym dots dropped
  std::uint32_t start = 0;  // byte offset of the source span in the input
  std::uint32_t end = 0;    // one past the last byte of the source span
  bool operator==(const Token&) const = default;
};

// Receives the tokens of Analyzer::tokenize one at a time, in order, without a vector of them.
// `term` is valid only during the call.
class TokenSink {
 public:
  virtual void token(std::string_view term, std::uint32_t start, std::uint32_t end) = 0;
  // Whether the sink needs the tokens of `text`, a stretch of runs that only ICU can analyse
  // (CJK, Hangul, Hebrew, ...). A sink looking for given words may say no when none of them can
  // be there: the stretch then gives no tokens, and ICU is neither loaded nor run for it.
  virtual bool wants_icu_stretch(std::string_view /*text*/) { return true; }

 protected:
  ~TokenSink() = default;
};

// Analysis settings that change which terms a document gets (part of the index fingerprint).
struct AnalyzerSettings {
  std::string language = "english";  // a Snowball language Xapian knows, or "none"
};

// Turns text into tokens and terms into stems. Not thread-safe: use one per thread.
//
// The pipeline (each stage tested in tests/unit/analysis_test.cc):
//   1. UTF-8 -> UTF-16 (invalid bytes -> U+FFFD, never a term)
//   2. NFKC_Casefold, chunk by chunk, keeping each unit's source span: zero-width characters and
//      soft hyphens vanish inside words, "x²" -> "x2", "ﬁ" -> "fi", "ß" -> "ss"
//   3. apostrophe look-alikes between letters -> '
//   4. ICU word BreakIterator; spans that are not words (spaces, punctuation, emoji) are dropped
//   5. words split at inner punctuation (':' '.' ...), except numbers (3.14; 5,000 -> 5000) and
//      dotted acronyms (U.S. -> us); apostrophes at the edges trimmed
// Word breaks fall on both sides of ASCII white space, so runs between white space are analysed
// on their own: a run of ASCII (most of an English text) by a direct implementation of stages 2-5
// for ASCII, a run whose pieces between news punctuation ("£52", "Zürich-based") are plain words
// of letters folding to one letter (Latin, Greek, Cyrillic: common/src/analysis/letter_fold.h) or
// digits by a table, the rest through ICU. All give the same tokens as ICU over the whole text
// (tokenize_with_icu; tests/unit/analysis_test.cc compares them), in a fraction of the time.
class Analyzer {
 public:
  explicit Analyzer(AnalyzerSettings settings = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Tokens of `text` in order. Invalid UTF-8 is replaced by U+FFFD (never a term).
  std::vector<Token> tokenize(std::string_view text) const;
  // The same tokens handed to `sink`: no string is built for a plain word, so a caller that only
  // looks at the terms (snippets, indexing) allocates nothing per token.
  void tokenize(std::string_view text, TokenSink& sink) const;

  // The same tokens, every stage through ICU: the reference tokenize() is checked against.
  std::vector<Token> tokenize_with_icu(std::string_view text) const;

  // The Snowball stem of an analysed term (cached); the term itself for language "none".
  const std::string& stem(const std::string& term) const;

  // True when a stem always starts with the byte its term starts with, so that a term whose
  // first byte no wanted stem has cannot stem to one: English and Porter only strip and rewrite
  // endings (over the 274,334 distinct terms of Reuters and the Wikipedia slice, none changed its
  // first byte), while German, Spanish or Dutch fold a leading "ä" or "á".
  bool stem_keeps_first_byte() const noexcept;

  // False only when `term` cannot stem to `stem`, a test much cheaper than stemming. Where stems
  // keep the first byte, all but a stem's last two bytes (and at least its first two) begin its
  // term, a 'y' of the term standing for an 'i' of the stem ("dying" -> "die", "happy" ->
  // "happi"): over the 271,225 distinct words of Reuters, the Wikipedia slice and SciFact, no
  // English or Porter stem broke this rule. Other languages: always true.
  bool may_stem_to(std::string_view term, std::string_view stem) const noexcept;

  const AnalyzerSettings& settings() const noexcept;

  // Identifies the analysis behaviour; changes whenever the pipeline or settings change.
  std::string fingerprint() const;

  // Languages accepted by AnalyzerSettings::language ("none" plus Xapian's Snowball list).
  static std::vector<std::string> languages();

  // This thread's analyser without stemming, for folding names (slugs, gazetteer lookups).
  static const Analyzer& folding();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Bumped when the analysis pipeline changes so existing indexes are re-analysed.
inline constexpr int kAnalyzerVersion = 1;

}  // namespace pt
