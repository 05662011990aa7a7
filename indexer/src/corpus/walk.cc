// Recursive corpus walk: follows symlinks once per real folder, skips hidden names, reports problems.
#include "ptindex/corpus.h"
#include "ptindex/jsonl.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include "pt/error.h"

namespace pt::indexer {
namespace fs = std::filesystem;

namespace {

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

bool is_html_file(const fs::path& path) {
  const auto ext = lower_extension(path);
  return ext == ".html" || ext == ".htm";
}

bool is_article_file(const fs::path& path) {
  const auto ext = lower_extension(path);
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || is_html_file(path) || is_jsonl_file(path);
}

namespace {

// "a.txt" may have "a.meta.json" or "a.txt.meta.json" beside it.
void find_sidecar(CorpusFile& f) {
  for (const auto& name : {f.path.stem().string() + ".meta.json", f.path.filename().string() + ".meta.json"}) {
    const fs::path candidate = f.path.parent_path() / name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      f.sidecar = candidate;
      f.sidecar_size = static_cast<std::uint64_t>(st.st_size);
      f.sidecar_mtime_ns = mtime_ns(st);
      return;
    }
  }
}

struct Walker {
  fs::path root;
  std::set<std::pair<dev_t, ino_t>> visited;
  std::set<std::pair<dev_t, ino_t>> excluded;
  std::map<std::pair<dev_t, ino_t>, std::string> ancestors;  // folders being walked -> their path
  CorpusListing out;

  void problem(const fs::path& p, std::string reason, std::optional<std::string> folder = std::nullopt) {
    out.problems.push_back({p.string(), std::move(reason), std::move(folder)});
  }

  void walk_dir(const fs::path& dir, const std::string& rel) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      if (rel.empty()) throw IoError("cannot read corpus folder " + dir.string() + ": " + ec.message());
      problem(dir, "cannot read folder: " + ec.message(), rel);
      return;
    }
    std::vector<fs::path> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(it->path());
    }
    if (ec) problem(dir, "cannot list folder completely: " + ec.message(), rel);
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries) {
      const std::string name = entry.filename().string();
      if (name.empty() || name[0] == '.') continue;
      const std::string id = rel.empty() ? name : rel + "/" + name;
      struct stat st {};
      if (::stat(entry.c_str(), &st) != 0) {
        const int err = errno;
        struct stat lst {};
        if (::lstat(entry.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
          if (is_article_file(entry))
            problem(entry, err == ELOOP ? "symbolic link loop (too many levels of links)" : "broken symbolic link");
        } else if (is_article_file(entry)) {
          problem(entry, std::string("cannot stat: ") + std::strerror(err));
        }
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        const auto key = std::make_pair(st.st_dev, st.st_ino);
        if (excluded.count(key)) continue;
        if (const auto up = ancestors.find(key); up != ancestors.end()) {
          problem(entry, "symbolic link loop (leads back to " + up->second + "); not followed");
          out.problems.back().warning = true;
          continue;
        }
        if (!visited.insert(key).second) continue;  // a second link to a folder seen elsewhere: walked once
        ancestors.emplace(key, entry.string());
        walk_dir(entry, id);
        ancestors.erase(key);
      } else if (is_article_file(entry)) {
        if (!S_ISREG(st.st_mode)) {
          problem(entry, "not a regular file");
          continue;
        }
        CorpusFile f;
        f.path = entry;
        f.id = id;
        f.size = static_cast<std::uint64_t>(st.st_size);
        f.mtime_ns = mtime_ns(st);
        f.jsonl = is_jsonl_file(entry);
        if (!f.jsonl) find_sidecar(f);
        out.files.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

CorpusListing list_corpus(const fs::path& root, const std::vector<fs::path>& exclude) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0)
    throw IoError("cannot read corpus folder " + root.string() + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) throw IoError("corpus " + root.string() + " is not a folder");
  Walker w;
  w.root = root;
  for (const auto& ex : exclude) {
    struct stat xs {};
    if (::stat(ex.c_str(), &xs) == 0) w.excluded.insert({xs.st_dev, xs.st_ino});
  }
  w.visited.insert({st.st_dev, st.st_ino});
  w.ancestors.emplace(std::make_pair(st.st_dev, st.st_ino), root.string());
  w.walk_dir(root, "");
  std::sort(w.out.files.begin(), w.out.files.end(), [](const CorpusFile& a, const CorpusFile& b) { return a.id < b.id; });
  return std::move(w.out);
}

}  // namespace pt::indexer
