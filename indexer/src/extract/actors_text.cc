// Tokens of an article for actor extraction: case and sentence features, excluded lines, source and byline cues.
#include "actors_text.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_set>

#include "gazetteer_impl.h"
#include "lines.h"
#include "pt/ascii.h"
#include "pt/analyzer.h"
#include "pt/icu.h"

namespace pt::indexer {
namespace {

const Analyzer& analyzer() { return Analyzer::folding(); }

// Markdown and punctuation around a line's text: "**Andrew Korybko** is" -> "Andrew Korybko is".
std::string plain(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '*' && c != '_' && c != '[' && c != ']' && c != '#' && c != '\\' && c != '>') out += c;
  const auto b = out.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = out.find_last_not_of(" \t");
  return out.substr(b, e - b + 1);
}

// The name that follows a cue, up to punctuation: "Source: Reuters |" -> "Reuters".
std::string name_after(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '[' || s[b] == '*' || s[b] == '_' || s[b] == '"')) ++b;
  std::size_t e = b;
  while (e < s.size() && std::string_view("](|\n,;:!?*_\"").find(s[e]) == std::string_view::npos &&
         !(s[e] == '.' && (e + 1 >= s.size() || s[e + 1] == ' ')))
    ++e;
  std::string name(s.substr(b, e - b));
  while (!name.empty() && (name.back() == ' ' || name.back() == '.')) name.pop_back();
  if (name.size() > 60) return {};
  return name;
}

struct Features {
  bool cap = false, upper = false, digit = false;
  int letters = 0;
};

Features features(std::string_view s) {
  Features f;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int32_t>(s.size());
  bool first = true, all_upper = true;
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (first) {
      f.cap = icu::is_upper(c) || icu::is_title(c);
      f.digit = icu::is_digit(c);
      first = false;
    }
    if (icu::is_alpha(c)) {
      ++f.letters;
      if (!icu::is_upper(c)) all_upper = false;
    }
  }
  f.upper = f.letters > 0 && all_upper;
  return f;
}

bool abbreviation_like(const Token2& t, std::string_view span) {
  static const std::unordered_set<std::string> words = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "jr",
                                                        "sr", "lt", "col", "capt", "prof", "rev", "mt", "ft", "vs", "co",
                                                        "inc", "corp", "ltd", "no", "adm", "sgt", "messrs"};
  if (words.count(t.key)) return true;
  if (t.letters == 1 && t.cap) return true;  // an initial: "George H. W. Bush"
  return span.find('.') != std::string_view::npos;  // "U.S."
}

struct LineInfo {
  std::size_t begin = 0, end = 0;
  bool excluded = false;
  bool blank = false;
};

}  // namespace

