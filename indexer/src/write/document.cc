// Terms of an article: unstemmed with positions, Z-stems, S-prefixed title words, collapse key, zstd record.
#include "document.h"

#include "meta_index.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

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
  const auto body_tokens = analyzer.tokenize(record.body);
  for (const auto& token : body_tokens) {
    ++pos;
    if (!fits(schema::kStemPrefix, token.term)) {
      ++counts.dropped;
      continue;
    }
    doc.add_posting(token.term, pos);
    const auto& stem = analyzer.stem(token.term);
    if (fits(schema::kStemPrefix, stem)) doc.add_term(with(schema::kStemPrefix, stem));
  }
  if (const auto key = content_key(body_tokens); !key.empty()) {
    doc.add_value(schema::kSlotCollapse, key);
    doc.add_boolean_term(std::string(schema::kCollapsePrefix) + key);
  }
  doc.add_value(schema::kSlotEvery, "1");
  doc.set_data(encoder ? encoder->encode(record) : encode_record(record));
  return doc;
}

}  // namespace pt::indexer
