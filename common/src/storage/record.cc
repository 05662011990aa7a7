// Record encoding: magic, version, dictionary ids, then zstd frames of length-prefixed fields (the head) and of the body.
#include "pt/record.h"

// ZSTD_createDDict_byReference is in zstd's "experimental" section, stable since 1.0 and exported
// by Debian's shared libzstd.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "pt/byte_codec.h"
#include "pt/error.h"

namespace pt {
namespace {

constexpr std::string_view kMagic = "PTR";
constexpr std::size_t kV1Header = kMagic.size() + 1;      // magic, version
constexpr std::size_t kV2Header = kMagic.size() + 1 + 4;  // magic, version, dictionary id
constexpr std::size_t kV4Header = kMagic.size() + 1 + 8;  // magic, version, head and body dictionary ids
constexpr std::size_t kMaxDecodedBytes = std::size_t{1} << 31;  // refuse absurd frame sizes

using bytes::put_string;
using bytes::put_varint;

// A payload of length-prefixed fields: id, path, title, the body (versions 1 and 2; version 3
// keeps it in a frame of its own), then the further fields.
std::string payload_of(const Record& r, bool with_body) {
  std::string payload;
  payload.reserve(r.id.size() + r.path.size() + r.title.size() + (with_body ? r.body.size() : 0) + 64);
  put_string(payload, r.id);
  put_string(payload, r.path);
  put_string(payload, r.title);
  if (with_body) put_string(payload, r.body);
  put_varint(payload, r.fields.size());
  for (const auto& [k, v] : r.fields) {
    put_string(payload, k);
    put_string(payload, v);
  }
  return payload;
}

Record parse_payload(std::string_view payload, bool with_body) {
  bytes::Reader in(payload, "record");
  Record r;
  r.id = in.string();
  r.path = in.string();
  r.title = in.string();
  if (with_body) r.body = in.string();
  const auto count = in.varint();
  for (std::uint64_t i = 0; i < count; ++i) {
    auto k = in.string();
    auto v = in.string();
    r.fields.emplace_back(std::move(k), std::move(v));
  }
  if (!in.done()) throw RecordError("record has trailing bytes");
  return r;
}

void put_u32le(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t get_u32le(std::string_view in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(in[static_cast<std::size_t>(i)])} << (8 * i);
  return v;
}

std::string header(std::uint32_t head_dictionary_id, std::uint32_t body_dictionary_id) {
  std::string out(kMagic);
  out.push_back(static_cast<char>(kRecordVersion));
  put_u32le(out, head_dictionary_id);
  put_u32le(out, body_dictionary_id);
  return out;
}

void check_zstd(std::size_t rc, const char* what) {
  if (ZSTD_isError(rc)) throw RecordError(std::string("zstd: ") + what + ": " + ZSTD_getErrorName(rc));
}

// Appends one frame of `payload` to `out`, with the parameters already set on `cctx`.
void append_frame(ZSTD_CCtx* cctx, std::string_view payload, std::string& out) {
  const auto header = out.size();
  out.resize(header + ZSTD_compressBound(payload.size()));
  const auto n = ZSTD_compress2(cctx, out.data() + header, out.size() - header, payload.data(), payload.size());
  check_zstd(n, "compression failed");
  out.resize(header + n);
}

using CCtxPtr = std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)>;
using DCtxPtr = std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)>;

CCtxPtr new_cctx() {
  CCtxPtr cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  if (!cctx) throw RecordError("zstd: cannot create a compression context");
  return cctx;
}

// The frame parameters every record has. The checksum makes a corrupted record, or one decoded
// with another dictionary, fail instead of decoding to garbage; the dictionary id is in our header,
// so the frame's own copy (up to 4 bytes) is left out.
void set_frame_parameters(ZSTD_CCtx* cctx, int level) {
  check_zstd(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level), "bad compression level");
  check_zstd(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1), "cannot set the checksum flag");
  check_zstd(ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0), "cannot set the dictionary id flag");
}

}  // namespace

// --- RecordDictionary ---------------------------------------------------------------------------

struct RecordDictionary::Shared {
  std::string bytes;
  std::uint32_t id = 0;
  std::mutex mutex;  // guards the tables below, made on first use by any thread
  std::map<int, std::shared_ptr<const ZSTD_CDict>> cdicts;  // by compression level
  std::shared_ptr<const ZSTD_DDict> ddict;

