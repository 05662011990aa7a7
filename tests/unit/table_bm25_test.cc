// with_table_bm25: every query shape matches and weighs as with Xapian's BM25, to the bit; DocumentLengths; the deadline.
#include "match/table_bm25.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "memory_index.h"
#include "mset_rows.h"
#include "rank/ranking.h"
#include "temp_dir.h"

namespace {

using pt::DocumentLengths;
using pt::with_table_bm25;
using Q = Xapian::Query;

const std::vector<std::string> kWords = {"alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega", "zeta"};

// A glass database as ptindex writes words (positions, "Z" stems): 1,500 documents of 1 to 60
// words, word k in about one document in k + 1, a boolean "Sx" on every third; documents 100 to
// 119 deleted, so docids have a hole.
struct Corpus {
  test::TempDir dir;
  Xapian::Database db;
  Corpus() {
    Xapian::WritableDatabase w((dir / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    for (unsigned i = 0; i < 1500; ++i) {
      Xapian::Document doc;
      Xapian::termpos pos = 0;
      for (unsigned k = 0; k < 1 + (i * 37) % 60; ++k) {
        const auto& word = kWords[(i * 7 + k * k * 3 + k) % kWords.size()];
        if ((i + k) % (1 + (&word - kWords.data())) != 0 && k % 5 != 0) continue;
        doc.add_posting(word, ++pos);
        doc.add_term("Z" + test::english().stem(word));
      }
      doc.add_posting("filler", ++pos);  // no empty documents: every one has a length
      if (i % 3 == 0) doc.add_boolean_term("Sx");
      w.add_document(doc);
    }
    for (Xapian::docid did = 100; did < 120; ++did) w.delete_document(did);
    w.commit();
    db = Xapian::Database((dir / "db").string());
  }
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

Q z(const std::string& word) { return Q("Z" + test::english().stem(word)); }

Q of(Q::op op, const std::vector<Q>& subs, Xapian::termcount parameter = 0) { return Q(op, subs.begin(), subs.end(), parameter); }

using test::rows;

Xapian::MSet match(const Q& query, double k1, double b, Xapian::doccount size, Xapian::doccount check_at_least) {
  Xapian::Enquire enquire(corpus().db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(pt::bm25_weight(k1, b));
  return enquire.get_mset(0, size, check_at_least);
}

}  // namespace

TEST_CASE("DocumentLengths: every document's length by docid, 0 where there is none") {
  const auto& db = corpus().db;
  const auto lengths = DocumentLengths::of(db);
  REQUIRE(lengths->size() == db.get_lastdocid() + 1);
  Xapian::doccount seen = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++seen) CHECK((*lengths)[*it] == db.get_doclength(*it));
  CHECK(seen == 1480);
  for (Xapian::docid did = 100; did < 120; ++did) CHECK((*lengths)[did] == 0);
  CHECK((*lengths)[0] == 0);
  CHECK((*lengths)[db.get_lastdocid() + 1] == 0);
  CHECK((*lengths)[~Xapian::docid{0}] == 0);
}

TEST_CASE("DocumentLengths: no table for an index whose docids are mostly holes") {
  test::TempDir dir;
  Xapian::WritableDatabase w((dir / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  Xapian::Document doc;
  doc.add_term("alpha");
  w.replace_document(10, doc);
  w.commit();
  CHECK(DocumentLengths::of(w) != nullptr);  // 10 docids for 1 document: within the 65,536 allowed
  w.replace_document(200000, doc);
  w.commit();
  CHECK(DocumentLengths::of(w) == nullptr);  // 200,000 docids for 2 documents
  for (Xapian::docid did = 1; did <= 50000; ++did) w.replace_document(did, doc);
  w.commit();
  const auto lengths = DocumentLengths::of(w);  // 200,000 docids for 50,001 documents: 4 per document
  REQUIRE(lengths != nullptr);
  CHECK(lengths->size() == 200001);
  CHECK((*lengths)[200000] == 1);
  CHECK((*lengths)[50001] == 0);
}

TEST_CASE("with_table_bm25 matches and weighs every query shape as Xapian's BM25 does") {
  const auto lengths = DocumentLengths::of(corpus().db);
  const Q phrase(Q::OP_PHRASE, Q("alpha"), Q("beta"));
  const Q scaled(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, z("gamma"), z("delta")), 0.4);
  const struct {
    const char* what;
    Q query;
    const char* replaced;  // a term the rewrite must replace ("" when none)
    const char* kept;      // a part it must leave as Xapian's ("" when none)
  } cases[] = {
      {"one frequent word", z("alpha"), "Zalpha", ""},
      {"one rare word", z("zeta"), "Zzeta", ""},
      {"a word no document has", z("nowhere"), "Znowher", ""},
      {"any of four", of(Q::OP_OR, {z("alpha"), z("beta"), z("kappa"), z("zeta")}), "Zkappa", ""},
      {"all of two", Q(Q::OP_AND, z("alpha"), z("gamma")), "Zgamma", ""},
      {"one required, one optional", Q(Q::OP_AND_MAYBE, z("beta"), z("sigma")), "Zsigma", ""},
      {"one but not the other", Q(Q::OP_AND_NOT, z("alpha"), z("beta")), "Zalpha", "Zbeta"},
      {"either but not both", Q(Q::OP_XOR, z("delta"), z("omega")), "Zomega", ""},
      {"filtered by a boolean term", Q(Q::OP_FILTER, Q(Q::OP_OR, z("alpha"), z("kappa")), Q("Sx")), "Zkappa", "Sx"},
      {"a word twice (two leaves)", of(Q::OP_OR, {z("alpha"), z("alpha"), z("beta")}), "Zalpha", ""},
      {"a phrase beside a word", Q(Q::OP_OR, phrase, z("gamma")), "Zgamma", "PHRASE"},
      {"a synonym beside a word", Q(Q::OP_AND, z("alpha"), Q(Q::OP_SYNONYM, z("beta"), z("kappa"))), "Zalpha", "SYNONYM"},
      {"a scaled part beside a word", Q(Q::OP_OR, scaled, z("sigma")), "Zsigma", "0.4000000000000000222 * (Zgamma OR Zdelta)"},
      {"a word with query frequency 2", Q(Q::OP_OR, Q("Zalpha", 2), z("beta")), "Zbeta", "Zalpha#2"},
      {"all documents, filtered", Q(Q::OP_FILTER, Q(std::string()), Q("Sx")), "", "<alldocuments>"},
      {"nested", Q(Q::OP_AND_MAYBE, Q(Q::OP_AND, z("alpha"), Q(Q::OP_OR, z("beta"), z("gamma"))), Q(Q::OP_OR, z("delta"), phrase)),
       "Zdelta", "PHRASE"},
  };
  const struct {
    double k1, b;
  } parameters[] = {{1.0, 0.5}, {1.2, 0.75}, {2.0, 1.0}, {1.0, 0.0}, {0.0, 0.5}};
  const auto all = corpus().db.get_doccount();
  for (const auto& c : cases) {
    const Q table = with_table_bm25(c.query, lengths, 1.0, 0.5);
    INFO(c.what << ": " << table.get_description());
    if (*c.replaced) CHECK(table.get_description().find(std::string("TableBM25(") + c.replaced + ")") != std::string::npos);
    if (*c.kept) CHECK(table.get_description().find(c.kept) != std::string::npos);
    for (const auto& p : parameters) {
      INFO("k1 " << p.k1 << ", b " << p.b);
      const Q q = with_table_bm25(c.query, lengths, p.k1, p.b);
      // Every match, weighed: the same documents, weights to the last bit, percentages.
      const auto want = match(c.query, p.k1, p.b, all, all), got = match(q, p.k1, p.b, all, all);
      CHECK(rows(got) == rows(want));
      CHECK(got.get_matches_estimated() == want.get_matches_estimated());
      // A page of 10 with Xapian's skipping of documents that cannot make it: the same page.
      const auto want10 = match(c.query, p.k1, p.b, 10, 0), got10 = match(q, p.k1, p.b, 10, 0);
      CHECK(rows(got10) == rows(want10));
      CHECK(got10.get_matches_lower_bound() == want10.get_matches_lower_bound());
      CHECK(got10.get_matches_upper_bound() == want10.get_matches_upper_bound());
    }
  }
}

TEST_CASE("with_table_bm25 leaves shapes it cannot rebuild as they are") {
  const auto lengths = DocumentLengths::of(corpus().db);
  const Q shapes[] = {Q(), Q(Q::OP_PHRASE, Q("alpha"), Q("beta")), of(Q::OP_ELITE_SET, {z("alpha"), z("beta")}, 1),
                      of(Q::OP_NEAR, {Q("alpha"), Q("beta")}, 3), Q(Q::OP_VALUE_GE, 0, "a")};
  for (const Q& q : shapes) {
    INFO(q.get_description());
    CHECK(with_table_bm25(q, lengths, 1.0, 0.5).get_description() == q.get_description());
  }
}

TEST_CASE("with a deadline already passed, a match of the rewritten query throws Reached") {
  const auto lengths = DocumentLengths::of(corpus().db);
  pt::MatchDeadline deadline(pt::MatchDeadline::Clock::now() - std::chrono::milliseconds(1));
  Xapian::Enquire enquire(corpus().db);
  enquire.set_query(with_table_bm25(Q(Q::OP_OR, z("alpha"), z("beta")), lengths, 1.0, 0.5, &deadline));
  enquire.set_weighting_scheme(pt::bm25_weight(1.0, 0.5));  // not the deadline's weighting: the sources throw
  CHECK_THROWS_AS(enquire.get_mset(0, 10), pt::MatchDeadline::Reached);
  CHECK(deadline.reached());
}
