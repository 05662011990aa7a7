// Stop words, compounds, name variants, proximity and feedback terms: query pieces measured by bench/relevance (docs/ranking.md).
#include "ranking.h"

#include "../match/postings.h"
#include "../query/query_text.h"
#include "pt/ascii.h"
#include "pt/schema.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace pt {
namespace {

// Snowball's English stop list (snowballstem.org/algorithms/english/stop.txt), folded as our
// analyser folds apostrophes, less "who": in news it is also WHO, the World Health Organization.
// ("us", for U.S., is not in Snowball's list either.)
constexpr std::string_view kSnowballStopWords =
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself "
    "it its itself they them their theirs themselves what which whom this that these those am is are was were be "
    "been being have has had having do does did doing would should could ought i'm you're he's she's it's we're "
    "they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't "
    "aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot "
    "couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an the and but if or "
    "because as until while of at by for with about against between into through during before after above below to "
    "from up down in out on off over under again further then once here there when where why how all any both each "
    "few more most other some such no nor not only own same so than too very";

// The list above as a Stopper, looked up in place: a query asks about a few words, and building
// a SimpleStopper's set of 173 strings was 3 % of a whole `ptsearch` run (callgrind).
class SnowballStopper final : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override {
    std::string_view rest = kSnowballStopWords;
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      if (rest.substr(0, space) == term) return true;
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return false;
  }
  std::string get_description() const override { return "pt::SnowballStopper"; }
};

// Body word stems, not title or filter terms.
struct SharedStems : Xapian::ExpandDecider {
  bool operator()(const std::string& term) const override { return schema::is_word_term(term); }
};

}  // namespace

const Xapian::Stopper& english_stopper() {
  static const SnowballStopper stopper;
  return stopper;
}

bool stop_words_apply(std::string_view language) { return language == "english" || language == "porter" || language == "en"; }

std::vector<std::string> plain_query_words(std::string_view text, const Analyzer& analyzer, const Xapian::Stopper* stopper) {
  std::vector<std::string> words;
  if (text.find_first_of("\"():+-*") != std::string_view::npos) return words;
  // Typographic quotes open phrases too (query_text.cc reads them as '"').
  for (const std::string_view quote : {"\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB"})
    if (text.find(quote) != std::string_view::npos) return words;
  std::optional<std::size_t> previous_end;
  for (const auto& t : analyzer.tokenize(text)) {
    // Words written together (Chinese, Thai) are searched as a phrase.
    if (previous_end && t.start <= *previous_end) return {};
    previous_end = t.end;
    const auto original = text.substr(t.start, t.end - t.start);
    if (is_query_operator(original))
      return {};
    if (stopper && (*stopper)(t.term)) continue;
    words.push_back(t.term);
  }
  return words;
}

std::vector<std::string> without_stop_words(const std::vector<std::string>& words, const Xapian::Stopper* stopper) {
  if (!stopper) return words;
  std::vector<std::string> kept;
  for (const auto& w : words)
    if (!(*stopper)(w)) kept.push_back(w);
  return kept;
}

