// A hard time limit for a Xapian match on local databases: a weighting and a spy that throw at the deadline, and a posting source that ends a match there.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace pt {

// Why not Xapian's Enquire::set_time_limit: it only stops the counting of matches beyond the
// page, the match itself runs on (a query of hundreds of frequent words takes seconds); and it
// arms a POSIX timer whose SIGEV_THREAD callback writes a flag inside get_mset's stack frame.
// timer_delete does not wait for a callback already under way, so a match that ends as its timer
// fires (which a deadline of our own at the same moment would make the rule) has a byte written
// into whatever the thread's stack holds by then.
//
// A MatchDeadline watches one search:
// - watch(): the BM25 weighting and a match spy, both of which throw Reached once the deadline
//   has passed. Between them they see every document the matcher scores or counts; neither
//   changes the answer. (A clock read every 64th call keeps them out of the profile.)
// - applied_to(): the query filtered (OP_FILTER) by a posting source that ends the match at the
//   deadline, with the best documents found by then. Xapian counts that source as a matching
//   subquery of every document (ExternalPostList::count_matching_subqs is 1), which inflates
//   percentages: the caller corrects them (Searcher).
// Neither crosses Xapian's remote backend (stock xapian-tcpsrv cannot rebuild them).
class MatchDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit MatchDeadline(Clock::time_point deadline) : state_(std::make_shared<State>(deadline)) {}

  struct Reached {};  // thrown by the weighting and the spy
  // Sets `enquire`'s weighting to Xapian's BM25 with these parameters, watching the deadline, and
  // adds the spy; this object must outlive the match.
  void watch(Xapian::Enquire& enquire, double k1, double b);
  // Adds a spy to an enquire that only counts (its weighting scores nothing), watching the
  // deadline; this object must outlive the match. One counting enquire per deadline.
  void watch_counting(Xapian::Enquire& enquire);
  // `query` filtered by a fresh source ending at this deadline.
  Xapian::Query applied_to(const Xapian::Query& query) const;
  // Whether a match ended at (or threw at) the deadline.
  bool reached() const { return state_->reached; }
  // The share of the documents (by docid, over every database of the match) the matcher had
  // reached when a source ended it: 1 unless the deadline cut it short.
  double share_matched() const;

  struct State {
    explicit State(Clock::time_point d) : deadline(d) {}
    // Every 64th call reads the clock: true once past the deadline.
    bool passed(std::uint64_t& calls) {
      if ((++calls & 63) != 0 || Clock::now() < deadline) return false;
      reached = true;
      return true;
    }
    const Clock::time_point deadline;
    std::atomic<bool> reached{false};
    std::atomic<std::uint64_t> docids_passed{0}, docids_total{0};
  };
  // For other scorers of the match that must throw Reached past the deadline (table_bm25.h).
  const std::shared_ptr<State>& state() const { return state_; }

 private:
  std::shared_ptr<State> state_;
  std::shared_ptr<Xapian::MatchSpy> spy_, counting_spy_;
};

}  // namespace pt
