// Front-matter blocks (--- ... ---) at the top of text and Markdown articles, and metadata dates.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "explicit_meta.h"
#include "meta_values.h"

namespace pt::indexer {

namespace {

using namespace meta;  // meta_values.h: the helpers the readers share

// ---------------------------------------------------------------------------------------------
// Dates.

// Exactly n digits at s[pos]; advances pos.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ascii::is_digit(s[pos + i])) return std::nullopt;
    v = v * 10 + (s[pos + i] - '0');
  }
  pos += n;
  return v;
}

std::optional<PubDate> make_date(int year, int month, int day, DatePrecision precision) {
  // Month and Year precision still need a real month and year: check them as that month's first day.
  const bool valid = precision == DatePrecision::Day     ? valid_date(year, month, day)
                     : precision == DatePrecision::Month ? valid_date(year, month, 1)
                                                         : valid_date(year, 1, 1);
  if (!valid) return std::nullopt;
  PubDate d;
  d.year = year;
  d.month = precision == DatePrecision::Year ? 0 : month;
  d.day = precision == DatePrecision::Day ? day : 0;
  d.precision = precision;
  return d;
}

// "+02:00", "+0200", "+02", "Z" at s[pos] to the end; the zone is checked, not applied: the
// calendar date as written is the date the publisher meant.
bool iso_zone_to_end(std::string_view s, std::size_t pos) {
  if (pos < s.size() && s[pos] == ' ') ++pos;  // Jekyll writes "2019-09-09 14:03:00 +0200"
  if (pos == s.size()) return true;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return true;
  if (s[pos] != '+' && s[pos] != '-') return false;
  ++pos;
  const auto hh = read_digits(s, pos, 2);
  if (!hh || *hh > 23) return false;
  if (pos == s.size()) return true;
  if (s[pos] == ':') ++pos;
  const auto mm = read_digits(s, pos, 2);
  return mm && *mm <= 59 && pos == s.size();
}

// "2019", "2019-09", "2019-09-09", "2019-09-09T14:03[:00[.123]][Z|+02:00]" (also with a space for T).
std::optional<PubDate> parse_iso_date(std::string_view s) {
  std::size_t pos = 0;
  const auto year = read_digits(s, pos, 4);
  if (!year) return std::nullopt;
  if (pos == s.size()) return make_date(*year, 0, 0, DatePrecision::Year);
  if (s[pos++] != '-') return std::nullopt;
  const auto month = read_digits(s, pos, 2);
  if (!month) return std::nullopt;
  if (pos == s.size()) return make_date(*year, *month, 0, DatePrecision::Month);
  if (s[pos++] != '-') return std::nullopt;
  const auto day = read_digits(s, pos, 2);
  if (!day) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    const auto hh = read_digits(s, pos, 2);
    if (!hh || *hh > 24 || pos >= s.size() || s[pos++] != ':') return std::nullopt;
    const auto mm = read_digits(s, pos, 2);
    if (!mm || *mm > 59) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      const auto ss = read_digits(s, pos, 2);
      if (!ss || *ss > 60) return std::nullopt;  // 60: a leap second
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        const auto digits_from = ++pos;
        while (pos < s.size() && ascii::is_digit(s[pos])) ++pos;
        if (pos == digits_from) return std::nullopt;
      }
    }
    if (!iso_zone_to_end(s, pos)) return std::nullopt;
  }
  return make_date(*year, *month, *day, DatePrecision::Day);
}

// 1-12 for an English month name, full or abbreviated ("Sep", "Sept"), any case.
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {"january", "february", "march",     "april",
                                                              "may",     "june",     "july",      "august",
                                                              "september", "october", "november", "december"};
  const auto w = lowered(word);
  if (w == "sept") return 9;
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (w == kNames[i] || (w.size() == 3 && kNames[i].starts_with(w))) return static_cast<int>(i) + 1;
  return 0;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kNames = {"monday", "tuesday",  "wednesday", "thursday",
                                                             "friday", "saturday", "sunday"};
  const auto w = lowered(word);
  for (const auto name : kNames)
    if (w == name || (w.size() == 3 && name.starts_with(w))) return true;
  return false;
}