ArticleText::ArticleText(const Article& article) : article_(article) {
  const std::string_view title = article.title;
  const std::string_view body = article.body;

  // --- lines of the body and their roles (lines.h), with what lines.h does not catch ---------
  std::vector<LineInfo> lines;
  for (const auto& line : classify_lines(body)) {
    LineInfo info{line.begin, line.end, false, line.role == LineRole::Blank};
    info.excluded = line.role == LineRole::Caption || line.role == LineRole::Credit || line.role == LineRole::Boilerplate;
    lines.push_back(info);
  }
  std::vector<std::string> author_names;
  for (const auto& a : article.meta.authors) author_names.push_back(a.name);
  // Bylines and source lines first: they name people and outlets that are not actors.
  for (std::size_t li = 0; li < lines.size(); ++li) {
    auto& line = lines[li];
    const std::string text = plain(body.substr(line.begin, line.end - line.begin));
    const std::string low = ascii::lowered(text);
    if (text.empty()) continue;
    for (std::string_view cue : {"by ", "articles by:", "author:", "written by "}) {
      if (low.starts_with(cue) && text.size() < 80 && text.find(". ") == std::string::npos) {
        const auto name = name_after(std::string_view(text).substr(cue.size()));
        if (!name.empty()) {
          byline_names.push_back(name);
          author_names.push_back(name);
        }
        line.excluded = true;
      }
    }
    if (low.starts_with("source:") || low.starts_with("sources:")) line.excluded = true;
  }
  for (std::size_t li = 0; li < lines.size(); ++li) {
    auto& line = lines[li];
    const std::string text = plain(body.substr(line.begin, line.end - line.begin));
    // An author's biography ("Andrew Korybko is an American Moscow-based analyst ...").
    for (const auto& name : author_names)
      if (!name.empty() && (text.starts_with(name + " is ") || text.starts_with(name + " has ") || text.starts_with(name + ", "))) line.excluded = true;
    // A short boilerplate heading ("About the author:") takes the paragraph after it along.
    const auto role_heading = line.excluded && !line.blank && text.size() < 60 && text.ends_with(":");
    if (role_heading) {
      std::size_t k = li + 1;
      while (k < lines.size() && lines[k].blank) ++k;
      while (k < lines.size() && !lines[k].blank) lines[k++].excluded = true;
    }
  }

  // --- cues naming outlets ------------------------------------------------------------------
  auto scan_cues = [&](std::string_view text) {
    const std::string low = ascii::lowered(text);
    static constexpr std::array<std::string_view, 12> cues = {
        "source: ", "sources: ", "originally published on ", "originally published in ", "originally published at ",
        "originally published by ", "original source of this article is ", "archive of our partner ",
        "first published on ", "first published in ", "republished from ", "reprinted from "};
    for (auto cue : cues) {
      for (auto pos = low.find(cue); pos != std::string::npos; pos = low.find(cue, pos + 1)) {
        const auto name = name_after(text.substr(pos + cue.size()));
        if (!name.empty()) cited_outlets.push_back(name);
      }
    }
    for (auto pos = low.find("according to "); pos != std::string::npos; pos = low.find("according to ", pos + 1)) {
      const auto name = name_after(text.substr(pos + 13));
      if (!name.empty()) according_to.push_back(name);
    }
  };
  scan_cues(title);
  for (const auto& line : lines) scan_cues(body.substr(line.begin, line.end - line.begin));

  // --- dateline: "KABUL, Sept 9 (Reuters) -", "(Baonghean) - ", "NEW YORK, March 2 -" ---------
  std::optional<std::pair<std::size_t, std::size_t>> dateline_bytes;
  {
    int seen = 0;
    for (const auto& line : lines) {
      if (line.blank) continue;
      if (++seen > 3) break;
      if (line.excluded) continue;
      const std::string_view text = body.substr(line.begin, std::min<std::size_t>(line.end - line.begin, 140));
      std::size_t dash = std::string_view::npos;
      for (std::string_view sep : {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " \xE2\x80\x94", " \xE2\x80\x93"}) {
        const auto p = text.find(sep);
        if (p != std::string_view::npos && p < dash) dash = p;
      }
      if (dash == std::string_view::npos || dash == 0 || dash > 100) continue;
      const std::string_view prefix = text.substr(0, dash);
      if (const auto open = prefix.find('('); open != std::string_view::npos) {
        const auto close = prefix.find(')', open);
        if (close != std::string_view::npos) cited_outlets.emplace_back(prefix.substr(open + 1, close - open - 1));
      }
      const auto f = features(prefix.substr(0, prefix.find_first_of(" ,(")));
      if (prefix.front() != '(' && ((f.upper && f.letters >= 2) || prefix.find(',') != std::string_view::npos) && f.cap)
        dateline_bytes = {line.begin, line.begin + dash};
      break;
    }
  }

  // --- tokens --------------------------------------------------------------------------------
  auto add_tokens = [&](std::string_view text, bool in_title) {
    const std::size_t first = tokens.size();
    for (auto& tok : analyzer().tokenize(text)) {
      Token2 t;
      t.start = tok.start;
      t.end = tok.end;
      t.in_title = in_title;
      t.key = std::move(tok.term);
      if (t.key.size() > 2 && t.key.ends_with("'s")) {
        t.key.resize(t.key.size() - 2);
        t.possessive = true;
      }
      t.key = strip_accents(t.key);
      const auto span = text.substr(t.start, t.end - t.start);
      const auto f = features(span);
      t.cap = f.cap;
      t.upper = f.upper;
      t.digit = f.digit;
      t.letters = f.letters;
      t.dotted = span.find('.') != std::string_view::npos || (t.end < text.size() && text[t.end] == '.');
      tokens.push_back(std::move(t));
    }
    // Line of each token (the title is one line).
    std::size_t li = 0;
    for (std::size_t k = first; k < tokens.size(); ++k) {
      auto& t = tokens[k];
      if (!in_title) {
        while (li + 1 < lines.size() && lines[li].end < t.start) ++li;
        if (!lines.empty()) t.excluded = lines[li].excluded;
      }
      const Token2* prev = k > first ? &tokens[k - 1] : nullptr;
      if (!prev) {
        t.sentence_start = true;
        continue;
      }
      const std::string_view gap = text.substr(prev->end, t.start - prev->end);
      const auto newlines = std::count(gap.begin(), gap.end(), '\n');
      bool paragraph = newlines >= 2 || prev->excluded != t.excluded;
      if (newlines == 1) {
        const auto after = gap.substr(gap.find('\n') + 1);
        if (after.starts_with("  ") || after.starts_with("\t")) paragraph = true;
      }
      const bool abbrev = abbreviation_like(*prev, text.substr(prev->end > prev->start ? prev->start : 0, prev->end - prev->start));
      bool stop = false, join = !paragraph;
      for (std::size_t c = 0; c < gap.size(); ++c) {
        const char ch = gap[c];
        if (ch == '.' ) {
          if (!abbrev) stop = true;
          continue;
        }
        if (ch == '!' || ch == '?' || ch == ';' || ch == ':' || ch == '|') stop = true;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '&' || ch == '\'' || ch == '*' || ch == '_') continue;
        if (ch == '-' && gap.size() == 1) continue;
        if (static_cast<unsigned char>(ch) >= 0x80) {
          // ’ between words is an apostrophe; other non-ASCII punctuation (dashes, quotes) breaks a name.
          if (gap.substr(c).starts_with("\xE2\x80\x99")) {
            c += 2;
            continue;
          }
        }
        join = false;
      }
      t.sentence_start = paragraph || stop;
      t.joined_before = join && !stop;
    }
  };
  add_tokens(title, true);
  const std::size_t body_first = tokens.size();
  add_tokens(body, false);
  if (dateline_bytes) {
    std::size_t a = body_first, b = body_first;
    while (a < tokens.size() && tokens[a].start < dateline_bytes->first) ++a;
    b = a;
    while (b < tokens.size() && tokens[b].end <= dateline_bytes->second) ++b;
    if (b > a) dateline = std::make_pair(a, b);
  }

  // --- lines in capitals, headlines in title case ----------------------------------------------
  auto line_flags = [&](std::size_t a, std::size_t b, bool standalone) {
    int letters = 0, upper_letters = 0, words = 0, capitalised = 0;
    for (std::size_t k = a; k < b; ++k) {
      const auto& t = tokens[k];
      letters += t.letters;
      if (t.upper) upper_letters += t.letters;
      if (t.letters >= 4 && !t.digit) {
        ++words;
        if (t.cap) ++capitalised;
      }
    }
    const bool caps = letters >= 4 && upper_letters * 10 >= letters * 8;
    const bool headline = standalone && words >= 3 && capitalised * 4 >= words * 3;
    for (std::size_t k = a; k < b; ++k) {
      tokens[k].caps_line = caps;
      tokens[k].headline = headline;
    }
  };
  line_flags(0, body_first, true);
  {
    std::size_t k = body_first;
    for (std::size_t li = 0; li < lines.size() && k < tokens.size(); ++li) {
      const std::size_t a = k;
      while (k < tokens.size() && tokens[k].start <= lines[li].end) ++k;
      if (k == a) continue;
      const std::string_view text = body.substr(lines[li].begin, lines[li].end - lines[li].begin);
      const bool next_blank = li + 1 >= lines.size() || lines[li + 1].blank;
      const auto last = text.find_last_not_of(" \t*_");
      const bool ends_open = last != std::string_view::npos && std::string_view(".,;:").find(text[last]) == std::string_view::npos;
      const bool standalone = text.size() < 160 && ((next_blank && ends_open) || (last != std::string_view::npos && text[last] == '?'));
      line_flags(a, k, standalone);
    }
  }
}

