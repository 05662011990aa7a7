// Source, original source, publication date and authors from cues in an article's text.
//
// Only paragraphs that are the article's own or its page furniture are read (classify_lines:
// content and boilerplate, never captions or credits); hard-wrapped lines are joined first, so a
// wrapped "by Kidder Peabody and Co." or "February 1986." is never a byline or a dateline.
// "Head" is the paragraphs before the first prose paragraph (25 words or more; at most 8), "tail"
// the paragraphs after the last prose paragraph (or the last 3).
//
// Source, first cue found in this order (each is how the page states who published this copy):
//   1. original-source-line  "The original source of this article is X"   (anywhere)
//   2. dateline              "X, September 09, 2019"                       (head)
//   3. lede                  "(X) - …", "(X) – …", "KABUL (X) — …"           (title or first 3 lines)
//   4. source-line           "Source: X"                                   (head or tail)
//   5. partner-archive       "… from the archive of our partner X."        (anywhere; an empty X is ignored)
//   6. byline                "By A, X", "By A | X"                         (anywhere)
//   7. copyright             "Copyright © A, X, 2019" -> X: the last part that is neither an author nor
//                            a person's name ("Copyright © Jane Doe 2019" gives no source)
// Original source: "originally published on/in/by/at X", "first published/appeared in X", "republished
// from X", in a sentence about this text ("This article was …", "Originally published in …");
// dropped when it names the source itself.
// Date: 1. dateline (head: "X, September 09, 2019", "September 9, 2019", "Published: …"; tail:
//          "Published …" lines; a head byline ending with a date), day or month precision;
//       2. copyright (a single year, not a range), year precision.
// Dates in prose are never used: sentences, quotations and citations ("(…, July 7, 2020, www…)")
// mention many dates that are not the article's. Nothing is "inferred".
// Authors: the first byline ("By X", "By A and B", "Written by X", "Author: X"), else the first
// "Articles by: X". Names must look like names (2-4 capitalised words).
#include <algorithm>
#include <optional>
#include <string>

#include "ptindex/extract.h"
#include "ptindex/gazetteer.h"
#include "lines.h"
#include "text_cues.h"
#include "pt/ascii.h"

namespace pt::indexer {
namespace {

using cues::ifind;
using cues::istarts_with;
using cues::trim;

enum SourceRank { kOriginalSourceLine, kDateline, kLede, kSourceLine, kPartnerArchive, kByline, kCopyright, kRanks };

constexpr std::string_view kRankHow[kRanks] = {"original-source-line", "dateline", "lede", "source-line",
                                               "partner-archive", "byline", "copyright"};

// A paragraph: one line, or the lines of a hard-wrapped paragraph joined (cues::continues_line).
struct TextLine {
  std::string plain;
  LineRole role = LineRole::Content;
  bool head = false;
  bool tail = false;
  bool usable() const { return role == LineRole::Content || role == LineRole::Boilerplate; }
};

std::vector<TextLine> text_lines(std::string_view body) {
  std::vector<TextLine> out;
  const auto lines = classify_lines(body);
  const bool wrapped = cues::hard_wrapped(body);
  bool prev_blank = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].role == LineRole::Blank) {
      prev_blank = true;
      continue;
    }
    const std::string_view raw = lines[i].text(body);
    if (!prev_blank && !out.empty() && wrapped && cues::continues_line(lines[i - 1].text(body), raw)) {
      out.back().plain += ' ';
      out.back().plain += cues::plain_line(raw);
    } else {
      out.push_back(TextLine{cues::plain_line(raw), lines[i].role});
    }
    prev_blank = false;
  }
  std::size_t last_prose = 0;
  bool any_prose = false, before_prose = true;
  auto prose = [](const TextLine& t) { return t.role == LineRole::Content && cues::words(t.plain).size() >= 25; };
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (prose(out[i])) {
      last_prose = i;
      any_prose = true;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (prose(out[i])) before_prose = false;
    out[i].head = before_prose && i < 8;
    out[i].tail = (any_prose && i > last_prose) || i + 3 >= out.size();
  }
  return out;
}