// "9", "09", "9th", "1st": a day of the month (range checked later with the whole date).
std::optional<int> day_number(std::string_view word) {
  std::size_t digits = 0;
  while (digits < word.size() && ascii::is_digit(word[digits])) ++digits;
  if (digits == 0 || digits > 2) return std::nullopt;
  const auto suffix = lowered(word.substr(digits));
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return std::nullopt;
  std::size_t pos = 0;
  return read_digits(word, pos, digits);
}

std::optional<int> year_number(std::string_view word) {
  std::size_t pos = 0;
  auto y = read_digits(word, pos, 4);
  return y && pos == word.size() ? y : std::nullopt;
}

// What may follow the date in an RFC 822 stamp: "14:03[:00]" and then one zone ("GMT", "+0200").
bool time_and_zone(const std::vector<std::string_view>& words, std::size_t i) {
  if (i == words.size()) return true;
  const auto t = words[i];
  std::size_t pos = 0;
  const auto hh = read_digits(t, pos, 2);
  if (!hh || *hh > 24 || pos >= t.size() || t[pos++] != ':') return false;
  const auto mm = read_digits(t, pos, 2);
  if (!mm || *mm > 59) return false;
  if (pos < t.size()) {
    if (t[pos++] != ':') return false;
    const auto ss = read_digits(t, pos, 2);
    if (!ss || *ss > 60) return false;
    // Fractions of a second ("15:01:01.79").
    if (pos < t.size() && t[pos] == '.') {
      const auto start = ++pos;
      while (pos < t.size() && ascii::is_digit(t[pos])) ++pos;
      if (pos == start) return false;
    }
    if (pos != t.size()) return false;
  }
  if (++i == words.size()) return true;
  const auto zone = words[i];
  if (i + 1 != words.size() || zone.empty() || zone.size() > 5) return false;
  if (zone[0] == '+' || zone[0] == '-') {
    if (zone.size() != 5) return false;
    for (std::size_t k = 1; k < zone.size(); ++k)
      if (!ascii::is_digit(zone[k])) return false;
    return true;
  }
  for (char c : zone)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

// "Mon, 09 Sep 2019 14:03:00 GMT", "26-FEB-1987 15:01:01.79", "9 September 2019", "September 9, 2019", "Sept. 9th 2019",
// "Monday, September 9, 2019", "September 2019".
std::optional<PubDate> parse_worded_date(std::string_view text) {
  // "26-FEB-1987 15:01:01.79" (newswire archives such as Reuters-21578): the dashes as spaces.
  std::string s(text);
  if (const auto d1 = s.find('-'); d1 != std::string::npos && d1 >= 1 && d1 <= 2 && ascii::is_digit(s[0])) {
    const auto d2 = s.find('-', d1 + 1);
    const auto end = s.find_first_of(" \t", d1);
    if (d2 != std::string::npos && (end == std::string::npos || d2 < end)) s[d1] = s[d2] = ' ';
  }
  auto words = split_words(s, " \t,");
  // Abbreviations may carry a full stop ("Sept.", "Mon."); a time or zone never ends in one.
  for (auto& word : words)
    if (word.size() > 1 && word.back() == '.' && !ascii::is_digit(word[word.size() - 2])) word.remove_suffix(1);
  std::size_t i = 0;
  const bool weekday = !words.empty() && is_weekday(words[0]);
  if (weekday) ++i;
  if (i + 2 <= words.size()) {
    // "September 2019": a month, no weekday, nothing after it.
    if (const int m = month_number(words[i]); m != 0 && !weekday && i + 2 == words.size())
      if (const auto y = year_number(words[i + 1])) return make_date(*y, m, 0, DatePrecision::Month);
  }
  if (i + 3 > words.size()) return std::nullopt;
  std::optional<int> day;
  int month = 0;
  if ((day = day_number(words[i])) && (month = month_number(words[i + 1])) != 0) {
    // "9 September 2019", RFC 822
  } else if ((month = month_number(words[i])) != 0 && (day = day_number(words[i + 1]))) {
    // "September 9, 2019"
  } else {
    return std::nullopt;
  }
  const auto year = year_number(words[i + 2]);
  if (!year || !time_and_zone(words, i + 3)) return std::nullopt;
  return make_date(*year, month, *day, DatePrecision::Day);
}

// ---------------------------------------------------------------------------------------------
// The YAML subset.

// One value as written after "key:": a scalar or a list (inline [a, b] or block "- a" lines).
struct Entry {
  std::string key;                     // as written, for the evidence
  std::string field;                   // canonical: lower case, '-' and ' ' as '_'
  std::string raw;                     // the value as written (block lists: empty)
  bool is_list = false;
  std::vector<std::string> values;     // scalar: one value (maybe none); list: the items
  std::vector<std::string> raw_items;  // block lists: each item as written
};

// A "\uXXXX" escape's character (the Basic Multilingual Plane; surrogates are refused earlier).
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads a quoted scalar starting at s[pos] (the quote); advances pos past the closing quote.
std::optional<std::string> read_quoted(std::string_view s, std::size_t& pos) {
  const char quote = s[pos++];
  std::string out;
  while (pos < s.size()) {
    const char c = s[pos++];
    if (c == quote) {
      if (quote == '\'' && pos < s.size() && s[pos] == '\'') {  // '' is a single quote in YAML
        out += '\'';
        ++pos;
        continue;
      }
      return out;
    }
    if (c == '\\' && quote == '"' && pos < s.size()) {
      const char e = s[pos++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = 0;
          std::size_t k = 0;
          for (; k < 4 && pos < s.size(); ++k, ++pos) {
            const char h = ascii::to_lower(s[pos]);
            if (ascii::is_digit(h)) cp = cp * 16 + static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') cp = cp * 16 + static_cast<std::uint32_t>(h - 'a' + 10);
            else break;
          }
          // A NUL or a lone surrogate would make the text invalid: the value is refused.
          if (k != 4 || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
          append_utf8(out, cp);
          break;
        }
        default: out += e; break;  // \" \\ \/ and anything else: the character itself
      }
      continue;
    }
    out += c;
  }
  return std::nullopt;  // no closing quote
}

// After a value only white space or a " # comment" may follow.
bool only_comment(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest[0] == '#';
}

// A scalar: quoted, or plain up to a " #" comment. "~" and "null" are no value.
std::optional<std::string> read_scalar(std::string_view v) {
  v = trim(v);
  if (v.empty() || v[0] == '#') return std::string();
  if (v[0] == '"' || v[0] == '\'') {
    std::size_t pos = 0;
    auto out = read_quoted(v, pos);
    if (!out || !only_comment(v.substr(pos))) return std::nullopt;
    return out;
  }
  for (std::size_t p = 1; p < v.size(); ++p)
    if (v[p] == '#' && (v[p - 1] == ' ' || v[p - 1] == '\t')) {
      v = trim(v.substr(0, p));
      break;
    }
  if (v == "~" || iequals(v, "null")) return std::string();
  return std::string(v);
}

// "[a, 'b, c', "d"]" -> a / b, c / d.
std::optional<std::vector<std::string>> read_inline_list(std::string_view v) {
  std::vector<std::string> items;
  std::size_t pos = 1;  // past '['
  while (true) {
    while (pos < v.size() && (v[pos] == ' ' || v[pos] == '\t')) ++pos;
    if (pos >= v.size()) return std::nullopt;
    if (v[pos] == ']') break;
    std::string item;
    if (v[pos] == '"' || v[pos] == '\'') {
      auto quoted = read_quoted(v, pos);
      if (!quoted) return std::nullopt;
      item = std::move(*quoted);
      while (pos < v.size() && (v[pos] == ' ' || v[pos] == '\t')) ++pos;
    } else {
      const auto end = v.find_first_of(",]", pos);
      if (end == std::string_view::npos) return std::nullopt;
      item = std::string(trim(v.substr(pos, end - pos)));
      pos = end;
    }
    if (!item.empty()) items.push_back(std::move(item));
    if (pos >= v.size()) return std::nullopt;
    if (v[pos] == ',') ++pos;
    else if (v[pos] != ']') return std::nullopt;
  }
  if (!only_comment(v.substr(pos + 1))) return std::nullopt;
  return items;
}

std::string canonical_key(std::string_view key) {
  std::string k = lowered(key);
  for (char& c : k)
    if (c == '-' || c == ' ') c = '_';
  return k;
}

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!(ascii::is_digit(c) || (ascii::to_lower(c) >= 'a' && ascii::to_lower(c) <= 'z') || c == '_' || c == '-' || c == ' ' || c == '.'))
      return false;
  return true;
}

