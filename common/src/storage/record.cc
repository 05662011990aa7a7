// Record encoding: magic, version, then a zstd frame of length-prefixed fields.
#include "pt/record.h"

#include <zstd.h>

#include <cstdint>
#include <memory>

#include "pt/error.h"

namespace pt {
namespace {

constexpr std::string_view kMagic = "PTR";
constexpr std::size_t kMaxDecodedBytes = std::size_t{1} << 31;  // refuse absurd frame sizes

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) throw RecordError("record truncated inside a length");
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    throw RecordError("record has an over-long length field");
  }
  std::string string() {
    const auto len = varint();
    if (len > in_.size() - pos_) throw RecordError("record truncated: a field claims " + std::to_string(len) + " bytes");
    std::string s(in_.substr(pos_, len));
    pos_ += len;
    return s;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_record(const Record& r, int zstd_level) {
  std::string payload;
  put_string(payload, r.id);
  put_string(payload, r.path);
  put_string(payload, r.title);
  put_string(payload, r.body);
  put_varint(payload, r.fields.size());
  for (const auto& [k, v] : r.fields) {
    put_string(payload, k);
    put_string(payload, v);
  }
  std::string out(kMagic);
  out.push_back(static_cast<char>(kRecordVersion));
  const auto header = out.size();
  // One context per thread, reused: creating one per record costs more than compressing it.
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  if (!cctx) throw RecordError("zstd: cannot create a compression context");
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, zstd_level);
  // The frame checksum makes a corrupted record fail to decode instead of decoding to garbage.
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  out.resize(header + ZSTD_compressBound(payload.size()));
  const auto n = ZSTD_compress2(cctx.get(), out.data() + header, out.size() - header, payload.data(), payload.size());
  if (ZSTD_isError(n)) throw RecordError(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(header + n);
  return out;
}

Record decode_record(std::string_view blob) {
  if (blob.size() < kMagic.size() + 1 || blob.substr(0, kMagic.size()) != kMagic)
    throw RecordError("document data is not a ptsearch record (bad magic)");
  const auto version = static_cast<unsigned char>(blob[kMagic.size()]);
  if (version != kRecordVersion)
    throw RecordError("record format version " + std::to_string(version) + " is not supported (this program reads " +
                      std::to_string(kRecordVersion) + ")");
  const auto frame = blob.substr(kMagic.size() + 1);
  const auto size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR) throw RecordError("record body is not a zstd frame");
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxDecodedBytes) throw RecordError("record body has no usable size");
  std::string payload(size, '\0');
  const auto n = ZSTD_decompress(payload.data(), payload.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) throw RecordError(std::string("record body is corrupt: ") + ZSTD_getErrorName(n));
  if (n != size) throw RecordError("record body is shorter than its header says");
  Reader in(payload);
  Record r;
  r.id = in.string();
  r.path = in.string();
  r.title = in.string();
  r.body = in.string();
  const auto count = in.varint();
  for (std::uint64_t i = 0; i < count; ++i) {
    auto k = in.string();
    auto v = in.string();
    r.fields.emplace_back(std::move(k), std::move(v));
  }
  if (!in.done()) throw RecordError("record has trailing bytes");
  return r;
}

}  // namespace pt
