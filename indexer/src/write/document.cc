// Terms of an article: unstemmed with positions, Z-stems, S-prefixed title words, collapse key, zstd record.
#include "document.h"

#include <utility>
#include <vector>

#include "meta_index.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

constexpr std::size_t kBodyPieceBytes = 1u << 20;

bool fits(std::string_view prefix, std::string_view term) { return prefix.size() + term.size() <= schema::kMaxTermBytes; }

// Adds each word the analyser finds as a positioned term (in the title also S-prefixed, with the
// title's weight); stems come after, once per distinct word (add_stems).
class WordAdder final : public TokenSink {
 public:
  WordAdder(Xapian::Document& doc, TermCounts& counts) : doc_(doc), counts_(counts) {}

  // Title words count `weight` times in the body stream: the title weighs more in BM25.
  void start_title(unsigned weight) {
    title_ = true;
    weight_ = weight;
  }
  void start_body(ContentKey& content) {
    title_ = false;
    content_ = &content;
    pos_ += schema::kTitleBodyGap;
  }

  void token(std::string_view term, std::uint32_t, std::uint32_t) override {
    ++pos_;
    if (!title_) content_->add(term);
    // A word fits with the longest prefix its stem may get, so its stems fit as the word does.
    if (!fits(title_ ? kStemTitle : schema::kStemPrefix, term)) {
      ++counts_.dropped;
      return;
    }
    term_.assign(term);
    if (!title_) {
      doc_.add_posting(term_, pos_);
      return;
    }
    doc_.add_posting(term_, pos_, weight_);
    title_term_.resize(schema::kTitlePrefix.size());  // keeps the prefix
    title_term_.append(term);
    doc_.add_posting(title_term_, pos_);
  }

  static constexpr std::string_view kStemTitle = "ZS";

 private:
  Xapian::Document& doc_;
  TermCounts& counts_;
  ContentKey* content_ = nullptr;
  Xapian::termpos pos_ = 0;
  bool title_ = false;
  unsigned weight_ = 1;
  std::string term_;
  std::string title_term_{schema::kTitlePrefix};
};

// The Z-stem of every word adds up the wdf of the words that stem to it, and the ZS-stem of every
// title word likewise (a stem longer than its prefix allows is left out). This is what adding the
// stems token by token gives, with one stem look-up per distinct word instead of one per token.
void add_stems(Xapian::Document& doc, const Analyzer& analyzer, unsigned title_weight) {
  static_assert(WordAdder::kStemTitle.size() == schema::kStemPrefix.size() + schema::kTitlePrefix.size());
  std::vector<std::pair<std::string, Xapian::termcount>> stems;  // added once the term list is read
  std::string word;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& term = *it;
    if (term.starts_with(schema::kTitlePrefix)) {
      word.assign(term, schema::kTitlePrefix.size());
      const auto& stem = analyzer.stem(word);
      if (fits(WordAdder::kStemTitle, stem)) stems.emplace_back(std::string(WordAdder::kStemTitle) + stem, it.get_wdf());
      continue;
    }
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') continue;  // other prefixes: none yet
    const auto& stem = analyzer.stem(term);
    if (!fits(schema::kStemPrefix, stem)) continue;
    Xapian::termcount wdf = it.get_wdf();
    // Title occurrences added their Z-stem only when the ZS-stem fitted too.
    if (!fits(WordAdder::kStemTitle, stem)) {
      const std::string title_term = std::string(schema::kTitlePrefix) + term;
      auto title = doc.termlist_begin();
      title.skip_to(title_term);
      if (title != doc.termlist_end() && *title == title_term) wdf -= title.get_wdf() * title_weight;
    }
    if (wdf > 0) stems.emplace_back(std::string(schema::kStemPrefix) + stem, wdf);
  }
  for (const auto& [stem, wdf] : stems) doc.add_term(stem, wdf);
}

}  // namespace

Xapian::Document make_document(const Record& record, const Analyzer& analyzer, unsigned title_weight, TermCounts& counts,
                               RecordEncoder* encoder) {
  Xapian::Document doc;
  WordAdder words(doc, counts);
  words.start_title(title_weight);
  analyzer.tokenize(record.title, words);
  ContentKey content;
  words.start_body(content);
  // The body is analysed a piece at a time, cut at ASCII white space (where a word always ends,
  // so the tokens are the same): a big body's words all at once would take several times its size.
  const std::string_view body = record.body;
  for (std::size_t at = 0; at < body.size();) {
    std::size_t end = at + kBodyPieceBytes >= body.size() ? body.size() : body.find_first_of(" \t\n\r\f\v", at + kBodyPieceBytes);
    if (end == std::string_view::npos) end = body.size();
    analyzer.tokenize(body.substr(at, end - at), words);
    at = end;
  }
  add_stems(doc, analyzer, title_weight);
  if (const auto key = content.key(); !key.empty()) {
    doc.add_value(schema::kSlotCollapse, key);
    doc.add_boolean_term(std::string(schema::kCollapsePrefix) + key);
  }
  doc.add_value(schema::kSlotEvery, "1");
  doc.set_data(encoder ? encoder->encode(record) : encode_record(record));
  return doc;
}

}  // namespace pt::indexer
