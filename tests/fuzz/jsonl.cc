// Fuzzes JSONL record parsing: each line through parse_jsonl_line, with default and --field-mapped keys (indexer/src/parse).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "ptindex/jsonl.h"

using namespace pt::indexer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const JsonlFields defaults;
  static const JsonlFields mapped = [] {
    JsonlFields f;
    f.map("body=content");
    f.map("date=published");
    f.map("authors=byline");
    return f;
  }();
  for (const auto line : fuzz::split(fuzz::as_text(data, size), '\n')) {
    for (const auto* fields : {&defaults, &mapped}) {
      fuzz::expect_pt_errors([&] {
        std::string problem;
        std::vector<std::string> warnings;
        const auto a = parse_jsonl_line(line, *fields, problem, warnings);
        if (!a && problem.empty()) __builtin_trap();  // nullopt always says why
        if (a && a->article.title.size() > kMaxTitleBytes) __builtin_trap();
      });
    }
  }
  return 0;
}
