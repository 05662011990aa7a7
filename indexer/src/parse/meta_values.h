// Private helpers shared by the explicit-metadata readers (front matter, HTML pages, sidecars).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/article.h"
#include "pt/ascii.h"

// Why shared: the three readers shape what they read the same way (one-line titles and names, a
// title cut to kMaxTitleBytes, evidence clipped for people to read, "A and B" split into names), so
// a value reads the same whichever reader found it; one copy keeps them from drifting apart.
namespace pt::indexer::meta {

// ASCII white space: what the readers trim off a value's ends.
inline constexpr std::string_view kAsciiSpace = " \t\n\r\f\v";

// `s` without the characters of `space` at either end.
std::string_view trim(std::string_view s, std::string_view space = kAsciiSpace);

// The words of `s` between runs of `separators`: date words (" \t,"), attribute tokens (rel="a b").
std::vector<std::string_view> split_words(std::string_view s, std::string_view separators);

// ASCII case folding (keys, markers and name separators are ASCII): "Title:", "BY", "Jr.".
using ascii::iequals;
using ascii::lowered;

// What counts as white space in a value. HTML text is full of U+00A0 (&nbsp;), which a page uses
// as a space; front matter and sidecars keep it as written.
enum class Spaces { Ascii, AsciiAndNbsp };

// The length of the white space character at s[i] (1, 2 for U+00A0 when it counts), 0 for none.
std::size_t space_at(std::string_view s, std::size_t i, Spaces spaces);

// Titles and names are one line: runs of white space become one space, none at the ends.
std::string one_line(std::string_view s, Spaces spaces = Spaces::Ascii);

// A title over kMaxTitleBytes is cut at a word boundary and ends in "…", as the plain-text reader
// does. Expects one line (one_line's output): only spaces are looked at.
std::string fit_title(std::string_view title);

// Evidence is for people reading why a field is set: over 160 bytes it is cut there (never inside
// a character) and ends in "…".
std::string clip_evidence(std::string_view s);

// "A, B and C" / "A & B" / "A; B" -> each name; "Jr."-style suffixes ("Jr", "Sr.", "II", "III")
// stay with their name.
std::vector<std::string> split_names(std::string_view text);

// A byline: split_names after a leading "By " ("By A and B" -> A, B), as pages and front matter
// write authors.
std::vector<std::string> split_byline(std::string_view text);

// Is an author with this slug already listed? A name given twice is one author.
bool has_author(const std::vector<Author>& authors, std::string_view slug);

}  // namespace pt::indexer::meta
