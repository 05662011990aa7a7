// Line roles: captions next to image marks, photo credits, and boilerplate (bylines, share/comment/copyright blocks, bios, navigation).
//
// Lines are first joined into paragraphs (in hard-wrapped text, as in Reuters or e-mail, a line
// may continue the one before it: cues::hard_wrapped, cues::continues_line), and each paragraph is
// judged as a whole: image marks and the paragraph after them, "... Source: Reuters |" table-cell
// captions, credit phrases, boilerplate cue phrases, stand-alone bylines and datelines, author
// bios. So "by Kidder Peabody" at the start of a wrapped line stays prose. Then lines are judged
// by the section they sit in: everything under an "About the author" heading up to the next
// heading or rule, and everything after a page-tail heading ("Similar Posts", "Leave a Reply",
// "Related Articles", "Comments" ...) in the second half of the body, is boilerplate.
// Stand-alone bylines ("By Andrew Korybko") and datelines ("Global Research, September 09, 2019")
// count as boilerplate: they are about the article, not its prose, and their names are not actors.
// Horizontal rules ("---", "\*\*\*") count as blank.
#include "lines.h"

#include <algorithm>
#include <span>
#include <string>

#include "text_cues.h"
#include "pt/ascii.h"

namespace pt::indexer {
namespace {

using cues::istarts_with;
using cues::starts_with_word;

bool contains(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

bool is_image_mark(std::string_view raw) {
  raw = cues::trim(raw);
  while (!raw.empty() && (raw.front() == '|' || raw.front() == '>' || raw.front() == ' ')) raw.remove_prefix(1);
  return raw.starts_with("![") || raw.starts_with("[![") || istarts_with(raw, "<img") || istarts_with(raw, "<figure");
}

// "---", "***", "\*\*\*", "* * *", "___": a rule, not text.
bool is_rule(std::string_view raw) {
  raw = cues::trim(raw);
  return !raw.empty() && std::all_of(raw.begin(), raw.end(), [](char c) {
    return c == '-' || c == '*' || c == '_' || c == '\\' || c == '=' || c == '~' || c == ' ' || c == '\t';
  });
}

// Credit lines start with these (lower case, at a word boundary).
constexpr std::string_view kCreditStarts[] = {
    "featured image", "photo:", "photo credit", "photo by", "photos:", "photograph:", "photograph by", "image:",
    "image source", "image credit", "image by", "image courtesy", "images:", "(photo", "(image", "credit:",
    "credits:", "picture:", "pictured:", "illustration:", "illustration by", "cover image", "top image",
    "header image", "main image", "lead image", "file photo", "graphic:", "reuters/", "ap photo", "(ap photo",
    "afp photo", "getty images", "source of image", "screenshot", "screengrab", "photo courtesy"};

// A short line containing these ends with a photo credit: a caption.
constexpr std::string_view kCaptionCredits[] = {
    "(photo", "photo:", "photo by", "photo credit", "(image:", "(image credit", "/getty images", "getty images)",
    "(ap photo", "ap photo/", "reuters/", "afp photo", "(credit:", "| photo", "(file photo", "photo/"};

// Boilerplate lines starting with these, whatever their length.
constexpr std::string_view kStrongStarts[] = {
    "note to readers", "disclaimer", "all rights reserved", "the original source of this article is",
    "this article was originally published", "this article was first published", "this article originally appeared",
    "this article first appeared", "this article is from the archive", "this article was originally posted",
    "this piece was originally published", "this piece first appeared", "this story was originally published",
    "this story originally appeared", "this post was originally published", "originally published", "first published",
    "republished from", "reprinted from", "reprinted with permission", "cross-posted from", "crossposted from",
    "region:", "theme:", "in-depth report:", "tags:", "tagged:", "filed under", "categories:", "articles by:",
    "about the author", "about the authors", "for media inquiries", "leave a reply", "leave a comment",
    "your email address will not be published", "copyright \xC2\xA9", "copyright (c)", "\xC2\xA9",
    "(c) 19", "(c) 20", "click the share", "click to share", "share this:", "comments are closed",
    "notify me of", "save my name, email", "this site uses akismet", "skip to content", "skip to main content",
    "previous post", "next post", "previous article", "next article", "post navigation", "the views expressed",
    "the opinions expressed", "views expressed in this", "opinions expressed in this"};

// Boilerplate when the line is short (<= 160 bytes) and starts with these.
constexpr std::string_view kShortStarts[] = {
    "become a member", "similar posts", "related posts", "related articles", "related stories",
    "related coverage", "related:", "recommended reading", "recommended for you", "read more", "read also",
    "also read", "see also", "more from", "continue reading", "subscribe", "sign up", "follow us", "follow me",
    "like us on", "join us on", "join our", "support our", "please support", "donate", "share this", "share on",
    "print this", "email this", "comment on", "posted in", "category:", "advertisement", "sponsored content",
    "you may also like", "you might also like", "most popular", "most read", "trending now", "published:",
    "published on", "posted on", "posted by", "updated:", "last updated", "source:", "sources:", "written by",
    "author:", "authors:", "reporting by", "editing by", "edited by", "words by", "post comment", "newsletter",
    "get our newsletter", "download our app", "listen to this article", "reading time", "min read"};

// Boilerplate wherever these occur in the line.
constexpr std::string_view kAnywhere[] = {
    "all rights reserved", "your email address will not be published", "required fields are marked",
    "contains copyrighted material", "click the share buttons", "fair use", "grants permission to cross-post", "sole responsibility of the author"};

// Whole short lines that are navigation or widgets.
constexpr std::string_view kNavigation[] = {
    "home", "menu", "search", "share", "tweet", "print", "email", "e-mail", "advertisement", "close", "next",
    "previous", "more", "login", "log in", "sign in", "register", "subscribe", "facebook", "twitter", "whatsapp",
    "telegram", "linkedin", "reddit", "pinterest", "copy link", "top", "back to top", "comments", "related",
    "share this", "tags", "loading...", "loading", "advertising", "ad"};

// Page-tail headings: everything after them (in the second half of the body) is boilerplate.
constexpr std::string_view kTailHeadings[] = {
    "similar posts", "related posts", "related articles", "related stories", "related", "leave a reply",
    "leave a comment", "you may also like", "you might also like", "more stories", "most popular", "most read",
    "recent posts", "popular posts", "read next", "trending", "post navigation", "comments", "share this",
    "share this article", "what to read next", "more from this author", "latest news", "recommended for you",
    "you may be interested in", "join the discussion", "discussion"};

// A bio's phrases.
constexpr std::string_view kBioPhrases[] = {
    "is a frequent contributor", "is a regular contributor", "frequent contributor to", "regular contributor to",
    "follow him on", "follow her on", "follow them on", "can be reached at", "can be contacted at",
    "his latest book", "her latest book", "is a research associate of the centre for research on globalization"};

constexpr std::string_view kBioRoles[] = {
    "analyst", "journalist", "writer", "author", "editor", "researcher", "professor", "columnist", "contributor",
    "commentator", "blogger", "correspondent", "filmmaker", "activist", "scholar", "economist", "lecturer"};

bool any_start(std::span<const std::string_view> list, std::string_view low) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view c) { return starts_with_word(low, c); });
}

