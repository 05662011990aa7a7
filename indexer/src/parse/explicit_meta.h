// Readers of explicit metadata: front matter, sidecar NAME.meta.json, and HTML pages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ptindex/article.h"

namespace pt::indexer {

// A text/Markdown file that may start with a front-matter block:
//   ---
//   title: ...            (also "title: \"quoted\"")
//   source: Global Research
//   date: 2019-09-09      (or 2019-09, 2019, or an ISO 8601 timestamp)
//   authors: [A, B]       (or "author: A", or a YAML list "- A" on the following lines)
//   url: https://...
//   ---
// Parses the block into article.meta (origin "front-matter"), then the rest as parse_text_article
// does (a front-matter title wins over the first line, which is then body). Keys are
// case-insensitive; source is also "publisher"/"site_name", date also "published"/"pubdate".
// Text without front matter is parsed as before. Nothing is fatal: bad fields (a bad date, a
// title given as a list) are left out with a warning ("front matter: bad date '2019-13-45'"); a
// block with no closing --- (or ...) line, or with a line that is not "key: value", was no front
// matter: the text after the opening --- is read as plain text, with a warning.
Article parse_text_with_front_matter(std::string_view normalized_text, std::vector<std::string>& warnings);

// An HTML page (.html/.htm) through libxml2's HTML parser: the title (JSON-LD headline, og:title,
// <title> without a trailing " | Site Name", first <h1>), the visible article text (the <article>
// or main content; no scripts, styles, navigation, headers/footers, captions, share widgets or
// comment forms; block elements become lines), and the page's metadata: og:site_name -> source,
// article:published_time / JSON-LD NewsArticle datePublished -> date, <meta name=author> /
// JSON-LD author -> authors, canonical URL / og:url -> url (origins "html-meta", "json-ld",
// "html-title"; html_article.cc lists which wins). Returns nullopt with `problem` set ("HTML page
// has no text") when the bytes are not an HTML document with any text.
std::optional<Article> parse_html_article(std::string_view bytes, std::string& problem);

// Applies a sidecar NAME.meta.json (an object with "title", "source", "date", "authors" (string
// or array), "url", optionally "original_source") over the article: its fields win (origin
// "sidecar"); null or empty values and unknown keys are ignored, "author" is read like "authors".
// Throws pt::ConfigError naming the problem when the JSON is malformed or a field has the wrong
// type or an impossible date; the article is then unchanged.
void apply_sidecar(std::string_view json, Article& article);

// Parses a date as written in metadata: "2019-09-09", "2019-09", "2019", "2019-09-09T14:03:00Z",
// "2019-09-09T14:03:00+02:00", "Mon, 09 Sep 2019 14:03:00 GMT" (RFC 822), "26-FEB-1987 15:01:01.79",
// "September 9, 2019",
// "9 September 2019"; also a space for the T, fractions of seconds, "+0200", a weekday, "Sept.",
// "9th" and "September 2019" (Month precision). Time zones are not applied: the calendar date is
// the one written. The origin is left empty for the caller. nullopt for anything else or an
// impossible date.
std::optional<PubDate> parse_metadata_date(std::string_view text);

}  // namespace pt::indexer
