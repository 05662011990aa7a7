// A hard time limit for a Xapian match: a posting source that matches every document until a deadline, then ends the match.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace pt {

// Xapian's Enquire::set_time_limit only stops counting matches beyond the page; the match itself
// still runs to the end, which a query of hundreds of frequent words makes take seconds. Two ways
// to bound it, neither of which crosses Xapian's remote backend (stock xapian-tcpsrv cannot
// rebuild them):
// - watch(): a match spy that throws Reached once the deadline has passed. It changes nothing in
//   the answer, but it is only called for candidate documents, which is when a slow match is slow.
// - applied_to(): the query filtered (OP_FILTER) by a posting source that ends the match at the
//   deadline with the best documents found by then. Xapian counts that source as a matching
//   subquery of every document (ExternalPostList::count_matching_subqs is 1), which inflates
//   percentages: for the second attempt only.
class MatchDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit MatchDeadline(Clock::time_point deadline) : state_(std::make_shared<State>(deadline)) {}

  struct Reached {};  // thrown by the spy
  // Adds the spy to `enquire`; it must outlive the match.
  void watch(Xapian::Enquire& enquire);
  // `query` filtered by a fresh source watching this deadline.
  Xapian::Query applied_to(const Xapian::Query& query) const;
  // Whether a match ended at the deadline.
  bool reached() const { return state_->reached; }
  // The share of the documents (by docid, over every database of the match) the matcher had
  // reached when it ended: 1 unless the deadline cut it short.
  double share_matched() const;

  struct State {
    explicit State(Clock::time_point d) : deadline(d) {}
    const Clock::time_point deadline;
    std::atomic<bool> reached{false};
    std::atomic<std::uint64_t> docids_passed{0}, docids_total{0};
  };

 private:
  std::shared_ptr<State> state_;
  std::shared_ptr<Xapian::MatchSpy> spy_;
};

}  // namespace pt
