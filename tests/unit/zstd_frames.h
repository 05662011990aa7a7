// Unit test helper: zstd frames made by hand, as the record encoders of every version wrote them.
#pragma once

#include <catch2/catch.hpp>
#include <zstd.h>

#include <string>

// One zstd frame of `content` at `level`, with zstd's content checksum (every record frame has one).
inline std::string checked_zstd_frame(const std::string& content, int level = 3) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string frame(ZSTD_compressBound(content.size()), '\0');
  const auto n = ZSTD_compress2(cctx, frame.data(), frame.size(), content.data(), content.size());
  ZSTD_freeCCtx(cctx);
  REQUIRE_FALSE(ZSTD_isError(n));
  frame.resize(n);
  return frame;
}