namespace {

constexpr Xapian::doccount kMinPartUse = 10;
constexpr std::size_t kMaxProbes = 2;   // phrase probes per word, most balanced splits first
constexpr double kMaxCompoundScale = 10;

bool indexed(const Xapian::Database& db, const std::string& term) { return db.term_exists(term); }

// A part of a closed compound (`part` as written, `stem` its stem): long enough, not a stop word,
// and a word in its own right: used at least 1/kMinPartUse as often as the compound (which leaves
// out fragments of words hyphenated across a line, "elec- tron", in scanned text).
bool usable_part(const Xapian::Database& db, const std::string& part, const std::string& stem, Xapian::doccount whole,
                 const Xapian::Stopper* stopper) {
  return part.size() >= kMinCompoundPart && !(stopper && (*stopper)(part)) &&
         db.get_termfreq(stem) * kMinPartUse >= std::max<Xapian::doccount>(whole, 1);
}

// The split of `word` into two indexed words that occur as a phrase in some document, preferring
// the most balanced split; nullopt when there is none.
struct Split {
  std::string left, right;
  Xapian::Query phrase;
};

std::optional<Split> split_phrase(const Xapian::Database& db, const std::string& word, const Analyzer& analyzer,
                                  const Xapian::Stopper* stopper) {
  if (word.size() < 2 * kMinCompoundPart || word.find_first_of("0123456789'") != std::string::npos) return std::nullopt;
  const Xapian::doccount whole = db.get_termfreq(analyzer.stem(word));
  std::vector<std::size_t> cuts;
  for (std::size_t cut = kMinCompoundPart; cut + kMinCompoundPart <= word.size(); ++cut)
    if ((static_cast<unsigned char>(word[cut]) & 0xC0) != 0x80) cuts.push_back(cut);  // not inside a UTF-8 sequence
  const auto middle = word.size() / 2;
  std::sort(cuts.begin(), cuts.end(), [&](std::size_t a, std::size_t b) {
    const auto da = a > middle ? a - middle : middle - a, db_ = b > middle ? b - middle : middle - b;
    return da != db_ ? da < db_ : a < b;
  });
  std::size_t probes = 0;
  for (const auto cut : cuts) {
    const std::string left_word = word.substr(0, cut), right_word = word.substr(cut);
    const std::string left = analyzer.stem(left_word), right = analyzer.stem(right_word);
    if (!usable_part(db, left_word, left, whole, stopper) || !usable_part(db, right_word, right, whole, stopper)) continue;
    const Xapian::Query two[] = {Xapian::Query(left), Xapian::Query(right)};
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, std::begin(two), std::end(two), 2);
    Xapian::Enquire probe(db);
    probe.set_query(phrase);
    probe.set_weighting_scheme(Xapian::BoolWeight());
    // Two common parts that never stand together make the probe read every position of both:
    // few probes per word. (Xapian's set_time_limit would not bound it: it stops only the
    // counting past the page, and this one counts nothing past the first match.)
    if (!probe.get_mset(0, 1).empty()) return Split{left, right, phrase};
    if (++probes >= kMaxProbes) break;
  }
  return std::nullopt;
}

}  // namespace

Xapian::Query with_compounds(const Xapian::Query& parsed, const Xapian::Database& db, const std::vector<std::string>& words,
                             const Analyzer& analyzer, const Xapian::Stopper* stopper) {
  const auto stop = [&](const std::string& w) { return stopper && (*stopper)(w); };
  // The other form is scaled to weigh about what the query's form weighs (by BM25's idf), and a
  // document that has both forms counts the query's form once.
  const auto idf = [&](const std::string& term) { return bm25_idf(db, term); };
  const auto scale = [](double factor) { return std::min(factor, kMaxCompoundScale); };
  // The parsed query's top-level parts; plain words are stem terms ("fire").
  std::vector<Xapian::Query> parts;
  if (parsed.get_type() == Xapian::Query::OP_OR)
    for (std::size_t i = 0; i < parsed.get_num_subqueries(); ++i) parts.push_back(parsed.get_subquery(i));
  else
    parts.push_back(parsed);
  const auto find = [&](const std::string& term) -> Xapian::Query* {
    for (auto& p : parts)
      if (p.get_type() == Xapian::Query::LEAF_TERM && *p.get_terms_begin() == term) return &p;
    return nullptr;
  };
  bool changed = false;
  std::vector<Xapian::Query> joined;  // closed forms of neighbouring words, weighing as both words
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (stop(words[i])) continue;
    const std::string stem = analyzer.stem(words[i]);
    Xapian::Query* word = find(stem);
    if (!word) continue;
    if (i + 1 < words.size() && words[i].size() >= kMinCompoundPart && words[i + 1].size() >= kMinCompoundPart &&
        !stop(words[i + 1])) {
      const std::string next_stem = analyzer.stem(words[i + 1]);
      const std::string closed = analyzer.stem(words[i] + words[i + 1]);
      Xapian::Query* next = find(next_stem);
      if (next && indexed(db, closed)) {
        joined.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(closed), scale((idf(stem) + idf(next_stem)) / idf(closed)));
        continue;
      }
    }
    if (const auto split = split_phrase(db, words[i], analyzer, stopper)) {
      const Xapian::Query other(Xapian::Query::OP_SCALE_WEIGHT, split->phrase, scale(idf(stem) / (idf(split->left) + idf(split->right))));
      // Documents with the word count it alone; the phrase adds the others. (OP_MAX would say
      // the same, but Xapian 1.4.22 crashes on it under top-10 pruning with a phrase inside.)
      *word = Xapian::Query(Xapian::Query::OP_OR, *word, Xapian::Query(Xapian::Query::OP_AND_NOT, other, *word));
      changed = true;
    }
  }
  if (!changed && joined.empty()) return parsed;
  parts.insert(parts.end(), joined.begin(), joined.end());
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

