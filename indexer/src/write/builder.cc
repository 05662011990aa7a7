// The build pipeline: one reader, parallel analysis workers, in-order dispatch, one writer per shard.
#include "ptindex/builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "../parse/explicit_meta.h"
#include "../pipeline/bounded_queue.h"
#include "article_document.h"
#include "index_layout.h"
#include "ptindex/compact.h"
#include "record_sample.h"
#include "pt/error.h"
#include "pt/hash.h"
#include "pt/index_store.h"
#include "pt/record_store.h"
#include "pt/schema.h"
#include "ptindex/article.h"
#include "ptindex/corpus.h"
#include "ptindex/extract.h"
#include "ptindex/fingerprint.h"
#include "shard_writer.h"

namespace pt::indexer {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kMaxSidecarBytes = 1u << 20;
// A JSONL chunk (one unit of work) ends after this many lines or bytes: big enough to amortise
// the hand-over, small enough that every worker gets work from one large file.
constexpr std::size_t kChunkLines = 256;
constexpr std::size_t kChunkBytes = 1u << 20;
constexpr int kReadRetries = 5;
constexpr std::size_t kDictionarySamples = 2000;  // articles the body dictionary is trained on
// Of those, how many heads (metadata extracted, as stored) the head dictionary is trained on:
// extraction is the costly part, and at 10,000 articles 250 heads gave a dictionary within 1.5%
// of one from 2,000.
constexpr std::size_t kHeadDictionarySamples = 500;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Why a file could not be read. `gone`: it no longer exists (deleted after the folder was listed).
struct ReadFailure {
  std::string reason;
  bool gone = false;
};

// Reads a whole regular file of at most `limit` bytes; nullopt and `failure` otherwise. A file over
// the limit is refused from its size before any byte is read (and again if it grows while read);
// one that became something else (a FIFO would block) is refused without being read.
std::optional<std::string> read_file(const fs::path& path, std::uint64_t limit, ReadFailure& failure) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    failure.gone = err == ENOENT;
    failure.reason = failure.gone ? "disappeared during the build (deleted after its folder was listed)"
                                  : std::string("cannot read: ") + std::strerror(err);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  const auto too_big = [&] {
    failure.reason = "larger than the size limit (" + std::to_string(limit) + " bytes; see --max-file-size)";
    return std::nullopt;
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    failure.reason = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    failure.reason = "no longer a regular file (replaced during the build)";
    return std::nullopt;
  }
  if (static_cast<std::uint64_t>(st.st_size) > limit) return too_big();
  std::string data;
  data.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      failure.reason = std::string("read error: ") + std::strerror(errno);
      return std::nullopt;
    }
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > limit) return too_big();
  }
  return data;
}

std::uint64_t folder_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code sec;
    if (it->is_regular_file(sec)) total += it->file_size(sec);
  }
  return total;
}

// Runs a read on a view of the index as it was; when a writer's commits moved the view on, it
// reopens and tries again.
template <typename F>
auto with_view(Xapian::Database& db, F&& f) -> decltype(f(db)) {
  for (int attempt = 1;; ++attempt) {
    try {
      return f(db);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReadRetries) throw;
      db.reopen();
    }
  }
}

std::optional<Fingerprint> stored_fingerprint(Xapian::Database& db, const std::string& id) {
  const std::string term = schema::id_term(id);
  const auto hit = db.postlist_begin(term);
  if (hit == db.postlist_end(term)) return std::nullopt;
  return Fingerprint::parse(db.get_document(*hit).get_value(schema::kSlotFingerprint));
}

struct Note {
  std::string path;
  std::string message;
  bool skip = false;  // a skipped article (else a warning about one that was indexed)
};

enum class ItemKind { Text, Unchanged, Jsonl, KeepFile, Nothing };

// One unit of work, in corpus order (seq): an article file, or a chunk of a JSONL file's lines.
struct WorkItem {
  std::uint64_t seq = 0;
  ItemKind kind = ItemKind::Nothing;
  std::uint32_t file = 0;                 // index into the listing
  std::string bytes;                      // Text: the file
  std::optional<std::string> sidecar;     // Text: its sidecar, when readable
  std::optional<Fingerprint> stored;      // Text: what the index held when the build started
  std::vector<JsonlReader::Line> lines;   // Jsonl
  std::vector<Note> notes;                // found while reading
  bool file_done = false;                 // the file's last item
  bool keep_file = false;                 // JSONL file not (completely) read: its documents stay
  bool gone = false;                      // Text: deleted since the listing (its old version goes too)
  std::uint64_t progress_bytes = 0;       // of the file's size, for progress
  std::uint64_t bytes_read = 0;
  std::size_t unchanged_docs = 0;         // KeepFile
};

