// Text cue helpers: Markdown-stripped lines, dates at the end of a line, person and outlet names, bylines.
#include "text_cues.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "pt/ascii.h"
#include "pt/icu.h"
#include "pt/utf8.h"

namespace pt::indexer::cues {
namespace {


bool in_list(std::span<const std::string_view> list, std::string_view word) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view w) { return ascii::iequals(w, word); });
}

// The code point starting at byte i (U+FFFD for a bad sequence), and the byte after it.
UChar32 code_point_at(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  UChar32 c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  i += len;
  return c;
}

bool starts_upper(std::string_view w) {
  if (w.empty()) return false;
  std::size_t i = 0;
  const UChar32 c = code_point_at(w, i);
  return icu::is_upper(c) || icu::is_title(c);
}

bool starts_lower(std::string_view w) {
  if (w.empty()) return false;
  std::size_t i = 0;
  return icu::is_lower(code_point_at(w, i));
}

bool has_letter(std::string_view s) {
  for (std::size_t i = 0; i < s.size();)
    if (icu::is_alpha(code_point_at(s, i))) return true;
  return false;
}

// Words that are never part of a person's name in a byline: roles, outlets, organisations, fillers.
constexpr std::string_view kNotNameWords[] = {
    "the", "a", "an", "our", "staff", "reporter", "reporters", "correspondent", "correspondents", "editor",
    "editors", "editorial", "desk", "team", "news", "agencies", "agency", "bureau", "contributor", "contributors",
    "admin", "administrator", "guest", "author", "authors", "wire", "press", "report", "research", "review",
    "times", "post", "journal", "herald", "tribune", "daily", "network", "media", "magazine", "gazette",
    "guardian", "telegraph", "observer", "monitor", "insider", "today", "weekly", "chronicle", "institute",
    "foundation", "center", "centre", "group", "council", "committee", "party", "government", "university",
    "ministry", "department", "office", "bank", "fund", "organization", "organisation", "association", "union",
    "company", "inc", "ltd", "corp", "corporation", "llc", "tv", "radio", "online", "blog", "website", "contrast",
    "comparison", "way", "default", "far", "then", "now", "all", "means", "first", "second", "third", "last", "next",
    "new", "north", "south", "east", "west", "central", "president", "minister", "secretary",
    "king", "queen", "pope"};

constexpr std::string_view kWeekdayOrTitleWords[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "senator", "governor", "general",
    "chairman", "prime"};

constexpr std::string_view kOutletWords[] = {
    "news", "times", "post", "review", "journal", "herald", "tribune", "daily", "network", "media", "magazine",
    "gazette", "guardian", "telegraph", "observer", "monitor", "insider", "today", "weekly", "chronicle", "research",
    "press", "wire", "agency", "agencies", "radio", "tv", "television", "broadcasting", "online", "report",
    "institute", "foundation", "center", "centre", "group", "inc", "ltd", "corp", "corporation", "llc", "company",
    "express", "standard", "mail", "star", "mirror", "independent", "economist", "bulletin", "digest", "dispatch",
    "courier", "register", "examiner", "inquirer", "globe", "sentinel", "world", "international", "channel",
    "broadcast"};

// Lower-case words allowed inside a name.
constexpr std::string_view kParticles[] = {
    "de", "da", "del", "della", "di", "van", "von", "der", "den", "bin", "ibn", "al", "el", "le", "la",
    "du", "dos", "das", "ter", "ten", "y", "e"};

constexpr std::string_view kOutletConnectors[] = {
    "of", "the", "and", "for", "on", "in", "de", "du", "la", "le", "al", "el", "des", "der", "die", "y",
    "e", "da", "do", "di", "&", "+"};

constexpr std::string_view kJobWords[] = {
    "senior", "fellow", "professor", "editor", "correspondent", "reporter", "writer", "analyst", "contributor",
    "director", "researcher", "lecturer", "columnist", "chief", "head", "founder", "president", "author",
    "journalist", "scholar", "expert", "former"};