// The block's lines as entries, or the 1-based line (within the file) that is not the subset.
struct Block {
  std::vector<Entry> entries;
  std::size_t bad_line = 0;
  std::string bad_reason;
};

Block read_block(const std::vector<std::string_view>& lines) {
  Block block;
  Entry* open_list = nullptr;  // the last "key:" with no value: "- item" lines belong to it
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    const auto content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    const auto fail = [&](std::string reason) {
      block.bad_line = i + 2;  // +1 for 1-based, +1 for the opening ---
      block.bad_reason = std::move(reason);
      return block;
    };
    if (content[0] == '-' && (content.size() == 1 || content[1] == ' ' || content[1] == '\t')) {
      if (open_list == nullptr) return fail("a list item without a key");
      const auto raw = trim(content.substr(1));
      auto item = read_scalar(raw);
      if (!item) return fail("an unclosed quote");
      open_list->is_list = true;
      if (item->empty()) continue;
      open_list->raw_items.emplace_back(raw);
      open_list->values.push_back(std::move(*item));
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') continue;  // nested or continued values: not ours, skipped
    // "key: value" (YAML needs white space or the line end after the colon: "http://x" is no key).
    std::size_t colon = 0;
    while ((colon = content.find(':', colon)) != std::string_view::npos) {
      if (colon + 1 == content.size() || content[colon + 1] == ' ' || content[colon + 1] == '\t') break;
      ++colon;
    }
    if (colon == std::string_view::npos || !valid_key(trim(content.substr(0, colon))))
      return fail("not 'key: value'");
    Entry e;
    e.key = std::string(trim(content.substr(0, colon)));
    e.field = canonical_key(e.key);
    const auto value = trim(content.substr(colon + 1));
    e.raw = std::string(value);
    open_list = nullptr;
    if (!value.empty() && value[0] == '[') {
      auto items = read_inline_list(value);
      if (!items) return fail("an unclosed list or quote");
      e.is_list = true;
      e.values = std::move(*items);
    } else {
      auto scalar = read_scalar(value);
      if (!scalar) return fail("an unclosed quote");
      if (!scalar->empty()) e.values.push_back(std::move(*scalar));
    }
    block.entries.push_back(std::move(e));
    if (value.empty() || value[0] == '#') open_list = &block.entries.back();
  }
  return block;
}

