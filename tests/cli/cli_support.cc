// Implementation of the end-to-end test helpers (processes, temp folders, output parsing, Xapian access).
#include "cli_support.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include "pt/record.h"
#include "pt/record_store.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cli {

namespace {

[[noreturn]] void fail_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Makes every folder under `p` traversable and writable again (chmod 000 inside a test), without
// following symbolic links, so remove_all can delete it.
void make_removable(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  ::chmod(p.c_str(), 0700);
  std::error_code ec;
  for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) make_removable(it->path());
}

void lchown_tree(const fs::path& p, uid_t uid, gid_t gid) {
  if (::lchown(p.c_str(), uid, gid) != 0) fail_errno("lchown " + p.string());
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  for (const auto& e : fs::directory_iterator(p)) lchown_tree(e.path(), uid, gid);
}

// Copies of the binaries in a folder every user can reach, for unprivileged runs (the build
// folder may sit under a home folder that user cannot enter).
class SharedBinaries {
 public:
  static const SharedBinaries& get() {
    static SharedBinaries instance;
    return instance;
  }
  std::string ptindex() const { return (dir_ / "ptindex").string(); }
  ~SharedBinaries() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

 private:
  SharedBinaries() {
    std::string tmpl = (fs::temp_directory_path() / "ptcli-bin-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) fail_errno("mkdtemp");
    dir_ = tmpl;
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::copy_file(kPtindex, dir_ / "ptindex");
    fs::permissions(dir_ / "ptindex", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                          fs::perms::others_read | fs::perms::others_exec);
  }
  fs::path dir_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

TempDir::TempDir(const fs::path& base) {
  std::string tmpl = ((base.empty() ? fs::temp_directory_path() : base) / "ptcli-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) fail_errno("mkdtemp");
  // Canonical, so paths ptindex prints (it canonicalises the corpus folder) compare equal.
  path_ = fs::canonical(tmpl);
}

TempDir::~TempDir() {
  make_removable(path_);
  std::error_code ec;
  fs::remove_all(path_, ec);
}

SampleIndex::SampleIndex() : path(dir / "idx") {
  const auto r = ptindex({"build", kSampleCorpus.string(), "--index", path.string(), "-q"});
  if (r.status != 0) throw std::runtime_error("cannot index sample-corpus: " + r.err);
}

// ---------------------------------------------------------------------------------------------

Process::Process(const std::vector<std::string>& argv, const RunOptions& options)
    : started_(std::chrono::steady_clock::now()), timeout_(options.timeout_seconds) {
  if (argv.empty()) throw std::invalid_argument("Process: empty argv");
  std::string tmpl = (fs::temp_directory_path() / "ptcli-out-XXXXXX").string();
  const int out_fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (out_fd < 0) fail_errno("mkostemp");
  out_path_ = tmpl;
  tmpl = (fs::temp_directory_path() / "ptcli-err-XXXXXX").string();
  const int err_fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (err_fd < 0) fail_errno("mkostemp");
  err_path_ = tmpl;
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int stdout_fd =
      options.stdout_path.empty() ? out_fd : ::open(options.stdout_path.c_str(), O_WRONLY | O_CLOEXEC);
  if (stdout_fd < 0) fail_errno("open " + options.stdout_path.string());

  // Everything the child needs is prepared before fork (the child only makes system calls).
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<std::pair<std::string, std::optional<std::string>>> env = options.env;
  bool index_env_given = false;
  for (const auto& [k, v] : env) index_env_given |= k == "PTSEARCH_INDEX";
  if (!index_env_given) env.emplace_back("PTSEARCH_INDEX", std::nullopt);
  const bool drop = options.unprivileged && running_as_root();
  const std::string cwd = options.cwd.string();

  pid_ = ::fork();
  if (pid_ < 0) fail_errno("fork");
  if (pid_ == 0) {
    ::dup2(null_fd, 0);
    ::dup2(stdout_fd, 1);
    ::dup2(err_fd, 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
      std::fprintf(stderr, "test harness: chdir %s: %s\n", cwd.c_str(), std::strerror(errno));
      ::_exit(127);
    }
    for (const auto& [k, v] : env) {
      if (v) ::setenv(k.c_str(), v->c_str(), 1);
      else ::unsetenv(k.c_str());
    }
    if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) {
      std::fprintf(stderr, "test harness: cannot switch to uid %u: %s\n", kNobody, std::strerror(errno));
      ::_exit(127);
    }
    ::execv(cargv[0], cargv.data());
    std::fprintf(stderr, "test harness: exec %s: %s\n", cargv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  ::close(null_fd);
  if (stdout_fd != out_fd) ::close(stdout_fd);
}

Process::~Process() {
  if (pid_ > 0 && !done_) {
    ::kill(pid_, SIGKILL);
    int ws = 0;
    ::waitpid(pid_, &ws, 0);
  }
  std::error_code ec;
  fs::remove(out_path_, ec);
  fs::remove(err_path_, ec);
}

void Process::finish(int wstatus, const struct rusage& usage) {
  done_ = true;
  wstatus_ = wstatus;
  max_rss_kib_ = usage.ru_maxrss;  // Linux: KiB
  seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

bool Process::running() {
  if (done_) return false;
  int ws = 0;
  struct rusage usage {};
  const pid_t r = ::wait4(pid_, &ws, WNOHANG, &usage);
  if (r == pid_) finish(ws, usage);
  return !done_;
}

void Process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

RunResult Process::wait() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_);
  bool timed_out = false;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      int ws = 0;
      struct rusage usage {};
      ::wait4(pid_, &ws, 0, &usage);
      finish(ws, usage);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  RunResult r;
  if (WIFEXITED(wstatus_)) {
    r.status = WEXITSTATUS(wstatus_);
  } else if (WIFSIGNALED(wstatus_)) {
    r.status = 128 + WTERMSIG(wstatus_);
    r.signaled = true;
  }
  r.max_rss_kib = max_rss_kib_;
  r.seconds = seconds_;
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  if (timed_out) r.err += "\n[test harness: killed after " + std::to_string(timeout_) + " s]\n";
  return r;
}

RunResult run(const std::vector<std::string>& argv, const RunOptions& options) {
  Process p(argv, options);
  RunResult r = p.wait();
  UNSCOPED_INFO("ran:" << [&] {
    std::string s;
    for (const auto& a : argv) s += " '" + a + "'";
    return s;
  }() << "\n  exit " << r.status << "\n  stdout: " << r.out << "\n  stderr: " << r.err);
  return r;
}

RunResult ptindex(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> argv{options.unprivileged && running_as_root() ? SharedBinaries::get().ptindex() : kPtindex};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, options);
}

RunResult ptsearch(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> argv{kPtsearch};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, options);
}

nlohmann::json search_json(const fs::path& index, const std::string& query, std::size_t limit,
                           const std::vector<std::string>& extra) {
  std::vector<std::string> args{"--index", index.string(), "--json", "-n", std::to_string(limit)};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("--");
  args.push_back(query);
  const auto r = ptsearch(args);
  INFO("query: " << query << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(r.out));
  return j;
}

nlohmann::json search_all_hits(const fs::path& index, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--index", index.string(), "--json", "-n", "1000", "--no-collapse"};
  all.insert(all.end(), args.begin(), args.end());
  const auto r = ptsearch(all);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return nlohmann::json::parse(r.out);
}

std::vector<std::string> hit_ids(const nlohmann::json& result) {
  std::vector<std::string> ids;
  for (const auto& h : result.at("hits")) ids.push_back(h.at("id").get<std::string>());
  return ids;
}

namespace {

std::string score_key(const nlohmann::json& hit) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", hit.at("score").get<double>());
  return buf;
}

}  // namespace

