// MatchDeadline: the weighting and spy that throw at the deadline, and the posting source that ends a match there.
#include "deadline.h"

#include <algorithm>

#include "../rank/ranking.h"

namespace pt {
namespace {

using State = MatchDeadline::State;

// The searcher's BM25 (bm25_weight), throwing Reached when a
// document is scored past the deadline. Xapian clones it per query term and initialises each
// clone through BM25Weight's own init.
class DeadlineBM25 : public Xapian::BM25Weight {
 public:
  DeadlineBM25(double k1, double b, std::shared_ptr<State> state)
      : Xapian::BM25Weight(k1, kBm25K2, kBm25K3, b, kBm25MinNormlen), k1_(k1), b_(b), state_(std::move(state)) {}
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override {
    if (state_->passed(calls_)) throw MatchDeadline::Reached{};
    return Xapian::BM25Weight::get_sumpart(wdf, doclen, uniqterms);
  }

 private:
  DeadlineBM25* clone() const override { return new DeadlineBM25(k1_, b_, state_); }

  double k1_, b_;
  std::shared_ptr<State> state_;
  mutable std::uint64_t calls_ = 0;
};

// Throws Reached at a document counted past the deadline (with facets, the matcher counts every
// match, most of which it never scores above the page's weakest).
class DeadlineSpy : public Xapian::MatchSpy {
 public:
  explicit DeadlineSpy(std::shared_ptr<State> state) : state_(std::move(state)) {}
  void operator()(const Xapian::Document&, double) override {
    if (state_->passed(calls_)) throw MatchDeadline::Reached{};
  }

 private:
  std::shared_ptr<State> state_;
  std::uint64_t calls_ = 0;
};

// Matches docids 1..lastdocid (the filtered query decides which exist) until the deadline.
class DeadlineSource : public Xapian::PostingSource {
 public:
  explicit DeadlineSource(std::shared_ptr<State> state) : state_(std::move(state)) {}
  ~DeadlineSource() override { report(); }

  void init(const Xapian::Database& db) override {
    report();
    last_ = db.get_lastdocid();
    did_ = 0;
    ended_ = false;
    reported_ = false;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  Xapian::docid get_docid() const override { return did_; }
  bool at_end() const override { return ended_ || did_ > last_; }
  void next(double) override { move_to(did_ + 1); }
  void skip_to(Xapian::docid did, double) override {
    if (did > did_) move_to(did);
  }
  bool check(Xapian::docid did, double) override {
    if (did > did_) move_to(did);
    return true;
  }
  Xapian::PostingSource* clone() const override { return new DeadlineSource(state_); }
  std::string get_description() const override { return "MatchDeadline"; }

 private:
  void move_to(Xapian::docid did) {
    did_ = did;
    if (state_->passed(steps_)) ended_ = true;
  }
  // How far this database was matched, once per init (Xapian may reuse a source).
  void report() {
    if (reported_ || last_ == 0) return;
    reported_ = true;
    state_->docids_passed += ended_ ? std::min<Xapian::docid>(did_, last_) : last_;
    state_->docids_total += last_;
  }

  std::shared_ptr<State> state_;
  Xapian::docid last_ = 0, did_ = 0;
  std::uint64_t steps_ = 0;
  bool ended_ = false, reported_ = true;
};

}  // namespace

void MatchDeadline::watch(Xapian::Enquire& enquire, double k1, double b) {
  enquire.set_weighting_scheme(DeadlineBM25(k1, b, state_));
  spy_ = std::make_shared<DeadlineSpy>(state_);
  enquire.add_matchspy(spy_.get());
}

void MatchDeadline::watch_counting(Xapian::Enquire& enquire) {
  counting_spy_ = std::make_shared<DeadlineSpy>(state_);
  enquire.add_matchspy(counting_spy_.get());
}

Xapian::Query MatchDeadline::applied_to(const Xapian::Query& query) const {
  return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new DeadlineSource(state_))->release()));
}

double MatchDeadline::share_matched() const {
  if (!state_->reached) return 1;
  const auto total = state_->docids_total.load();
  // Sources report when Xapian lets go of them; one still held counts as fully unknown (0).
  return total == 0 ? 0 : static_cast<double>(state_->docids_passed.load()) / static_cast<double>(total);
}

}  // namespace pt