std::string field_of(const std::string& key) {
  if (key == "title") return "title";
  if (key == "source" || key == "publisher" || key == "site_name") return "source";
  if (key == "original_source") return "original_source";
  if (key == "date" || key == "published" || key == "pubdate") return "date";
  if (key == "authors" || key == "author") return "authors";
  if (key == "url") return "url";
  return {};
}

bool is_yaml_bool(std::string_view v) {
  for (const std::string_view b : {"true", "false", "yes", "no", "on", "off"})
    if (iequals(v, b)) return true;
  return false;
}

// Fills meta (and the title) from the entries; the first entry for a field wins.
void apply_entries(const std::vector<Entry>& entries, ArticleMeta& meta, std::optional<std::string>& title,
                   std::vector<std::string>& warnings) {
  std::vector<std::string> done;
  const auto warn = [&](const std::string& what) { warnings.push_back("front matter: " + what); };
  for (const auto& e : entries) {
    const auto field = field_of(e.field);
    if (field.empty() || e.values.empty()) continue;
    if (std::find(done.begin(), done.end(), field) != done.end()) continue;
    const auto evidence = [&](std::string_view value) { return clip_evidence(e.key + ": " + std::string(value)); };
    if (field == "authors") {
      std::vector<Author> authors;
      for (std::size_t i = 0; i < e.values.size(); ++i) {
        // A list names one author per item; a single string may name several.
        const auto names = e.is_list ? std::vector<std::string>{one_line(e.values[i])} : split_byline(one_line(e.values[i]));
        const auto raw = e.raw.empty() && i < e.raw_items.size() ? e.raw_items[i] : e.raw;
        for (const auto& name : names) {
          auto slug = slugify(name);
          if (slug.empty()) {
            warn("ignored author '" + name + "' (no letters or digits)");
            continue;
          }
          if (has_author(authors, slug)) continue;
          authors.push_back(Author{name, std::move(slug), Origin{"front-matter", evidence(raw)}});
        }
      }
      if (!authors.empty()) meta.authors = std::move(authors);
      done.push_back(field);
      continue;
    }
    if (e.is_list) {
      warn(e.key + " is a list; ignored");
      continue;
    }
    const auto value = one_line(e.values.front());
    if (value.empty()) continue;
    if (field == "title") {
      title = fit_title(value);
    } else if (field == "source" || field == "original_source") {
      auto slug = slugify(value);
      if (slug.empty()) {
        warn("ignored " + e.key + " '" + value + "' (no letters or digits)");
        continue;
      }
      Outlet outlet{value, std::move(slug), Origin{"front-matter", evidence(e.raw)}};
      (field == "source" ? meta.source : meta.original_source) = std::move(outlet);
    } else if (field == "date") {
      // Jekyll's "published: false" is a flag, not a date.
      if (e.field == "published" && is_yaml_bool(value)) continue;
      auto date = parse_metadata_date(value);
      if (!date) {
        warn("bad date '" + value + "'");
        continue;
      }
      date->origin = Origin{"front-matter", evidence(e.raw)};
      meta.date = std::move(*date);
    } else if (field == "url") {
      meta.url = value;
    }
    done.push_back(field);
  }
}

