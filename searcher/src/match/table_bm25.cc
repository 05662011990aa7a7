// DocumentLengths and the BM25 posting source that stands in for a query's term leaves.
#include "table_bm25.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "../rank/ranking.h"

namespace pt {

std::shared_ptr<const DocumentLengths> DocumentLengths::of(const Xapian::Database& db) {
  if (db.get_lastdocid() > static_cast<std::uint64_t>(kMaxHoles + 1) * db.get_doccount() + 65536) return nullptr;
  std::shared_ptr<DocumentLengths> table(new DocumentLengths);
  table->lengths_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  // The empty term's posting list is every document, its length beside it: one sequential walk.
  for (auto it = db.postlist_begin(std::string()); it != db.postlist_end(std::string()); ++it)
    table->lengths_[*it] = it.get_doclength();
  return table;
}

namespace {

// One term's postings, each weighed as Xapian's BM25Weight::get_sumpart would with the document's
// length read from the table. Xapian applies an enclosing OP_SCALE_WEIGHT's factor to a source's
// weights itself; with_table_bm25 leaves scaled subqueries alone, so the factor is always 1 here.
class Bm25Source : public Xapian::PostingSource {
 public:
  Bm25Source(std::string term, std::shared_ptr<const DocumentLengths> lengths, double k1, double b,
             std::shared_ptr<MatchDeadline::State> deadline)
      : term_(std::move(term)), lengths_(std::move(lengths)), k1_(k1), b_(b), deadline_(std::move(deadline)) {}

  void init(const Xapian::Database& db) override {
    postings_ = db.postlist_begin(term_);
    end_ = db.postlist_end(term_);
    started_ = false;
    termfreq_ = db.get_termfreq(term_);
    // BM25Weight::init with factor 1, wqf 1 and no relevance set, step by step as Xapian does it
    // (the same roundings give the same weights to the last bit).
    const Xapian::doccount documents = db.get_doccount();
    double tw = (documents - termfreq_ + 0.5) / (termfreq_ + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    termweight_ = std::log(tw) * 1.0;
    const double wqf = 1;
    termweight_ *= (kBm25K3 + 1) * wqf / (kBm25K3 + wqf);
    termweight_ *= (k1_ + 1);
    len_factor_ = 0;
    if (k1_ != 0 && b_ != 0) {
      len_factor_ = db.get_avlength();
      if (len_factor_ != 0) len_factor_ = 1 / len_factor_;
    }
    // BM25Weight::get_maxpart: the weight at the highest wdf and the shortest length it allows.
    const double wdf_max = db.get_wdf_upper_bound(term_);
    double denom = k1_;
    if (k1_ != 0 && b_ != 0) {
      const double normlen_lb = std::max(std::max<double>(wdf_max, db.get_doclength_lower_bound()) * len_factor_,
                                         kBm25MinNormlen);
      denom *= (normlen_lb * b_ + (1 - b_));
    }
    denom += wdf_max;
    set_maxweight(denom > 0 ? termweight_ * (wdf_max / denom) : 0);
  }

  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }

  void next(double) override {
    if (started_) ++postings_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    postings_.skip_to(did);
  }
  bool at_end() const override { return postings_ == end_; }
  Xapian::docid get_docid() const override { return *postings_; }

  double get_weight() const override {
    if (deadline_ && deadline_->passed(calls_)) throw MatchDeadline::Reached{};
    const Xapian::termcount length = (*lengths_)[*postings_];
    const double normlen = std::max(length * len_factor_, kBm25MinNormlen);
    const double wdf = postings_.get_wdf();
    const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf;
    return termweight_ * (wdf / denom);
  }

  Xapian::PostingSource* clone() const override { return new Bm25Source(term_, lengths_, k1_, b_, deadline_); }
  std::string get_description() const override { return "TableBM25(" + term_ + ")"; }

 private:
  std::string term_;
  std::shared_ptr<const DocumentLengths> lengths_;
  double k1_, b_;
  std::shared_ptr<MatchDeadline::State> deadline_;
  mutable std::uint64_t calls_ = 0;
  Xapian::PostingIterator postings_, end_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
  double termweight_ = 0, len_factor_ = 0;
};

// The term of a leaf this rewrite may replace: a non-empty term with query frequency 1 (every
// leaf QueryParser and ranking.cc make; Xapian 1.4 shows a leaf's wqf only in its description,
// "Query(TERM#2@1)" when not 1). Empty when the leaf must stay.
std::string replaceable_term(const Xapian::Query& leaf) {
  const auto it = leaf.get_terms_begin();
  if (it == leaf.get_terms_end()) return {};
  std::string term = *it;
  if (term.empty()) return {};
  const std::string description = leaf.get_description();
  const std::string head = "Query(" + term;
  if (description.compare(0, head.size(), head) != 0 || description.size() <= head.size()) return {};
  const char after = description[head.size()];
  return after == '@' || after == ')' ? term : std::string();
}

struct Rewriter {
  std::shared_ptr<const DocumentLengths> lengths;
  double k1, b;
  std::shared_ptr<MatchDeadline::State> deadline;

  Xapian::Query operator()(const Xapian::Query& q) const {
    const auto op = q.get_type();
    switch (op) {
      case Xapian::Query::LEAF_TERM: {
        const std::string term = replaceable_term(q);
        if (term.empty()) return q;
        return Xapian::Query((new Bm25Source(term, lengths, k1, b, deadline))->release());
      }
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_XOR:
      case Xapian::Query::OP_AND_MAYBE:
        return rebuilt(q, q.get_num_subqueries());
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_AND_NOT:
        return rebuilt(q, 1);  // the other sides only say which documents: no weight, nothing to read
      default:
        return q;
    }
  }

  // `q` with its first `scored` subqueries rewritten, the rest as they are.
  Xapian::Query rebuilt(const Xapian::Query& q, std::size_t scored) const {
    const std::size_t n = q.get_num_subqueries();
    std::vector<Xapian::Query> subs;
    subs.reserve(n);
    for (std::size_t i = 0; i < n; ++i) subs.push_back(i < scored ? (*this)(q.get_subquery(i)) : q.get_subquery(i));
    return Xapian::Query(q.get_type(), subs.begin(), subs.end());
  }
};

}  // namespace

Xapian::Query with_table_bm25(const Xapian::Query& query, std::shared_ptr<const DocumentLengths> lengths, double k1, double b,
                              const MatchDeadline* deadline) {
  return Rewriter{std::move(lengths), k1, b, deadline ? deadline->state() : nullptr}(query);
}

}  // namespace pt
