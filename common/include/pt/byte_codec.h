// Length-prefixed binary fields (LEB128 varints, strings, doubles), written and read back with bounds checks.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "pt/error.h"

namespace pt::bytes {

inline void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

// The double's IEEE bits as 8 bytes, little-endian.
inline void put_double(std::string& out, double d) {
  const auto bits = std::bit_cast<std::uint64_t>(d);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
}

// Reads what the put_ functions wrote; running past the end (or a varint over 64 bits) throws
// RecordError naming `what` ("record", "document metadata").
class Reader {
 public:
  Reader(std::string_view in, std::string_view what) : in_(in), what_(what) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) fail("truncated inside a length");
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    fail("has an over-long length field");
  }
  std::string_view string_view() {
    const auto len = varint();
    if (len > in_.size() - pos_) fail("truncated: a field claims " + std::to_string(len) + " bytes");
    const auto s = in_.substr(pos_, len);
    pos_ += len;
    return s;
  }
  std::string string() { return std::string(string_view()); }
  double float64() {
    if (in_.size() - pos_ < 8) fail("truncated inside a number");
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= std::uint64_t{static_cast<unsigned char>(in_[pos_++])} << (8 * i);
    return std::bit_cast<double>(bits);
  }
  std::uint8_t byte() {
    if (pos_ >= in_.size()) fail("truncated");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  bool done() const { return pos_ == in_.size(); }
  // What is left unread, consumed.
  std::string_view rest() {
    const auto s = in_.substr(pos_);
    pos_ = in_.size();
    return s;
  }
  [[noreturn]] void fail(const std::string& problem) const { throw RecordError(std::string(what_) + " " + problem); }

 private:
  std::string_view in_;
  std::string_view what_;
  std::size_t pos_ = 0;
};

}  // namespace pt::bytes
