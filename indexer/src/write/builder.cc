// The build loop: list the corpus, decide per file, analyse what changed, commit in batches, prune.
#include "ptindex/builder.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>

#include "../parse/explicit_meta.h"
#include "../extract/lines.h"
#include "document.h"
#include "meta_index.h"
#include "pt/analyzer.h"
#include "pt/error.h"
#include "pt/hash.h"
#include "pt/index_store.h"
#include "pt/record.h"
#include "pt/schema.h"
#include "ptindex/article.h"
#include "ptindex/corpus.h"
#include "ptindex/extract.h"
#include "ptindex/fingerprint.h"

namespace pt::indexer {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kMaxSidecarBytes = 1u << 20;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Reads a whole file; nullopt and `reason` on failure.
std::optional<std::string> read_file(const fs::path& path, std::uint64_t limit, std::string& reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limit) {
      reason = "larger than the size limit (" + std::to_string(limit) + " bytes; see --max-file-size)";
      return std::nullopt;
    }
  }
  if (in.bad()) {
    reason = std::string("read error: ") + std::strerror(errno);
    return std::nullopt;
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

std::optional<Fingerprint> stored_fingerprint(const Xapian::Database& db, Xapian::docid id) {
  return Fingerprint::parse(db.get_document(id).get_value(schema::kSlotFingerprint));
}

class Build {
 public:
  Build(const BuildOptions& o, BuildObserver& obs) : opt_(o), obs_(obs) {}

  BuildStats run() {
    const auto t0 = Clock::now();
    std::error_code ec;
    const fs::path root = fs::canonical(opt_.corpus, ec);
    if (ec) throw IoError("cannot read corpus folder " + opt_.corpus.string() + ": " + ec.message());
    if (!fs::is_directory(root)) throw IoError("corpus " + opt_.corpus.string() + " is not a folder");
    open_database(root);
    const auto listing = list_corpus(root, {fs::path(opt_.index_path)});
    for (const auto& p : listing.problems) skip(p.path, p.reason);
    stats_.files = listing.files.size();

    BuildProgress progress;
    progress.files_total = listing.files.size();
    for (const auto& f : listing.files) progress.bytes_total += f.size;

    std::set<std::string> seen;
    try {
      for (const auto& file : listing.files) {
        if (obs_.stop_requested()) {
          stats_.interrupted = true;
          break;
        }
        seen.insert(schema::id_term(file.id));
        index_file(file);
        ++progress.files_done;
        progress.bytes_done += file.size;
        progress.seconds = since(t0);
        obs_.on_progress(progress);
      }
      if (!stats_.interrupted) remove_missing(seen, listing.problems);
      commit();
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot write index " + opt_.index_path);
    }
    db_.close();
    stats_.index_bytes = folder_bytes(opt_.index_path);
    stats_.seconds = since(t0);
    return stats_;
  }

 private:
  void open_database(const fs::path& root) {
    try {
      db_ = Xapian::WritableDatabase(opt_.index_path, opt_.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
      throw IndexError("index " + opt_.index_path + " is being written by another process (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot open index " + opt_.index_path + " for writing");
    }
    IndexMeta meta;
    try {
      meta = read_index_meta(db_);
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, "cannot read index " + opt_.index_path);
    }
    const bool fresh = db_.get_doccount() == 0 && meta.schema == 0;
    if (!fresh && meta.schema != schema::kVersion)
      throw SchemaMismatchError("index " + opt_.index_path + " has schema version " + std::to_string(meta.schema) +
                                ", this program writes version " + std::to_string(schema::kVersion) +
                                "; add --rebuild to rebuild it from scratch");
    if (!fresh && !meta.corpus_root.empty() && meta.corpus_root != root.string())
      throw ConfigError("index " + opt_.index_path + " mirrors the corpus " + meta.corpus_root + ", not " + root.string() +
                        "; add --rebuild to replace it, or use another --index");
    const std::string language = opt_.language ? *opt_.language : (meta.language.empty() ? "english" : meta.language);
    analyzer_ = std::make_unique<Analyzer>(AnalyzerSettings{language});
    load_gazetteer(meta);
    const std::string settings = analyzer_->fingerprint() + ";title_weight=" + std::to_string(opt_.title_weight) +
                                 ";schema=" + std::to_string(schema::kVersion) + ";gazetteer=" + gazetteer().fingerprint();
    settings_hash_ = to_hex(hash64(settings));
    try {
      set_meta(schema::kMetaSchema, std::to_string(schema::kVersion));
      set_meta(schema::kMetaLanguage, language);
      set_meta(schema::kMetaSettings, settings);
      set_meta(schema::kMetaCorpusRoot, root.string());
      set_meta(schema::kMetaUserActors, user_actors_);
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

  // Writes only real changes, so a build of an unchanged corpus leaves the index untouched.
  void set_meta(std::string_view key, const std::string& value) {
    if (db_.get_metadata(std::string(key)) == value) return;
    db_.set_metadata(std::string(key), value);
    dirty_ = true;
  }

  void skip(const std::string& path, const std::string& reason) {
    ++stats_.skipped;
    obs_.on_skip(path, reason);
  }

  void warn(const std::string& path, const std::string& message) {
    ++stats_.warnings;
    obs_.on_warning(path, message);
  }

  void index_file(const CorpusFile& file) {
    const std::string term = schema::id_term(file.id);
    Xapian::PostingIterator hit = db_.postlist_begin(term);
    const bool present = hit != db_.postlist_end(term);
    const Xapian::docid docid = present ? *hit : 0;
    const auto stored = present ? stored_fingerprint(db_, docid) : std::nullopt;
    // A sidecar's metadata is part of the article: its changes count as the article's.
    const std::uint64_t size = file.size + file.sidecar_size;
    const std::int64_t mtime = std::max(file.mtime_ns, file.sidecar_mtime_ns);
    if (check_freshness(stored, size, mtime, settings_hash_) == Freshness::Unchanged) {
      ++stats_.unchanged;
      return;
    }
    const std::string path = file.path.string();
    std::string reason;
    auto bytes = read_file(file.path, opt_.max_file_bytes, reason);
    if (!bytes) return skip(path, reason);
    stats_.bytes_read += bytes->size();
    // HTML declares its own encoding (libxml2 converts it), so only text files must be UTF-8.
    if (auto problem = is_html_file(file.path) ? binary_problem(*bytes) : content_problem(*bytes)) return skip(path, *problem);
    std::optional<std::string> sidecar;
    if (file.sidecar) {
      sidecar = read_file(*file.sidecar, kMaxSidecarBytes, reason);
      if (!sidecar) warn(file.sidecar->string(), reason + "; indexed without it");
    }

    Fingerprint fp{size, mtime, Hasher64{}.field(*bytes).field(sidecar.value_or("")).value(), settings_hash_};
    if (present && same_content(stored, fp.content_hash, settings_hash_)) {
      // Touched but not changed: keep the terms, refresh the fingerprint.
      Xapian::Document doc = db_.get_document(docid);
      doc.add_value(schema::kSlotFingerprint, fp.serialize());
      db_.replace_document(docid, doc);
      ++stats_.unchanged;
      pending(0);
      return;
    }
    auto article = parse_article(file, *bytes, reason);
    if (!article) return skip(path, reason);
    if (sidecar) {
      try {
        apply_sidecar(*sidecar, *article);
      } catch (const Error& e) {
        warn(file.sidecar->string(), std::string(e.what()) + "; indexed without it");
      }
    }
    extract_metadata(*article, gazetteer());

    Record record;
    record.id = file.id;
    record.path = file.id;
    record.title = article->title;
    record.body = article->body;
    record.fields.emplace_back(schema::kFieldMeta, meta_to_json(article->meta).dump());
    // Where the prose starts (after bylines, datelines, page furniture): snippets without a match start there.
    for (const auto& line : classify_lines(article->body)) {
      if (line.role != LineRole::Content) continue;
      if (line.begin > 0) record.fields.emplace_back(schema::kFieldLead, std::to_string(line.begin));
      break;
    }
    TermCounts counts;
    Xapian::Document doc = make_document(record, *analyzer_, opt_.title_weight, counts);
    add_metadata_terms(doc, article->meta);
    stats_.dropped_terms += counts.dropped;
    doc.add_boolean_term(term);
    doc.add_value(schema::kSlotFingerprint, fp.serialize());
    db_.replace_document(term, doc);
    ++(present ? stats_.updated : stats_.added);
    pending(bytes->size());
  }

  // HTML through its parser; text and Markdown with an optional front-matter block.
  std::optional<Article> parse_article(const CorpusFile& file, const std::string& bytes, std::string& problem) {
    if (is_html_file(file.path)) return parse_html_article(bytes, problem);
    std::vector<std::string> warnings;
    Article article = parse_text_with_front_matter(normalize_text(bytes), warnings);
    for (const auto& w : warnings) warn(file.path.string(), w);
    return article;
  }

  void pending(std::uint64_t bytes) {
    dirty_ = true;
    ++pending_docs_;
    pending_bytes_ += bytes;
    if (pending_docs_ >= opt_.batch_documents || pending_bytes_ >= opt_.batch_bytes) commit();
  }

  void commit() {
    if (!dirty_) return;
    db_.set_metadata(std::string(schema::kMetaWriter), "ptindex " PTSEARCH_VERSION);
    db_.commit();
    dirty_ = false;
    ++stats_.commits;
    pending_docs_ = 0;
    pending_bytes_ = 0;
  }

  // Deletes documents whose file is gone; documents under a folder that could not be read stay.
  void remove_missing(const std::set<std::string>& seen, const std::vector<CorpusProblem>& problems) {
    std::vector<std::string> unread;
    for (const auto& p : problems)
      if (p.unread_folder) unread.push_back(*p.unread_folder + "/");
    std::vector<std::string> gone;
    const std::string prefix(schema::kIdPrefix);
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
      if (seen.count(*it)) continue;
      if (!unread.empty()) {
        const std::string id = document_id(*it);
        if (std::any_of(unread.begin(), unread.end(), [&](const std::string& dir) { return id.starts_with(dir); }))
          continue;
      }
      gone.push_back(*it);
    }
    for (const auto& term : gone) {
      db_.delete_document(term);
      ++stats_.removed;
      pending(0);
    }
  }

  // The id behind an id term: the term itself, or (hashed long ids) the stored record's.
  std::string document_id(const std::string& term) {
    if (term.find('\x01') == std::string::npos) return term.substr(schema::kIdPrefix.size());
    const Xapian::PostingIterator doc = db_.postlist_begin(term);
    if (doc == db_.postlist_end(term)) return {};
    try {
      return decode_record(db_.get_document(*doc).get_data()).id;
    } catch (const RecordError&) {
      return {};
    }
  }

  const BuildOptions& opt_;
  BuildObserver& obs_;
  Xapian::WritableDatabase db_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<Gazetteer> gazetteer_;  // null: the built-in one
  std::string user_actors_;               // the user's gazetteer text, kept in the index
  std::string settings_hash_;
  BuildStats stats_;
  bool dirty_ = false;  // changes not yet committed
  std::size_t pending_docs_ = 0;
  std::uint64_t pending_bytes_ = 0;
};

}  // namespace

BuildStats build_index(const BuildOptions& options, BuildObserver& observer) {
  if (options.batch_documents == 0) throw ConfigError("batch size must be at least 1 document");
  if (options.title_weight == 0) throw ConfigError("title weight must be at least 1");
  return Build(options, observer).run();
}

}  // namespace pt::indexer