std::string_view ArticleText::text_of(const Token2& t) const {
  return t.in_title ? std::string_view(article_.title) : std::string_view(article_.body);
}

std::string_view ArticleText::span(std::size_t k) const {
  const auto& t = tokens[k];
  return text_of(t).substr(t.start, t.end - t.start);
}

std::string ArticleText::evidence(std::size_t a, std::size_t b) const {
  const auto& first = tokens[a];
  const auto& last = tokens[b - 1];
  const auto text = text_of(first);
  std::size_t end = last.in_title == first.in_title ? last.end : first.end;
  if (end < text.size() && text[end] == '.' && last.dotted && last.letters <= 3) ++end;  // "U.S."
  std::string out;
  for (char c : text.substr(first.start, end - first.start)) {
    const char ch = (c == '\n' || c == '\t') ? ' ' : c;
    if (ch == ' ' && !out.empty() && out.back() == ' ') continue;
    out += ch;
  }
  if (out.size() > 160) out.resize(160);
  return out;
}

double ArticleText::position(std::size_t k) const {
  const auto& t = tokens[k];
  if (t.in_title) return 0.0;
  const auto size = std::max<std::size_t>(article_.body.size(), 1);
  return static_cast<double>(t.start) / static_cast<double>(size);
}

}  // namespace pt::indexer
