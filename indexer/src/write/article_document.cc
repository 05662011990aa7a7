// Article to prepared document: what the old single-threaded build loop did per file, now per worker.
#include "article_document.h"

#include "../extract/lines.h"
#include "document.h"
#include "meta_index.h"
#include "pt/record.h"
#include "pt/schema.h"
#include "ptindex/extract.h"

namespace pt::indexer {

ArticleDocumentMaker::ArticleDocumentMaker(const std::string& language, const Gazetteer& gazetteer, unsigned title_weight,
                                           const RecordDictionaries& dictionaries)
    : analyzer_(AnalyzerSettings{language}), encoder_(dictionaries), gazetteer_(gazetteer), title_weight_(title_weight) {}

Record article_record(std::string id, std::string path, Article& article, const Gazetteer& gazetteer) {
  extract_metadata(article, gazetteer);
  Record record;
  record.id = std::move(id);
  record.path = std::move(path);
  record.title = std::move(article.title);
  record.body = std::move(article.body);
  record.fields.emplace_back(schema::kFieldMetaBytes, meta_to_bytes(article.meta));
  // Where the prose starts (after bylines, datelines, page furniture): snippets without a match start there.
  for (const auto& line : classify_lines(record.body)) {
    if (line.role != LineRole::Content) continue;
    if (line.begin > 0) record.fields.emplace_back(schema::kFieldLead, std::to_string(line.begin));
    break;
  }
  return record;
}

PreparedDocument ArticleDocumentMaker::make(std::string id, std::string path, Article article,
                                            const Fingerprint& fingerprint, const std::string& file_term, unsigned shard) {
  const Record record = article_record(id, std::move(path), article, gazetteer_);
  TermCounts counts;
  PreparedDocument out;
  out.text_bytes = record.title.size() + record.body.size();
  Xapian::Document doc = make_document(record, analyzer_, title_weight_, counts, &encoder_);
  add_metadata_terms(doc, article.meta);
  out.id_term = schema::id_term(id);
  doc.add_boolean_term(out.id_term);
  if (!file_term.empty()) doc.add_boolean_term(file_term);
  doc.add_value(schema::kSlotFingerprint, fingerprint.serialize());
  out.id = std::move(id);
  out.shard = shard;
  out.fingerprint = fingerprint;
  out.document = std::move(doc);
  out.dropped_terms = counts.dropped;
  return out;
}

}  // namespace pt::indexer