// The name a cue phrase introduces: up to the end of its sentence, a comma, semicolon or parenthesis.
std::string_view cue_value(std::string_view rest) {
  rest = trim(rest);
  for (std::string_view stop : {". ", ", ", "; ", " (", " | "})
    if (const auto at = rest.find(stop); at != std::string_view::npos) rest = rest.substr(0, at);
  return trim(rest);
}

// "(Baonghean) - Hope …", "(Reuters) – …", "WASHINGTON (Reuters) — …" -> the name in parentheses.
std::optional<std::string> lede_outlet(std::string_view plain) {
  const auto open = plain.find('(');
  if (open == std::string_view::npos || open > 40) return std::nullopt;
  const std::string_view place = plain.substr(0, open);
  // Before the parenthesis only an upper-case place ("KABUL", "NEW YORK,").
  if (std::any_of(place.begin(), place.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
    return std::nullopt;
  const auto close = plain.find(')', open);
  if (close == std::string_view::npos || close - open > 50) return std::nullopt;
  const std::string_view after = trim(plain.substr(close + 1));
  bool dash = false;
  for (std::string_view d : {"- ", "\xE2\x80\x93 ", "\xE2\x80\x94 ", "-- "})
    if (after.starts_with(d)) dash = true;
  if (!dash) return std::nullopt;
  // Prose follows a lede: "(CORRECTED) - MOBIL <MOB> TO UPGRADE" and "TOKYO RUBBER (YEN PER KILO) -
  // APRIL 07" are headers.
  const std::string_view start = after.substr(0, 40);
  if (std::none_of(start.begin(), start.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return std::nullopt;
  const std::string_view name = trim(plain.substr(open + 1, close - open - 1));
  static constexpr std::string_view kNotOutlets[] = {
      "corrected", "correction", "revised", "continued", "update", "updated", "refile", "refiled", "repeat", "rpt",
      "recasts", "adds", "official", "analysis", "feature", "interview", "factbox", "photo", "photos", "video",
      "live", "breaking", "exclusive", "opinion", "editorial", "urgent", "flash", "wrapup", "corrects", "advisory"};
  for (auto word : kNotOutlets)
    if (ascii::lowered(name) == word || cues::istarts_with(name, std::string(word) + " ")) return std::nullopt;
  return cues::outlet_name(name);
}

// "The Nation on September 3" -> "The Nation": a name ends where " on/in <date>" starts.
std::string_view cut_at_time(std::string_view value) {
  for (std::string_view link : {" on ", " in ", " at "}) {
    for (auto at = value.find(link); at != std::string_view::npos; at = value.find(link, at + 1)) {
      const auto next = cues::words(value.substr(at + link.size()));
      if (next.empty()) continue;
      const std::string_view w = next.front();
      const bool temporal = cues::month_from_word(w) != 0 || (w.front() >= '0' && w.front() <= '9') ||
                            w.starts_with("Monday") || w.starts_with("Tuesday") || w.starts_with("Wednesday") ||
                            w.starts_with("Thursday") || w.starts_with("Friday") || w.starts_with("Saturday") ||
                            w.starts_with("Sunday");
      if (temporal) return trim(value.substr(0, at));
    }
  }
  return value;
}

// "This article was originally published on OneWorld." -> "OneWorld".
std::optional<std::string> original_outlet(const TextLine& line) {
  static constexpr std::string_view kPhrases[] = {
      "originally published on ", "originally published in ", "originally published by ", "originally published at ",
      "originally appeared on ", "originally appeared in ", "originally appeared at ", "originally posted on ",
      "originally posted at ", "originally posted in ", "first published on ", "first published in ",
      "first published by ", "first published at ", "first appeared on ", "first appeared in ", "first appeared at ",
      "republished from ", "reprinted from ", "cross-posted from ", "crossposted from "};
  const std::string_view plain = line.plain;
  // Only a sentence about this very text ("This article was originally published on X", "Originally
  // published in X"), not prose about a book or a report that was first published somewhere.
  static constexpr std::string_view kOpenings[] = {
      "this article", "this piece", "this story", "this post", "this essay", "this interview", "this report",
      "this commentary", "this op-ed", "this column", "this analysis", "this text", "this version", "it was originally",
      "it was first", "originally published", "originally appeared", "originally posted", "first published",
      "first appeared", "republished", "reprinted", "cross-posted", "crossposted", "(this article", "[this article"};
  if (std::none_of(std::begin(kOpenings), std::end(kOpenings), [&](std::string_view o) { return istarts_with(plain, o); }))
    return std::nullopt;
  for (auto phrase : kPhrases) {
    const auto at = ifind(plain, phrase);
    if (at == std::string_view::npos) continue;
    std::string_view value = cut_at_time(cue_value(plain.substr(at + phrase.size())));
    if (auto name = cues::outlet_name(value)) return name;
  }
  return std::nullopt;
}

struct Copyright {
  std::optional<std::string> outlet;
  int year = 0;  // 0 unless exactly one year
};

bool is_year_word(std::string_view w, int& year) {
  if (w.size() != 4 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  year = std::stoi(std::string(w));
  return year >= 1900 && year <= 2100;
}

// "Copyright © Andrew Korybko, Global Research, 2019" -> Global Research, 2019.
std::optional<Copyright> parse_copyright(std::string_view plain, const std::vector<Author>& authors) {
  std::string_view v = trim(plain);
  bool marked = false;
  for (bool again = true; again;) {
    again = false;
    for (std::string_view mark : {"copyright", "\xC2\xA9", "(c)"}) {
      if (istarts_with(v, mark)) {
        v = trim(v.substr(mark.size()));
        again = marked = true;
      }
    }
  }
  if (!marked) return std::nullopt;
  if (const auto at = ifind(v, "all rights reserved"); at != std::string_view::npos) v = v.substr(0, at);
  if (const auto at = v.find(". "); at != std::string_view::npos) v = v.substr(0, at);
  Copyright out;
  int years = 0;
  bool range = false;
  std::vector<std::string> names;
  std::string part;
  auto flush = [&] {
    std::string name;
    for (auto w : cues::words(part)) {
      int y = 0;
      if (is_year_word(w, y)) {
        ++years;
        out.year = y;
        continue;
      }
      // "2005-2019", "2005–2019": a range, the site's span rather than the article's year.
      if (w.size() >= 9 && is_year_word(w.substr(0, 4), y)) {
        range = true;
        continue;
      }
      if (!name.empty()) name += ' ';
      name += w;
    }
    if (!name.empty()) names.push_back(cues::clean_name(name));
    part.clear();
  };
  for (char c : v) {
    if (c == ',' || c == '|') flush();
    else part += c;
  }
  flush();
  if (years != 1 || range) out.year = 0;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    const std::string slug = slugify(*it);
    if (std::any_of(authors.begin(), authors.end(), [&](const Author& a) { return a.slug == slug; })) continue;
    if (cues::looks_like_person_name(*it) && !cues::has_outlet_word(*it)) continue;
    if (auto o = cues::outlet_name(*it)) {
      out.outlet = o;
      break;
    }
  }
  return out;
}

// A dateline's "outlet" that the gazetteer knows as a country or person (a city maps to its
// country: "Kabul, September 9, 2019") is a place, not an outlet.
bool is_place_or_person(std::string_view name) {
  const auto* entry = Gazetteer::builtin().find(name);
  return entry != nullptr && entry->type != ActorType::Organisation;
}

Outlet make_outlet(const std::string& name, SourceRank rank, std::string_view line) {
  return Outlet{name, slugify(name), Origin{std::string(kRankHow[rank]), cues::evidence(line)}};
}

PubDate make_date(const cues::DateMatch& d, std::string_view how, std::string_view line) {
  PubDate date;
  date.year = d.year;
  date.month = d.precision == DatePrecision::Year ? 0 : d.month;
  date.day = d.precision == DatePrecision::Day ? d.day : 0;
  date.precision = d.precision;
  date.origin = Origin{std::string(how), cues::evidence(line)};
  return date;
}

}  // namespace

void extract_text_metadata(Article& article) {
  ArticleMeta& meta = article.meta;
  const bool want_source = !meta.source, want_original = !meta.original_source, want_date = !meta.date,
             want_authors = meta.authors.empty();
  if (!want_source && !want_original && !want_date && !want_authors) return;

  const auto lines = text_lines(article.body);
  std::optional<Outlet> sources[kRanks];
  std::optional<Outlet> original;
  std::optional<PubDate> dateline_date, copyright_date;
  std::vector<Author> byline_authors, articles_by_authors;

  auto offer = [&](SourceRank rank, const std::optional<std::string>& name, std::string_view line) {
    if (name && !sources[rank] && !slugify(*name).empty()) sources[rank] = make_outlet(*name, rank, line);
  };
  auto authors_of = [](const std::vector<std::string>& names, std::string_view how, std::string_view line) {
    std::vector<Author> out;
    for (const auto& n : names) {
      const std::string slug = slugify(n);
      if (slug.empty() || std::any_of(out.begin(), out.end(), [&](const Author& a) { return a.slug == slug; })) continue;
      out.push_back(Author{n, slug, Origin{std::string(how), cues::evidence(line)}});
    }
    return out;
  };

  // The lede may have become the title when the article has no headline of its own.
  offer(kLede, lede_outlet(cues::plain_line(article.title)), article.title);
  std::size_t nonblank = 0;
  for (const auto& line : lines) {
    ++nonblank;
    if (!line.usable()) continue;
    const std::string_view plain = line.plain;

    constexpr std::string_view kOriginalSource = "the original source of this article is ";
    if (istarts_with(plain, kOriginalSource))
      offer(kOriginalSourceLine, cues::outlet_name(cue_value(plain.substr(kOriginalSource.size()))), plain);

    if (line.head || (line.tail && (istarts_with(plain, "published") || istarts_with(plain, "posted") ||
                                    istarts_with(plain, "first published") || istarts_with(plain, "date")))) {
      if (auto d = cues::parse_dateline(plain)) {
        if (line.head && !d->outlet.empty() && !is_place_or_person(d->outlet)) offer(kDateline, d->outlet, plain);
        if (!dateline_date) dateline_date = make_date(d->date, "dateline", plain);
      }
    }

    if (nonblank <= 3) offer(kLede, lede_outlet(plain), plain);

    if ((line.head || line.tail) && (istarts_with(plain, "source:") || istarts_with(plain, "source :"))) {
      std::string_view value = plain.substr(plain.find(':') + 1);
      value = cue_value(value);
      if (const auto dash = value.find(" - "); dash != std::string_view::npos) value = value.substr(0, dash);
      offer(kSourceLine, cues::outlet_name(value), plain);
    }

    constexpr std::string_view kPartner = "from the archive of our partner";
    if (const auto at = ifind(plain, kPartner); at != std::string_view::npos)
      offer(kPartnerArchive, cues::outlet_name(cue_value(plain.substr(at + kPartner.size()))), plain);

    if (byline_authors.empty()) {
      if (auto b = cues::parse_byline(plain)) {
        byline_authors = authors_of(b->names, "byline", plain);
        if (!b->outlet.empty()) offer(kByline, b->outlet, plain);
        if (b->date && line.head && !dateline_date) dateline_date = make_date(*b->date, "dateline", plain);
      }
    }
    if (articles_by_authors.empty() && istarts_with(plain, "articles by")) {
      std::string_view value = plain.substr(11);
      value = trim(value);
      if (value.starts_with(':')) value.remove_prefix(1);
      articles_by_authors = authors_of(cues::parse_name_list(value), "articles-by", plain);
    }

    if (!original) {
      if (auto name = original_outlet(line)) original = make_outlet(*name, kOriginalSourceLine, plain);
    }
  }

  if (want_authors) meta.authors = !byline_authors.empty() ? byline_authors : articles_by_authors;

  // Copyright lines last: they need the authors (the holder is often the author, not the outlet).
  for (const auto& line : lines) {
    if (!line.usable()) continue;
    if (auto c = parse_copyright(line.plain, meta.authors)) {
      if (c->outlet) offer(kCopyright, c->outlet, line.plain);
      if (c->year && !copyright_date) {
        cues::DateMatch d{c->year, 0, 0, DatePrecision::Year, 0};
        copyright_date = make_date(d, "copyright", line.plain);
      }
    }
  }

  if (want_source) {
    for (auto& s : sources)
      if (s) {
        meta.source = std::move(s);
        break;
      }
  }
  if (want_original && original && !(meta.source && meta.source->slug == original->slug)) {
    original->origin.how = "original-source-line";
    meta.original_source = std::move(original);
  }
  if (want_date) meta.date = dateline_date ? dateline_date : copyright_date;
}

}  // namespace pt::indexer
