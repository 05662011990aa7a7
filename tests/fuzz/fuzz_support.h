// Shared by the fuzz targets: the one error family a target may swallow, and input helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pt/error.h"

namespace fuzz {

// Runs `f`; a pt::Error (the library's documented failure) is an answer, not a finding. Anything
// else escapes to libFuzzer, which reports it as a crash ("deadly signal" after std::terminate).
template <class F>
void expect_pt_errors(F&& f) {
  try {
    f();
  } catch (const pt::Error&) {
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits at `sep` (every piece, empty ones too).
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

}  // namespace fuzz