bool any_contains(std::span<const std::string_view> list, std::string_view low) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view c) { return contains(low, c); });
}

// `low` without a trailing ':' and a leading count ("12 comments").
std::string heading_key(std::string_view low) {
  while (!low.empty() && (low.back() == ':' || low.back() == ' ')) low.remove_suffix(1);
  return std::string(low);
}

bool is_tail_heading(std::string_view low) {
  if (low.size() > 60) return false;
  const std::string key = heading_key(low);
  if (std::find(std::begin(kTailHeadings), std::end(kTailHeadings), key) != std::end(kTailHeadings)) return true;
  // "12 comments", "3 responses", "2 thoughts on ..."
  std::size_t digits = 0;
  while (digits < key.size() && key[digits] >= '0' && key[digits] <= '9') ++digits;
  if (digits == 0 || digits >= key.size() || key[digits] != ' ') return false;
  const std::string_view rest = std::string_view(key).substr(digits + 1);
  return rest == "comments" || rest == "comment" || rest == "responses" || rest == "replies" || rest.starts_with("thoughts on");
}

bool is_navigation(std::string_view low) {
  if (low.size() > 40) return false;
  const std::string key = heading_key(low);
  return std::find(std::begin(kNavigation), std::end(kNavigation), key) != std::end(kNavigation);
}