nlohmann::json comparable_answer(const nlohmann::json& r) {
  nlohmann::json out;
  out["total"] = r.at("total");
  out["distinct"] = r.at("distinct");
  out["hits"] = r.at("hits").size();
  std::map<std::string, std::set<std::string>> by_key;
  std::vector<std::string> key_order;
  for (const auto& h : r.at("hits")) {
    std::string key = score_key(h);
    if (r.at("sort") != "relevance") key = (h.at("date").is_null() ? std::string("undated") : h.at("date").at("iso").get<std::string>()) + " " + key;
    if (key_order.empty() || key_order.back() != key) key_order.push_back(key);
    by_key[key].insert(h.at("id").get<std::string>());
  }
  out["order"] = key_order;
  if (r.at("collapsed").get<bool>()) {
    for (const auto& [key, ids] : by_key) out["hits_per_key"][key] = ids.size();
  } else {
    out["ids"] = by_key;
  }
  if (r.contains("facets")) {
    for (const auto& [name, f] : r.at("facets").items()) {
      out["facets"][name]["more"] = f.at("more");
      out["facets"][name]["exact"] = f.at("exact");
      for (const auto& v : f.at("values")) out["facets"][name]["values"].push_back({v.at("value"), v.at("count")});
    }
  }
  if (r.contains("suggestion")) out["suggestion"] = r.at("suggestion");
  return out;
}

