// Unit test helpers: the default English analyser, and small in-memory indexes written as ptindex writes words.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "pt/analyzer.h"

namespace test {

inline const pt::Analyzer& english() {
  static const pt::Analyzer analyzer;
  return analyzer;
}

// One document per text: the stem of each word at consecutive positions, as ptindex writes body
// words; plus `boolean_term` on every document when given (a filter term, say).
inline Xapian::Database memory_db(const std::vector<std::string>& texts, const std::string& boolean_term = {}) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& text : texts) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (const auto& t : english().tokenize(text)) {
      doc.add_posting(english().stem(t.term), ++pos);
    }
    if (!boolean_term.empty()) doc.add_boolean_term(boolean_term);
    db.add_document(doc);
  }
  return db;
}

}  // namespace test
