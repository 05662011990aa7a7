// Fuzzes the article parsers: content checks, text/Markdown with front matter, and HTML pages (indexer/src/parse).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "parse/explicit_meta.h"
#include "ptindex/article.h"

using namespace pt::indexer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::as_text(data, size);
  // As the builder reads a text file: only valid UTF-8 without NUL bytes is parsed.
  fuzz::expect_pt_errors([&] {
    if (content_problem(bytes)) return;
    const std::string text = normalize_text(bytes);
    std::vector<std::string> warnings;
    const Article a = parse_text_with_front_matter(text, warnings);
    if (a.title.size() > kMaxTitleBytes) __builtin_trap();  // "Longest title kept" (ptindex/article.h)
    (void)parse_text_article(text);
  });
  // As the builder reads an HTML file: any bytes but NUL (libxml2 converts the declared encoding).
  fuzz::expect_pt_errors([&] {
    if (binary_problem(bytes)) return;
    std::string problem;
    const auto a = parse_html_article(bytes, problem);
    if (!a && problem.empty()) __builtin_trap();  // nullopt always says why
    if (a && a->title.size() > kMaxTitleBytes) __builtin_trap();
  });
  return 0;
}
