// Explicit metadata read from a JSON object: the reader sidecar files and JSONL articles share.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/article.h"

namespace pt::indexer {

// Where each field is looked for: the first key of each list that the object has.
struct JsonMetaKeys {
  std::vector<std::string> title{"title"};
  std::vector<std::string> source{"source"};
  std::vector<std::string> original_source{"original_source"};
  std::vector<std::string> date{"date"};
  std::vector<std::string> authors{"authors", "author"};
  std::vector<std::string> url{"url"};
};

// Applies title, source, original source, date, authors and url over the article, with origin
// `kind` ("sidecar", "jsonl"). With `problems` null a bad field throws (internal FieldError,
// turned into ConfigError by apply_sidecar) and the article is unchanged; otherwise each bad field
// is described in `problems` ("date: impossible or unrecognised date '2019-13-45'") and left out.
void apply_json_meta(const nlohmann::json& object, Article& article, std::string_view kind, const JsonMetaKeys& keys,
                     std::vector<std::string>* problems);

// nlohmann's exception text without its "[json.exception...] " tag, invalid UTF-8 shown as '?'.
std::string json_error_message(const std::exception& e);

}  // namespace pt::indexer
