// Fuzzes the analyser's fast paths against ICU: tokenize() (ASCII and Latin runs without ICU) must give tokenize_with_icu()'s tokens, spans included.
//
// Input: any bytes (invalid UTF-8 included: both paths see U+FFFD where the text is broken).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_support.h"
#include "pt/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pt::Analyzer analyzer(pt::AnalyzerSettings{"english"});
  const auto text = fuzz::as_text(data, size);
  if (analyzer.tokenize(text) != analyzer.tokenize_with_icu(text)) std::abort();
  return 0;
}