namespace {

// The other written forms of `word` that name_variants looks for (see ranking.h), unstemmed: a
// form with digits is its own stem, so the index's terms after `word` are such forms.
std::vector<std::string> name_forms(const Xapian::Database& db, const std::string& word, const Analyzer& analyzer) {
  std::vector<std::string> forms;
  std::size_t letters = 0;
  while (letters < word.size() && ascii::is_lower(word[letters])) ++letters;
  if (letters < kMinNameLetters) return forms;
  std::size_t digits_end = letters;
  while (digits_end < word.size() && ascii::is_digit(word[digits_end])) ++digits_end;
  if (digits_end > letters) {  // "bcl2", "foxo3a"
    if (digits_end + 1 < word.size() || (digits_end < word.size() && !ascii::is_lower(word[digits_end]))) return forms;
    forms.push_back(word.substr(0, letters));
    if (digits_end < word.size()) forms.push_back(word.substr(0, digits_end));
    return forms;
  }
  if (letters < word.size()) return forms;
  // "tet": the terms after it that add one or two digits, then at most one letter.
  const Xapian::doccount uses = db.get_termfreq(analyzer.stem(word));
  const std::string first = word + '0';
  auto it = db.allterms_begin(word);
  it.skip_to(first);
  for (; it != db.allterms_end(word); ++it) {
    const std::string term = *it;
    if (!ascii::is_digit(term[word.size()])) break;  // past word + '9'
    std::size_t k = word.size();
    while (k < term.size() && ascii::is_digit(term[k])) ++k;
    if (k > word.size() + 2 || (k < term.size() && (k + 1 < term.size() || !ascii::is_lower(term[k])))) continue;
    if (db.get_termfreq(term) * kMinVariantUse < uses) continue;
    forms.push_back(term);
  }
  return forms;
}

}  // namespace

Xapian::Query with_name_variants(const Xapian::Query& query, const Xapian::Database& db, const std::vector<std::string>& words,
                                 const Analyzer& analyzer) {
  std::vector<Xapian::Query> parts{query};
  std::vector<std::string> done;
  for (const auto& word : words) {
    if (std::find(done.begin(), done.end(), word) != done.end()) continue;
    done.push_back(word);
    const std::string own = analyzer.stem(word);
    std::vector<Xapian::Query> terms;
    for (const auto& form : name_forms(db, word, analyzer)) {
      const std::string stem = analyzer.stem(form);
      if (stem != own && db.term_exists(stem)) terms.emplace_back(stem);
    }
    if (!terms.empty()) parts.emplace_back(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }
  if (parts.size() == 1) return query;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

double bm25_idf(const Xapian::Database& db, const std::string& term) {
  const double n_docs = db.get_doccount(), n = db.get_termfreq(term);
  double ratio = (n_docs - n + 0.5) / (n + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  return std::max(std::log(ratio), kMinIdf);
}

namespace {

// The positions of `word` in each of `docs`, read for those documents only (a document without
// the word has none). Walking the word's posting list to each document (in docid order) skips
// the position look-ups of documents without it, most of them: with a look-up per document and
// word, SciFact's top-10 queries took 3.6 times as long as without proximity; this way 1.6 to 2.5.
std::vector<std::vector<Xapian::termpos>> positions_in(const Xapian::Database& db, const std::string& word,
                                                       const std::vector<Xapian::docid>& docs) {
  std::vector<std::vector<Xapian::termpos>> out(docs.size());
  for_each_posting_in(db, word, docs, [&](std::size_t i, Xapian::PostingIterator& it) {
    for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) out[i].push_back(*p);
  });
  return out;
}

// Whether some occurrence of one word is within `window` positions of one of the other (both sorted).
bool near(const std::vector<Xapian::termpos>& a, const std::vector<Xapian::termpos>& b, Xapian::termcount window) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if ((a[i] > b[j] ? a[i] - b[j] : b[j] - a[i]) <= window) return true;
    a[i] < b[j] ? ++i : ++j;
  }
  return false;
}

}  // namespace

