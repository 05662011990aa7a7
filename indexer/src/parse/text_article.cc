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

namespace {

constexpr char32_t kReplacement = 0xFFFD;

struct Repairs {
  std::size_t count = 0;
  std::size_t first = 0;  // byte offset in the file
  void note(std::size_t offset) {
    if (count++ == 0) first = offset;
  }
};

// UTF-16 (after its BOM) to UTF-8; nullopt and `problem` at a NUL character.
std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian, Repairs& repairs, std::string& problem) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  const auto unit = [&](std::size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (char32_t{b} << 8 | a) : (char32_t{a} << 8 | b);
  };
  std::size_t i = 2;
  for (; i + 1 < bytes.size(); i += 2) {
    const char32_t u = unit(i);
    if (u == 0) {
      problem = "binary file (NUL character at offset " + std::to_string(i) + " of UTF-16 text)";
      return std::nullopt;
    }
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        utf8::append(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      repairs.note(i);
      utf8::append(out, kReplacement);
      continue;
    }
    utf8::append(out, u);
  }
  if (i < bytes.size()) {  // an odd last byte
    repairs.note(i);
    utf8::append(out, kReplacement);
  }
  return out;
}

// Valid UTF-8 copied, every other byte replaced with U+FFFD.
std::string repair_utf8(std::string_view bytes, Repairs& repairs) {
  auto bad = utf8::first_invalid(bytes);
  if (!bad) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 64);
  std::size_t done = 0;  // bytes of `bytes` handled
  while (bad) {
    const std::size_t at = done + *bad;
    out.append(bytes.substr(done, at - done));
    repairs.note(at);
    utf8::append(out, kReplacement);
    done = at + 1;
    bad = utf8::first_invalid(bytes.substr(done));
  }
  out.append(bytes.substr(done));
  return out;
}

}  // namespace

std::optional<std::string> decode_text_file(std::string_view bytes, std::string& text, std::vector<std::string>& warnings) {
  Repairs repairs;
  std::string encoding = "UTF-8";
  const bool le = bytes.starts_with("\xFF\xFE"), be = bytes.starts_with("\xFE\xFF");
  if (le || be) {
    encoding = le ? "UTF-16LE" : "UTF-16BE";
    std::string problem;
    auto decoded = decode_utf16(bytes, le, repairs, problem);
    if (!decoded) return problem;
    text = std::move(*decoded);
    if (text.empty()) return "empty file";
  } else {
    if (auto problem = binary_problem(bytes)) return problem;
    text = repair_utf8(bytes, repairs);
  }
  std::string_view rest = text;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  if (rest.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return "empty file (only white space)";
  if (repairs.count)
    warnings.push_back("not valid " + encoding + ": " + std::to_string(repairs.count) +
                       (encoding == "UTF-8" ? " byte(s)" : " code unit(s)") + " replaced with U+FFFD (the first at offset " +
                       std::to_string(repairs.first) + ")");
  return std::nullopt;
}

std::optional<std::string> content_problem(std::string_view bytes) {
  std::string text;
  std::vector<std::string> warnings;
  return decode_text_file(bytes, text, warnings);
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