// What a worker made of an item.
struct WorkResult {
  WorkItem item;                          // (its bulky parts emptied)
  std::vector<PreparedDocument> docs;
  std::vector<std::size_t> lines;         // the line of each document (0 for article files)
};

// A prepared document on its way to its shard's writer.
struct Routed {
  PreparedDocument doc;
  bool known_new = false;
  bool repeat = false;  // its id came earlier in this build: the replace is not counted again
  std::uint32_t file = 0;  // listing index of its file
  std::size_t line = 0;    // its JSONL line (0 for an article file)
};

class Build {
 public:
  Build(const BuildOptions& o, BuildObserver& obs) : opt_(o), obs_(obs) {}

  BuildStats run() {
    const auto t0 = Clock::now();
    std::error_code ec;
    const fs::path root = fs::canonical(opt_.corpus, ec);
    if (ec) throw IoError("cannot read corpus folder " + opt_.corpus.string() + ": " + ec.message());
    if (!fs::is_directory(root)) throw IoError("corpus " + opt_.corpus.string() + " is not a folder");
    root_ = root;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    stats_.threads = opt_.threads ? opt_.threads : cores;
    // One Xapian writer bounds a build's speed: a build of an unsharded index from empty writes
    // parts in parallel and merges them at the end, which is the compaction it ends with anyway
    // (so not with --no-compact).
    layout_ = plan_index_layout(opt_.index_path, opt_.shards, opt_.rebuild,
                                opt_.compact_fresh ? std::min(stats_.threads, kMaxParts) : 1);
    open_shards(root);
    commit_settings();          // a new index is a valid (empty) ptsearch index from the start
    write_shard_stub(layout_);  // from the start, so the shards' committed batches can be searched
    listing_ = list_corpus(root, {fs::path(opt_.index_path)});
    for (const auto& p : listing_.problems) p.warning ? warn(p.path, p.reason) : skip(p.path, p.reason);
    stats_.files = listing_.files.size();
    stats_.shards = layout_.in_parts ? 1 : static_cast<unsigned>(writers_.size());
    choose_dictionaries();
    commit_settings();
    find_unchanged_jsonl();
    progress_.files_total = listing_.files.size();
    for (const auto& f : listing_.files) progress_.bytes_total += f.size;

    run_pipeline(t0);
    if (error_) std::rethrow_exception(error_);
    for (const auto& n : writer_notes_) warn(n.path, n.message);
    try {
      if (!stats_.interrupted) finish_complete_build();
      for (auto& w : writers_) w->commit();
      write_shard_stub(layout_);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot write index " + opt_.index_path);
    }
    for (auto& w : writers_) {
      const auto& c = w->counts();
      stats_.added += c.added;
      stats_.updated += c.updated;
      stats_.unchanged += c.unchanged;
      stats_.removed += c.removed;
      stats_.commits += c.commits;
    }
    // The writers stay open through the merge: their locks keep other builds out until the parts
    // are merged. Interrupted, the index stays in parts, searchable, and the next build merges them.
    std::optional<CompactStats> merged;
    if (layout_.in_parts && !stats_.interrupted) {
      merged = merge_parts_into(layout_.shard_paths, layout_.root, [this] { return obs_.stop_requested(); });
      if (!merged) stats_.interrupted = true;
    }
    for (auto& w : writers_) w->database().close();
    if (merged) {
      stats_.compact_seconds = merged->seconds;
      remove_parts(layout_);
    }
    const bool fresh = std::all_of(was_empty_.begin(), was_empty_.end(), [](bool e) { return e; });
    if (opt_.compact_fresh && fresh && !stats_.interrupted && stats_.added > 0 && !layout_.in_parts) compact_shards();
    stats_.index_bytes = folder_bytes(opt_.index_path);
    stats_.seconds = since(t0);
    return stats_;
  }

