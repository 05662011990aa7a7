// Spelling suggestions from the index's own vocabulary: unknown words, edit distance over a term range.
#include "suggest.h"

#include "query_text.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>
#include "pt/ascii.h"

namespace pt {
namespace {

// Code points of valid UTF-8 (the analyser's output), for distances in characters, not bytes.
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::size_t first_letter_bytes(std::string_view s) {
  if (s.empty()) return 0;
  const auto c = static_cast<unsigned char>(s[0]);
  return std::min(s.size(), std::size_t{c < 0x80 ? 1u : (c & 0xE0) == 0xC0 ? 2u : (c & 0xF0) == 0xE0 ? 3u : 4u});
}

constexpr std::size_t kMinWord = 3;         // code points; shorter words are not corrected
constexpr std::size_t kShortWord = 4;       // up to this many code points: one edit at most
constexpr std::size_t kMaxTermsScanned = 500'000;  // per word: bounds the work on a huge vocabulary
constexpr Xapian::doccount kFormDocuments = 3;    // documents read for the written forms of a stem
constexpr std::size_t kFormTextBytes = 1u << 20;  // of each: enough to meet the stem in practice


// `word` (lower case, as indexed) written the way `typed` was: "Khalilzad" for "Khalilzhad",
// "NATO" for "NAOT" (ASCII letters only; anything else stays as indexed).
std::string cased_like(std::string word, std::string_view typed) {
  if (typed.empty() || !ascii::is_upper(typed[0])) return word;
  const bool all_caps = typed.size() > 1 && std::none_of(typed.begin(), typed.end(), ascii::is_lower);
  for (std::size_t i = 0; i < word.size() && (i == 0 || all_caps); ++i)
    if (ascii::is_lower(word[i])) word[i] = static_cast<char>(word[i] - 'a' + 'A');
  return word;
}

// The word that stems to `stem` and is written closest to `typed` (fewest edits, then most uses,
// then first in byte order): "negotiations" for typed "negotations", whose closest stem is
// "negoti". The index holds stems only, so the forms are read from the text of the documents that
// use the stem most (by BM25, as one index and its shards rank alike: the same word either way).
// Empty when none of them shows one.
std::string written_form(const Xapian::Database& db, const std::string& stem, const std::string& typed,
                         const Analyzer& analyzer, const DocumentText& text_of) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(stem));
  const Xapian::MSet top = enquire.get_mset(0, kFormDocuments);
  std::map<std::string, std::size_t> uses;
  for (auto it = top.begin(); it != top.end(); ++it) {
    const std::string text = text_of(*it);
    for (const auto& t : analyzer.tokenize(std::string_view(text).substr(0, kFormTextBytes)))
      if (analyzer.may_stem_to(t.term, stem) && analyzer.stem(t.term) == stem) ++uses[t.term];
  }
  std::string best;
  std::size_t best_distance = 0, best_uses = 0;
  for (const auto& [form, n] : uses) {  // in byte order
    const std::size_t d = edit_distance(typed, form, typed.size() + form.size());
    if (best.empty() || d < best_distance || (d == best_distance && n > best_uses)) {
      best = form;
      best_distance = d;
      best_uses = n;
    }
  }
  return best;
}

}  // namespace

std::size_t edit_distance(std::string_view a8, std::string_view b8, std::size_t max) {
  const auto a = code_points(a8), b = code_points(b8);
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  // Optimal string alignment: Levenshtein plus swaps of neighbours, three rows kept.
  std::vector<std::size_t> before(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

std::string closest_indexed_word(const Xapian::Database& db, const std::string& term) {
  const std::size_t length = code_points(term).size();
  const std::size_t max = length <= kShortWord ? 1 : 2;
  const std::string prefix = term.substr(0, first_letter_bytes(term));
  std::string best;
  std::size_t best_distance = max + 1;
  Xapian::doccount best_freq = 0;
  std::size_t scanned = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && scanned < kMaxTermsScanned; ++it, ++scanned) {
    const std::string candidate = *it;
    // A word of more than length + max code points has more than that many bytes: skipped unread.
    if (candidate.size() > 4 * (length + max)) continue;
    const std::size_t d = edit_distance(term, candidate, std::min(max, best_distance));
    if (d > max || d > best_distance || d == 0) continue;
    const Xapian::doccount freq = it.get_termfreq();
    if (d < best_distance || freq > best_freq) {
      best = candidate;
      best_distance = d;
      best_freq = freq;
    }
  }
  return best;
}

std::string suggest_query(const Xapian::Database& db, std::string_view query, std::string_view words, const Analyzer& analyzer,
                          const DocumentText& text_of) {
  // Unknown words of `words`, as typed, and what to put instead.
  std::map<std::string, std::string, std::less<>> corrections;
  std::set<std::string, std::less<>> looked_up;
  for (const auto& t : analyzer.tokenize(words)) {
    const auto typed = words.substr(t.start, t.end - t.start);
    if (is_query_operator(typed) || (t.end < words.size() && words[t.end] == ':')) continue;  // syntax, a field name
    if (code_points(t.term).size() < kMinWord || t.term.find_first_of("0123456789") != std::string::npos) continue;
    if (looked_up.count(typed) || looked_up.size() >= kMaxCorrections) continue;
    const std::string stem = analyzer.stem(t.term);  // a copy: the analyser's cache changes below
    if (db.term_exists(stem)) continue;
    looked_up.emplace(typed);
    const std::string better = closest_indexed_word(db, stem);
    if (better.empty()) continue;
    if (std::string word = written_form(db, better, t.term, analyzer, text_of); !word.empty())
      corrections.emplace(std::string(typed), cased_like(std::move(word), typed));
  }
  if (corrections.empty()) return {};
  std::string out;
  std::size_t copied = 0;
  for (const auto& t : analyzer.tokenize(query)) {
    if (t.start < copied) continue;  // one span that gave several terms: replaced once or not at all
    const auto it = corrections.find(query.substr(t.start, t.end - t.start));
    if (it == corrections.end()) continue;
    out.append(query.substr(copied, t.start - copied)).append(it->second);
    copied = t.end;
  }
  out.append(query.substr(copied));
  return out;
}

}  // namespace pt