  std::shared_ptr<const ZSTD_CDict> cdict(int level) {
    const std::lock_guard lock(mutex);
    auto& slot = cdicts[level];
    if (!slot) {
      ZSTD_CDict* made = ZSTD_createCDict(bytes.data(), bytes.size(), level);
      if (!made) throw RecordError("record compression dictionary " + dictionary_id_hex(id) + " is corrupt (zstd cannot load it)");
      slot.reset(made, [](const ZSTD_CDict* d) { ZSTD_freeCDict(const_cast<ZSTD_CDict*>(d)); });
    }
    return slot;
  }

  std::shared_ptr<const ZSTD_DDict> decompression_tables() {
    const std::lock_guard lock(mutex);
    if (!ddict) {
      // By reference: the tables point into `bytes`, which lives as long as they do, so a reader
      // does not copy the dictionary (on a cold start, its fresh pages cost more than its decoding).
      ZSTD_DDict* made = ZSTD_createDDict_byReference(bytes.data(), bytes.size());
      if (!made) throw RecordError("record compression dictionary " + dictionary_id_hex(id) + " is corrupt (zstd cannot load it)");
      ddict.reset(made, [](const ZSTD_DDict* d) { ZSTD_freeDDict(const_cast<ZSTD_DDict*>(d)); });
    }
    return ddict;
  }
};

RecordDictionary::RecordDictionary(std::string bytes) : shared_(std::make_shared<Shared>()) {
  // 0 means "not a zstd-format dictionary": raw content would carry no id to find it by.
  const unsigned id = ZSTD_getDictID_fromDict(bytes.data(), bytes.size());
  if (id == 0) throw RecordError("not a zstd compression dictionary (" + std::to_string(bytes.size()) + " bytes without a dictionary header)");
  shared_->id = id;
  shared_->bytes = std::move(bytes);
}

std::uint32_t RecordDictionary::id() const noexcept { return shared_->id; }
std::string RecordDictionary::id_hex() const { return dictionary_id_hex(shared_->id); }
const std::string& RecordDictionary::bytes() const noexcept { return shared_->bytes; }

std::string dictionary_id_hex(std::uint32_t id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, id >>= 4) out[static_cast<std::size_t>(i)] = kDigits[id & 0xF];
  return out;
}

std::optional<std::uint32_t> parse_dictionary_id(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  std::uint32_t v = 0;
  for (const char c : hex) {
    unsigned digit;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    v = (v << 4) | digit;
  }
  return v;
}

// --- Encoding -----------------------------------------------------------------------------------

std::string record_payload(const Record& r) { return payload_of(r, true); }
std::string record_head_payload(const Record& r) { return payload_of(r, false); }

namespace {

// One frame kind's compression: a context and, with a dictionary, its id and prepared tables.
struct FrameCompressor {
  CCtxPtr cctx = new_cctx();
  std::shared_ptr<const ZSTD_CDict> cdict;  // shared with every encoder of this dictionary and level
  std::uint32_t dictionary_id = 0;

  FrameCompressor(int level, std::uint32_t id, std::shared_ptr<const ZSTD_CDict> tables)
      : cdict(std::move(tables)), dictionary_id(id) {
    set_frame_parameters(cctx.get(), level);
    // Sticky: every frame this context makes from now on uses the dictionary (and its level).
    if (cdict) check_zstd(ZSTD_CCtx_refCDict(cctx.get(), cdict.get()), "cannot use the record dictionary");
  }
};

}  // namespace

struct RecordEncoder::State {
  FrameCompressor head;
  FrameCompressor body;
};

RecordEncoder::RecordEncoder(RecordDictionaries dictionaries, int zstd_level) {
  auto compressor = [&](const std::optional<RecordDictionary>& d) {
    return d ? FrameCompressor(zstd_level, d->id(), d->shared_->cdict(zstd_level)) : FrameCompressor(zstd_level, 0, nullptr);
  };
  state_ = std::make_unique<State>(State{compressor(dictionaries.head), compressor(dictionaries.body)});
}

RecordEncoder::RecordEncoder(std::optional<RecordDictionary> body, int zstd_level)
    : RecordEncoder(RecordDictionaries{std::nullopt, std::move(body)}, zstd_level) {}

RecordEncoder::~RecordEncoder() = default;
RecordEncoder::RecordEncoder(RecordEncoder&&) noexcept = default;
RecordEncoder& RecordEncoder::operator=(RecordEncoder&&) noexcept = default;