std::vector<double> proximity_bonus(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                    const std::vector<std::string>& words, const Analyzer& analyzer, const Proximity& how) {
  std::vector<double> bonus(docs.size(), 0);
  std::vector<std::string> distinct;
  for (const auto& w : words)
    if (std::find(distinct.begin(), distinct.end(), w) == distinct.end()) distinct.push_back(w);
  if (distinct.size() < 2) return bonus;
  std::vector<std::vector<std::vector<Xapian::termpos>>> positions;  // by word, then document
  std::vector<double> idf;
  for (const auto& w : distinct) {
    const std::string stem = analyzer.stem(w);
    positions.push_back(positions_in(db, stem, docs));
    idf.push_back(bm25_idf(db, stem));
  }
  // Every pair, not only neighbours: a claim's words come back in another order in the text
  // that supports it (measured against neighbouring pairs at the same weight: nDCG@10 +0.003 on
  // SciFact, +0.002 on Cranfield, +0.014 on Medline, -0.004 on CISI, -0.003 on NPL).
  for (std::size_t d = 0; d < docs.size(); ++d)
    for (std::size_t a = 0; a < distinct.size(); ++a)
      for (std::size_t b = a + 1; b < distinct.size(); ++b)
        if (near(positions[a][d], positions[b][d], how.window)) bonus[d] += how.weight * (idf[a] + idf[b]);
  return bonus;
}

std::vector<std::pair<double, Xapian::doccount>> rerank_by_proximity(const Xapian::Database& db, const Xapian::MSet& mset,
                                                                    const std::vector<std::string>& words,
                                                                    const Analyzer& analyzer, const Proximity& how,
                                                                    std::size_t offset, std::size_t limit) {
  std::vector<std::pair<double, Xapian::doccount>> order;  // score, index in mset
  for (Xapian::doccount i = 0; i < mset.size(); ++i) order.emplace_back(mset[i].get_weight(), i);
  // Documents tied across the cut stay out of it together: which of them made it would follow
  // document numbers, which differ between two builds of one corpus.
  std::size_t top = std::min<std::size_t>(kProximityDepth, order.size());
  if (top < order.size() && order[top].first == order[top - 1].first)
    while (top > 0 && order[top - 1].first == order[top].first) --top;
  std::vector<Xapian::docid> docs;
  for (std::size_t i = 0; i < top; ++i) docs.push_back(*mset[static_cast<Xapian::doccount>(i)]);
  const auto bonus = proximity_bonus(db, docs, words, analyzer, how);
  for (std::size_t i = 0; i < top; ++i) order[i].first += bonus[i];
  std::stable_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(offset, order.size())));
  if (order.size() > limit) order.resize(limit);
  return order;
}

Xapian::Query feedback_query(const Xapian::Database& db, const Xapian::Weight& weighting, const Xapian::Query& query,
                             const Feedback& how) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(weighting);
  if (how.collapse_slot != Xapian::BAD_VALUENO) enquire.set_collapse_key(how.collapse_slot);
  const unsigned docs = how.docs, terms = how.terms;
  const double weight = how.weight;
  const Xapian::MSet top = enquire.get_mset(0, docs);
  if (top.empty()) return Xapian::Query();
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  const SharedStems stems;
  // Exact term frequencies: over shards Xapian would otherwise estimate them from the shards of
  // the top documents and pick other words than one database would.
  const Xapian::ESet eset = enquire.get_eset(terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &stems);
  if (eset.empty()) return Xapian::Query();
  const double best = eset.begin().get_weight();
  std::vector<Xapian::Query> parts;
  for (auto it = eset.begin(); it != eset.end(); ++it)
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), weight * it.get_weight() / best);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace pt