// Breadcrumbs: "Home » World » Asia".
bool is_breadcrumb(std::string_view low) {
  if (low.size() > 160) return false;
  std::size_t marks = 0;
  for (std::string_view sep : {" \xC2\xBB ", " > ", " / ", " \xE2\x80\xBA "}) {
    for (auto at = low.find(sep); at != std::string_view::npos; at = low.find(sep, at + 1)) ++marks;
    if (marks >= 2 && (low.starts_with("home") || low.starts_with("news"))) return true;
  }
  return low.starts_with("home \xC2\xBB") || low.starts_with("home >") || low.starts_with("home /");
}

// "**Andrew Korybko** is an American ... analyst": a bold name opening a sentence about a person.
bool is_bold_name_bio(std::string_view raw) {
  raw = cues::trim(raw);
  if (!raw.starts_with("**")) return false;
  const auto close = raw.find("**", 2);
  if (close == std::string_view::npos) return false;
  const std::string name = cues::plain_line(raw.substr(2, close - 2));
  if (!cues::looks_like_person_name(name)) return false;
  const std::string after = ascii::lowered(cues::trim(raw.substr(close + 2)));
  return after.starts_with("is ") || after.starts_with("was ") || after.starts_with("has ") || after.starts_with(", ") ||
         after.starts_with("writes ") || after.starts_with("teaches ");
}

// Opens with a person's name ("Andrew Korybko is ...", "Prof. Jane Doe, ...") or a pronoun.
bool starts_with_person(std::string_view plain) {
  const auto ws = cues::words(plain);
  if (!ws.empty() && (ws[0] == "He" || ws[0] == "She" || ws[0] == "They")) return true;
  for (std::size_t n = std::min<std::size_t>(4, ws.size()); n >= 2; --n) {
    std::string name;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) name += ' ';
      name += ws[i];
    }
    while (!name.empty() && (name.back() == ',' || name.back() == '.')) name.pop_back();
    if (cues::looks_like_person_name(name)) return true;
  }
  return false;
}

// "Andrew Korybko is an American Moscow-based political analyst ...": a name, "is a/an", a writer's role.
bool is_name_role_bio(std::string_view plain, std::string_view low) {
  auto at = low.find(" is a ");
  if (at == std::string_view::npos) at = low.find(" is an ");
  if (at == std::string_view::npos || at > 50) return false;
  if (!cues::looks_like_person_name(plain.substr(0, at))) return false;
  const auto sentence_end = low.find(". ", at);
  const std::string_view first_sentence = low.substr(0, sentence_end);
  return any_contains(kBioRoles, first_sentence);
}

// "Copyright 2019 Reuters", "Copyright Global Research": a copyright notice, not prose about copyright.
bool is_copyright(std::string_view low) {
  if (!starts_with_word(low, "copyright")) return false;
  if (low.size() <= 60 || contains(low, "\xC2\xA9") || contains(low, "(c)")) return true;
  for (std::size_t i = 0; i + 4 <= low.size() && i < 40; ++i) {
    const std::string_view w = low.substr(i, 4);
    if ((w.starts_with("19") || w.starts_with("20")) && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return true;
  }
  return false;
}

LineRole judge(std::string_view raw, std::string_view plain, std::string_view low, bool late) {
  if (any_start(kCreditStarts, low) && low.size() <= 300) return LineRole::Credit;
  if (low.size() <= 300 && any_contains(kCaptionCredits, low)) return LineRole::Caption;
  if (any_start(kStrongStarts, low) || (low.size() <= 160 && any_start(kShortStarts, low)) || any_contains(kAnywhere, low))
    return LineRole::Boilerplate;
  if (is_navigation(low) || is_breadcrumb(low) || is_copyright(low)) return LineRole::Boilerplate;
  // "The views expressed ... do not necessarily reflect those of ...": an opinion disclaimer.
  if (contains(low, "necessarily reflect") && (contains(low, "views") || contains(low, "opinions")) && contains(low, "expressed"))
    return LineRole::Boilerplate;
  if (cues::parse_byline(plain) || cues::parse_dateline(plain)) return LineRole::Boilerplate;
  if ((istarts_with(plain, "articles by") || istarts_with(plain, "by:")) && plain.size() <= 160) return LineRole::Boilerplate;
  if (is_bold_name_bio(raw)) return LineRole::Boilerplate;
  if (late && low.size() < 800 && any_contains(kBioPhrases, low) && starts_with_person(plain)) return LineRole::Boilerplate;
  if (late && low.size() < 800 && is_name_role_bio(plain, low)) return LineRole::Boilerplate;
  return LineRole::Content;
}

std::vector<Line> classify(std::string_view body);

}  // namespace

