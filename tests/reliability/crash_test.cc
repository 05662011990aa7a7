// Crash safety (issue 7): ptindex killed with SIGKILL at random moments of builds and updates
// leaves an index that opens, passes xapian-check and answers, and a re-run ends with exactly the
// corpus; an update that fills the disk fails with one line and keeps the previous index.
// docs/reliability.md, "Crash safety", has how to run the long forms.
#include <signal.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "cli_support.h"

using namespace cli;

namespace {

// The corpus as the test wants it: file name -> content; written to disk as it changes.
class Corpus {
 public:
  Corpus(fs::path dir, std::uint64_t seed) : dir_(std::move(dir)), words_(vocabulary(4000), seed), rng_(seed) {
    fs::create_directories(dir_);
  }
  void put(const std::string& name, const std::string& marker) {
    std::string text = "Article " + name + "\ncommonword " + marker + " " + words_.text(150) + "\n";
    write_file(dir_ / name, text);
    files_[name] = marker;
  }
  void remove(const std::string& name) {
    fs::remove(dir_ / name);
    files_.erase(name);
  }
  // A random file name of the corpus.
  std::string any() {
    auto it = files_.begin();
    std::advance(it, static_cast<long>(rng_() % files_.size()));
    return it->first;
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& [name, marker] : files_) out.push_back(name);
    return out;
  }
  std::set<std::string> with_marker(const std::string& marker) const {
    std::set<std::string> out;
    for (const auto& [name, m] : files_)
      if (m == marker) out.insert(name);
    return out;
  }
  std::size_t size() const { return files_.size(); }
  std::mt19937_64& rng() { return rng_; }

 private:
  fs::path dir_;
  RandomWords words_;
  std::mt19937_64 rng_;
  std::map<std::string, std::string> files_;  // name -> the marker word of its current version
};

std::string file_name(const char* prefix, std::size_t round, std::size_t i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%03zu_%04zu.txt", prefix, round, i);
  return buf;
}

// Every hit id of a query, page by page (ptsearch shows at most 1000 hits at a time).
std::set<std::string> all_hits(const fs::path& idx, const std::string& query) {
  std::set<std::string> out;
  for (std::size_t offset = 0;; offset += 1000) {
    const auto r = ptsearch({"--index", idx.string(), "--json", "-n", "1000", "--offset", std::to_string(offset),
                             "--no-collapse", "--", query});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const auto& h : j.at("hits")) out.insert(h.at("id").get<std::string>());
    if (j.at("hits").size() < 1000) {
      REQUIRE(j.at("total").at("upper_bound").get<std::size_t>() == out.size());  // every hit seen once
      return out;
    }
  }
}

bool has_index_files(const fs::path& idx) {
  return fs::exists(idx / "iamglass") || fs::exists(idx / "XAPIANDB");
}

}  // namespace

