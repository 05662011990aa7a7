// The stored document record: a versioned, zstd-compressed blob in each Xapian document's data.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pt {

struct Record {
  std::string id;     // document id (path relative to the corpus root)
  std::string path;   // the file it came from, relative to the corpus root
  std::string title;
  std::string body;   // kept for snippets and display
  // Further named fields (source, date, authors ... in later schema versions) without a format change.
  std::vector<std::pair<std::string, std::string>> fields;

  bool operator==(const Record&) const = default;
};

// Record format version written by every encoder. Versions 1 to 3 still decode.
//   version 1: "PTR" 0x01, zstd frame of the length-prefixed fields (id, path, title, body, fields)
//   version 2: "PTR" 0x02, dictionary id (4 bytes little-endian, 0 = none), zstd frame compressed
//              with that dictionary (the frame carries no dictionary id of its own, only the header's)
//   version 3: "PTR" 0x03, dictionary id, the head frame's length (a varint), the head frame (id,
//              path, title, fields), then the body's frame (an empty body has one too); both
//              frames with that dictionary. The head decodes alone (RecordDecoder::decode_head).
//   version 4: "PTR" 0x04, the head's dictionary id, the body's dictionary id (4 bytes each, 0 =
//              none), the head frame's length (a varint), the head frame, the body's frame. Heads
//              (ids, titles, actors with their evidence) are small and alike from record to record:
//              a 4 KiB dictionary of their own compresses them a third better than the body's, and
//              a hit shown without a snippet never loads the 32 KiB body dictionary.
// Every frame has zstd's content checksum and its content size: a corrupt record (or one decoded
// with the wrong dictionary) throws RecordError rather than decoding to other bytes.
inline constexpr unsigned kRecordVersion = 4;
// Level 3: with the dictionary, a fifth of level 6's encode time for 4-5% more bytes per record
// (bench/README.md, "Record compression"); indexing speed is the target ptsearch misses.
inline constexpr int kRecordZstdLevel = 3;

// --- Dictionaries -------------------------------------------------------------------------------

// A zstd dictionary trained on records: small records (news articles are a few KB) share most of
// their vocabulary and structure, which a frame alone cannot exploit. Immutable; copies are cheap
// and share the bytes and the prepared zstd tables, so one dictionary can feed every thread.
class RecordDictionary {
 public:
  // Adopts the bytes of a zstd-format dictionary (as train_record_dictionary makes, or as stored
  // in an index). Throws RecordError when they are not one (no zstd dictionary header, id 0).
  explicit RecordDictionary(std::string bytes);

  std::uint32_t id() const noexcept;  // zstd's dictionary id: a hash of the content, never 0
  std::string id_hex() const;         // id() as 8 lower-case hex digits (the metadata key suffix)
  const std::string& bytes() const noexcept;

 private:
  struct Shared;  // bytes, id and the zstd tables prepared on first use (record.cc)
  std::shared_ptr<Shared> shared_;
  friend class RecordEncoder;
  friend class RecordDecoder;
};

// "0001a2b3" <-> 0x0001a2b3. parse_dictionary_id returns nullopt unless given exactly 8 hex digits.
std::string dictionary_id_hex(std::uint32_t id);
std::optional<std::uint32_t> parse_dictionary_id(std::string_view hex);

struct DictionaryTraining {
  // Dictionary bytes at most. 32 KiB, not zstd's CLI default of 110 KiB: a one-query process reads
  // the whole dictionary into fresh memory before its first snippet, and at 10,000 news articles the
  // smaller one cost 1.8% more record bytes for 0.8 ms less of a ~10 ms cold query (bench/README.md).
  std::size_t capacity = 32768;
  std::size_t min_samples = 8;          // fewer records than this: no dictionary
  std::size_t max_samples = 4000;       // more are thinned evenly to this many
  std::size_t max_sample_bytes = 16384; // only a record's first bytes train: a dictionary helps a
                                        // frame's start, later bytes find matches in the record itself
};

// What heads are trained with: 4 KiB holds their recurring field names, sources and actors (at
// 10,000 articles a head frame averaged 151 bytes with it, 227 with the 32 KiB body dictionary).
inline constexpr DictionaryTraining kHeadDictionaryTraining{.capacity = 4096};

// The dictionaries of a record's two frames. Either may be missing (a frame is then compressed
// without one).
struct RecordDictionaries {
  std::optional<RecordDictionary> head;
  std::optional<RecordDictionary> body;
};

// Trains a dictionary on the bodies of `samples` (pass a spread of the corpus, e.g. every k-th
// record). nullopt when there are too few samples or zstd finds no useful dictionary in them:
// records are then written without one, which is not an error. Deterministic: the same samples
// give the same bytes and id. Under a second for 2000 news articles (bench/README.md): once per build.
std::optional<RecordDictionary> train_record_dictionary(std::span<const Record> samples,
                                                        const DictionaryTraining& training = {});
