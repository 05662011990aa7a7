// Text cue helpers shared by the line-role classifier and text metadata: Markdown stripping, dates, names, bylines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/metadata.h"

namespace pt::indexer::cues {

std::string_view trim(std::string_view s);
// ASCII case-insensitive prefix test and search (npos when absent).
bool istarts_with(std::string_view s, std::string_view prefix);
std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0);
// `low` starts with `cue` and the cue ends at a word boundary ("subscribe" matches "subscribe now",
// not "subscribers").
bool starts_with_word(std::string_view low, std::string_view cue);

// One line as a reader sees it: Markdown links "[text](url)" -> "text", images dropped, emphasis
// and escape marks ("**", "_", "\*") removed, leading heading/quote/list marks removed, white space
// collapsed and trimmed. "*This article was originally published on [OneWorld](#).*" ->
// "This article was originally published on OneWorld."
std::string plain_line(std::string_view line);

// Opens with a quotation mark ("“", "\"", "„", "«", "‘", "'")?
bool starts_with_quote(std::string_view s);

// Words separated by white space.
std::vector<std::string_view> words(std::string_view s);

// A month written as a word ("September", "Sept.", "Sep"); capitalised. 1-12 or 0.
int month_from_word(std::string_view word);

struct DateMatch {
  int year = 0;
  int month = 0;
  int day = 0;
  DatePrecision precision = DatePrecision::Day;
  std::size_t begin = 0;  // where the date (with its weekday) starts in the text searched
};

// The calendar date that ends `s` ("…, September 09, 2019", "9 September 2019", "Monday, Sept. 9,
// 2019", "2019-09-09", "September 2019" (month precision)), optionally followed by a time of day
// when allow_time ("10:30 AM GMT"). Only valid dates of years 1900-2100; nullopt otherwise.
std::optional<DateMatch> date_at_end(std::string_view s, bool allow_time = false);

// A person's name as bylines write it: 2-4 capitalised words (initials, hyphens, apostrophes and
// particles such as "van", "de", "bin" allowed), no digits, and no word that names a role, an
// outlet or a date ("Staff", "Research", "Review", "Monday", "President", "The" ...).
bool looks_like_person_name(std::string_view name);

// Has a word that marks an outlet or organisation ("News", "Times", "Research", "Review", "Media" ...)?
bool has_outlet_word(std::string_view name);

// A name as displayed: Markdown and emphasis removed, surrounding quotes, brackets and trailing
// punctuation dropped, white space collapsed.
std::string clean_name(std::string_view raw);

// The cleaned outlet name in `raw`, or nullopt when it is not a name: empty, a URL or domain
// ("www.globalresearch.ca"), a date or number, over six words, lower-case words other than
// connectors ("own research"), or a job title ("Senior Fellow at CSIS").
std::optional<std::string> outlet_name(std::string_view raw);

// A byline line (already plain_line()d): "By X", "By X and Y", "By A, B and C", "By X, Outlet",
// "By X | Outlet", "By X, September 9, 2019", "Written by X", "Author: X", "Authors: X and Y".
// Names must look like names ("By contrast, …" and "By the way" are not bylines).
struct Byline {
  std::vector<std::string> names;
  std::string outlet;              // "" when none
  std::optional<DateMatch> date;   // a date ending the line
};
std::optional<Byline> parse_byline(std::string_view plain);

// A dateline line (already plain_line()d): a date ending a short line, after an outlet name or
// nothing ("Global Research, September 09, 2019", "September 9, 2019", "Published: 9 September
// 2019", "KABUL, Sept. 9, 2019" (a place: no outlet)). Not: quoted or parenthesised lines,
// "Updated ..." lines, bylines, prefixes with a colon ("Afghanistan: The Prospects for Real Peace,
// July 7, 2020" is a citation) or of more than six words. `outlet` is empty when the prefix is not
// an outlet name (a place, a label such as "Published", several comma-separated parts).
struct Dateline {
  std::string outlet;
  DateMatch date;
};
std::optional<Dateline> parse_dateline(std::string_view plain);

// The names of an "Articles by: X" value ("Andrew Korybko", "A and B").
std::vector<std::string> parse_name_list(std::string_view value);

// Is `body` hard-wrapped, its sentences broken over lines at a fixed width as in Reuters or e-mail
// text? Yes when hardly any line is longer than 100 bytes and at least a quarter of the lines are
// 45 bytes or longer, do not end a sentence and are followed by another line (one such line is
// enough when no line is longer than 100 bytes). Text with one paragraph per line (Markdown, HTML
// extraction) is not.
bool hard_wrapped(std::string_view body);

// In hard-wrapped text, does the line `cur_raw`
// continue the paragraph of the non-blank line `prev_raw` right before it? Yes when the line before
// is long (45 bytes or more) and does not end a sentence, or when `cur_raw` starts with a lower-case
// letter after a line that does not end a sentence. Never after a complete byline or dateline, and
// never across headings, list items, table rows, image marks, "… |" captions, or onto an indented
// line (a new paragraph).
bool continues_line(std::string_view prev_raw, std::string_view cur_raw);

// Evidence text: trimmed, cut at a character boundary to at most ~160 bytes.
std::string evidence(std::string_view line);

}  // namespace pt::indexer::cues