// Leading blank lines and trailing white space off, as parse_text_article leaves its body.
std::string trimmed_body(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  text.remove_prefix(first);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::optional<PubDate> parse_metadata_date(std::string_view text) {
  // Blanks only, not line breaks, as before trim() was shared: a date with a line break at an end
  // (an HTML attribute written over lines) is not recognised.
  const auto s = trim(text, " \t\f\v");
  if (s.empty() || s.size() > 64) return std::nullopt;
  if (ascii::is_digit(s[0]) && s.size() >= 4 && ascii::is_digit(s[1]) && ascii::is_digit(s[2]) && ascii::is_digit(s[3]))
    return parse_iso_date(s);
  return parse_worded_date(s);
}

Article parse_text_with_front_matter(std::string_view normalized_text, std::vector<std::string>& warnings) {
  const auto first_nl = normalized_text.find('\n');
  if (normalized_text.substr(0, first_nl) != "---") return parse_text_article(normalized_text);
  const auto after_open = first_nl == std::string_view::npos ? normalized_text.size() : first_nl + 1;

  // The block runs to the first "---" or "..." line.
  std::vector<std::string_view> lines;
  std::optional<std::size_t> rest_at;
  for (std::size_t pos = after_open; pos < normalized_text.size();) {
    const auto nl = normalized_text.find('\n', pos);
    const auto end = nl == std::string_view::npos ? normalized_text.size() : nl;
    const auto line = normalized_text.substr(pos, end - pos);
    const auto next = nl == std::string_view::npos ? normalized_text.size() : nl + 1;
    if (const auto marker = trim(line); marker == "---" || marker == "...") {
      rest_at = next;
      break;
    }
    lines.push_back(line);
    pos = next;
  }

  // Not front matter after all: the text as it is, without the opening "---" (a rule, no words,
  // which would otherwise become the title).
  const auto plain = [&](std::string warning) {
    warnings.push_back("front matter: " + warning + "; read as plain text");
    return parse_text_article(normalized_text.substr(after_open));
  };
  if (!rest_at) return plain("no closing '---' line");
  const auto block = read_block(lines);
  if (block.bad_line != 0)
    return plain("line " + std::to_string(block.bad_line) + " is " + block.bad_reason);

  ArticleMeta meta;
  std::optional<std::string> title;
  apply_entries(block.entries, meta, title, warnings);
  const auto rest = normalized_text.substr(*rest_at);
  Article article;
  if (title) {
    // The block names the title: every line after it is body.
    article.title = std::move(*title);
    article.body = trimmed_body(rest);
  } else {
    article = parse_text_article(rest);
  }
  article.meta = std::move(meta);
  return article;
}

}  // namespace pt::indexer
