// Helpers for the end-to-end tests: temp folders, running ptindex/ptsearch, parsing their output.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cli {

namespace fs = std::filesystem;

// Paths given by CMake.
inline const std::string kPtindex = PTINDEX_BIN;
inline const std::string kPtsearch = PTSEARCH_BIN;
inline const fs::path kSampleCorpus = SAMPLE_CORPUS;

// The five articles of sample-corpus/ and the ids ptindex gives them.
inline const std::vector<std::string> kSampleIds = {"000_a188337ed794e192.txt", "001_da17fc448e34686d.txt",
                                                    "002_9c83e067df388347.txt", "003_be81196f20b58ea7.txt",
                                                    "004_070143b364e2e163.txt"};

// User and group an unprivileged run switches to when the tests run as root.
inline constexpr uid_t kNobody = 65534;

// A fresh folder under the system temp folder (mkdtemp), removed with everything in it, even
// after chmod 000 inside, when the object goes.
class TempDir {
 public:
  // Under `base` when given (e.g. /dev/shm for many small files), else the system temp folder.
  explicit TempDir(const fs::path& base = {});
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const fs::path& p) const { return path_ / p; }

 private:
  fs::path path_;
};

// sample-corpus/ indexed (ptindex build -q) into DIR/idx of a fresh TempDir.
struct SampleIndex {
  SampleIndex();
  TempDir dir;
  fs::path path;
};

// How many times slower and bigger this build's programs run than a plain build's: 1, or more
// when built with a sanitizer (PT_SANITIZE), whose checks, shadow memory and (ASan) quarantine of
// freed blocks cost by design. Tests scale their time and memory bounds by these, so a sanitizer
// job fails on a real error, not on the sanitizer's own cost.
#if defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
inline constexpr double kTimeScale = 5, kMemoryScale = 4;
#elif defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
inline constexpr double kTimeScale = 3, kMemoryScale = 3;
#else
inline constexpr bool kSanitized = false;
inline constexpr double kTimeScale = 1, kMemoryScale = 1;
#endif
// A memory bound in KiB, and a time bound in seconds, for this build.
inline long scaled_kib(long kib) { return static_cast<long>(static_cast<double>(kib) * kMemoryScale); }
inline double scaled_seconds(double seconds) { return seconds * kTimeScale; }

struct RunOptions {
  fs::path cwd;  // empty: the test's own working folder
  // Environment changes for the child: a value sets the variable, nullopt removes it.
  // PTSEARCH_INDEX is always removed unless set here.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  bool unprivileged = false;  // switch to kNobody in the child (only when running as root)
  fs::path stdout_path;       // send stdout there (e.g. /dev/full) instead of capturing it
  double timeout_seconds = scaled_seconds(120);
};

struct RunResult {
  int status = -1;      // exit status, or 128 + signal number when killed by a signal
  bool signaled = false;
  std::string out;      // everything written to stdout
  std::string err;      // everything written to stderr
  long max_rss_kib = 0;  // the child's peak resident set size (getrusage through wait4)
  double seconds = 0;    // wall time from start to exit
};

// A started child process with stdout/stderr going to files; wait() collects them.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const RunOptions& options = {});
  ~Process();  // kills the child if it is still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();                    // false once the child has exited (reaps it)
  void signal(int sig);              // no-op once the child has exited
  RunResult wait();                  // waits (up to the timeout, then kills) and returns the output

 private:
  void finish(int wstatus, const struct rusage& usage);
  pid_t pid_ = -1;
  long max_rss_kib_ = 0;
  double seconds_ = 0;
  std::chrono::steady_clock::time_point started_;
  bool done_ = false;
  int wstatus_ = 0;
  double timeout_;
  fs::path out_path_, err_path_;
};

// Runs a command to completion.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// ptindex/ptsearch with the given arguments.
RunResult ptindex(const std::vector<std::string>& args, const RunOptions& options = {});
RunResult ptsearch(const std::vector<std::string>& args, const RunOptions& options = {});

// `ptsearch --index INDEX --json -n LIMIT [extra...] -- QUERY`, REQUIREs exit 0 and parses the output.
nlohmann::json search_json(const fs::path& index, const std::string& query, std::size_t limit = 10,
                           const std::vector<std::string>& extra = {});
// `ptsearch --index INDEX --json -n 1000 --no-collapse [args...]`: every hit, REQUIREs exit 0.
nlohmann::json search_all_hits(const fs::path& index, const std::vector<std::string>& args);
// The ids of the hits of a --json result, in rank order.
std::vector<std::string> hit_ids(const nlohmann::json& result);
// What must agree between two indexes of the same documents whose document numbers differ
// (shards, parallel build parts): totals, facet counts, and the hits as a set of ids per score
// (per date and score when sorted by date), since equal scores are ordered by document number.
// With collapsing, only how many hits have each score: which copy of a story stands for it
// among equal scores follows document numbers too. Facet labels are left out: they are read from
// whichever document comes first.
nlohmann::json comparable_answer(const nlohmann::json& result);
// The ids of the first ten hits of QUERY.
std::vector<std::string> search_ids(const fs::path& index, const std::string& query);

