// Index layouts: reading and writing the XAPIANDB stub of a sharded index, routing ids to shards.
#include "index_layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "pt/error.h"
#include "pt/hash.h"

namespace pt::indexer {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStubName = "XAPIANDB";

constexpr std::string_view kPartsHeader = "# ptsearch index in parts: ptindex build merges them into one database";
constexpr std::string_view kShardsHeader = "# ptsearch index of ";

struct StubShards {
  unsigned count = 0;
  bool in_parts = false;
};

// The shard folders a stub lists ("auto shard-3"), in order; nullopt when it is not one of ours.
std::optional<StubShards> stub_shards(const fs::path& stub) {
  std::ifstream in(stub);
  if (!in) throw IoError("cannot read " + stub.string() + ": " + std::strerror(errno));
  static const std::regex line_re(R"(^auto shard-(\d+)$)");
  unsigned n = 0;
  bool in_parts = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(kPartsHeader)) in_parts = true;
    if (line.empty() || line[0] == '#') continue;
    std::smatch m;
    if (!std::regex_match(line, m, line_re) || std::stoul(m[1]) != n) return std::nullopt;
    ++n;
  }
  return n ? std::optional<StubShards>(StubShards{n, in_parts}) : std::nullopt;
}

bool is_xapian_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "iamglass" || name == "iamchert" || name == "flintlock" || name == kStubName ||
         p.extension() == ".glass" || p.extension() == ".tmp";
}

// Removes the Xapian files of one layout from `dir` before writing the other: never anything else.
void remove_layout(const fs::path& dir, bool shards) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (shards && entry.is_directory() && name.starts_with("shard-")) fs::remove_all(entry.path(), ec);
    else if (!shards && entry.is_regular_file() && is_xapian_file(entry.path())) fs::remove(entry.path(), ec);
    if (ec) throw IoError("cannot remove " + entry.path().string() + ": " + ec.message());
  }
  if (shards) fs::remove(dir / kStubName, ec);
}

}  // namespace

std::string shard_name(unsigned n) { return "shard-" + std::to_string(n); }

unsigned shard_of(std::string_view id, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<unsigned>(hash64(id) % shards);
}

IndexLayout plan_index_layout(const std::string& root, std::optional<unsigned> requested, bool rebuild, unsigned parts) {
  const fs::path dir(root);
  const fs::path stub = dir / kStubName;
  std::error_code ec;
  std::optional<unsigned> existing;  // shards of an existing sharded index
  unsigned existing_parts = 0;       // parts of an unsharded index an unfinished build left
  // An existing plain index. (One being rebuilt in parts has both the stub and the old files.)
  const bool plain = fs::exists(dir / "iamglass", ec);
  if (fs::is_regular_file(stub, ec)) {
    const auto found = stub_shards(stub);
    if (!found)
      throw ConfigError(stub.string() + " is a Xapian stub that ptindex did not write (shards listed as 'auto shard-N' "
                        "expected); build into another --index");
    if (found->in_parts) existing_parts = found->count;
    else existing = found->count;
  } else if (fs::is_regular_file(dir, ec)) {
    throw ConfigError("index " + root + " is a file (a compacted or stub index?); ptindex builds into a folder: "
                      "choose another --index");
  }
  const unsigned current = existing ? *existing : 1;  // an index in parts is one index, unfinished
  const unsigned want = requested ? *requested : current;
  if (want == 0) throw ConfigError("--shards must be at least 1");
  const bool other_layout = (existing && want == 1) || ((plain || existing_parts) && want > 1) ||
                            (existing && want != *existing);
  if (other_layout && !rebuild)
    throw ConfigError("index " + root + " has " + std::to_string(current) + (current == 1 ? " shard" : " shards") +
                      ", not " + std::to_string(want) + "; add --rebuild to rebuild it with " + std::to_string(want));
  if (existing_parts && rebuild) remove_layout(dir, true);  // the unfinished parts start again
  if (other_layout) {
    if (existing) remove_layout(dir, true);
    if (plain) remove_layout(dir, false);
  }
  IndexLayout layout{root, {}};
  unsigned shards = want;
  if (want == 1 && existing_parts && !rebuild) {
    layout.in_parts = true;  // resumed in the parts its documents went to
    shards = existing_parts;
  } else if (want == 1 && (rebuild || !plain) && parts > 1) {
    layout.in_parts = true;
    shards = parts;
  }
  if (shards == 1) {
    layout.shard_paths.push_back(root);
  } else {
    for (unsigned i = 0; i < shards; ++i) layout.shard_paths.push_back((dir / shard_name(i)).string());
  }
  return layout;
}

void write_shard_stub(const IndexLayout& layout) {
  if (!layout.sharded()) return;
  std::string text = layout.in_parts ? std::string(kPartsHeader) + " when it completes\n"
                                     : std::string(kShardsHeader) + std::to_string(layout.shard_paths.size()) +
                                           " shards (ptindex build --shards); Xapian opens them all through this stub\n";
  for (unsigned i = 0; i < layout.shard_paths.size(); ++i) text += "auto " + shard_name(i) + "\n";
  const fs::path stub = fs::path(layout.root) / kStubName;
  std::error_code ec;
  if (fs::is_regular_file(stub, ec)) {
    std::ifstream in(stub);
    const std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (old == text) return;  // unchanged: an unchanged build leaves the index untouched
  }
  const fs::path tmp = fs::path(layout.root) / (std::string(kStubName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw IoError("cannot write " + tmp.string() + ": " + std::strerror(errno));
  }
  fs::rename(tmp, stub, ec);
  if (ec) throw IoError("cannot write " + stub.string() + ": " + ec.message());
}

void remove_parts(const IndexLayout& layout) {
  if (!layout.in_parts) return;
  remove_layout(fs::path(layout.root), true);
}

}  // namespace pt::indexer
