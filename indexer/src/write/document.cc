// Terms of an article: word stems with positions, S-prefixed title stems, collapse key, zstd record.
#include "document.h"

#include <utility>
#include <vector>

#include "meta_index.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

constexpr std::size_t kBodyPieceBytes = 1u << 20;

bool fits(std::string_view word) { return schema::kTitlePrefix.size() + word.size() <= schema::kMaxTermBytes; }

// Adds the stem of each word the analyser finds as a positioned term, in the title also
// S-prefixed and with the title's weight. Stems only, no unstemmed words beside them: one term a
// word instead of two (schema.h says why).
class WordAdder final : public TokenSink {
 public:
  WordAdder(Xapian::Document& doc, TermCounts& counts, const Analyzer& analyzer)
      : doc_(doc), counts_(counts), analyzer_(analyzer) {}

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
    // Checked with the title prefix in the body too, so a word is indexed wherever it is or nowhere;
    // the word first, so that no over-long token is stemmed (or cached by the stemmer).
    if (!fits(term)) {
      ++counts_.dropped;
      return;
    }
    word_.assign(term);
    const std::string& stem = analyzer_.stem(word_);
    if (!fits(stem)) {
      ++counts_.dropped;
      return;
    }
    if (!title_) {
      doc_.add_posting(stem, pos_);
      return;
    }
    doc_.add_posting(stem, pos_, weight_);
    title_term_.resize(schema::kTitlePrefix.size());  // keeps the prefix
    title_term_.append(stem);
    doc_.add_posting(title_term_, pos_);
  }

 private:
  Xapian::Document& doc_;
  TermCounts& counts_;
  const Analyzer& analyzer_;
  ContentKey* content_ = nullptr;
  Xapian::termpos pos_ = 0;
  bool title_ = false;
  unsigned weight_ = 1;
  std::string word_;
  std::string title_term_{schema::kTitlePrefix};
};

}  // namespace

Xapian::Document make_document(const Record& record, const Analyzer& analyzer, unsigned title_weight, TermCounts& counts,
                               RecordEncoder* encoder) {
  Xapian::Document doc;
  WordAdder words(doc, counts, analyzer);
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
  if (const auto key = content.key(); !key.empty()) {
    doc.add_value(schema::kSlotCollapse, key);
    doc.add_boolean_term(std::string(schema::kCollapsePrefix) + key);
  }
  doc.add_value(schema::kSlotEvery, "1");
  doc.set_data(encoder ? encoder->encode(record) : encode_record(record));
  return doc;
}

}  // namespace pt::indexer