std::vector<std::string> search_ids(const fs::path& index, const std::string& query) {
  return hit_ids(search_json(index, query, 10));
}

// ---------------------------------------------------------------------------------------------

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto nl = text.find('\n', at);
    if (nl == std::string::npos) {
      out.push_back(text.substr(at));
      break;
    }
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

bool is_one_line(const std::string& text, std::string_view prefix) {
  return text.size() > prefix.size() + 1 && text.back() == '\n' && text.find('\n') == text.size() - 1 &&
         std::string_view(text).starts_with(prefix);
}

std::optional<Summary> parse_summary(const std::string& out) {
  static const std::regex re(
      R"(^  (\d+) files: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) removed, (\d+) skipped$)");
  for (const auto& line : lines(out)) {
    std::smatch m;
    if (std::regex_match(line, m, re)) {
      Summary s;
      s.files = std::stol(m[1]);
      s.added = std::stol(m[2]);
      s.updated = std::stol(m[3]);
      s.unchanged = std::stol(m[4]);
      s.removed = std::stol(m[5]);
      s.skipped = std::stol(m[6]);
      return s;
    }
  }
  return std::nullopt;
}

std::string to_string(const Summary& s) {
  std::ostringstream os;
  os << s.files << " files: " << s.added << " added, " << s.updated << " updated, " << s.unchanged << " unchanged, "
     << s.removed << " removed, " << s.skipped << " skipped";
  return os.str();
}

// ---------------------------------------------------------------------------------------------

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_file(e.path());
  return out;
}