TEST_CASE("crash safety: SIGKILL at random moments of builds and updates", "[reliability][crash]") {
  // PT_KILLS (default 20) kills; PT_SEED replays a run (the seed is printed either way).
  const std::size_t kills = env_number("PT_KILLS", 20);
  const std::uint64_t seed = std::getenv("PT_SEED") ? env_number("PT_SEED", 0) : std::random_device{}();
  std::printf("crash safety: seed %llu, %zu kills (replay: PT_SEED=%llu PT_KILLS=%zu)\n",
              static_cast<unsigned long long>(seed), kills, static_cast<unsigned long long>(seed), kills);
  std::fflush(stdout);
  INFO("seed " << seed << " (replay with PT_SEED=" << seed << ")");

  TempDir t;
  const auto dir = t / "corpus";
  const auto idx = t / "idx";
  Corpus corpus(dir, seed);
  constexpr std::size_t kInitial = 2000;
  for (std::size_t i = 0; i < kInitial; ++i) corpus.put(file_name("a", 0, i), "gen0");
  const std::vector<std::string> build_args = {"build", dir.string(), "--index", idx.string(), "--batch", "50", "--threads", "2"};
  const auto argv = [&] {
    std::vector<std::string> a{kPtindex};
    a.insert(a.end(), build_args.begin(), build_args.end());
    return a;
  }();

  // Calibration: an unkilled build from empty gives the window kills are drawn from.
  auto r = ptindex(build_args);
  REQUIRE(r.status == 0);
  REQUIRE(index_ids(idx) == corpus.ids());
  // Per kind of run (0: from empty, 1: update), the time within which a kill lands.
  double window[2] = {r.seconds, r.seconds};
  std::printf("crash safety: a build of %zu articles from empty took %.2f s\n", kInitial, r.seconds);

  std::size_t landed = 0, finished_first = 0, before_index = 0, round = 0, left_work = 0;
  bool killed_now = false;
  std::size_t landed_kind[2] = {0, 0};
  const auto t0 = std::chrono::steady_clock::now();
  while (landed < kills && round < 4 * kills) {
    ++round;
    const int kind = round % 3 == 1 ? 0 : 1;  // a third from empty, the rest updates
    const std::string marker = "gen" + std::to_string(round);
    INFO("round " << round << (kind == 0 ? " (build from empty)" : " (update)"));
    if (kind == 0) {
      fs::remove_all(idx);
    } else {
      // Adds, changes and deletes: about a tenth of the corpus each time.
      for (std::size_t i = 0; i < 80; ++i) corpus.put(file_name("n", round, i), marker);
      for (std::size_t i = 0; i < 120; ++i) corpus.put(corpus.any(), marker);
      for (std::size_t i = 0; i < 80 && corpus.size() > 1000; ++i) corpus.remove(corpus.any());
    }
    const double delay = std::uniform_real_distribution<double>(0.0, window[kind])(corpus.rng());
    INFO("kill after " << delay << " s");
    {
      Process p(argv);
      const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(delay);
      while (p.running() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::microseconds(500));
      p.signal(SIGKILL);
      const auto killed = p.wait();
      killed_now = killed.signaled;
      if (killed.signaled) {
        REQUIRE(killed.status == 128 + SIGKILL);
        ++landed;
        ++landed_kind[kind];
      } else {
        // Finished first: the window was too wide for this kind of run.
        REQUIRE(killed.status == 0);
        ++finished_first;
        window[kind] = killed.seconds * 0.9;
      }
    }
    // The index as the kill left it: opens, passes xapian-check, answers.
    if (!has_index_files(idx) || (kind == 0 && doc_count(idx) == 0u && get_index_metadata(idx, "ptsearch.schema").empty())) {
      ++before_index;  // killed before it committed anything (within milliseconds of starting)
      if (has_index_files(idx)) check_index_consistent(idx);
    } else {
      check_index_consistent(idx);
      const auto n = doc_count(idx);
      REQUIRE(n);
      const auto s = ptsearch({"--index", idx.string(), "--json", "-n", "3", "--", "commonword"});
      REQUIRE(s.status == 0);
      const auto j = nlohmann::json::parse(s.out);
      CHECK(j.at("total").at("upper_bound") == *n);
    }
    // The same build again completes it: exactly the corpus, every document in its last version.
    r = ptindex(build_args);
    INFO("re-run: " << r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    // Work left by the kill: the kill landed before the build had committed everything.
    if (const auto redo = parse_summary(r.out); killed_now && redo && redo->added + redo->updated + redo->removed > 0)
      ++left_work;
    CHECK(index_ids(idx) == corpus.ids());
    CHECK(all_hits(idx, marker) == corpus.with_marker(marker));
    if (kind == 0) CHECK(all_hits(idx, "gen0") == corpus.with_marker("gen0"));
    check_index_consistent(idx);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("crash safety: %zu kills survived (%zu in builds from empty, %zu in updates; %zu before the first commit; "
              "%zu left work the re-run did), %zu runs finished before their kill, %zu rounds, %.1f s, seed %llu\n",
              landed, landed_kind[0], landed_kind[1], before_index, left_work, finished_first, round, seconds,
              static_cast<unsigned long long>(seed));
  CHECK(landed >= kills);
  CHECK(left_work >= kills / 2);  // most kills landed in the middle of the work, not after it
}

namespace {

// A small filesystem mounted for the test (tmpfs, else a loop-mounted ext4 file), unmounted when
// the object goes, also when the test fails.
class SmallDisk {
  // A system program by name: on PATH, else in the sbin folders (root's tools).
  static std::string tool(const std::string& name) {
    if (const auto p = find_program(name)) return p->string();
    for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"})
      if (::access((dir + name).c_str(), X_OK) == 0) return dir + name;
    return name;
  }

 public:
  SmallDisk(const fs::path& at, unsigned megabytes) : mount_point_(at) {
    fs::create_directories(at);
    if (!running_as_root()) {
      why_not_ = "not running as root: cannot mount a small filesystem";
      return;
    }
    const std::string size = std::to_string(megabytes) + "m";
    auto r = run({tool("mount"), "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.string()});
    if (r.status == 0) {
      mounted_ = true;
      kind_ = "tmpfs";
      return;
    }
    why_not_ = "mount -t tmpfs: " + r.err;
    const fs::path image = at.string() + ".img";
    r = run({tool("truncate"), "-s", size, image.string()});
    if (r.status == 0) r = run({tool("mkfs.ext4"), "-q", "-F", image.string()});
    if (r.status == 0) r = run({tool("mount"), "-o", "loop", image.string(), at.string()});
    if (r.status == 0) {
      mounted_ = true;
      kind_ = "ext4 on a loop device";
      return;
    }
    why_not_ += "; loop-mounted ext4: " + r.err;
  }
  ~SmallDisk() {
    if (mounted_) run({tool("umount"), mount_point_.string()});
  }
  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  const std::string& kind() const { return kind_; }
  std::uint64_t free_bytes() const {
    struct statvfs st {};
    if (::statvfs(mount_point_.c_str(), &st) != 0) return 0;
    return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  }

 private:
  fs::path mount_point_;
  bool mounted_ = false;
  std::string kind_;
  std::string why_not_;
};

}  // namespace

TEST_CASE("crash safety: an update that fills the disk fails cleanly and keeps the previous index", "[reliability][disk]") {
  TempDir t;
  SmallDisk disk(t / "disk", 12);
  if (!disk.mounted()) {
    WARN("full-disk test not run: " << disk.why_not());
    return;
  }
  const auto idx = t / "disk" / "idx";
  Corpus corpus(t / "corpus", 99);
  for (std::size_t i = 0; i < 200; ++i) corpus.put(file_name("a", 0, i), "oldword");
  REQUIRE(build(t / "corpus", idx) == Summary{200, 200, 0, 0, 0, 0});
  const std::vector<std::string> old_ids = corpus.ids();
  const std::uint64_t free_before = disk.free_bytes();
  INFO("filesystem: " << disk.kind() << ", " << free_before << " bytes free after the first build");

  // An update needing more than is left: many new files of words found nowhere else.
  std::mt19937_64 rng(5);
  for (std::size_t i = 0; i < 3000; ++i) {
    std::string text = "Big new " + std::to_string(i) + "\nnewword";
    for (int w = 0; w < 600; ++w) text += " u" + std::to_string(rng() % 100000000);
    write_file(t / "corpus" / file_name("z", 1, i), text + "\n");
  }
  const auto r = run_build(t / "corpus", idx);
  CHECK(r.status == 1);
  CHECK(is_one_line(r.err, "ptindex: "));
  CHECK(r.err.find("no space left on device") != std::string::npos);
  CHECK(r.err.find("the index keeps its last commit") != std::string::npos);
  CHECK(r.err.find(idx.string()) != std::string::npos);

  // The previous index: opens, is consistent, holds every old document, answers.
  check_index_consistent(idx);
  const auto ids = index_ids(idx);
  CHECK(std::includes(ids.begin(), ids.end(), old_ids.begin(), old_ids.end()));
  CHECK(all_hits(idx, "oldword") == std::set<std::string>(old_ids.begin(), old_ids.end()));
  const auto one = search_json(idx, "Article a000_0007.txt", 1);
  CHECK(hit_ids(one) == std::vector<std::string>{"a000_0007.txt"});

  // Space again (the new files gone): the next build brings the index back to the corpus.
  for (std::size_t i = 0; i < 3000; ++i) fs::remove(t / "corpus" / file_name("z", 1, i));
  const auto again = run_build(t / "corpus", idx);
  INFO(again.out << again.err);
  CHECK(again.status == 0);
  CHECK(index_ids(idx) == old_ids);
  check_index_consistent(idx);
}
