// Sampling a corpus' articles for dictionary training: evenly over files, a share of each JSONL file.
#include "record_sample.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "../parse/explicit_meta.h"
#include "pt/error.h"
#include "ptindex/article.h"
#include "ptindex/jsonl.h"

namespace pt::indexer {

namespace {

// Enough of an article for the sample: the dictionary is trained on the records' first 16 KiB, so a
// big file is not read (and parsed) whole just for it.
constexpr std::size_t kSampleBytes = 256u << 10;

std::optional<Article> read_article(const CorpusFile& file, std::uint64_t max_bytes) {
  if (file.size > max_bytes) return std::nullopt;
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(kSampleBytes, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  std::string problem;
  if (is_html_file(file.path)) return binary_problem(bytes) ? std::nullopt : parse_html_article(bytes, problem);
  std::string text;
  std::vector<std::string> warnings;
  if (decode_text_file(bytes, text, warnings)) return std::nullopt;
  return parse_text_with_front_matter(normalize_text(text), warnings);
}

}  // namespace

std::vector<SampleArticle> sample_articles(const CorpusListing& listing, const BuildOptions& options, std::size_t max_records) {
  std::vector<const CorpusFile*> articles, jsonl;
  for (const auto& f : listing.files) (f.jsonl ? jsonl : articles).push_back(&f);
  std::vector<SampleArticle> out;
  // Article files and JSONL files share the sample in proportion to their counts, JSONL counted by size.
  const std::size_t for_articles = jsonl.empty() ? max_records : std::min(articles.size(), max_records / 2);
  if (!articles.empty() && for_articles > 0) {
    const std::size_t step = std::max<std::size_t>(1, articles.size() / for_articles);
    for (std::size_t i = 0; i < articles.size() && out.size() < for_articles; i += step) {
      try {
        if (auto article = read_article(*articles[i], options.max_file_bytes))
          out.push_back({articles[i]->id, articles[i]->id, std::move(*article)});
      } catch (const Error&) {
        // Unreadable or unparsable: the build reports it; the sample does without.
      }
    }
  }
  for (std::size_t k = 0; k < jsonl.size(); ++k) {
    const std::size_t share = (max_records - out.size()) / (jsonl.size() - k);
    try {
      JsonlReader reader(jsonl[k]->path, options.max_file_bytes);
      std::size_t taken = 0;
      while (taken < share) {
        const auto line = reader.next();
        if (!line) break;
        if (line->problem) continue;
        std::string problem;
        std::vector<std::string> warnings;
        if (auto parsed = parse_jsonl_line(line->text, options.jsonl_fields, problem, warnings)) {
          out.push_back({parsed->id, jsonl[k]->id, std::move(parsed->article)});
          ++taken;
        }
      }
    } catch (const Error&) {
      // As above.
    }
  }
  return out;
}

}  // namespace pt::indexer
