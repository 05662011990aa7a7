// ptindex: the command that builds and updates a ptsearch index from a corpus folder.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "pt/analyzer.h"
#include "pt/cli.h"
#include "pt/paths.h"
#include "ptindex/builder.h"
#include "ptindex/compact.h"

#ifdef PT_WITH_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = static_cast<int>(SA_RESETHAND);  // a second Ctrl-C kills at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  return buf;
}

class ConsoleObserver : public pt::indexer::BuildObserver {
 public:
  explicit ConsoleObserver(bool progress) : progress_(progress) {}
  void on_skip(const std::string& path, const std::string& reason) override {
    clear();
    std::cerr << path << ": " << reason << "\n";
  }
  void on_warning(const std::string& path, const std::string& message) override {
    clear();
    std::cerr << path << ": warning: " << message << "\n";
  }
  void on_progress(const pt::indexer::BuildProgress& p) override {
    if (!progress_ || (p.seconds - last_ < 0.1 && p.files_done != p.files_total)) return;
    last_ = p.seconds;
    const double rate = p.seconds > 0 ? static_cast<double>(p.bytes_done) / p.seconds : 0;
    const double left = rate > 0 ? static_cast<double>(p.bytes_total - p.bytes_done) / rate : 0;
    std::fprintf(stderr, "\r\033[K%zu/%zu files  %s/s  ETA %d:%02d", p.files_done, p.files_total,
                 human_bytes(rate).c_str(), static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    shown_ = true;
  }
  bool stop_requested() override { return g_stop.load(); }
  void clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool progress_;
  bool shown_ = false;
  double last_ = -1;
};

// The allocator this ptindex runs on, for --version: "jemalloc 5.3.0" when it was linked with
// jemalloc (CMakeLists.txt, PT_JEMALLOC), as jemalloc itself reports it.
std::string memory_allocator() {
#ifdef PT_WITH_JEMALLOC
  const char* version = nullptr;
  std::size_t size = sizeof version;
  if (mallctl("version", static_cast<void*>(&version), &size, nullptr, 0) == 0 && version) {
    const std::string v = version;  // "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"
    return "jemalloc " + v.substr(0, v.find('-'));
  }
#endif
  return "the C library's malloc";
}

constexpr int kExitSkipped = 3;  // --strict and some files were skipped
constexpr int kExitInterrupted = 130;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ptindex: build and update a ptsearch index of a folder of news articles", "ptindex"};
  app.set_version_flag("--version", "ptindex " PTSEARCH_VERSION "\nmemory allocator: " + memory_allocator());
  app.require_subcommand(1);
  auto* build = app.add_subcommand(
      "build", "Index (or update the index of) the .txt/.md/.html articles and .jsonl/.jsonl.zst files under DIR");
  pt::indexer::BuildOptions opt;
  std::string corpus;
  std::string language;
  bool strict = false, quiet = false;
  build->add_option("DIR", corpus, "Corpus folder, walked recursively (hidden entries skipped)")->required();
  build->add_option("--index", opt.index_path,
                    std::string("Index folder (default: $") + pt::kIndexEnvVar + ", else ./" + pt::kDefaultIndexDir + ")");
  build->add_option("--language", language, "Snowball stemming language (default: the index's, else english)");
  build->add_option("--max-file-size", opt.max_file_bytes, "Skip files larger than this many bytes (suffixes k, M, G)")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("64M");
  build->add_option("--threads", opt.threads,
                    "Analysis threads (default: one per core); a build from empty also writes min(N, 4) parts in parallel")
      ->check(CLI::Range(1u, 256u));
  unsigned shards = 0;
  build->add_option("--shards", shards,
                    "Write N shards (shard-0.. under DIR/XAPIANDB, one writer each; default: what the index has, else 1)")
      ->check(CLI::Range(1u, 256u));
  std::vector<std::string> fields;
  build->add_option("--field", fields,
                    "JSONL field mapping NAME=KEY, repeatable (NAME: " + pt::indexer::JsonlFields::field_names() +
                        "; default keys id|_id, title, body|text, source, date, authors|author, url)");
  build->add_option("--batch", opt.batch_documents, "Each shard commits after this many changed documents")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
      ->default_val(opt.batch_documents);
  build->add_option("--title-weight", opt.title_weight, "How many times a title word counts in the body")
      ->check(CLI::Range(1u, 100u))
      ->default_val(opt.title_weight);
  std::string actors;
  build->add_option("--actors", actors, "Your own gazetteer of actors on top of the built-in one (docs/gazetteer.md)")
      ->check(CLI::ExistingFile);
  build->add_flag("--rebuild", opt.rebuild, "Start from an empty index (needed for another corpus or schema)");
  bool no_compact = false;
  build->add_flag("--no-compact", no_compact,
                  "Skip the compaction (the merge of the parts) that ends a build from an empty index (about half the size)");
  build->add_flag("--strict", strict, "Exit with status 3 when any file was skipped");
  build->add_flag("-q,--quiet", quiet, "No progress line and no summary");
  auto* compact = app.add_subcommand("compact", "Write a compacted single-file copy of an index (or of a stub of shards)");
  std::string compact_source, compact_dest;
  compact->add_option("INDEX", compact_source, "The index to compact: a folder, or a stub listing shards")->required();
  compact->add_option("DEST", compact_dest, "Where to write the copy (must not exist)")->required();
  app.footer(
      "Exit status: 0 done, 1 error, 2 bad usage, 3 files skipped with --strict, 130 interrupted.\n"
      "An interrupted build keeps everything it committed; run it again to finish.");

