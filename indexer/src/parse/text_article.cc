// Plain text and Markdown articles: content checks, line-end normalisation, title/body split.
#include "ptindex/article.h"

#include <cstring>

#include "pt/utf8.h"

namespace pt::indexer {

std::optional<std::string> binary_problem(std::string_view bytes) {
  if (bytes.empty()) return "empty file";
  if (const auto nul = bytes.find('\0'); nul != std::string_view::npos)
    return "binary file (NUL byte at offset " + std::to_string(nul) + ")";
  return std::nullopt;
}

std::optional<std::string> content_problem(std::string_view bytes) {
  if (auto problem = binary_problem(bytes)) return problem;
  if (const auto bad = utf8::first_invalid(bytes))
    return "not valid UTF-8 (bad byte at offset " + std::to_string(*bad) + ")";
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return "empty file (only white space)";
  return std::nullopt;
}

std::string normalize_text(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
    } else {
      out.push_back(bytes[i]);
    }
  }
  return out;
}

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\f\v");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\f\v");
  return s.substr(b, e - b + 1);
}

// "## Title ##" -> "Title" (ATX headings); other lines unchanged.
std::string_view strip_heading(std::string_view line) {
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 6 || (hashes < line.size() && line[hashes] != ' ' && line[hashes] != '\t')) return line;
  line = trim(line.substr(hashes));
  // A closing run of '#' is markup only after white space ("## Why F# ##" -> "Why F#").
  auto closing = line.size();
  while (closing > 0 && line[closing - 1] == '#') --closing;
  if (closing < line.size() && (closing == 0 || line[closing - 1] == ' ' || line[closing - 1] == '\t'))
    line = trim(line.substr(0, closing));
  return line;
}

}  // namespace

Article parse_text_article(std::string_view text) {
  Article a;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const auto end = nl == std::string_view::npos ? text.size() : nl;
    const auto line = trim(text.substr(pos, end - pos));
    const auto next = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty()) {
      const auto title = strip_heading(line);
      if (title.size() <= kMaxTitleBytes) {
        a.title = std::string(title);
        a.body = std::string(text.substr(next));
      } else {
        // Not a headline but a paragraph: cut a title from it at a word boundary and keep it whole in the body.
        auto cut = utf8::safe_prefix(title, kMaxTitleBytes - 3);
        if (const auto space = title.substr(0, cut).find_last_of(' '); space != std::string_view::npos && space > cut / 2)
          cut = space;
        a.title = std::string(trim(title.substr(0, cut))) + "\xE2\x80\xA6";
        a.body = std::string(text.substr(pos));
      }
      break;
    }
    pos = next;
  }
  // Trim leading blank lines of the body; keep its inner layout for snippets.
  const auto first = a.body.find_first_not_of(" \t\n");
  a.body.erase(0, first == std::string::npos ? a.body.size() : first);
  while (!a.body.empty() && (a.body.back() == '\n' || a.body.back() == ' ')) a.body.pop_back();
  return a;
}

}  // namespace pt::indexer
