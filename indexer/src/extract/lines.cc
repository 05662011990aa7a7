// Line roles: captions next to image marks, photo credits, and boilerplate blocks, by cue phrases.
#include "lines.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace pt::indexer {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Markdown emphasis, list and quote marks at the start do not change what a line is.
std::string_view strip_marks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '*' || s.front() == '_' || s.front() == '>' ||
                        s.front() == '#' || s.front() == '\\'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_image_mark(std::string_view s) { return s.starts_with("![") || s.starts_with("<img"); }

constexpr std::array<std::string_view, 9> kCreditStarts = {
    "featured image", "photo:", "photo credit", "image:", "image source", "(photo", "credit:", "picture:", "illustration:"};

constexpr std::array<std::string_view, 27> kBoilerplate = {
    "note to readers", "share this", "click the share", "comment on ", "become a member", "copyright", "©",
    "disclaimer", "all rights reserved", "for media inquiries", "leave a reply", "your email address",
    "similar posts", "recommended reading", "related articles", "related posts", "subscribe to", "follow us",
    "contains copyrighted material", "about the author", "articles by:", "the original source of this article is",
    "region:", "theme:", "in-depth report:", "sign up for", "read more:"};

}  // namespace

std::vector<Line> classify_lines(std::string_view body) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    const auto nl = body.find('\n', pos);
    const auto end = nl == std::string_view::npos ? body.size() : nl;
    lines.push_back({pos, end, LineRole::Content});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  bool after_image = false;
  for (auto& line : lines) {
    const std::string_view raw = line.text(body);
    const std::string_view text = strip_marks(raw);
    if (text.empty()) {
      line.role = LineRole::Blank;
      continue;
    }
    const std::string low = lower_ascii(text);
    if (is_image_mark(text)) {
      line.role = LineRole::Caption;
      after_image = true;
      continue;
    }
    if (after_image || (low.size() > 2 && low.ends_with(" |"))) {
      line.role = LineRole::Caption;
      after_image = false;
      continue;
    }
    if (std::any_of(kCreditStarts.begin(), kCreditStarts.end(), [&](std::string_view c) { return low.starts_with(c); })) {
      line.role = LineRole::Credit;
      continue;
    }
    if (std::any_of(kBoilerplate.begin(), kBoilerplate.end(), [&](std::string_view c) { return low.find(c) != std::string::npos && low.size() < 600; })) {
      line.role = LineRole::Boilerplate;
      continue;
    }
  }
  return lines;
}

}  // namespace pt::indexer
