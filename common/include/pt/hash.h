// Stable 64-bit hashing (FNV-1a) for fingerprints and over-long ids; not for security.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pt {

class Hasher64 {
 public:
  Hasher64& add(std::string_view bytes) noexcept {
    for (unsigned char c : bytes) {
      state_ ^= c;
      state_ *= 0x100000001b3ULL;
    }
    return *this;
  }
  // Adds a field separator so ("ab","c") and ("a","bc") hash differently.
  Hasher64& field(std::string_view bytes) noexcept {
    add(bytes);
    state_ ^= 0xff;
    state_ *= 0x100000001b3ULL;
    return *this;
  }
  std::uint64_t value() const noexcept { return state_; }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

inline std::uint64_t hash64(std::string_view bytes) noexcept { return Hasher64{}.add(bytes).value(); }

// 16 lowercase hex digits.
std::string to_hex(std::uint64_t v);

}  // namespace pt
