// The index schema: every Xapian term prefix, value slot and metadata key ptsearch uses, in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pt::schema {

// Bumped whenever terms, slots, metadata or the record format change incompatibly.
inline constexpr int kVersion = 1;

// Term prefixes (Xapian/Omega conventions).
inline constexpr std::string_view kIdPrefix = "Q";      // unique id (boolean)
inline constexpr std::string_view kStemPrefix = "Z";    // stemmed form, as Xapian's STEM_SOME
inline constexpr std::string_view kTitlePrefix = "S";   // title words
inline constexpr std::string_view kTitleField = "title";  // the query syntax name of kTitlePrefix

// Value slots.
inline constexpr unsigned kSlotFingerprint = 0;  // build fingerprint of the source file

// Database metadata keys.
inline constexpr std::string_view kMetaSchema = "ptsearch.schema";
inline constexpr std::string_view kMetaLanguage = "ptsearch.language";
inline constexpr std::string_view kMetaSettings = "ptsearch.settings";
inline constexpr std::string_view kMetaCorpusRoot = "ptsearch.corpus_root";
inline constexpr std::string_view kMetaWriter = "ptsearch.writer";

// Xapian refuses terms longer than this many bytes.
inline constexpr std::size_t kMaxTermBytes = 245;

// Position gap between the title and the body so phrases never span the two.
inline constexpr unsigned kTitleBodyGap = 100;

// The id term for a document id; ids too long for a term keep a readable head plus a hash.
std::string id_term(std::string_view id);

}  // namespace pt::schema