// Lines of a text, without their '\n'.
std::vector<std::string> lines(const std::string& text);

// True when `text` is exactly one non-empty line ending in '\n' that starts with `prefix`.
bool is_one_line(const std::string& text, std::string_view prefix = {});

// The counts of a ptindex summary ("  N files: A added, U updated, C unchanged, R removed, S skipped").
struct Summary {
  long files = -1, added = -1, updated = -1, unchanged = -1, removed = -1, skipped = -1;
  bool operator==(const Summary&) const = default;
};
std::optional<Summary> parse_summary(const std::string& out);
std::string to_string(const Summary& s);

// Seeded random text from a small vocabulary (a 64-bit LCG): generated corpora whose queries match
// many documents with different scores, the same on every run.
class RandomWords {
 public:
  RandomWords(std::vector<std::string> vocab, std::uint64_t seed) : vocab_(std::move(vocab)), state_(seed) {}
  std::size_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state_ >> 33);
  }
  // `words` vocabulary words separated by spaces.
  std::string text(std::size_t words) {
    std::string s;
    for (std::size_t i = 0; i < words; ++i) s += (i ? " " : "") + vocab_[next() % vocab_.size()];
    return s;
  }

 private:
  std::vector<std::string> vocab_;
  std::uint64_t state_;
};

// `ptindex build CORPUS --index IDX EXTRA...` as kNobody when the tests run as root (so chmod 000
// takes effect), after giving everything under `t` to that user.
RunResult build_unprivileged(const TempDir& t, const fs::path& corpus, const fs::path& idx,
                             std::vector<std::string> extra = {}, double timeout_seconds = scaled_seconds(120));
// Distinct generated words "vocab0" ... "vocabN-1" (never stop words), for RandomWords.
std::vector<std::string> vocabulary(std::size_t n);
// An environment variable as a number (a test's size knob), or `fallback` when unset.
std::size_t env_number(const char* name, std::size_t fallback);


// `ptindex build CORPUS --index IDX EXTRA...`.
RunResult run_build(const fs::path& corpus, const fs::path& idx, const std::vector<std::string>& extra = {});
// A build that must succeed without a word on stderr (Catch2 checks); its summary.
Summary build(const fs::path& corpus, const fs::path& idx, const std::vector<std::string>& extra = {});

// File helpers.
void write_file(const fs::path& path, std::string_view bytes);
std::string read_file(const fs::path& path);
// Every regular file under `dir`, relative name -> contents.
std::map<std::string, std::string> snapshot(const fs::path& dir);
// Sets the modification time of `path` `seconds` away from its current one (like touch).
void shift_mtime(const fs::path& path, int seconds);
// Copies sample-corpus into `dest` (which must not exist).
void copy_sample_corpus(const fs::path& dest);

// Number of documents of an index, read through the Xapian API; nullopt when it cannot be opened.
std::optional<unsigned> doc_count(const fs::path& index);
// Sets one metadata key of an index through the Xapian API and commits.
void set_index_metadata(const fs::path& index, const std::string& key, const std::string& value);
std::string get_index_metadata(const fs::path& index, const std::string& key);

// Waits until the index a running build writes holds at least `docs` committed documents; false
// when the build ended first (or after a minute). A build from empty writes parts under a
// XAPIANDB stub (with two or more cores) and merges them into one database when done; either can
// be searched.
bool wait_for_commit(Process& p, const fs::path& idx, unsigned docs);
// The databases of an index: the folder itself, or each shard-N of a sharded index or of one left in parts.
std::vector<fs::path> index_databases(const fs::path& idx);
// xapian-check on every database of the index (Catch2 checks: exit 0, "No errors found").
void check_index_consistent(const fs::path& idx);
// Every document id of an index, read from its id terms through the Xapian API (exact, sorted).
std::vector<std::string> index_ids(const fs::path& index);

// Checks that `err` has exactly one "PATH: reason" line per entry of `expected` (name under `dir`
// -> a word the line contains, any case) and no other line except those starting with `also_allowed`.
void check_reports(const std::string& err, const fs::path& dir, const std::map<std::string, std::string>& expected,
                   const std::string& also_allowed = "\x01");

// Whether the tests run as root (then unreadable files need an unprivileged child).
bool running_as_root();
// Changes the owner of `path` and everything under it to kNobody (when root); no-op otherwise.
void give_to_nobody(const fs::path& path);

// A program on PATH, or nullopt.
std::optional<fs::path> find_program(const std::string& name);

}  // namespace cli
