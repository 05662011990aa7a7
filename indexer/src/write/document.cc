// Terms of an article: unstemmed with positions, Z-stems, S-prefixed title words, collapse key, zstd record.
#include "document.h"

#include "meta_index.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

constexpr std::size_t kBodyPieceBytes = 1u << 20;

bool fits(std::string_view prefix, const std::string& term) { return prefix.size() + term.size() <= schema::kMaxTermBytes; }

std::string with(std::string_view prefix, const std::string& term) {
  std::string s(prefix);
  s += term;
  return s;
}

}  // namespace

Xapian::Document make_document(const Record& record, const Analyzer& analyzer, unsigned title_weight, TermCounts& counts,
                               RecordEncoder* encoder) {
  Xapian::Document doc;
  const std::string stem_title = with(schema::kStemPrefix, std::string(schema::kTitlePrefix));
  Xapian::termpos pos = 0;
  for (const auto& token : analyzer.tokenize(record.title)) {
    ++pos;
    if (!fits(stem_title, token.term)) {
      ++counts.dropped;
      continue;
    }
    // Title words count title_weight times in the body stream: the title weighs more in BM25.
    doc.add_posting(token.term, pos, title_weight);
    doc.add_posting(with(schema::kTitlePrefix, token.term), pos);
    const auto& stem = analyzer.stem(token.term);
    if (fits(stem_title, stem)) {
      doc.add_term(with(schema::kStemPrefix, stem), title_weight);
      doc.add_term(stem_title + stem);
    }
  }
  pos += schema::kTitleBodyGap;
  // The body is analysed a piece at a time, cut at ASCII white space (where a word always ends,
  // so the tokens are the same): a token takes some 40 bytes, a big body's all at once would
  // take several times its size.
  const std::string_view body = record.body;
  ContentKey content;
  for (std::size_t at = 0; at < body.size();) {
    std::size_t end = at + kBodyPieceBytes >= body.size() ? body.size() : body.find_first_of(" \t\n\r\f\v", at + kBodyPieceBytes);
    if (end == std::string_view::npos) end = body.size();
    for (const auto& token : analyzer.tokenize(body.substr(at, end - at))) {
      ++pos;
      content.add(token.term);
      if (!fits(schema::kStemPrefix, token.term)) {
        ++counts.dropped;
        continue;
      }
      doc.add_posting(token.term, pos);
      const auto& stem = analyzer.stem(token.term);
      if (fits(schema::kStemPrefix, stem)) doc.add_term(with(schema::kStemPrefix, stem));
    }
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