std::vector<Line> classify_lines(std::string_view body) {
  // Text metadata, actors and the lead offset each classify the same body in turn: this
  // thread's last answer is kept (for bodies up to 1 MiB), so an article is classified once.
  constexpr std::size_t kRememberedBytes = 1 << 20;
  thread_local std::string last_body;
  thread_local std::vector<Line> last_lines;
  if (body.size() <= kRememberedBytes && body == last_body && !last_lines.empty()) return last_lines;
  auto lines = classify(body);
  if (body.size() <= kRememberedBytes) {
    last_body.assign(body);
    last_lines = lines;
  }
  return lines;
}

namespace {

std::vector<Line> classify(std::string_view body) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    const auto nl = body.find('\n', pos);
    const auto end = nl == std::string_view::npos ? body.size() : nl;
    lines.push_back({pos, end, LineRole::Content});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }

  // Paragraphs: a hard-wrapped line belongs to the paragraph it continues and gets its role.
  struct Paragraph {
    std::size_t first = 0, last = 0;
    std::string plain;  // the lines' plain text joined with spaces
  };
  std::vector<Paragraph> paragraphs;
  const bool wrapped = cues::hard_wrapped(body);
  bool prev_blank = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view raw = lines[i].text(body);
    std::string plain = cues::plain_line(raw);
    if ((plain.empty() && !is_image_mark(raw)) || is_rule(raw)) {
      lines[i].role = LineRole::Blank;
      prev_blank = true;
      continue;
    }
    if (!prev_blank && !paragraphs.empty() && wrapped && cues::continues_line(lines[i - 1].text(body), raw)) {
      paragraphs.back().last = i;
      paragraphs.back().plain += ' ';
      paragraphs.back().plain += plain;
    } else {
      paragraphs.push_back({i, i, std::move(plain)});
    }
    prev_blank = false;
  }

  auto set_role = [&](const Paragraph& p, LineRole role) {
    for (std::size_t i = p.first; i <= p.last; ++i) lines[i].role = role;
  };
  bool pending_caption = false;  // the paragraph after an image mark is its caption
  for (const auto& p : paragraphs) {
    const std::string_view raw = lines[p.first].text(body);
    if (is_image_mark(raw)) {
      set_role(p, LineRole::Caption);
      pending_caption = true;
      continue;
    }
    const std::string low = ascii::lowered(p.plain);
    const std::string_view last_raw = cues::trim(lines[p.last].text(body));
    const bool cell_caption = last_raw.size() > 2 && last_raw.ends_with(" |") && !raw.starts_with('|');
    if ((pending_caption || cell_caption) && p.plain.size() <= 400) {
      set_role(p, LineRole::Caption);
      pending_caption = false;
      continue;
    }
    pending_caption = false;
    // Bios by name and role only late in the body, where author boxes sit.
    const bool late = lines[p.first].begin * 10 >= body.size() * 6;
    set_role(p, judge(raw, p.plain, low, late));
  }

  // Sections: "About the author" up to the next heading or rule; page tails to the end.
  bool in_about = false;
  bool in_tail = false;
  for (auto& line : lines) {
    const std::string_view raw = cues::trim(line.text(body));
    if (in_tail) {
      if (line.role != LineRole::Blank) line.role = LineRole::Boilerplate;
      continue;
    }
    if (in_about && (raw.starts_with('#') || (is_rule(raw) && !raw.empty()))) in_about = false;
    if (line.role == LineRole::Blank) continue;
    const std::string low = ascii::lowered(cues::plain_line(raw));
    if (starts_with_word(low, "about the author") && low.size() <= 40) {
      in_about = true;
      line.role = LineRole::Boilerplate;
      continue;
    }
    if (is_tail_heading(low) && line.begin * 2 >= body.size()) {
      in_tail = true;
      line.role = LineRole::Boilerplate;
      continue;
    }
    if (in_about) line.role = LineRole::Boilerplate;
  }
  return lines;
}

}  // namespace

}  // namespace pt::indexer