  if (auto status = pt::cli::parse(app, argc, argv)) return *status;

  if (compact->parsed())
    return pt::cli::run("ptindex", [&] {
      const auto s = pt::indexer::compact_index(compact_source, compact_dest);
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.2f s", s.seconds);
      std::cout << "compacted " << compact_source << " (" << s.shards << (s.shards == 1 ? " database, " : " shards, ")
                << human_bytes(static_cast<double>(s.source_bytes)) << ") into " << compact_dest << " ("
                << human_bytes(static_cast<double>(s.output_bytes)) << "), " << secs << "\n";
      std::cout.flush();
      if (!std::cout) throw pt::IoError("cannot write the summary to standard output");
      return 0;
    });

  return pt::cli::run("ptindex", [&] {
    opt.corpus = corpus;
    if (shards) opt.shards = shards;
    opt.compact_fresh = !no_compact;
    for (const auto& f : fields) opt.jsonl_fields.map(f);
    if (!actors.empty()) opt.actors_file = actors;
    if (opt.index_path.empty()) opt.index_path = pt::default_index_path();
    if (!language.empty()) {
      const auto langs = pt::Analyzer::languages();
      if (std::find(langs.begin(), langs.end(), language) == langs.end()) {
        std::string list;
        for (const auto& l : langs) list += (list.empty() ? "" : ", ") + l;
        std::cerr << "ptindex: unknown language '" << language << "' (choose one of: " << list << ")\n";
        return pt::cli::kExitUsage;
      }
      opt.language = language;
    }
    install_signal_handlers();
    ConsoleObserver observer(!quiet && isatty(STDERR_FILENO));
    const auto s = pt::indexer::build_index(opt, observer);
    observer.clear();
    if (!quiet) {
      std::cout << (s.interrupted ? "interrupted: " : "") << "indexed " << corpus << " into " << opt.index_path << "\n"
                << "  " << s.files << " files: " << s.added << " added, " << s.updated << " updated, " << s.unchanged
                << " unchanged, " << s.removed << " removed, " << s.skipped << " skipped\n";
      if (s.warnings) std::cout << "  " << s.warnings << " warning(s), see above\n";
      if (s.dropped_terms) std::cout << "  " << s.dropped_terms << " over-long words left out (limit 245 bytes)\n";
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.2f s", s.seconds);
      std::cout << "  index " << human_bytes(static_cast<double>(s.index_bytes)) << ", read "
                << human_bytes(static_cast<double>(s.bytes_read)) << ", " << secs;
      if (s.compact_seconds > 0) {
        char compaction[48];
        std::snprintf(compaction, sizeof compaction, " (of which compaction %.2f s)", s.compact_seconds);
        std::cout << compaction;
      }
      std::cout << "\n";
    }
    std::cout.flush();
    if (!std::cout) throw pt::IoError("cannot write the summary to standard output");
    if (s.interrupted) {
      std::cerr << "ptindex: interrupted; the index holds everything committed so far, run the same command to finish\n";
      return kExitInterrupted;
    }
    if (strict && s.skipped) {
      std::cerr << "ptindex: " << s.skipped << " file(s) skipped (--strict)\n";
      return kExitSkipped;
    }
    return 0;
  });
}
