// The index schema: every Xapian term prefix, value slot and metadata key ptsearch uses, in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pt::schema {

// Bumped whenever terms, slots, metadata or the record format change incompatibly.
inline constexpr int kVersion = 5;

// Words are indexed as their Snowball stems ("talks" -> "talk"), unprefixed and with positions,
// and nothing else: no unstemmed word beside its stem (as Lucene's English analyser, not as
// Xapian's STEM_SOME). Queries are stemmed likewise (QueryParser::STEM_ALL), phrases included.
// One term a word instead of two took a fifth off the index and off the indexer's time (schema 5;
// bench/README.md).
// Term prefixes (Xapian/Omega conventions).
inline constexpr std::string_view kIdPrefix = "Q";      // unique id (boolean)
inline constexpr std::string_view kTitlePrefix = "S";   // title word stems
inline constexpr std::string_view kTitleField = "title";  // the query syntax name of kTitlePrefix
inline constexpr std::string_view kSourcePrefix = "XS";     // source outlet slug (boolean)
inline constexpr std::string_view kOriginalSourcePrefix = "XO";  // original publication slug (boolean)
inline constexpr std::string_view kActorPrefix = "XA";      // actor slug, top kMaxActors actors (boolean)
inline constexpr std::string_view kAuthorPrefix = "A";      // author slug (boolean)
inline constexpr std::string_view kYearPrefix = "Y";        // YYYY of the publication date (boolean)
inline constexpr std::string_view kMonthPrefix = "M";       // YYYYMM, when the month is known (boolean)
inline constexpr std::string_view kDayPrefix = "D";         // YYYYMMDD, when the day is known (boolean)
inline constexpr std::string_view kCollapsePrefix = "XC";   // near-duplicate group key (boolean)
inline constexpr std::string_view kFilePrefix = "XF";       // the JSONL file (id) an article came from (boolean)

// Value slots. Facet slots hold slugs or date keys, never display names, so one value is one filter.
inline constexpr unsigned kSlotFingerprint = 0;  // build fingerprint of the source file
inline constexpr unsigned kSlotSource = 1;       // source slug
inline constexpr unsigned kSlotDateFirst = 2;    // YYYYMMDD of the first day the date covers (sort, ranges)
inline constexpr unsigned kSlotDateLast = 3;     // YYYYMMDD of the last day the date covers (ranges)
inline constexpr unsigned kSlotYear = 4;         // YYYY (histogram)
inline constexpr unsigned kSlotMonth = 5;        // YYYY-MM, when the month is known (histogram)
inline constexpr unsigned kSlotCollapse = 6;     // near-duplicate group key
inline constexpr unsigned kSlotEvery = 7;        // "1" in every document: a match spy on it counts matches
// The actor slugs (the first kMaxActors by salience), sorted and joined by kActorSeparator: one
// slot, so that a match spy reads one value per document for the actor facet, not ten.
inline constexpr unsigned kSlotActors = 10;
inline constexpr unsigned kMaxActors = 10;       // how many actors per article feed facets and filters
inline constexpr char kActorSeparator = '\n';    // never inside a slug

// Record fields (pt::Record::fields) beyond id, path, title and body.
// The document's metadata (source, date, authors, url, actors, each with where it came from), as
// pt/byte_codec.h writes fields. A binary layout: the searcher reads it for every hit, and parsing
// the JSON that indexes before it held (kFieldMeta, still read) cost ~170,000 instructions a hit.
//   version byte (kMetaBytesVersion), flags byte (kMetaHas*),
//   [source: VALUE] [original source: VALUE] [date: iso, precision, how, evidence]  (as flagged)
//   url, varint n, n x author VALUE, varint n, n x (actor VALUE, type, varint mentions, double salience)
// where VALUE is the strings name, slug, how, evidence.
inline constexpr std::string_view kFieldMetaBytes = "m";
inline constexpr unsigned char kMetaBytesVersion = 1;
inline constexpr unsigned char kMetaHasSource = 1, kMetaHasOriginalSource = 2, kMetaHasDate = 4;
inline constexpr std::string_view kFieldMeta = "meta";  // before kFieldMetaBytes: the same as JSON
inline constexpr std::string_view kFieldLead = "lead";  // byte offset where the body's own prose starts

// Database metadata keys.
inline constexpr std::string_view kMetaSchema = "ptsearch.schema";
inline constexpr std::string_view kMetaLanguage = "ptsearch.language";
inline constexpr std::string_view kMetaSettings = "ptsearch.settings";
inline constexpr std::string_view kMetaCorpusRoot = "ptsearch.corpus_root";
inline constexpr std::string_view kMetaWriter = "ptsearch.writer";
inline constexpr std::string_view kMetaUserActors = "ptsearch.user_actors";  // the --actors file's text
// + a JSONL file's id: its fingerprint when it was last read whole (size, mtime, settings).
inline constexpr std::string_view kMetaFilePrefix = "ptsearch.file.";
// The record compression dictionaries writers use now, the bodies' and the heads': their ids as 8
// hex digits (pt/record_store.h).
inline constexpr std::string_view kMetaRecordDictionary = "ptsearch.record_dictionary";
inline constexpr std::string_view kMetaRecordHeadDictionary = "ptsearch.record_head_dictionary";
// kMetaRecordDictionaryPrefix + id hex = that dictionary's bytes (a head's or a body's: an id names
// one content); kept while records may use it.
inline constexpr std::string_view kMetaRecordDictionaryPrefix = "ptsearch.record_dictionary.";

// Xapian refuses terms longer than this many bytes.
inline constexpr std::size_t kMaxTermBytes = 245;

// Position gap between the title and the body so phrases never span the two.
inline constexpr unsigned kTitleBodyGap = 100;

// Whether a term is a body word's stem: prefixes are upper case, words are folded to lower case.
constexpr bool is_word_term(std::string_view term) noexcept { return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z'); }

// The id term for a document id; ids too long for a term keep a readable head plus a hash.
std::string id_term(std::string_view id);

}  // namespace pt::schema