std::uint32_t RecordEncoder::dictionary_id() const noexcept { return state_->body.dictionary_id; }
std::uint32_t RecordEncoder::head_dictionary_id() const noexcept { return state_->head.dictionary_id; }

namespace {

// "PTR" 4, the dictionary ids, the head frame's length and the head frame, then the body's frame
// (also for an empty body, so a record cut after its head is an error, not an empty body). The
// body apart: a hit shown without a snippet needs only the head, and decoding the body was half
// the work of a plain top-10 query (a ~1.3 kB body: ~60,000 instructions).
std::string encode_v4(ZSTD_CCtx* head_cctx, std::uint32_t head_dictionary_id, ZSTD_CCtx* body_cctx,
                      std::uint32_t body_dictionary_id, const Record& record) {
  std::string out = header(head_dictionary_id, body_dictionary_id);
  std::string head;
  append_frame(head_cctx, payload_of(record, false), head);
  put_varint(out, head.size());
  out += head;
  append_frame(body_cctx, record.body, out);
  return out;
}

}  // namespace

std::string RecordEncoder::encode(const Record& record) {
  return encode_v4(state_->head.cctx.get(), state_->head.dictionary_id, state_->body.cctx.get(),
                   state_->body.dictionary_id, record);
}

std::string encode_record(const Record& record, int zstd_level) {
  // One context per thread, reused: creating one per record costs more than compressing it.
  thread_local const CCtxPtr cctx = new_cctx();
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  set_frame_parameters(cctx.get(), zstd_level);
  return encode_v4(cctx.get(), 0, cctx.get(), 0, record);
}

// --- Decoding -----------------------------------------------------------------------------------

struct RecordDecoder::State {
  struct Known {
    RecordDictionary dictionary;  // keeps the tables below alive with their bytes
    std::shared_ptr<const ZSTD_DDict> tables;
  };
  // One context for heads, one for bodies, each made on its first frame (a reader may decode
  // none). zstd keeps a context's last dictionary warm: a context alternating between the head's
  // and the body's dictionaries treats each frame's as cold and takes its slower, prefetching
  // decoder (ZSTD_decompressSequencesLong) for every body.
  DCtxPtr head_dctx{nullptr, &ZSTD_freeDCtx};
  DCtxPtr body_dctx{nullptr, &ZSTD_freeDCtx};
  DictionaryLookup lookup;  // empty: no dictionaries beyond those added
  std::string holder;
  std::map<std::uint32_t, Known> known;

  const ZSTD_DDict* tables_for(std::uint32_t id) {
    if (const auto it = known.find(id); it != known.end()) return it->second.tables.get();
    if (!lookup)
      throw RecordError("record uses compression dictionary " + dictionary_id_hex(id) + ", which " +
                        (holder.empty() ? std::string("this decoder was not given (a plain decode_record has no dictionaries)")
                                        : holder + " does not hold"));
    auto found = lookup(id);
    const std::string where = holder.empty() ? std::string("the dictionary lookup") : holder;
    if (!found) throw RecordError("record uses compression dictionary " + dictionary_id_hex(id) + ", which " + where + " does not hold");
    if (found->id() != id)
      throw RecordError(where + " answered the request for compression dictionary " + dictionary_id_hex(id) +
                        " with dictionary " + found->id_hex());
    return remember(*found);
  }

  const ZSTD_DDict* remember(const RecordDictionary& dictionary) {
    auto tables = dictionary.shared_->decompression_tables();
    const auto* raw = tables.get();
    known.insert_or_assign(dictionary.id(), Known{dictionary, std::move(tables)});
    return raw;
  }

  // The tables of dictionary `id`, or null for 0 (no dictionary).
  const ZSTD_DDict* tables_or_none(std::uint32_t id) { return id == 0 ? nullptr : tables_for(id); }

  ZSTD_DCtx* context(DCtxPtr& dctx) {
    if (!dctx) {
      dctx.reset(ZSTD_createDCtx());
      if (!dctx) throw RecordError("zstd: cannot create a decompression context");
    }
    return dctx.get();
  }
  ZSTD_DCtx* head_context() { return context(head_dctx); }
  ZSTD_DCtx* body_context() { return context(body_dctx); }
};

RecordDecoder::RecordDecoder() : state_(std::make_unique<State>()) {}