// The same for the heads (id, path, title and fields) of `samples`.
std::optional<RecordDictionary> train_head_dictionary(std::span<const Record> samples,
                                                      const DictionaryTraining& training = kHeadDictionaryTraining);
// Both, each with its default training.
RecordDictionaries train_record_dictionaries(std::span<const Record> samples);

// --- Encoding and decoding ----------------------------------------------------------------------

// Encodes records, with dictionaries or without. Not thread-safe: make one per worker thread;
// encoders made from copies of one RecordDictionary share its prepared tables. Making one costs
// two zstd contexts (one for heads, one for bodies; ~1 MB each at level 6) and, once per
// dictionary and level, the dictionary's tables.
//
// How a builder uses it (with pt/record_store.h):
//   1. Before the workers start: dicts = current_record_dictionaries(db) — an index keeps its
//      dictionaries across incremental builds so unchanged documents stay as they are; one the
//      index lacks (new, --rebuild, or older than head dictionaries) is trained on a sample of
//      records (train_head_dictionary, train_record_dictionary), and then
//      store_record_dictionaries(db, dicts) goes to EVERY shard (same bytes, same ids).
//   2. Each worker thread: RecordEncoder encoder(dicts);  then doc.set_data(encoder.encode(record)).
//   3. Reading back an existing document's record (e.g. its id): a RecordDecoder from
//      record_decoder_for(db, ...), not decode_record, which knows no dictionaries.
class RecordEncoder {
 public:
  explicit RecordEncoder(RecordDictionaries dictionaries, int zstd_level = kRecordZstdLevel);
  // A body dictionary only (heads without one), or none.
  explicit RecordEncoder(std::optional<RecordDictionary> body = std::nullopt, int zstd_level = kRecordZstdLevel);
  ~RecordEncoder();
  RecordEncoder(RecordEncoder&&) noexcept;
  RecordEncoder& operator=(RecordEncoder&&) noexcept;

  // A version 4 record, with the dictionaries' ids (0 for none). Throws RecordError if zstd fails.
  std::string encode(const Record& record);

  std::uint32_t dictionary_id() const noexcept;       // the body's; 0 without a dictionary
  std::uint32_t head_dictionary_id() const noexcept;  // 0 without a dictionary

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Resolves a dictionary id to a dictionary, or nullopt when there is none with that id. May throw
// (e.g. a database read failing); RecordDecoder lets the exception through.
using DictionaryLookup = std::function<std::optional<RecordDictionary>(std::uint32_t id)>;

// Decodes records of every version. Dictionaries come from the lookup on first use and stay cached
// (an id names one content, so a cached dictionary never goes stale, even after a reopen); the
// zstd context is made on the first record. Usable from one thread at a time: keep one per thread
// or per Searcher.
class RecordDecoder {
 public:
  // Without dictionaries: records written with one throw RecordError.
  RecordDecoder();
  // `holder` names where dictionaries come from in error messages, e.g. "index /srv/news.idx".
  RecordDecoder(DictionaryLookup lookup, std::string holder);
  ~RecordDecoder();
  RecordDecoder(RecordDecoder&&) noexcept;
  RecordDecoder& operator=(RecordDecoder&&) noexcept;

  // Throws RecordError naming what is wrong: bad magic, unknown version, a dictionary the holder
  // does not have, a corrupt or truncated frame, malformed fields.
  Record decode(std::string_view blob);
  // The record without its body (left empty) when the record keeps it apart (versions 3 and 4):
  // what a hit needs without a snippet, at a fraction of the cost; the body's dictionary is not
  // loaded. Older versions decode whole. The body's frame must be there, but is not checked: a
  // corrupt body shows only when it is decoded.
  Record decode_head(std::string_view blob);

  // Makes a dictionary known without a lookup (e.g. the one an encoder uses).
  void add(const RecordDictionary& dictionary);

 private:
  Record decode(std::string_view blob, bool with_body);
  struct State;
  std::unique_ptr<State> state_;
};

// Without a dictionary, for code that needs no RecordEncoder/RecordDecoder (tests, benchmarks,
// indexes built without a dictionary). Thread-safe: each thread reuses its own zstd context.
std::string encode_record(const Record& record, int zstd_level = kRecordZstdLevel);
// Throws pt::RecordError naming what is wrong (bad magic, unknown version, a dictionary is needed,
// corrupt frame, truncated).
Record decode_record(std::string_view blob);

// The record's fields as version 1 and 2 put them into one zstd frame (what a dictionary is trained
// on, and what bench/records compresses with zlib for comparison).
std::string record_payload(const Record& record);
// The fields of a record's head frame (versions 3 and 4): the payload without the body.
std::string record_head_payload(const Record& record);

}  // namespace pt
