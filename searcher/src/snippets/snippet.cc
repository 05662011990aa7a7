// Snippet window choice, white-space collapsing and highlight offsets.
#include "snippet.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>
#include <unordered_map>

#include "../match/postings.h"
#include "body_masks.h"
#include "pt/ascii.h"
#include "pt/schema.h"
#include "pt/utf8.h"

namespace pt {
namespace {

using snippets::BodyMasks;
using snippets::StartRule;

constexpr std::size_t kWindowTokens = 24;  // how far apart matches may be to count as one passage
constexpr std::size_t kLeadTokens = 4;     // context words before the first match
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::size_t kPieceBytes = 1024;     // body bytes read at a time
constexpr std::size_t kMaxScanBytes = 65536;  // past this, the best passage found so far


// A Xapian term as a word of the text: a body or title stem, its prefix removed; nullopt for
// other terms (filters: other upper-case prefixes).
std::optional<std::string> text_stem(const std::string& t) {
  if (t.starts_with(schema::kTitlePrefix)) return t.substr(schema::kTitlePrefix.size());
  if (schema::is_word_term(t)) return t;
  return std::nullopt;
}

// Scripts whose characters NFKC_Casefold never maps to ASCII and that ICU never joins to ASCII
// letters in a word that folds to ASCII: CJK ideographs and punctuation, kana, Hangul, Hebrew,
// Arabic, the Indic scripts, Thai and Lao. (Not the joiners U+200B-U+200D, which vanish inside
// words, nor fullwidth or other compatibility forms, which fold to ASCII.)
bool never_folds_to_ascii(char32_t c) {
  return (c >= 0x0590 && c <= 0x06FF) || (c >= 0x0900 && c <= 0x0EFF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF);
}

}  // namespace

QueryWords query_words(const std::set<std::string>& terms) {
  QueryWords w;
  for (const auto& t : terms)
    if (auto stem = text_stem(t)) w.stems.insert(std::move(*stem));
  return w;
}

std::vector<QueryWords> query_words_in(const Xapian::Database& db, const std::set<std::string>& terms,
                                       const std::vector<Xapian::docid>& docs) {
  std::vector<QueryWords> out(docs.size());
  for (const auto& t : terms)
    if (const auto stem = text_stem(t))
      for_each_posting_in(db, t, docs, [&](std::size_t i, const Xapian::PostingIterator&) { out[i].stems.insert(*stem); });
  return out;
}

// The matches in the body being read and its stretches (BodyMasks); the query's words, looked up by
// first byte and binary search, and the stems met so far stay for the next body.
struct SnippetMaker::Scan final : TokenSink {
  struct Match {
    std::uint32_t start, end;  // bytes in the body
    std::uint32_t word;        // which query word (for distinct words)
    std::size_t unit;          // the stretch it is in
  };
  const Analyzer& analyzer;
  QueryWords words;
  std::vector<std::string_view> ids;    // every query word, sorted: a word's small number is its index
  std::vector<std::string_view> exact;  // sorted
  std::vector<Match> hits;              // in the body being read, in order
  BodyMasks masks;                      // of the body being read
  std::uint32_t offset = 0;             // of the text being tokenized, in the body
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
  StartRule start_rule;  // where a query word may start in the text
  bool ascii_words = true;  // every query word is ASCII

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
    for (const auto& e : words.exact)
      if (!e.empty()) start_rule.add_word(e, false);
    for (const auto& t : words.stems)
      if (!t.empty()) start_rule.add_word(t, true);
    if (!by_first_byte && !words.stems.empty()) start_rule.every_run = true;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ascii_words = std::all_of(ids.begin(), ids.end(), ascii::is_ascii);
  }
  // A stretch only ICU can analyse (say "(洛阳理工学院)" in an English article) gives an ASCII
  // word only from its ASCII letters and digits, or from characters that fold to ASCII: with
  // neither, ASCII query words cannot be in it, and the snippet needs no ICU for it.
  bool wants_icu_stretch(std::string_view text) override {
    if (!ascii_words) return true;
    for (std::size_t i = 0; i < text.size();) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        if (ascii::is_alnum(text[i])) return true;
        ++i;
      } else if (!never_folds_to_ascii(utf8::decode_next(text, i))) {
        return true;
      }
    }
    return false;
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
  // Reads body[at, end) (which follows what was read before, and ends at white space): its
  // stretches into the masks, and the matches of the white-space runs where a query word may start
  // (BodyMasks' candidates) into hits, through the analyser, consecutive runs together. The
  // analyser gives the same tokens run by run (it too breaks at every white space), but costs
  // many times the instructions a byte that the masks do, and most runs start no query word.
  void read(std::string_view body, std::size_t at, std::size_t end) {
    masks.add(body, at, end, start_rule);
    std::size_t pending_from = at, pending_to = at;  // candidate runs waiting for the analyser
    const auto flush = [&] {
      if (pending_from == pending_to) return;
      offset = static_cast<std::uint32_t>(pending_from);
      analyzer.tokenize(body.substr(pending_from, pending_to - pending_from), *this);
    };
    for (std::size_t c = masks.next_candidate(at, end); c < end; c = masks.next_candidate(c, end)) {
      std::size_t run_from = c;
      while (run_from > at && !ascii::is_space(body[run_from - 1])) --run_from;
      const std::size_t run_to = masks.next_space(c, end);
      // Runs with no stretch between them go to the analyser together (one ICU pass for a
      // passage of non-Latin words).
      if (pending_from == pending_to || masks.next_first(pending_to, run_from) < run_from) {
        flush();
        pending_from = run_from;
      }
      pending_to = run_to;
      c = run_to;
    }
    flush();
  }
  void token(std::string_view term, std::uint32_t start, std::uint32_t end) override {
    if (term.empty() || !starts.test(static_cast<unsigned char>(term[0]))) return;
    std::int32_t word = -1;
    if (std::binary_search(exact.begin(), exact.end(), term)) word = static_cast<std::int32_t>(id_of(term));
    else word = matching_stem(term);
    if (word < 0) return;
    start += offset;
    end += offset;
    hits.push_back({start, end, static_cast<std::uint32_t>(word), masks.unit(start)});
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
  // The body is read a piece at a time, and only as far as needed: a long article's snippet costs
  // no more than a short one's once a passage with every query word is found.
  Scan& scan = *scan_;
  scan.hits.clear();
  scan.masks.clear();
  auto& hits = scan.hits;
  const BodyMasks& masks = scan.masks;
  std::size_t scanned = 0;
  const auto scan_more = [&] {
    std::size_t stop = std::min(body.size(), scanned + kPieceBytes);
    if (stop < body.size()) {
      // End the piece at white space so no word is cut in two, or else at least no character.
      const auto ws = body.substr(scanned, stop - scanned).find_last_of(" \n\t\r");
      if (ws != std::string_view::npos && ws > 0)
        stop = scanned + ws;
      else if (const std::size_t whole = utf8::safe_prefix(body.substr(scanned), stop - scanned); whole > 0)
        stop = scanned + whole;
    }
    scan.read(body, scanned, stop);
    scanned = stop;
  };
  // Best window: most distinct query words, then most matches, then earliest.
  std::size_t best_first = 0, best_score = 0, best_distinct = 0;
  const std::size_t wanted = holds.exact.size() + holds.stems.size();
  std::size_t scored = 0;  // hits whose windows have been scored
  std::vector<std::uint32_t> in_window(scan.ids.size(), 0);
  do {
    scan_more();
    // The window starting at hit a holds hits a..b-1; it slides, so a query of hundreds of words
    // that all occur costs no more per hit than a short one.
    std::fill(in_window.begin(), in_window.end(), 0);
    std::size_t distinct = 0, b = scored;
    for (std::size_t a = scored; a < hits.size(); ++a) {
      for (; b < hits.size() && hits[b].unit - hits[a].unit < kWindowTokens; ++b)
        if (in_window[hits[b].word]++ == 0) ++distinct;
      const std::size_t score = distinct * 1000 + (b - a);
      if (score > best_score) {
        best_score = score;
        best_first = a;
        best_distinct = distinct;
      }
      if (--in_window[hits[a].word] == 0) --distinct;
    }
    // A window near the end of what was scanned may grow with the next piece: score it again then.
    scored = hits.size();
    while (scored > 0 && masks.units() - hits[scored - 1].unit < kWindowTokens) --scored;
  } while (scanned < body.size() && scanned < kMaxScanBytes && (hits.empty() || best_distinct < wanted));
  // Enough text after the chosen start for a whole snippet.
  const std::size_t from = hits.empty() ? std::min(lead, body.size()) : hits[best_first].start;
  while (scanned < body.size() && scanned < from + max_bytes + 64) scan_more();
  std::size_t start_unit = 0;
  if (!hits.empty()) {
    start_unit = hits[best_first].unit > kLeadTokens ? hits[best_first].unit - kLeadTokens : 0;
  } else if (lead > 0 && lead < body.size() && masks.units() > 0) {
    start_unit = masks.unit(lead);
    if (masks.start_of(start_unit) < lead) ++start_unit;  // the first stretch from the lead on
    if (start_unit >= masks.units()) start_unit = 0;
  }
  std::size_t begin = start_unit == 0 ? 0 : masks.start_of(start_unit);
  // A window starting near the beginning might as well show the beginning.
  if (!hits.empty() && begin < max_bytes / 4) begin = 0;
  std::size_t end = masks.last_end(begin, begin + max_bytes);
  if (end == begin) end = begin + utf8::safe_prefix(body.substr(begin), max_bytes);
  // Keep closing punctuation that directly follows the last word ("deal." not "deal").
  while (end < body.size() && !ascii::is_space(body[end]) && end - begin < max_bytes + 8 &&
         std::string_view(".,;:!?)\"'").find(body[end]) != std::string_view::npos)
    ++end;
  if (body.substr(end).find_first_not_of(" \n\t\r\f\v") == std::string_view::npos) end = body.size();

  std::vector<const Scan::Match*> marks;  // hits inside [begin, end)
  for (const auto& h : hits)
    if (h.start >= begin && h.end <= end) marks.push_back(&h);
  std::size_t next_mark = 0;
  out.text.reserve(end - begin + 2 * kEllipsis.size());
  if (begin > 0 && !hits.empty()) out.text += kEllipsis;  // skipped furniture before the lead is no cut
  const auto only_ellipsis = [&] { return out.text.size() == kEllipsis.size() && out.text == kEllipsis; };
  bool pending_space = false;
  for (std::size_t i = begin; i < end;) {
    while (next_mark < marks.size() && marks[next_mark]->start < i) ++next_mark;  // spans shared by two terms
    const std::size_t mark_at = next_mark < marks.size() ? marks[next_mark]->start : end;
    if (i == mark_at) {
      if (pending_space && !out.text.empty()) out.text += ' ';
      pending_space = false;
      const auto& t = *marks[next_mark];
      out.highlights.push_back({out.text.size(), t.end - t.start});
      out.text.append(body.substr(t.start, t.end - t.start));
      i = t.end;
      ++next_mark;
      continue;
    }
    if (ascii::is_space(body[i])) {
      pending_space = true;
      ++i;
      continue;
    }
    // Bytes up to the next white space or match, copied at once.
    std::size_t j = i + 1;
    while (j < std::min(end, mark_at) && !ascii::is_space(body[j])) ++j;
    if (pending_space && !out.text.empty() && !only_ellipsis()) out.text += ' ';
    pending_space = false;
    out.text.append(body.substr(i, j - i));
    i = j;
  }
  if (end < body.size()) out.text += kEllipsis;
  return out;
}

}  // namespace pt