RecordDecoder::RecordDecoder(DictionaryLookup lookup, std::string holder) : RecordDecoder() {
  state_->lookup = std::move(lookup);
  state_->holder = std::move(holder);
}

RecordDecoder::~RecordDecoder() = default;
RecordDecoder::RecordDecoder(RecordDecoder&&) noexcept = default;
RecordDecoder& RecordDecoder::operator=(RecordDecoder&&) noexcept = default;

void RecordDecoder::add(const RecordDictionary& dictionary) { state_->remember(dictionary); }

namespace {

// One frame's content: its declared size checked against what the frame can hold, then decoded
// (with `tables` when given) and checked against its checksum.
std::string decompress(ZSTD_DCtx* dctx, std::string_view frame, const ZSTD_DDict* tables, const char* part) {
  const auto size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR) throw RecordError(std::string("record ") + part + " is not a zstd frame");
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxDecodedBytes) throw RecordError(std::string("record ") + part + " has no usable size");
  // The declared size is only the frame header's word: a corrupt header would have us allocate
  // (and zero) up to kMaxDecodedBytes for a few bytes of input. Each zstd block has a 3-byte
  // header and yields at most ZSTD_BLOCKSIZE_MAX bytes, which bounds what the frame can hold.
  if (size > (frame.size() / 3) * std::uint64_t{ZSTD_BLOCKSIZE_MAX})
    throw RecordError(std::string("record ") + part + " is corrupt: its header declares " + std::to_string(size) +
                      " bytes, more than its " + std::to_string(frame.size()) + " compressed bytes can hold");
  // Exactly one frame: zstd would decode frames that follow (or skip skippable ones).
  if (ZSTD_findFrameCompressedSize(frame.data(), frame.size()) != frame.size())
    throw RecordError(std::string("record ") + part + " is corrupt: it is not exactly one zstd frame");
  std::string payload(size, '\0');
  const auto n = tables ? ZSTD_decompress_usingDDict(dctx, payload.data(), payload.size(), frame.data(), frame.size(), tables)
                        : ZSTD_decompressDCtx(dctx, payload.data(), payload.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) throw RecordError(std::string("record ") + part + " is corrupt: " + ZSTD_getErrorName(n));
  if (n != size) throw RecordError(std::string("record ") + part + " is shorter than its header says");
  return payload;
}

}  // namespace

Record RecordDecoder::decode(std::string_view blob) { return decode(blob, true); }

Record RecordDecoder::decode_head(std::string_view blob) { return decode(blob, false); }

Record RecordDecoder::decode(std::string_view blob, bool with_body) {
  if (blob.size() < kV1Header || blob.substr(0, kMagic.size()) != kMagic)
    throw RecordError("document data is not a ptsearch record (bad magic)");
  const auto version = static_cast<unsigned char>(blob[kMagic.size()]);
  if (version < 1 || version > kRecordVersion)
    throw RecordError("record format version " + std::to_string(version) + " is not supported (this program reads 1 to " +
                      std::to_string(kRecordVersion) + ")");
  if (version == 1) return parse_payload(decompress(state_->body_context(), blob.substr(kV1Header), nullptr, "body"), true);
  const std::size_t header_size = version == 4 ? kV4Header : kV2Header;
  if (blob.size() < header_size) throw RecordError("record truncated inside its header");
  // Versions 2 and 3 name one dictionary for everything; version 4 the head's, then the body's.
  const auto head_id = get_u32le(blob.substr(kV1Header, 4));
  const auto body_id = version == 4 ? get_u32le(blob.substr(kV1Header + 4, 4)) : head_id;
  if (version == 2)
    return parse_payload(decompress(state_->body_context(), blob.substr(kV2Header), state_->tables_or_none(body_id), "body"), true);
  bytes::Reader in(blob.substr(header_size), "record");
  const auto head_frame = in.string_view();
  Record r = parse_payload(decompress(state_->head_context(), head_frame, state_->tables_or_none(head_id), "head"), false);
  const auto body_frame = in.rest();
  if (body_frame.empty()) throw RecordError("record truncated after its head (no body frame)");
  if (with_body) r.body = decompress(state_->body_context(), body_frame, state_->tables_or_none(body_id), "body");
  return r;
}

Record decode_record(std::string_view blob) {
  thread_local RecordDecoder decoder;
  return decoder.decode(blob);
}

}  // namespace pt