 private:
  // Each shard compacted in place, in parallel (one thread per shard).
  void compact_shards() {
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> errors(layout_.shard_paths.size());
    for (std::size_t i = 0; i < layout_.shard_paths.size(); ++i)
      threads.emplace_back([this, i, &errors] {
        try {
          compact_in_place(layout_.shard_paths[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    for (auto& t : threads) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    stats_.compact_seconds = since(t0);
  }

  // ---- set-up ----

  // Commits what set-up wrote (metadata, a new dictionary), when it wrote anything: a build killed
  // before its first batch leaves an index that opens and answers (with no documents), not one
  // that has no settings yet.
  void commit_settings() {
    try {
      for (auto& w : writers_) w->commit();
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot write index " + opt_.index_path);
    }
  }

  void open_shards(const fs::path& root) {
    for (const auto& path : layout_.shard_paths) {
      if (layout_.sharded()) fs::create_directories(layout_.root);
      writers_.push_back(std::make_unique<ShardWriter>(path, opt_.rebuild, opt_.batch_documents, opt_.batch_bytes));
    }
    IndexMeta meta;
    try {
      meta = read_index_meta(writers_.front()->database());
      for (auto& w : writers_) was_empty_.push_back(w->database().get_doccount() == 0);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot read index " + opt_.index_path);
    }
    const bool fresh = std::all_of(was_empty_.begin(), was_empty_.end(), [](bool e) { return e; }) && meta.schema == 0;
    if (!fresh && meta.schema != schema::kVersion)
      throw SchemaMismatchError("index " + opt_.index_path + " has schema version " + std::to_string(meta.schema) +
                                ", this program writes version " + std::to_string(schema::kVersion) +
                                "; add --rebuild to rebuild it from scratch");
    if (!fresh && !meta.corpus_root.empty() && meta.corpus_root != root.string())
      throw ConfigError("index " + opt_.index_path + " mirrors the corpus " + meta.corpus_root + ", not " + root.string() +
                        "; add --rebuild to replace it, or use another --index");
    language_ = opt_.language ? *opt_.language : (meta.language.empty() ? "english" : meta.language);
    const Analyzer probe(AnalyzerSettings{language_});  // checks the language; gives the settings' fingerprint
    load_gazetteer(meta);
    const std::string settings = probe.fingerprint() + ";title_weight=" + std::to_string(opt_.title_weight) +
                                 ";schema=" + std::to_string(schema::kVersion) + ";gazetteer=" + gazetteer().fingerprint();
    settings_hash_ = to_hex(hash64(settings));
    try {
      // Every shard carries the same keys: a stub's get_metadata reads the first shard only.
      for (auto& w : writers_) {
        w->set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kVersion));
        w->set_metadata(std::string(schema::kMetaLanguage), language_);
        w->set_metadata(std::string(schema::kMetaSettings), settings);
        w->set_metadata(std::string(schema::kMetaCorpusRoot), root.string());
        w->set_metadata(std::string(schema::kMetaUserActors), user_actors_);
      }
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot write index " + opt_.index_path);
    }
  }

  // The gazetteer: --actors FILE, else the user file the index was built with, else built-in only.
  // (To drop a user file again, build with --actors on an empty file.)
  void load_gazetteer(const IndexMeta& meta) {
    if (opt_.actors_file) {
      std::ifstream in(*opt_.actors_file, std::ios::binary);
      if (!in) throw IoError("cannot read actors file " + opt_.actors_file->string() + ": " + std::strerror(errno));
      user_actors_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      gazetteer_ = std::make_unique<Gazetteer>(Gazetteer::with_user_text(user_actors_, opt_.actors_file->string()));
      return;
    }
    user_actors_ = meta.user_actors;
    if (!user_actors_.empty())
      gazetteer_ = std::make_unique<Gazetteer>(Gazetteer::with_user_text(user_actors_, "the actors file kept in the index"));
  }

  const Gazetteer& gazetteer() const { return gazetteer_ ? *gazetteer_ : Gazetteer::builtin(); }

  // The record compression dictionaries: the index's own (its documents were written with them),
  // else, for each kind the index lacks (both for a new index, heads for one built before head
  // dictionaries), one trained on a sample of this corpus and stored in every shard (a stub reads
  // the first shard's metadata, so each shard must hold the dictionaries its records name).
  void choose_dictionaries() {
    try {
      dictionaries_ = current_record_dictionaries(writers_.front()->database(), opt_.index_path);
      if (dictionaries_.head && dictionaries_.body) return;
      const auto samples = sample_articles(listing_, opt_, kDictionarySamples);
      RecordDictionaries trained;
      if (!dictionaries_.head) trained.head = dictionaries_.head = train_head_dictionary(sample_heads(samples));
      if (!dictionaries_.body) {
        std::vector<Record> bodies(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) bodies[i].body = samples[i].article.body;
        trained.body = dictionaries_.body = train_record_dictionary(bodies);
      }
      if (trained.head || trained.body)
        for (auto& w : writers_) w->store_dictionaries(trained);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot write index " + opt_.index_path);
    }
  }

  // Heads of a spread of the samples as the index will store them.
  std::vector<Record> sample_heads(const std::vector<SampleArticle>& samples) const {
    const std::size_t count = std::min(samples.size(), kHeadDictionarySamples);
    std::vector<Record> heads;
    heads.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const SampleArticle& s = samples[i * samples.size() / count];
      Article article = s.article;
      heads.push_back(article_record(s.id, s.path, article, gazetteer()));
    }
    return heads;
  }

  // JSONL files with the fingerprint they had when last read whole are not read again. Known
  // before the pipeline starts, so a shard writer meeting an id that such a file also holds can
  // tell which record comes later in corpus order (and wins, as in a fresh build).
  void find_unchanged_jsonl() {
    if (opt_.rebuild) return;
    // A shard created again has lost the records of the JSONL files the stored fingerprints vouch for.
    if (std::any_of(writers_.begin(), writers_.end(), [](const auto& w) { return w->recreated(); })) return;
    auto& db = writers_.front()->database();
    for (std::uint32_t i = 0; i < listing_.files.size(); ++i) {
      const CorpusFile& file = listing_.files[i];
      if (file.jsonl && db.get_metadata(std::string(schema::kMetaFilePrefix) + file.id) == file_fingerprint(file))
        unchanged_jsonl_.emplace(std::string(schema::kFilePrefix) + file.id, i);
    }
  }

  // ---- the pipeline ----

  void run_pipeline(Clock::time_point t0) {
    const unsigned workers = stats_.threads;
    // Bounds on what is in flight (see docs/ARCHITECTURE.md, "Indexer memory").
    work_ = std::make_unique<BoundedQueue<WorkItem>>(2 * workers);
    results_ = std::make_unique<BoundedQueue<WorkResult>>(2 * workers);
    for (std::size_t i = 0; i < writers_.size(); ++i)
      writer_queues_.push_back(std::make_unique<BoundedQueue<Routed>>(512));

    std::vector<std::thread> threads;
    std::atomic<unsigned> workers_left{workers};
    threads.emplace_back([this] { guarded([this] { read_corpus(); }); work_->close(); });
    for (unsigned i = 0; i < workers; ++i)
      threads.emplace_back([this, &workers_left] {
        guarded([this] { analyse(); });
        if (--workers_left == 0) results_->close();
      });
    std::vector<std::thread> writer_threads;
    for (std::size_t i = 0; i < writers_.size(); ++i)
      writer_threads.emplace_back([this, i] { guarded([this, i] { write_shard(i); }); });

    guarded([&] { dispatch(t0); });
    if (stop_.load()) {
      work_->abandon();
      results_->abandon();
    }
    for (auto& t : threads) t.join();
    for (auto& q : writer_queues_) q->close();
    for (auto& t : writer_threads) t.join();
  }

  // Runs a stage; the first error stops every stage and is rethrown by run().
  template <typename F>
  void guarded(F&& stage) {
    try {
      try {
        stage();
      } catch (const Xapian::Error& e) {
        rethrow_xapian(e, "cannot write index " + opt_.index_path);
      }
    } catch (...) {
      {
        std::lock_guard lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
      }
      stop_.store(true);
      work_->abandon();
      results_->abandon();
      for (auto& q : writer_queues_) q->abandon();
    }
  }

  // Reader thread: decides from fingerprints what must be read, reads it, hands out work in order.
  void read_corpus() {
    std::vector<std::optional<Xapian::Database>> views;  // read-only views of the shards as they were
    for (std::size_t i = 0; i < writers_.size(); ++i) {
      // Shard 0 also holds the JSONL files' fingerprints, even with no documents.
      if (was_empty_[i] && (i > 0 || opt_.rebuild)) views.emplace_back();
      else views.emplace_back(Xapian::Database(layout_.shard_paths[i]));
    }
    std::uint64_t seq = 0;
    for (std::uint32_t i = 0; i < listing_.files.size() && !stop_.load(); ++i) {
      const CorpusFile& file = listing_.files[i];
      if (file.jsonl) {
        read_jsonl(i, file, views, seq);
        continue;
      }
      WorkItem item;
      item.seq = seq++;
      item.file = i;
      item.file_done = true;
      item.progress_bytes = file.size;
      const unsigned shard = shard_of(file.id, writers_.size());
      if (views[shard]) item.stored = with_view(*views[shard], [&](Xapian::Database& db) { return stored_fingerprint(db, file.id); });
      // A sidecar's metadata is part of the article: its changes count as the article's.
      const std::uint64_t size = file.size + file.sidecar_size;
      const std::int64_t mtime = std::max(file.mtime_ns, file.sidecar_mtime_ns);
      if (check_freshness(item.stored, size, mtime, settings_hash_) == Freshness::Unchanged) {
        item.kind = ItemKind::Unchanged;
      } else {
        ReadFailure failure;
        auto bytes = read_file(file.path, opt_.max_file_bytes, failure);
        if (!bytes) {
          item.notes.push_back({file.path.string(), failure.reason, true});
          item.gone = failure.gone;
        } else {
          item.kind = ItemKind::Text;
          item.bytes_read = bytes->size();
          item.bytes = std::move(*bytes);
          if (file.sidecar) {
            ReadFailure sidecar_failure;
            item.sidecar = read_file(*file.sidecar, kMaxSidecarBytes, sidecar_failure);
            if (!item.sidecar)
              item.notes.push_back({file.sidecar->string(), sidecar_failure.reason + "; indexed without it", false});
          }
        }
      }
      if (!work_->push(std::move(item))) return;
    }
  }

  std::string file_fingerprint(const CorpusFile& file) const {
    return Fingerprint{file.size, file.mtime_ns, 0, settings_hash_}.serialize();
  }

  void read_jsonl(std::uint32_t index, const CorpusFile& file, std::vector<std::optional<Xapian::Database>>& views,
                  std::uint64_t& seq) {
    const std::string file_term = std::string(schema::kFilePrefix) + file.id;
    {
      if (unchanged_jsonl_.count(file_term)) {
        WorkItem item;
        item.seq = seq++;
        item.kind = ItemKind::KeepFile;
        item.file = index;
        item.file_done = true;
        item.keep_file = true;
        item.progress_bytes = file.size;
        for (auto& view : views)
          if (view) item.unchanged_docs += with_view(*view, [&](Xapian::Database& db) { return db.get_termfreq(file_term); });
        work_->push(std::move(item));
        return;
      }
    }
    auto new_item = [&] {
      WorkItem item;
      item.seq = seq++;
      item.kind = ItemKind::Jsonl;
      item.file = index;
      return item;
    };
    WorkItem item = new_item();
    std::size_t chunk_bytes = 0;
    std::uint64_t reported = 0;  // file bytes accounted for in progress
    try {
      JsonlReader reader(file.path, opt_.max_file_bytes);
      while (auto line = reader.next()) {
        chunk_bytes += line->text.size();
        item.lines.push_back(std::move(*line));
        if (item.lines.size() >= kChunkLines || chunk_bytes >= kChunkBytes) {
          item.progress_bytes = std::min(reader.bytes_read(), file.size) - reported;
          item.bytes_read = chunk_bytes;
          reported += item.progress_bytes;
          if (stop_.load() || !work_->push(std::move(item))) return;
          item = new_item();
          chunk_bytes = 0;
        }
      }
    } catch (const Error& e) {
      // Lines read so far are indexed; the file's other documents stay as they were.
      // The error names the file already ("PATH: corrupt zstd data ..."): the note's path is not repeated.
      std::string message = e.what();
      const std::string prefix = file.path.string() + ": ";
      if (message.starts_with(prefix)) message.erase(0, prefix.size());
      item.notes.push_back({file.path.string(), message + "; the file's other documents are kept", true});
      item.keep_file = true;
    }
    item.file_done = true;
    item.progress_bytes = file.size - reported;
    item.bytes_read = chunk_bytes;
    work_->push(std::move(item));
  }

  // Worker thread: parse, extract, analyse; one document maker (and analyser) per thread.
  void analyse() {
    ArticleDocumentMaker maker(language_, gazetteer(), opt_.title_weight, dictionaries_);
    while (auto item = work_->pop()) {
      WorkResult result;
      result.item = std::move(*item);
      if (result.item.kind == ItemKind::Text) prepare_text(maker, result);
      if (result.item.kind == ItemKind::Jsonl) prepare_jsonl(maker, result);
      result.item.bytes.clear();
      result.item.sidecar.reset();
      result.item.lines.clear();
      if (!results_->push(std::move(result))) return;
    }
  }

  void prepare_text(ArticleDocumentMaker& maker, WorkResult& result) {
    WorkItem& item = result.item;
    const CorpusFile& file = listing_.files[item.file];
    const std::string path = file.path.string();
    // HTML declares its own encoding (libxml2 converts it); text files are decoded here (UTF-16
    // with a byte order mark, invalid UTF-8 repaired).
    const bool html = is_html_file(file.path);
    std::string text;
    std::vector<std::string> decode_warnings;
    if (auto problem = html ? binary_problem(item.bytes) : decode_text_file(item.bytes, text, decode_warnings)) {
      item.notes.push_back({path, *problem, true});
      return;
    }
    const std::uint64_t size = file.size + file.sidecar_size;
    const std::int64_t mtime = std::max(file.mtime_ns, file.sidecar_mtime_ns);
    const Fingerprint fp{size, mtime, Hasher64{}.field(item.bytes).field(item.sidecar.value_or("")).value(), settings_hash_};
    const unsigned shard = shard_of(file.id, writers_.size());
    if (same_content(item.stored, fp.content_hash, settings_hash_)) {
      PreparedDocument doc;  // touched but not changed: the writer refreshes the fingerprint
      doc.id = file.id;
      doc.id_term = schema::id_term(file.id);
      doc.shard = shard;
      doc.fingerprint = fp;
      result.docs.push_back(std::move(doc));
      result.lines.push_back(0);
      return;
    }
    try {
      std::optional<Article> article;
      std::string reason;
      if (html) {
        article = parse_html_article(item.bytes, reason);
      } else {
        // The raw bytes are hashed: a big file is not held three times over.
        std::string().swap(item.bytes);
        for (auto& w : decode_warnings) item.notes.push_back({path, std::move(w), false});
        std::vector<std::string> warnings;
        article = parse_text_with_front_matter(normalize_text(text), warnings);
        std::string().swap(text);
        for (auto& w : warnings) item.notes.push_back({path, std::move(w), false});
      }
      if (!article) {
        item.notes.push_back({path, reason, true});
        return;
      }
      if (item.sidecar) {
        try {
          apply_sidecar(*item.sidecar, *article);
        } catch (const Error& e) {
          item.notes.push_back({file.sidecar->string(), std::string(e.what()) + "; indexed without it", false});
        }
      }
      result.docs.push_back(maker.make(file.id, file.id, std::move(*article), fp, {}, shard));
      result.lines.push_back(0);
    } catch (const Error& e) {
      item.notes.push_back({path, e.what(), true});
    }
  }

  void prepare_jsonl(ArticleDocumentMaker& maker, WorkResult& result) {
    WorkItem& item = result.item;
    const CorpusFile& file = listing_.files[item.file];
    const std::string file_term = std::string(schema::kFilePrefix) + file.id;
    for (auto& line : item.lines) {
      const std::string where = file.path.string() + ":" + std::to_string(line.number);
      if (line.problem) {
        item.notes.push_back({where, *line.problem, true});
        continue;
      }
      try {
        std::string problem;
        std::vector<std::string> warnings;
        auto parsed = parse_jsonl_line(line.text, opt_.jsonl_fields, problem, warnings);
        for (auto& w : warnings) item.notes.push_back({where, std::move(w), false});
        if (!parsed) {
          item.notes.push_back({where, problem, true});
          continue;
        }
        // The file is part of the fingerprint: a record moved to another file is rewritten with its new XF term.
        const Fingerprint fp{line.text.size(), 0, Hasher64{}.field(file.id).field(line.text).value(), settings_hash_};
        const unsigned shard = shard_of(parsed->id, writers_.size());
        result.docs.push_back(maker.make(parsed->id, file.id, std::move(parsed->article), fp, file_term, shard));
        result.lines.push_back(line.number);
      } catch (const Error& e) {
        item.notes.push_back({where, e.what(), true});
      }
    }
  }

  // Main thread: results back in corpus order, ids checked for repeats, documents to their shard.
  void dispatch(Clock::time_point t0) {
    std::map<std::uint64_t, WorkResult> waiting;
    std::uint64_t next = 0;
    while (auto result = results_->pop()) {
      waiting.emplace(result->item.seq, std::move(*result));
      while (!waiting.empty() && waiting.begin()->first == next) {
        handle(waiting.begin()->second);
        waiting.erase(waiting.begin());
        ++next;
        progress_.seconds = since(t0);
        obs_.on_progress(progress_);
      }
      if (!stop_.load() && obs_.stop_requested()) {
        stats_.interrupted = true;
        stop_.store(true);
        return;
      }
    }
  }

  void handle(WorkResult& result) {
    const WorkItem& item = result.item;
    const CorpusFile& file = listing_.files[item.file];
    for (const auto& n : item.notes) n.skip ? skip(n.path, n.message) : warn(n.path, n.message);
    stats_.bytes_read += item.bytes_read;
    // An article file that exists keeps its document even when it cannot be read now (its old
    // version stays); its id is seen whatever became of it. One deleted since the listing is not.
    if (!file.jsonl && result.docs.empty() && !item.gone) seen_.emplace(hash64(file.id), std::uint64_t{item.file} << 32);
    if (item.kind == ItemKind::Unchanged) ++stats_.unchanged;
    if (item.keep_file) kept_files_.push_back(std::string(schema::kFilePrefix) + file.id);
    stats_.unchanged += item.unchanged_docs;
    for (std::size_t i = 0; i < result.docs.size(); ++i) {
      PreparedDocument& doc = result.docs[i];
      const std::uint64_t where = std::uint64_t{item.file} << 32 | (result.lines[i] & 0xffffffffu);
      const auto [it, first] = seen_.emplace(hash64(doc.id), where);
      if (!first) {
        const CorpusFile& earlier = listing_.files[it->second >> 32];
        const std::size_t earlier_line = it->second & 0xffffffffu;
        warn(file.path.string() + (result.lines[i] ? ":" + std::to_string(result.lines[i]) : ""),
             "id '" + doc.id + "' repeats " + earlier.path.string() +
                 (earlier_line ? ":" + std::to_string(earlier_line) : "") + "; the later record wins");
        it->second = where;
      }
      stats_.dropped_terms += doc.dropped_terms;
      const unsigned shard = doc.shard;
      if (!writer_queues_[shard]->push(Routed{std::move(doc), first && was_empty_[shard], !first, item.file, result.lines[i]}))
        return;
    }
    if (item.file_done) {
      ++progress_.files_done;
      if (!item.keep_file && file.jsonl) fully_read_.push_back(item.file);
    }
    progress_.bytes_done += item.progress_bytes;
  }

  // Writer thread of shard i.
  void write_shard(std::size_t i) {
    while (auto routed = writer_queues_[i]->pop()) {
      if (!routed->known_new && !unchanged_jsonl_.empty() && repeats_unchanged_file(*writers_[i], *routed)) continue;
      writers_[i]->apply(std::move(routed->doc), routed->known_new, routed->repeat);
    }
  }

  // An id this build meets that a JSONL file not read again also holds: the record later in
  // corpus order wins, as in a fresh build. True when the stored record (the later one) stays.
  bool repeats_unchanged_file(ShardWriter& writer, const Routed& routed) {
    auto& db = writer.database();
    const auto hit = db.postlist_begin(routed.doc.id_term);
    if (hit == db.postlist_end(routed.doc.id_term)) return false;
    const Xapian::Document stored = db.get_document(*hit);
    auto t = stored.termlist_begin();
    t.skip_to(std::string(schema::kFilePrefix));
    if (t == stored.termlist_end() || !std::string(*t).starts_with(schema::kFilePrefix)) return false;
    const auto kept = unchanged_jsonl_.find(*t);
    if (kept == unchanged_jsonl_.end() || kept->second == routed.file) return false;
    const CorpusFile& here = listing_.files[routed.file];
    const CorpusFile& there = listing_.files[kept->second];
    const bool stays = kept->second > routed.file;  // the file not read again comes later
    std::lock_guard lock(writer_notes_mutex_);
    writer_notes_.push_back({here.path.string() + (routed.line ? ":" + std::to_string(routed.line) : ""),
                             "id '" + routed.doc.id + "' repeats " + there.path.string() + "; the later record wins",
                             false});
    return stays;
  }

  // After a complete pass: prune vanished documents, record which JSONL files were read whole.
  void finish_complete_build() {
    PruneRule rule{&seen_, kept_files_, {}};
    for (const auto& p : listing_.problems)
      if (p.unread_folder) rule.unread_prefixes.push_back(*p.unread_folder + "/");
    std::vector<std::thread> pruners;
    for (auto& w : writers_)
      pruners.emplace_back([this, &w, &rule] { guarded([&] { w->prune(rule); }); });
    for (auto& t : pruners) t.join();
    if (error_) std::rethrow_exception(error_);

    ShardWriter& first = *writers_.front();
    for (const std::uint32_t i : fully_read_) {
      const CorpusFile& file = listing_.files[i];
      first.set_metadata(std::string(schema::kMetaFilePrefix) + file.id, file_fingerprint(file));
    }
    // Forget JSONL files no longer in the corpus (unless under a folder that could not be read).
    std::vector<std::string> stale;
    const std::string prefix(schema::kMetaFilePrefix);
    auto& db = first.database();
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      const std::string id = (*it).substr(prefix.size());
      const bool listed = std::any_of(listing_.files.begin(), listing_.files.end(), [&](const CorpusFile& f) { return f.id == id; });
      const bool unread = std::any_of(rule.unread_prefixes.begin(), rule.unread_prefixes.end(),
                                      [&](const std::string& dir) { return id.starts_with(dir); });
      if (!listed && !unread) stale.push_back(*it);
    }
    for (const auto& key : stale) first.set_metadata(key, "");
  }

  void skip(const std::string& path, const std::string& reason) {
    ++stats_.skipped;
    obs_.on_skip(path, reason);
  }

  void warn(const std::string& path, const std::string& message) {
    ++stats_.warnings;
    obs_.on_warning(path, message);
  }


  const BuildOptions& opt_;
  BuildObserver& obs_;
  fs::path root_;
  static constexpr unsigned kMaxParts = 4;  // parallel writers of an unsharded build from empty

  IndexLayout layout_;
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  std::vector<bool> was_empty_;  // per shard, when the build started
  std::string language_;
  std::unique_ptr<Gazetteer> gazetteer_;  // null: the built-in one
  std::string user_actors_;               // the user's gazetteer text, kept in the index
  std::string settings_hash_;
  RecordDictionaries dictionaries_;
  CorpusListing listing_;
  BuildStats stats_;
  BuildProgress progress_;

  std::unique_ptr<BoundedQueue<WorkItem>> work_;
  std::unique_ptr<BoundedQueue<WorkResult>> results_;
  std::vector<std::unique_ptr<BoundedQueue<Routed>>> writer_queues_;
  std::atomic<bool> stop_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;

  std::unordered_map<std::string, std::uint32_t> unchanged_jsonl_;  // XF term -> listing index
  std::mutex writer_notes_mutex_;
  std::vector<Note> writer_notes_;       // warnings from writer threads, reported after the pipeline
  SeenIds seen_;                         // ids met in this build (dispatcher only, then read by pruners)
  std::vector<std::string> kept_files_;  // XF terms of JSONL files whose documents stay as they are
  std::vector<std::uint32_t> fully_read_;  // JSONL files read whole in this build
};

}  // namespace

BuildStats build_index(const BuildOptions& options, BuildObserver& observer) {
  if (options.batch_documents == 0) throw ConfigError("batch size must be at least 1 document");
  if (options.title_weight == 0) throw ConfigError("title weight must be at least 1");
  if (options.shards && (*options.shards == 0 || *options.shards > 256)) throw ConfigError("--shards must be 1 to 256");
  if (options.threads > 256) throw ConfigError("--threads must be 0 (one per core) to 256");
  return Build(options, observer).run();
}

}  // namespace pt::indexer