// Values of "Source:" that are image hosts or placeholders, not outlets.
constexpr std::string_view kNotOutlets[] = {
    "unknown", "none", "n/a", "na", "internet", "web", "agencies", "staff", "wires", "various", "file", "archive",
    "twitter", "facebook", "youtube", "instagram", "wikipedia", "wikimedia commons", "google", "flickr",
    "shutterstock", "getty images"};

constexpr std::string_view kHonorifics[] = {"dr.", "dr", "prof.", "prof", "professor", "mr.", "mrs.", "ms.", "sir"};

bool is_weekday(std::string_view w) {
  while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.remove_suffix(1);
  static constexpr std::string_view days[] = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
      "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"};
  return starts_upper(w) && in_list(days, w);
}

struct Token {
  std::string_view text;
  std::size_t begin;
};

std::vector<Token> date_tokens(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (ascii::is_space(s[i]) || s[i] == ',')) ++i;
    const std::size_t b = i;
    while (i < s.size() && !ascii::is_space(s[i]) && s[i] != ',') ++i;
    if (i > b) out.push_back({s.substr(b, i - b), b});
  }
  return out;
}

std::optional<int> number(std::string_view t, std::size_t min_digits, std::size_t max_digits) {
  if (t.size() < min_digits || t.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : t) {
    if (!ascii::is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "9", "09", "9th", "1st" -> 9, 9, 9, 1.
std::optional<int> day_number(std::string_view t) {
  if (t.size() > 2) {
    const auto suffix = ascii::lowered(t.substr(t.size() - 2));
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") t.remove_suffix(2);
  }
  const auto d = number(t, 1, 2);
  if (!d || *d < 1 || *d > 31) return std::nullopt;
  return d;
}

bool is_time_token(std::string_view t) {
  static constexpr std::string_view kTimeWords[] = {
      "am", "pm", "a.m.", "p.m.", "gmt", "utc", "est", "edt", "et", "pst", "pdt", "cet", "cest", "bst", "ict",
      "ist", "msk", "|", "-", "at"};
  if (in_list(kTimeWords, t)) return true;
  if (t.find(':') != std::string_view::npos && std::any_of(t.begin(), t.end(), ascii::is_digit) &&
      std::all_of(t.begin(), t.end(), [](char c) { return ascii::is_digit(c) || c == ':' || ascii::is_alpha(c) || c == '.'; }))
    return true;
  return (t.starts_with('+') || t.starts_with("\xE2\x88\x92")) && t.size() == 5 && number(t.substr(1), 4, 4).has_value();
}

std::optional<DateMatch> iso_token(std::string_view t) {
  if (t.size() > 10 && (t[10] == 'T' || t[10] == 't')) t = t.substr(0, 10);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const auto y = number(t.substr(0, 4), 4, 4), m = number(t.substr(5, 2), 2, 2), d = number(t.substr(8, 2), 2, 2);
  if (!y || !m || !d) return std::nullopt;
  return DateMatch{*y, *m, *d, DatePrecision::Day, 0};
}

std::string title_case_if_shouting(std::string name) {
  const bool has_lower = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const auto uppers = std::count_if(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (has_lower || uppers < 2) return name;
  bool word_start = true;
  for (char& c : name) {
    if (ascii::is_alpha(c)) {
      if (!word_start) c = ascii::to_lower(c);
      word_start = false;
    } else {
      word_start = c == ' ' || c == '-';
    }
  }
  return name;
}

std::string person_name(std::string_view raw) {
  std::string name = clean_name(raw);
  for (bool again = true; again;) {
    again = false;
    for (auto h : kHonorifics)
      if (name.size() > h.size() + 1 && istarts_with(name, h) && name[h.size()] == ' ') {
        name = std::string(trim(std::string_view(name).substr(h.size())));
        again = true;
      }
  }
  return title_case_if_shouting(std::move(name));
}

// Splits `s` at every occurrence of `sep`.
std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const auto at = s.find(sep, pos);
    out.push_back(trim(s.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos)));
    if (at == std::string_view::npos) break;
    pos = at + sep.size();
  }
  return out;
}

// "A and B", "A & B", "A, B and C" -> ["A", "B", "C"] as written (not validated).
std::vector<std::string> split_names(std::string_view s) {
  std::string joined(s);
  for (std::string_view conj : {" and ", " AND ", " & "}) {
    for (auto at = joined.find(conj); at != std::string::npos; at = joined.find(conj, at))
      joined.replace(at, conj.size(), ", ");
  }
  std::vector<std::string> out;
  for (auto part : split(joined, ","))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

std::string_view strip_trailing_separators(std::string_view s) {
  while (true) {
    s = trim(s);
    if (s.ends_with(",") || s.ends_with("|") || s.ends_with("-") || s.ends_with("/") || s.ends_with(":")) s.remove_suffix(1);
    else if (s.ends_with("\xE2\x80\x93") || s.ends_with("\xE2\x80\x94")) s.remove_suffix(3);  // – —
    else if (s.ends_with("\xC2\xB7")) s.remove_suffix(2);                                       // ·
    else if (s.size() > 3 && ascii::iequals(s.substr(s.size() - 3), " on")) s.remove_suffix(3);
    else return s;
  }
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && ascii::is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii::is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii::iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= s.size() ? from : std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
    if (ascii::iequals(s.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

bool starts_with_word(std::string_view low, std::string_view cue) {
  if (!low.starts_with(cue)) return false;
  if (low.size() == cue.size() || cue.empty() || !ascii::is_alnum(cue.back())) return true;
  return !ascii::is_alnum(low[cue.size()]);
}

std::string plain_line(std::string_view line) {
  // The bytes the loop below looks at; a run of others is copied whole (every line of every body
  // passes through here twice while its roles are found).
  static constexpr auto kMarked = [] {
    std::array<bool, 256> marked{};
    for (const char c : std::string_view("\\![*_\xC2\t\n\r\f\v")) marked[static_cast<unsigned char>(c)] = true;
    return marked;
  }();
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    std::size_t plain_end = i;
    while (plain_end < line.size() && !kMarked[static_cast<unsigned char>(line[plain_end])]) ++plain_end;
    if (plain_end > i) {
      out.append(line, i, plain_end - i);
      i = plain_end;
      continue;
    }
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size() && std::ispunct(static_cast<unsigned char>(line[i + 1]))) {
      // An escaped mark: "\*" is emphasis text, dropped like '*'; other escapes keep the character.
      if (line[i + 1] != '*' && line[i + 1] != '_') out += line[i + 1];
      i += 2;
      continue;
    }
    if (c == '!' && i + 1 < line.size() && line[i + 1] == '[') {
      // Image: "![alt](url)" is dropped whole.
      const auto close = line.find("](", i + 2);
      if (close != std::string_view::npos) {
        const auto end = line.find(')', close + 2);
        if (end != std::string_view::npos) {
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '[') {
      // Link: "[text](url)" -> "text". A bare "[1]" stays.
      const auto close = line.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '(') {
        const auto end = line.find(')', close + 2);
        if (end != std::string_view::npos) {
          out += plain_line(line.substr(i + 1, close - i - 1));
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '*') {
      ++i;
      continue;
    }
    if (c == '_') {
      // Emphasis underscores sit at word edges; "snake_case" keeps its underscore.
      const bool before = i > 0 && ascii::is_alnum(line[i - 1]);
      const bool after = i + 1 < line.size() && ascii::is_alnum(line[i + 1]);
      if (!(before && after)) {
        ++i;
        continue;
      }
    }
    if (c == '\xC2' && i + 1 < line.size() && line[i + 1] == '\xA0') {  // no-break space
      out += ' ';
      i += 2;
      continue;
    }
    out += ascii::is_space(c) ? ' ' : c;
    ++i;
  }
  // Leading heading, quote and list marks; collapsed spaces.
  std::string_view v = trim(out);
  while (!v.empty()) {
    if (v.front() == '#' || v.front() == '>') v = trim(v.substr(1));
    else if ((v.starts_with("- ") || v.starts_with("+ "))) v = trim(v.substr(2));
    else if (v.starts_with("\xE2\x80\xA2")) v = trim(v.substr(3));  // •
    else break;
  }
  std::string collapsed;
  collapsed.reserve(v.size());
  for (char ch : v) {
    if (ch == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += ch;
  }
  return collapsed;
}

bool starts_with_quote(std::string_view s) {
  s = trim(s);
  for (std::string_view q : {"\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\x98", "\xE2\x80\x99",
                             "\xC2\xAB", "\xC2\xBB"})
    if (s.starts_with(q)) return true;
  return false;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && ascii::is_space(s[i])) ++i;
    const std::size_t b = i;
    while (i < s.size() && !ascii::is_space(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

int month_from_word(std::string_view w) {
  if (w.ends_with('.')) w.remove_suffix(1);
  if (w.size() < 3 || !starts_upper(w)) return 0;
  static constexpr std::string_view names[] = {"january", "february", "march", "april", "may", "june",
                                                             "july", "august", "september", "october", "november", "december"};
  const std::string low = ascii::lowered(w);
  for (std::size_t m = 0; m < std::size(names); ++m) {
    if (low == names[m]) return static_cast<int>(m) + 1;
    // Abbreviations: "Sep", "Sept", "Jan" (a prefix of 3 or more letters; not "Ma" for March/May).
    if (low.size() <= 4 && names[m].starts_with(low) && low.size() < names[m].size()) return static_cast<int>(m) + 1;
  }
  return 0;
}

std::optional<DateMatch> date_at_end(std::string_view s, bool allow_time) {
  auto tokens = date_tokens(s);
  if (allow_time) {
    std::size_t popped = 0;
    while (!tokens.empty() && is_time_token(tokens.back().text)) {
      tokens.pop_back();
      ++popped;
    }
    (void)popped;
  }
  if (tokens.empty()) return std::nullopt;
  auto last = tokens.back().text;
  if (last.ends_with('.')) last.remove_suffix(1);
  std::optional<DateMatch> found;
  std::size_t first = tokens.size() - 1;
  if (auto iso = iso_token(last)) {
    found = iso;
  } else if (const auto year = number(last, 4, 4); year && tokens.size() >= 2) {
    const auto t2 = tokens[tokens.size() - 2].text;
    const auto t3 = tokens.size() >= 3 ? tokens[tokens.size() - 3].text : std::string_view{};
    if (const auto d = day_number(t2); d && month_from_word(t3)) {
      found = DateMatch{*year, month_from_word(t3), *d, DatePrecision::Day, 0};
      first = tokens.size() - 3;
    } else if (const auto d3 = day_number(t3); d3 && month_from_word(t2)) {
      found = DateMatch{*year, month_from_word(t2), *d3, DatePrecision::Day, 0};
      first = tokens.size() - 3;
    } else if (month_from_word(t2)) {
      found = DateMatch{*year, month_from_word(t2), 0, DatePrecision::Month, 0};
      first = tokens.size() - 2;
    }
  }
  if (!found) return std::nullopt;
  const int check_day = found->precision == DatePrecision::Day ? found->day : 1;
  if (found->year < 1900 || found->year > 2100 || !valid_date(found->year, found->month, check_day)) return std::nullopt;
  if (first > 0 && is_weekday(tokens[first - 1].text)) --first;
  found->begin = tokens[first].begin;
  return found;
}

bool looks_like_person_name(std::string_view name) {
  const auto ws = words(name);
  if (ws.size() < 2 || ws.size() > 5) return false;
  int capitalised = 0;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    std::string_view w = ws[i];
    const bool edge = i == 0 || i + 1 == ws.size();
    if (!edge && in_list(kParticles, w)) continue;
    // "al-Assad", "bin-Salman": a lower-case particle joined by a hyphen to a capitalised name.
    if (const auto dash = w.find('-'); dash != std::string_view::npos && in_list(kParticles, w.substr(0, dash)))
      w = w.substr(dash + 1);
    if (!starts_upper(w)) return false;
    std::string_view bare = w;
    while (!bare.empty() && bare.back() == '.') bare.remove_suffix(1);
    if (in_list(kNotNameWords, bare) || in_list(kWeekdayOrTitleWords, bare)) return false;
    for (std::size_t j = 0; j < w.size();) {
      const UChar32 c = code_point_at(w, j);
      if (!(icu::is_alpha(c) || c == '.' || c == '-' || c == '\'' || c == 0x2019)) return false;
    }
    ++capitalised;
  }
  return capitalised >= 2 && capitalised <= 4;
}

bool has_outlet_word(std::string_view name) {
  for (auto w : words(name)) {
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.remove_suffix(1);
    if (in_list(kOutletWords, w)) return true;
  }
  return false;
}

std::string clean_name(std::string_view raw) {
  const std::string plain = plain_line(raw);
  std::string_view v = plain;
  static constexpr std::string_view opening[] = {"\"", "'", "(", "[", "{", "<", "\xE2\x80\x9C", "\xE2\x80\x9E",
                                                               "\xE2\x80\x98", "\xC2\xAB", "\xE2\x80\x9D", "\xC2\xBB"};
  static constexpr std::string_view closing[] = {
      "\"", "'", ")", "]", "}", ">", ".", ",", ";", ":", "!", "?", "|", "-", "/", "\xE2\x80\x9D", "\xE2\x80\x99",
      "\xC2\xBB", "\xE2\x80\x93", "\xE2\x80\x94"};
  for (bool changed = true; changed;) {
    changed = false;
    v = trim(v);
    for (auto o : opening)
      if (v.starts_with(o)) {
        v.remove_prefix(o.size());
        changed = true;
      }
    for (auto c : closing)
      if (v.ends_with(c)) {
        v.remove_suffix(c.size());
        changed = true;
      }
  }
  return std::string(v);
}

std::optional<std::string> outlet_name(std::string_view raw) {
  std::string name = clean_name(raw);
  if (name.empty() || name.size() > 60 || !has_letter(name)) return std::nullopt;
  const std::string low = ascii::lowered(name);
  if (low.find("://") != std::string::npos || low.starts_with("www.") || low.find('@') != std::string::npos ||
      low.find(':') != std::string::npos || low.find('"') != std::string::npos)
    return std::nullopt;
  const auto ws = words(name);
  if (ws.empty() || ws.size() > 6) return std::nullopt;
  // A domain ("globalresearch.ca", "csis.org/analysis") is an address, not a name.
  if (ws.size() == 1) {
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < name.size() && ascii::is_alpha(name[dot + 1])) return std::nullopt;
    if (name.find('/') != std::string::npos) return std::nullopt;
  }
  if (in_list(kNotOutlets, low)) return std::nullopt;
  if (date_at_end(name)) return std::nullopt;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto w = ws[i];
    if (in_list(kJobWords, w)) return std::nullopt;
    if (const auto y = number(w, 4, 4); y && *y >= 1900 && *y <= 2100) return std::nullopt;
    if (starts_lower(w) || (!w.empty() && !ascii::is_alnum(w.front()) && static_cast<unsigned char>(w.front()) < 0x80)) {
      // Lower-case words only as connectors inside a name ("Centre for Research on Globalization"),
      // or a leading "the" ("the Guardian").
      if (!in_list(kOutletConnectors, w)) return std::nullopt;
      if (i + 1 == ws.size()) return std::nullopt;
      if (i == 0 && !ascii::iequals(w, "the")) return std::nullopt;
    }
  }
  return name;
}

std::optional<Byline> parse_byline(std::string_view plain) {
  plain = trim(plain);
  if (plain.size() > 160 || starts_with_quote(plain)) return std::nullopt;
  std::string_view rest;
  // "By" capitalised: a lower-case "by" opens a wrapped line of prose, not a byline.
  if (plain.starts_with("By ") || plain.starts_with("BY ")) rest = trim(plain.substr(3));
  for (std::string_view prefix : {"written by ", "words by ", "story by ", "author: ", "authors: ", "author - "}) {
    if (rest.empty() && istarts_with(plain, prefix) && !starts_lower(plain)) {
      rest = trim(plain.substr(prefix.size()));
      break;
    }
  }
  if (rest.empty()) return std::nullopt;
  Byline out;
  if (auto d = date_at_end(rest, true)) {
    out.date = d;
    rest = strip_trailing_separators(rest.substr(0, d->begin));
  }
  if (const auto cut = rest.find_first_of(";("); cut != std::string_view::npos) rest = trim(rest.substr(0, cut));
  std::string_view names_part = rest, outlet_part;
  std::size_t best = std::string_view::npos, sep_len = 0;
  for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xB7 ", " / ", " for "}) {
    const auto at = rest.find(sep);
    if (at < best) {
      best = at;
      sep_len = sep.size();
    }
  }
  if (best != std::string_view::npos) {
    names_part = trim(rest.substr(0, best));
    outlet_part = strip_trailing_separators(rest.substr(best + sep_len));
  }
  const bool has_and = names_part.find(" and ") != std::string_view::npos || names_part.find(" AND ") != std::string_view::npos ||
                       names_part.find(" & ") != std::string_view::npos;
  std::vector<std::string> candidates;
  if (has_and) {
    candidates = split_names(names_part);
  } else {
    const auto parts = split(names_part, ",");
    candidates.emplace_back(parts.front());
    if (parts.size() >= 2 && outlet_part.empty()) {
      // "By X, Outlet": the second part names an outlet only when it does not look like a person.
      if (has_outlet_word(parts[1]) || !looks_like_person_name(clean_name(parts[1]))) outlet_part = parts[1];
    }
  }
  for (const auto& candidate : candidates) {
    const std::string name = person_name(candidate);
    // Every name must look like one: "By contrast, ...", "By the way", "By Reuters Staff", "by
    // Kidder Peabody and Co. The upgrade is due ..." are not bylines.
    if (!looks_like_person_name(name)) return std::nullopt;
    if (std::find(out.names.begin(), out.names.end(), name) == out.names.end()) out.names.push_back(name);
  }
  if (out.names.empty()) return std::nullopt;
  if (!outlet_part.empty())
    if (auto o = outlet_name(outlet_part)) out.outlet = *o;
  return out;
}

std::optional<Dateline> parse_dateline(std::string_view plain) {
  plain = trim(plain);
  if (plain.empty() || plain.size() > 120 || starts_with_quote(plain) || plain.front() == '(' || plain.front() == '[')
    return std::nullopt;
  const auto date = date_at_end(plain, true);
  if (!date) return std::nullopt;
  std::string_view prefix = strip_trailing_separators(plain.substr(0, date->begin));
  Dateline out{{}, *date};
  if (prefix.empty()) return out;
  const std::string low = ascii::lowered(prefix);
  for (std::string_view label : {"published", "posted", "published on", "posted on", "first published", "date", "dated",
                                 "on", "publication date", "release date", "released", "released on"})
    if (low == label) return out;
  if (low.starts_with("updated") || low.starts_with("last updated") || low.starts_with("modified") ||
      low.starts_with("by ") || low.starts_with("written by") || prefix.find(':') != std::string_view::npos ||
      words(prefix).size() > 6 || prefix.find('"') != std::string_view::npos ||
      prefix.find("\xE2\x80\x9C") != std::string_view::npos)
    return std::nullopt;
  // Between the prefix and the date a separator: "Global Research, September 09, 2019", not
  // "Record March 31, 1987" or "Prior qtr ended March 1, 1986".
  const std::string_view between = plain.substr(prefix.size(), date->begin - prefix.size());
  if (between.find_first_of(",|-/") == std::string_view::npos && between.find("\xE2\x80") == std::string_view::npos &&
      between.find("\xC2\xB7") == std::string_view::npos)
    return std::nullopt;
  auto shouting = [](std::string_view part) {
    return std::none_of(part.begin(), part.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
  };
  if (prefix.find(',') != std::string_view::npos) {
    // "KABUL, Afghanistan", "Andrew Korybko, Global Research": a date, but no single outlet; every
    // part must be a name ("FRANKFURT, March 29 - Year ended" is a sentence).
    for (auto part : split(prefix, ","))
      if (part.empty() || !(shouting(part) || outlet_name(part))) return std::nullopt;
    return out;
  }
  if (shouting(prefix)) return out;  // "KABUL, Sept. 9, 2019": a place
  auto o = outlet_name(prefix);
  if (!o) return std::nullopt;  // "Year ended", "54.9 pct in"
  out.outlet = *o;
  return out;
}

std::vector<std::string> parse_name_list(std::string_view value) {
  value = trim(value);
  if (const auto cut = value.find_first_of(";(|"); cut != std::string_view::npos) value = value.substr(0, cut);
  std::vector<std::string> out;
  for (const auto& candidate : split_names(value)) {
    const std::string name = person_name(candidate);
    if (looks_like_person_name(name) && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

namespace {

bool ends_sentence(std::string_view plain) {
  if (plain.empty()) return true;
  const char last = plain.back();
  return last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '"' || last == '\'' ||
         last == ')' || last == ']' || plain.ends_with("\xE2\x80\x9D") || plain.ends_with("\xE2\x80\x99") ||
         plain.ends_with("\xC2\xBB") || plain.ends_with("\xE2\x80\xA6");
}

}  // namespace

bool hard_wrapped(std::string_view body) {
  std::size_t lines = 0, long_lines = 0, wrapped = 0;
  bool prev_wraps = false;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    const auto nl = body.find('\n', pos);
    const std::string_view line = trim(body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (!line.empty()) {
      ++lines;
      if (line.size() > 100) ++long_lines;
      if (prev_wraps) ++wrapped;
      prev_wraps = line.size() >= 45 && line.size() <= 100 && !ends_sentence(line);
    } else {
      prev_wraps = false;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // Short texts with no long line (Reuters tables with a wrapped note) count with one wrap.
  return lines >= 2 && long_lines * 10 <= lines && (wrapped * 4 >= lines || (long_lines == 0 && wrapped >= 1));
}

bool continues_line(std::string_view prev_raw, std::string_view cur_raw) {
  const std::string_view prev = trim(prev_raw), cur = trim(cur_raw);
  if (prev.empty() || cur.empty()) return false;
  if (cur_raw.starts_with("  ") || cur_raw.starts_with('\t')) return false;  // an indented new paragraph
  for (std::string_view mark : {"#", "|", "- ", "* ", "+ ", ">", "![", "[![", "<"})
    if (cur.starts_with(mark)) return false;
  if (cur.size() > 2 && ascii::is_digit(cur[0]) && (cur[1] == '.' || (ascii::is_digit(cur[1]) && cur[2] == '.'))) return false;  // "1. item"
  if (prev.starts_with('#') || prev.starts_with("![") || prev.ends_with('|')) return false;
  // A Markdown hard line break (two trailing spaces or a backslash) ends the line on purpose; so
  // does a copyright notice or a source line starting on the next line.
  if (prev_raw.ends_with("  ") || prev_raw.ends_with('\\')) return false;
  for (std::string_view notice : {"\xC2\xA9", "Copyright \xC2\xA9", "Copyright (c)", "Source: ", "SOURCE: "})
    if (cur.starts_with(notice)) return false;
  const std::string plain = plain_line(prev);
  if (plain.empty() || ends_sentence(plain)) return false;
  if (parse_byline(plain) || parse_dateline(plain)) return false;  // complete lines of their own
  return plain.size() >= 45 || (cur[0] >= 'a' && cur[0] <= 'z');
}

std::string evidence(std::string_view line) {
  line = trim(line);
  if (line.size() <= 160) return std::string(line);
  return std::string(trim(line.substr(0, utf8::safe_prefix(line, 157)))) + "\xE2\x80\xA6";
}

}  // namespace pt::indexer::cues
