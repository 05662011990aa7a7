// A shard's writer: replace-or-skip by fingerprint, batched commits, pruning of vanished documents.
#include "shard_writer.h"

#include <algorithm>
#include <filesystem>

#include "pt/error.h"
#include "pt/hash.h"
#include "pt/index_store.h"
#include "pt/record.h"
#include "pt/record_store.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

// A folder holding glass tables but no `iamglass` (nor a stub): a database whose creation was cut off.
bool never_committed(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  return fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "iamglass", ec) &&
         !fs::exists(fs::path(path) / "XAPIANDB", ec) && fs::exists(fs::path(path) / "postlist.glass", ec);
}

}  // namespace

ShardWriter::ShardWriter(const std::string& path, bool rebuild, std::size_t batch_documents, std::uint64_t batch_bytes)
    : path_(path), batch_documents_(batch_documents), batch_bytes_(batch_bytes) {
  try {
    try {
      db_ = Xapian::WritableDatabase(path, rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseNotFoundError&) {
      // A build killed while Xapian created this database leaves its tables without `iamglass`,
      // which glass writes last (and replaces atomically at every commit). Without it nothing in
      // the tables can be read: the database is created again rather than refused, and the
      // build indexes its documents again from the corpus (their fingerprints went with it;
      // the builder re-reads JSONL files too, see recreated()).
      if (!never_committed(path)) throw;
      db_ = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
      recreated_ = true;
    }
  } catch (const Xapian::DatabaseLockError& e) {
    throw IndexError("index " + path + " is being written by another process (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, "cannot open index " + path + " for writing");
  }
}

void ShardWriter::set_metadata(const std::string& key, const std::string& value) {
  if (db_.get_metadata(key) == value) return;
  db_.set_metadata(key, value);
  dirty_ = true;
}

void ShardWriter::store_dictionaries(const RecordDictionaries& dictionaries) {
  store_record_dictionaries(db_, dictionaries);
  dirty_ = true;
}

void ShardWriter::apply(PreparedDocument&& doc, bool known_new, bool repeat) {
  if (known_new && doc.document) {
    db_.add_document(*doc.document);
    ++counts_.added;
    pending(doc.text_bytes);
    return;
  }
  const auto hit = db_.postlist_begin(doc.id_term);
  const bool present = hit != db_.postlist_end(doc.id_term);
  if (present) {
    const Xapian::docid docid = *hit;
    Xapian::Document stored = db_.get_document(docid);
    const auto old = Fingerprint::parse(stored.get_value(schema::kSlotFingerprint));
    if (same_content(old, doc.fingerprint.content_hash, doc.fingerprint.settings)) {
      if (!repeat) ++counts_.unchanged;
      if (old != doc.fingerprint) {  // touched, not changed: keep the terms, refresh the fingerprint
        stored.add_value(schema::kSlotFingerprint, doc.fingerprint.serialize());
        db_.replace_document(docid, stored);
        pending(0);
      }
      return;
    }
  }
  if (!doc.document) {
    // The reader saw this content in the index, but it changed since: not expected within one
    // build (one writer); count it unchanged rather than write an empty document.
    ++counts_.unchanged;
    return;
  }
  db_.replace_document(doc.id_term, *doc.document);
  if (!repeat) ++(present ? counts_.updated : counts_.added);
  pending(doc.text_bytes);
}

void ShardWriter::pending(std::uint64_t bytes) {
  dirty_ = true;
  ++pending_docs_;
  pending_bytes_ += bytes;
  if (pending_docs_ >= batch_documents_ || pending_bytes_ >= batch_bytes_) commit();
}

void ShardWriter::commit() {
  if (!dirty_) return;
  db_.set_metadata(std::string(schema::kMetaWriter), "ptindex " PTSEARCH_VERSION);
  db_.commit();
  dirty_ = false;
  ++counts_.commits;
  pending_docs_ = 0;
  pending_bytes_ = 0;
}

// The id behind a document: from its record (ids may be hashed in their terms).
std::string ShardWriter::id_of(Xapian::docid docid) {
  if (!decoder_) decoder_.emplace(record_decoder_for(db_, path_));
  try {
    return decoder_->decode_head(db_.get_document(docid).get_data()).id;
  } catch (const RecordError&) {
    return {};
  }
}

void ShardWriter::prune(const PruneRule& rule) {
  std::vector<Xapian::docid> kept;  // documents of JSONL files not re-read
  for (const auto& term : rule.kept_file_terms)
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) kept.push_back(*it);
  std::sort(kept.begin(), kept.end());

  std::vector<std::pair<std::string, Xapian::docid>> gone;
  const std::string prefix(schema::kIdPrefix);
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
    const std::string term = *it;
    const auto posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) continue;
    const Xapian::docid docid = *posting;
    if (std::binary_search(kept.begin(), kept.end(), docid)) continue;
    // Seen ids are hashed by id; a hashed (over-long) id term needs its record to tell the id.
    const bool hashed = term.find('\x01') != std::string::npos;
    const std::string id = hashed ? id_of(docid) : term.substr(prefix.size());
    if (rule.seen_ids->count(hash64(id))) continue;
    if (!rule.unread_prefixes.empty()) {
      // A document under a folder that could not be read (its own path, or its JSONL file's) stays.
      std::string where = id;
      const Xapian::Document doc = db_.get_document(docid);
      auto t = doc.termlist_begin();
      t.skip_to(std::string(schema::kFilePrefix));
      if (t != doc.termlist_end() && std::string(*t).starts_with(schema::kFilePrefix))
        where = std::string(*t).substr(schema::kFilePrefix.size());
      if (std::any_of(rule.unread_prefixes.begin(), rule.unread_prefixes.end(),
                      [&](const std::string& dir) { return where.starts_with(dir); }))
        continue;
    }
    gone.emplace_back(term, docid);
  }
  for (const auto& [term, docid] : gone) {
    db_.delete_document(docid);
    ++counts_.removed;
    pending(0);
  }
}

}  // namespace pt::indexer
