// Finding a corpus' article files: a recursive, loop-safe walk that skips hidden entries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pt::indexer {

struct CorpusFile {
  std::filesystem::path path;  // as reached from the corpus root (symlinks not resolved)
  std::string id;              // path relative to the root, '/'-separated: the document id (of a text file)
  bool jsonl = false;          // a .jsonl/.jsonl.zst file of many articles, each with its own id
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  // A sidecar NAME.meta.json (or NAME.EXT.meta.json) beside it, whose metadata wins.
  std::optional<std::filesystem::path> sidecar;
  std::uint64_t sidecar_size = 0;
  std::int64_t sidecar_mtime_ns = 0;
};

// A file or folder the walk could not use, with the reason (reported as "PATH: reason").
struct CorpusProblem {
  std::string path;
  std::string reason;
  // For a folder that could not be read (completely): its id prefix ("sub/dir"), so that the
  // documents under it are not taken for deleted. Empty for a file.
  std::optional<std::string> unread_folder;
  // Nothing was left out (a symbolic link looping back to a folder being walked): a warning, not a skip.
  bool warning = false;
};

struct CorpusListing {
  std::vector<CorpusFile> files;  // sorted by id
  std::vector<CorpusProblem> problems;
};

// True for the extensions ptindex reads (.txt, .md, .markdown, .html, .htm, .jsonl, .jsonl.zst; any letter case).
bool is_article_file(const std::filesystem::path& path);
// True for .html and .htm.
bool is_html_file(const std::filesystem::path& path);

// Walks `root` recursively. Follows symbolic links but visits each real folder once (no loops;
// a link back to a folder being walked is reported once, as a warning, and not followed),
// skips names starting with '.', and leaves out the folders in `exclude` (e.g. the index itself).
// Throws pt::IoError when the root itself is not a readable folder.
CorpusListing list_corpus(const std::filesystem::path& root, const std::vector<std::filesystem::path>& exclude = {});

}  // namespace pt::indexer
