// The explicit-metadata readers' shared helpers: trimming, case folding, one-line values, names.
#include "meta_values.h"

#include <algorithm>

#include "pt/utf8.h"

namespace pt::indexer::meta {

std::string_view trim(std::string_view s, std::string_view space) {
  const auto b = s.find_first_not_of(space);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(space);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split_words(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto start = s.find_first_not_of(separators, pos);
    if (start == std::string_view::npos) break;
    auto end = s.find_first_of(separators, start);
    if (end == std::string_view::npos) end = s.size();
    words.push_back(s.substr(start, end - start));
    pos = end;
  }
  return words;
}

std::size_t space_at(std::string_view s, std::size_t i, Spaces spaces) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (spaces == Spaces::AsciiAndNbsp && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
  return 0;
}

std::string one_line(std::string_view s, Spaces spaces) {
  std::string out;
  bool pending = false;  // white space seen after some text: one space before the next character
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = space_at(s, i, spaces)) {
      pending = !out.empty();
      i += n;
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += s[i++];
  }
  return out;
}

std::string fit_title(std::string_view title) {
  if (title.size() <= kMaxTitleBytes) return std::string(title);
  auto cut = utf8::safe_prefix(title, kMaxTitleBytes - 3);  // 3: the bytes of "…"
  if (const auto space = title.substr(0, cut).find_last_of(' '); space != std::string_view::npos && space > cut / 2)
    cut = space;
  return std::string(trim(title.substr(0, cut))) + "\xE2\x80\xA6";
}

std::string clip_evidence(std::string_view s) {
  constexpr std::size_t kMax = 160;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, utf8::safe_prefix(s, kMax))) + "\xE2\x80\xA6";
}

std::vector<std::string> split_names(std::string_view text) {
  text = trim(text);
  // The word separators become commas, then the text is split once.
  std::string joined;
  for (std::size_t p = 0; p < text.size();) {
    const auto here = text.substr(p);
    if (here.size() >= 5 && iequals(here.substr(0, 5), " and ")) {
      joined += ',';
      p += 5;
    } else if (here.starts_with(" & ")) {
      joined += ',';
      p += 3;
    } else {
      joined += text[p++];
    }
  }
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos <= joined.size()) {
    auto end = joined.find_first_of(",;", pos);
    if (end == std::string::npos) end = joined.size();
    const auto name = trim(std::string_view(joined).substr(pos, end - pos));
    if (!names.empty() && (iequals(name, "jr") || iequals(name, "jr.") || iequals(name, "sr") ||
                           iequals(name, "sr.") || iequals(name, "ii") || iequals(name, "iii")))
      names.back() += ", " + std::string(name);
    else if (!name.empty())
      names.emplace_back(name);
    pos = end + 1;
  }
  return names;
}

std::vector<std::string> split_byline(std::string_view text) {
  text = trim(text);
  if (text.size() > 3 && iequals(text.substr(0, 3), "by ")) text = text.substr(3);
  return split_names(text);
}

bool has_author(const std::vector<Author>& authors, std::string_view slug) {
  return std::any_of(authors.begin(), authors.end(), [&](const Author& a) { return a.slug == slug; });
}

}  // namespace pt::indexer::meta
