// Streaming a .jsonl or .jsonl.zst file line by line with ZSTD_decompressStream: constant memory.
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "pt/error.h"
#include "ptindex/jsonl.h"

namespace pt::indexer {

namespace {
bool ends_with_lower(std::string name, std::string_view suffix) {
  for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return name.size() > suffix.size() && std::string_view(name).ends_with(suffix);
}
}  // namespace

bool is_jsonl_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return ends_with_lower(name, ".jsonl") || ends_with_lower(name, ".jsonl.zst");
}

struct JsonlReader::Impl {
  std::filesystem::path path;
  std::uint64_t max_line = 0;
  std::FILE* file = nullptr;
  ZSTD_DStream* zstd = nullptr;  // null for plain .jsonl
  std::string in, out;           // raw and decompressed buffers
  ZSTD_inBuffer zin{nullptr, 0, 0};
  std::size_t out_pos = 0;       // next unread byte of `out`
  bool eof = false;
  bool frame_done = true;        // the last zstd frame ended (a file cut mid-frame is an error)
  std::uint64_t raw_bytes = 0;
  std::size_t line_number = 0;

  // Appends the next decoded chunk to `out`; false at the end of the file.
  bool fill() {
    if (eof) return false;
    if (!zstd) {
      out.resize(out.size() + (1 << 16));
      const std::size_t got = std::fread(out.data() + out.size() - (1 << 16), 1, 1 << 16, file);
      out.resize(out.size() - (1 << 16) + got);
      raw_bytes += got;
      if (got == 0) {
        if (std::ferror(file)) throw IoError("cannot read " + path.string() + ": " + std::strerror(errno));
        eof = true;
        return false;
      }
      return true;
    }
    for (;;) {
      if (zin.pos == zin.size) {
        in.resize(ZSTD_DStreamInSize());
        const std::size_t got = std::fread(in.data(), 1, in.size(), file);
        raw_bytes += got;
        if (got == 0) {
          if (std::ferror(file)) throw IoError("cannot read " + path.string() + ": " + std::strerror(errno));
          eof = true;
          if (!frame_done) throw IoError(path.string() + ": truncated zstd data (the file ends inside a frame)");
          return false;
        }
        zin = ZSTD_inBuffer{in.data(), got, 0};
      }
      const std::size_t old = out.size();
      out.resize(old + ZSTD_DStreamOutSize());
      ZSTD_outBuffer zout{out.data() + old, ZSTD_DStreamOutSize(), 0};
      const std::size_t ret = ZSTD_decompressStream(zstd, &zout, &zin);
      out.resize(old + zout.pos);
      if (ZSTD_isError(ret))
        throw IoError(path.string() + ": corrupt zstd data (" + ZSTD_getErrorName(ret) + ")");
      frame_done = ret == 0;
      if (zout.pos > 0) return true;
    }
  }
};

JsonlReader::JsonlReader(const std::filesystem::path& path, std::uint64_t max_line_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->max_line = max_line_bytes;
  impl_->file = std::fopen(path.c_str(), "rb");
  if (!impl_->file) throw IoError("cannot read " + path.string() + ": " + std::strerror(errno));
  if (ends_with_lower(path.filename().string(), ".zst")) {
    impl_->zstd = ZSTD_createDStream();
    if (!impl_->zstd) {
      std::fclose(impl_->file);
      throw IoError("cannot read " + path.string() + ": out of memory for zstd");
    }
  }
}

JsonlReader::~JsonlReader() {
  if (impl_->zstd) ZSTD_freeDStream(impl_->zstd);
  if (impl_->file) std::fclose(impl_->file);
}

std::uint64_t JsonlReader::bytes_read() const { return impl_->raw_bytes; }

std::optional<JsonlReader::Line> JsonlReader::next() {
  Impl& r = *impl_;
  for (;;) {
    // Find the end of the next line in what is decoded, decoding more as needed.
    std::size_t scan = r.out_pos;
    std::size_t end;
    bool too_long = false;
    for (;;) {
      end = r.out.find('\n', scan);
      if (end != std::string::npos) break;
      if (r.out.size() - r.out_pos > r.max_line) {
        // Over the limit: drop what is held and skip to the line's end without keeping it.
        too_long = true;
        r.out.clear();
        r.out_pos = 0;
        scan = 0;
        while (end == std::string::npos) {
          if (!r.fill()) break;
          end = r.out.find('\n');
          if (end == std::string::npos) r.out.clear();
        }
        break;
      }
      scan = r.out.size();
      if (!r.fill()) break;
    }
    const bool at_end = end == std::string::npos;
    if (at_end && r.out_pos == r.out.size() && !too_long) return std::nullopt;
    const std::size_t stop = at_end ? r.out.size() : end;
    // A long line that arrived whole in one read is over the limit all the same.
    if (!too_long && stop - r.out_pos > r.max_line) too_long = true;
    Line line;
    line.number = ++r.line_number;
    if (too_long) {
      line.problem = "line longer than the size limit (" + std::to_string(r.max_line) + " bytes; see --max-file-size)";
    } else {
      line.text.assign(r.out, r.out_pos, stop - r.out_pos);
      if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    }
    r.out_pos = at_end ? r.out.size() : stop + 1;
    // Keep the buffer small: drop consumed bytes once they dominate.
    if (r.out_pos > (1 << 20) && r.out_pos * 2 > r.out.size()) {
      r.out.erase(0, r.out_pos);
      r.out_pos = 0;
    }
    if (line.problem || line.text.find_first_not_of(" \t") != std::string::npos) return line;
    if (at_end) return std::nullopt;
  }
}

}  // namespace pt::indexer
