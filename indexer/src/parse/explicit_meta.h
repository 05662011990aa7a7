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
// does (a front-matter title wins over the first line). Text without front matter is parsed as
// before. A malformed block (no closing ---, a bad date) is not fatal: bad fields are left out and
// their problems returned as warnings ("front matter: bad date '2019-13-45'").
Article parse_text_with_front_matter(std::string_view normalized_text, std::vector<std::string>& warnings);

// An HTML page (.html/.htm) through libxml2's HTML parser: the title (og:title, <title>, first
// <h1>), the visible article text (the <article> or main content; no scripts, styles, navigation,
// headers/footers, share widgets or comment forms; block elements become lines), and the page's
// metadata: og:site_name -> source, article:published_time / JSON-LD NewsArticle datePublished ->
// date, <meta name=author> / JSON-LD author -> authors, canonical URL / og:url -> url (origins
// "html-meta", "json-ld", "html-title"). Returns nullopt with `problem` set when the bytes are not
// an HTML document with any text.
std::optional<Article> parse_html_article(std::string_view bytes, std::string& problem);

// Applies a sidecar NAME.meta.json (an object with "title", "source", "date", "authors" (string
// or array), "url", optionally "original_source") over the article: its fields win (origin
// "sidecar"). Throws pt::ConfigError naming the problem when the JSON is malformed or a field has
// the wrong type or an impossible date.
void apply_sidecar(std::string_view json, Article& article);

// Parses a date as written in metadata: "2019-09-09", "2019-09", "2019", "2019-09-09T14:03:00Z",
// "2019-09-09T14:03:00+02:00", "Mon, 09 Sep 2019 14:03:00 GMT" (RFC 822), "September 9, 2019",
// "9 September 2019". nullopt for anything else or an impossible date.
std::optional<PubDate> parse_metadata_date(std::string_view text);

}  // namespace pt::indexer