void shift_mtime(const fs::path& path, int seconds) {
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

void copy_sample_corpus(const fs::path& dest) {
  fs::create_directories(dest);
  for (const auto& e : fs::directory_iterator(kSampleCorpus))
    if (e.is_regular_file()) fs::copy_file(e.path(), dest / e.path().filename());
}

// ---------------------------------------------------------------------------------------------

std::optional<unsigned> doc_count(const fs::path& index) {
  try {
    Xapian::Database db(index.string());
    return db.get_doccount();
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

void set_index_metadata(const fs::path& index, const std::string& key, const std::string& value) {
  Xapian::WritableDatabase db(index.string(), Xapian::DB_OPEN);
  db.set_metadata(key, value);
  db.commit();
  db.close();
}

std::string get_index_metadata(const fs::path& index, const std::string& key) {
  Xapian::Database db(index.string());
  return db.get_metadata(key);
}

bool wait_for_commit(Process& p, const fs::path& idx, unsigned docs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (p.running() && std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(idx / "iamglass") || fs::exists(idx / "XAPIANDB")) {
      const auto n = doc_count(idx);
      if (n && *n >= docs) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

std::vector<fs::path> index_databases(const fs::path& idx) {
  std::vector<fs::path> databases;
  if (fs::exists(idx / "XAPIANDB")) {
    for (const auto& e : fs::directory_iterator(idx))
      if (e.is_directory() && e.path().filename().string().starts_with("shard-")) databases.push_back(e.path());
    std::sort(databases.begin(), databases.end());
  } else {
    databases.push_back(idx);
  }
  return databases;
}

void check_index_consistent(const fs::path& idx) {
  if (const auto checker = find_program("xapian-check")) {
    const auto databases = index_databases(idx);
    REQUIRE_FALSE(databases.empty());
    for (const auto& db : databases) {
      const auto r = run({checker->string(), db.string()});
      INFO(db << ": " << r.out << r.err);
      CHECK(r.status == 0);
      CHECK(r.out.find("No errors found") != std::string::npos);
    }
  } else {
    WARN("xapian-check not found; only ptsearch checks the index");
  }
}

std::vector<std::string> index_ids(const fs::path& index) {
  Xapian::Database db(index.string());
  std::vector<std::string> ids;
  std::optional<pt::RecordDecoder> decoder;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    const std::string term = *it;
    if (term.find('\x01') == std::string::npos) {
      ids.push_back(term.substr(1));
      continue;
    }
    // An over-long id is hashed in its term (pt/schema.h): the record has it whole.
    if (!decoder) decoder.emplace(pt::record_decoder_for(db, index.string()));
    ids.push_back(decoder->decode(db.get_document(*db.postlist_begin(term)).get_data()).id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

void check_reports(const std::string& err, const fs::path& dir, const std::map<std::string, std::string>& expected,
                   const std::string& also_allowed) {
  INFO("stderr:\n" << err);
  std::size_t reports = 0;
  for (const auto& line : lines(err)) {
    if (line.starts_with(also_allowed)) continue;
    ++reports;
    bool known = false;
    for (const auto& [name, word] : expected) {
      const std::string prefix = (dir / name).string() + ": ";
      if (!line.starts_with(prefix)) continue;
      known = true;
      INFO("line: " << line);
      CHECK(line.size() > prefix.size());
      CHECK(lower(line).find(lower(word)) != std::string::npos);
    }
    INFO("unexpected line: " << line);
    CHECK(known);
  }
  CHECK(reports == expected.size());
  for (const auto& [name, word] : expected) {
    INFO("no report for " << name);
    CHECK(err.find((dir / name).string() + ": ") != std::string::npos);
  }
}

bool running_as_root() { return ::geteuid() == 0; }

void give_to_nobody(const fs::path& path) {
  if (running_as_root()) lchown_tree(path, kNobody, kNobody);
}

std::optional<fs::path> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream in(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(in, dir, ':');) {
    const fs::path p = fs::path(dir.empty() ? "." : dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

RunResult run_build(const fs::path& corpus, const fs::path& idx, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"build", corpus.string(), "--index", idx.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return ptindex(args);
}

RunResult build_unprivileged(const TempDir& t, const fs::path& corpus, const fs::path& idx,
                             std::vector<std::string> extra, double timeout_seconds) {
  give_to_nobody(t.path());
  std::vector<std::string> args{"build", corpus.string(), "--index", idx.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  RunOptions o;
  o.unprivileged = true;
  o.timeout_seconds = timeout_seconds;
  return ptindex(args, o);
}

Summary build(const fs::path& corpus, const fs::path& idx, const std::vector<std::string>& extra) {
  const auto r = run_build(corpus, idx, extra);
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  const auto s = parse_summary(r.out);
  REQUIRE(s);
  return *s;
}

std::vector<std::string> vocabulary(std::size_t n) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back("vocab" + std::to_string(i));
  return v;
}

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<std::size_t>(std::stoull(v)) : fallback;
}

}  // namespace cli
