// HTML pages: the visible article text, its title and the page's metadata, through libxml2's HTML parser.
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/tree.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "explicit_meta.h"
#include "meta_values.h"
#include "pt/utf8.h"

// Which value wins when a page says the same thing in several places:
//
//   title   JSON-LD headline > og:title > <title> > first <h1> > the text's first line
//   source  JSON-LD publisher.name > og:site_name > the <title> suffix ("... | Global Research")
//           when it matches the page's host name (origin "html-title")
//   date    JSON-LD datePublished > article:published_time > <meta name=date|pubdate|publish-date>
//           or itemprop=datePublished > the first <time datetime> in the article
//   authors JSON-LD author > <meta name=author> > article:author (not when it is a profile URL);
//           a name equal to the source is the outlet, not an author, and is left out
//   url     <link rel=canonical> > og:url > JSON-LD url / mainEntityOfPage (absolute http(s) only)
//
// JSON-LD is written for search engines from the CMS's own fields, so it is the most reliable
// where present; meta tags are written for social previews (titles get rewritten for clicks);
// <title> carries the site name. The canonical link is the exception: it is the page's own
// statement of its address, while JSON-LD urls are often the site's or a shortened form.
// Values that cannot be used (a bad date, an empty name) fall through to the next source.

namespace pt::indexer {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Strings.

using namespace meta;  // meta_values.h: the helpers the readers share

// meta::one_line for page text: U+00A0 (&nbsp;) is a space too, HTML text is full of it.
std::string page_line(std::string_view s) { return one_line(s, Spaces::AsciiAndNbsp); }

bool is_http_url(std::string_view s) {
  const auto l = lowered(s.substr(0, 8));
  return l.starts_with("http://") || l.starts_with("https://");
}

// libxml2's output is UTF-8, but a page that lies about its charset can still leave stray bytes:
// each invalid byte becomes U+FFFD so the text is always valid UTF-8.
std::string valid_utf8(std::string s) {
  auto bad = utf8::first_invalid(s);
  if (!bad) return s;
  std::string out;
  std::string_view rest = s;
  while (bad) {
    out.append(rest.substr(0, *bad));
    out += "\xEF\xBF\xBD";
    rest.remove_prefix(*bad + 1);
    bad = utf8::first_invalid(rest);
  }
  out.append(rest);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The libxml2 tree.

std::string_view name_of(const xmlNode* n) { return n->name ? reinterpret_cast<const char*>(n->name) : ""; }

// An attribute's value (the HTML parser lower-cases attribute names), nullopt when absent.
std::optional<std::string> attr(const xmlNode* n, std::string_view name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || !iequals(reinterpret_cast<const char*>(a->name), name)) continue;
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next)
      if (c->content != nullptr) value += reinterpret_cast<const char*>(c->content);
    return value;
  }
  return std::nullopt;
}

std::string attr_or_empty(const xmlNode* n, std::string_view name) { return attr(n, name).value_or(""); }

// Does the space-separated attribute value hold `word` (rel="canonical", rel="author")?
bool has_token(std::string_view value, std::string_view word) {
  const auto tokens = split_words(value, " \t\n\r\f");
  return std::any_of(tokens.begin(), tokens.end(), [&](std::string_view t) { return iequals(t, word); });
}

// Depth-first over the subtree below `root` without recursion (pages nest thousands deep).
// enter(node) returns whether to go into the node; leave(node) runs after the children of every
// node entered so.
template <class Enter, class Leave>
void walk(const xmlNode* root, Enter&& enter, Leave&& leave) {
  const xmlNode* n = root->children;
  while (n != nullptr) {
    if (enter(n)) {
      if (n->children != nullptr) {
        n = n->children;
        continue;
      }
      leave(n);
    }
    while (n->next == nullptr) {
      n = n->parent;
      if (n == root || n == nullptr) return;
      leave(n);
    }
    n = n->next;
  }
}

// The raw text below a node (script contents, <title>).
std::string raw_text(const xmlNode* node) {
  std::string out;
  walk(node, [&](const xmlNode* n) {
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != nullptr)
      out += reinterpret_cast<const char*>(n->content);
    return true;
  }, [](const xmlNode*) {});
  return out;
}

// ---------------------------------------------------------------------------------------------
// What is not article text.

// Never text a reader sees as the article: code, media, controls, page furniture.
bool is_dropped_tag(std::string_view tag) {
  static const std::vector<std::string_view> kTags = {
      "script", "style",  "noscript", "template", "svg",    "iframe",   "button", "nav",    "header",
      "footer", "aside",  "figcaption", "select", "textarea", "option", "object", "embed",  "canvas",
      "audio",  "video",  "math",     "title",    "meta",   "link",     "input",  "dialog"};
  return std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
}

// ARIA landmarks that are the same furniture as <nav>, <header>, <footer>, <aside>.
bool is_dropped_role(std::string_view role) {
  for (const std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
    if (iequals(role, r)) return true;
  return false;
}

// class/id words that mark widgets: "share-bar", "socialLinks", "comments", "newsletter-signup",
// "related-posts", "advertisement", "cookie-banner", "breadcrumbs", "main-menu", "navbar", and the
// comment and recommendation services ("disqus_thread", "outbrain", "taboola-feed"). Words
// are matched by prefix after splitting at punctuation and camelCase, so "canvas" or
// "unshared" do not match; a few real words that start like a marker are not markers.
bool is_widget_name(std::string_view value) {
  static const std::vector<std::string_view> kPrefixes = {"share",   "sharing", "social",     "comment", "newsletter",
                                                          "subscribe", "subscription", "related", "advert",  "cookie",
                                                          "breadcrumb", "menu",   "nav",     "disqus",  "outbrain",
                                                          "taboola"};
  static const std::vector<std::string_view> kWords = {"ad", "ads", "sidebar", "promo", "popup"};
  static const std::vector<std::string_view> kNotMarkers = {"commentary", "subscriber", "subscribers", "navy", "shared"};
  std::string word;
  const auto check = [&]() {
    if (word.empty()) return false;
    const auto w = lowered(word);
    word.clear();
    if (std::find(kNotMarkers.begin(), kNotMarkers.end(), w) != kNotMarkers.end()) return false;
    if (std::find(kWords.begin(), kWords.end(), w) != kWords.end()) return true;
    return std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](std::string_view p) { return w.starts_with(p); });
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!ascii::is_alnum(c)) {
      if (check()) return true;
      continue;
    }
    // "shareBar": a capital after a lower-case letter starts a new word.
    if (c >= 'A' && c <= 'Z' && !word.empty() && word.back() >= 'a' && word.back() <= 'z' && check()) return true;
    word += c;
  }
  return check();
}

bool is_hidden(const xmlNode* n) {
  if (attr(n, "hidden")) return true;
  if (iequals(trim(attr_or_empty(n, "aria-hidden")), "true")) return true;
  std::string style = lowered(attr_or_empty(n, "style"));
  style.erase(std::remove_if(style.begin(), style.end(), [](char c) { return c == ' ' || c == '\t'; }), style.end());
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

bool has_descendant(const xmlNode* node, std::initializer_list<std::string_view> tags) {
  bool found = false;
  walk(node, [&](const xmlNode* n) {
    if (n->type == XML_ELEMENT_NODE && std::find(tags.begin(), tags.end(), name_of(n)) != tags.end()) found = true;
    return !found;
  }, [](const xmlNode*) {});
  return found;
}

// Is this element (and everything in it) left out of the article text?
bool is_dropped(const xmlNode* n) {
  if (n->type != XML_ELEMENT_NODE) return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
  const auto tag = name_of(n);
  if (is_dropped_tag(tag)) return true;
  // Search boxes and comment forms go; old ASP.NET pages wrap the whole page in one <form>, which stays.
  if (tag == "form") return !has_descendant(n, {"p", "article", "main"});
  if (is_dropped_role(attr_or_empty(n, "role"))) return true;
  if (is_widget_name(attr_or_empty(n, "class")) || is_widget_name(attr_or_empty(n, "id"))) return true;
  return is_hidden(n);
}

// Elements that end a line before and after them.
bool is_block(std::string_view tag) {
  static const std::vector<std::string_view> kBlocks = {
      "p",     "div",   "h1",      "h2",      "h3",      "h4",     "h5",    "h6",     "li",      "br",
      "tr",    "td",    "th",      "blockquote", "section", "article", "pre", "ul",     "ol",      "dl",
      "dt",    "dd",    "table",   "thead",   "tbody",   "tfoot",  "caption", "hr",   "main",    "address",
      "figure", "details", "summary", "center", "fieldset", "legend", "body",  "html"};
  return std::find(kBlocks.begin(), kBlocks.end(), tag) != kBlocks.end();
}

// ---------------------------------------------------------------------------------------------
// Visible text.

// Lines of text: inline text joins with single spaces, blocks end lines, no empty lines.
class TextBuilder {
 public:
  void text(std::string_view t, bool pre) {
    for (std::size_t i = 0; i < t.size();) {
      if (pre && t[i] == '\n') {
        end_line();
        ++i;
      } else if (const auto n = space_at(t, i, Spaces::AsciiAndNbsp)) {
        pending_space_ = true;
        i += n;
      } else {
        if (pending_space_ && !line_.empty()) line_ += ' ';
        pending_space_ = false;
        line_ += t[i++];
      }
    }
  }
  void end_line() {
    if (!line_.empty()) {
      if (!out_.empty()) out_ += '\n';
      out_ += line_;
      line_.clear();
    }
    pending_space_ = false;
  }
  std::string take() {
    end_line();
    return std::move(out_);
  }

 private:
  std::string out_;
  std::string line_;
  bool pending_space_ = false;
};

// The article text below `root` (root itself is taken as chosen, whatever its class).
std::string visible_text(const xmlNode* root) {
  TextBuilder text;
  int pre = 0;
  walk(root, [&](const xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) text.text(reinterpret_cast<const char*>(n->content), pre > 0);
      return false;
    }
    if (is_dropped(n)) return false;
    const auto tag = name_of(n);
    if (is_block(tag)) text.end_line();
    if (tag == "pre") ++pre;
    return true;
  }, [&](const xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE) return;
    const auto tag = name_of(n);
    if (tag == "pre") --pre;
    if (is_block(tag)) text.end_line();
  });
  return text.take();
}

// ---------------------------------------------------------------------------------------------
// What the page says about itself.

struct MetaTag {
  std::string key;    // "og:title", "author", "article:published_time", "itemprop:datepublished"
  std::string value;
  std::string tag;    // as evidence: <meta property="og:title" content="...">
};

struct PageFacts {
  std::vector<MetaTag> metas;
  std::string title;              // <title>
  std::vector<const xmlNode*> h1s;
  std::string canonical;
  std::vector<std::string> json_ld;
  std::vector<const xmlNode*> article_candidates;  // <article>, [itemprop=articleBody]
  std::vector<const xmlNode*> main_candidates;     // <main>, [role=main]
  const xmlNode* body = nullptr;

  const MetaTag* meta(std::string_view key) const {
    for (const auto& m : metas)
      if (m.key == key && !trim(m.value).empty()) return &m;
    return nullptr;
  }
};

// Is the node inside something dropped from the text (a related-stories <aside>, a comment list)?
bool in_dropped_region(const xmlNode* n, const xmlNode* stop) {
  for (; n != nullptr && n != stop; n = n->parent)
    if (n->type == XML_ELEMENT_NODE && is_dropped(n)) return true;
  return false;
}

PageFacts collect_facts(const xmlDoc* doc) {
  PageFacts facts;
  const xmlNode* top = xmlDocGetRootElement(doc);
  if (top == nullptr) return facts;
  constexpr std::size_t kMaxCandidates = 32;  // pages listing hundreds of teasers: the first ones do
  const auto visit = [&](const xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE) return false;
    const auto tag = name_of(n);
    if (tag == "svg" || tag == "template" || tag == "math") return false;  // their <title>s are not the page's
    if (tag == "meta") {
      const auto content = attr(n, "content");
      if (!content) return false;
      for (const char* kind : {"property", "name", "itemprop"}) {
        const auto key = attr(n, kind);
        if (!key || trim(*key).empty()) continue;
        const auto k = lowered(trim(*key));
        facts.metas.push_back(MetaTag{std::string(kind) == "itemprop" ? "itemprop:" + k : k, *content,
                                      "<meta " + std::string(kind) + "=\"" + *key + "\" content=\"" + *content + "\">"});
      }
      return false;
    }
    if (tag == "title") {
      if (facts.title.empty()) facts.title = page_line(raw_text(n));
      return false;
    }
    if (tag == "link") {
      if (facts.canonical.empty() && has_token(attr_or_empty(n, "rel"), "canonical"))
        facts.canonical = std::string(trim(attr_or_empty(n, "href")));
      return false;
    }
    if (tag == "script") {
      if (lowered(attr_or_empty(n, "type")).find("ld+json") != std::string::npos) facts.json_ld.push_back(raw_text(n));
      return false;
    }
    if (tag == "h1" && facts.h1s.size() < kMaxCandidates) facts.h1s.push_back(n);
    if (tag == "body" && facts.body == nullptr) facts.body = n;
    const bool article_like = tag == "article" || iequals(trim(attr_or_empty(n, "itemprop")), "articleBody");
    const bool main_like = tag == "main" || iequals(trim(attr_or_empty(n, "role")), "main");
    if (article_like && facts.article_candidates.size() < kMaxCandidates) facts.article_candidates.push_back(n);
    else if (main_like && facts.main_candidates.size() < kMaxCandidates) facts.main_candidates.push_back(n);
    return true;
  };
  if (visit(top)) walk(top, visit, [](const xmlNode*) {});
  return facts;
}

// The JSON-LD article object, read into plain values.
struct LdArticle {
  std::string headline;
  std::string date_published;
  std::vector<std::pair<std::string, std::string>> authors;  // name, evidence
  std::string publisher;
  std::string url;
};

bool is_article_type(const json& type) {
  const auto one = [](const json& t) {
    if (!t.is_string()) return false;
    std::string_view s = t.get_ref<const std::string&>();
    if (const auto slash = s.find_last_of("/:"); slash != std::string_view::npos) s.remove_prefix(slash + 1);
    // NewsArticle's subtypes (ReportageNewsArticle, AnalysisNewsArticle, OpinionNewsArticle, ...) all end so.
    return s == "Article" || s == "BlogPosting" || s.ends_with("NewsArticle");
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

class JsonLd {
 public:
  JsonLd(const JsonLd&) = delete;  // nodes_ and ids_ point into roots_
  JsonLd& operator=(const JsonLd&) = delete;
  explicit JsonLd(const std::vector<std::string>& scripts) {
    for (const auto& text : scripts) {
      // Invalid JSON-LD (trailing commas, HTML comments around it) is the page's problem: skipped.
      auto value = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
      if (!value.is_discarded()) roots_.push_back(std::move(value));
    }
    for (const auto& r : roots_) index(r, 0);
  }

  std::optional<LdArticle> article() const {
    for (const json* node : nodes_)
      if (is_article_type(node->value("@type", json()))) return read(*node);
    // A WebPage whose mainEntity is the article.
    for (const json* node : nodes_) {
      const auto it = node->find("mainEntity");
      if (it == node->end()) continue;
      const json& target = resolve(*it);
      if (target.is_object() && is_article_type(target.value("@type", json()))) return read(target);
    }
    return std::nullopt;
  }

 private:
  // Top-level objects and @graph members, in document order, and every "@id" for references.
  void index(const json& value, int depth) {
    if (depth > 4) return;
    if (value.is_array()) {
      for (const auto& v : value) index(v, depth + 1);
      return;
    }
    if (!value.is_object()) return;
    nodes_.push_back(&value);
    if (const auto id = value.find("@id"); id != value.end() && id->is_string() && value.size() > 1)
      ids_.emplace(id->get<std::string>(), &value);
    if (const auto graph = value.find("@graph"); graph != value.end()) index(*graph, depth + 1);
  }

  // {"@id": "..."} alone is a reference to a node elsewhere in the page (Yoast writes authors so).
  const json& resolve(const json& value) const {
    if (value.is_object() && value.size() == 1) {
      if (const auto id = value.find("@id"); id != value.end() && id->is_string()) {
        if (const auto it = ids_.find(id->get<std::string>()); it != ids_.end()) return *it->second;
      }
    }
    return value;
  }

  static std::string string_of(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return page_line(it->get_ref<const std::string&>());
    if (it->is_array() && !it->empty() && (*it)[0].is_string()) return page_line((*it)[0].get_ref<const std::string&>());
    return {};
  }

  // An author or publisher: "Name", {"name": "Name"}, {"@id": ...} -> the name.
  std::string name_of_entity(const json& value) const {
    const json& v = resolve(value);
    if (v.is_string()) return page_line(v.get_ref<const std::string&>());
    if (v.is_object()) return string_of(v, "name");
    return {};
  }

  LdArticle read(const json& node) const {
    LdArticle a;
    a.headline = string_of(node, "headline");
    if (a.headline.empty()) a.headline = string_of(node, "name");
    a.date_published = string_of(node, "datePublished");
    if (const auto it = node.find("author"); it != node.end()) {
      const auto add = [&](const json& entry) {
        const json& e = resolve(entry);
        if (e.is_string()) {
          for (auto& name : split_byline(e.get_ref<const std::string&>()))
            a.authors.emplace_back(name, "author: " + page_line(e.get_ref<const std::string&>()));
        } else if (const auto name = name_of_entity(e); !name.empty()) {
          a.authors.emplace_back(name, "author.name: " + name);
        }
      };
      if (it->is_array()) {
        for (const auto& entry : *it) add(entry);
      } else {
        add(*it);
      }
    }
    if (const auto it = node.find("publisher"); it != node.end())
      a.publisher = name_of_entity(it->is_array() && !it->empty() ? (*it)[0] : *it);
    a.url = string_of(node, "url");
    if (a.url.empty()) {
      if (const auto it = node.find("mainEntityOfPage"); it != node.end()) {
        if (it->is_string()) a.url = it->get<std::string>();
        else if (it->is_object()) a.url = string_of(*it, "@id");
      }
    }
    return a;
  }

  std::vector<json> roots_;
  std::vector<const json*> nodes_;
  std::map<std::string, const json*> ids_;
};

// "Headline | Global Research" -> the part after the last separator, and the headline before it.
std::optional<std::pair<std::string, std::string>> title_suffix(std::string_view title) {
  std::size_t best = std::string_view::npos;
  std::size_t len = 0;
  for (const std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "}) {
    const auto p = title.rfind(sep);
    if (p != std::string_view::npos && (best == std::string_view::npos || p > best)) {
      best = p;
      len = sep.size();
    }
  }
  if (best == std::string_view::npos || best == 0) return std::nullopt;
  return std::pair{std::string(trim(title.substr(0, best))), std::string(trim(title.substr(best + len)))};
}

// Letters and digits only, lower case: "Global Research" and "globalresearch.ca"'s label compare.
std::string compact(std::string_view s) {
  std::string out;
  for (char c : s)
    if (ascii::is_alnum(c)) out += ascii::to_lower(c);
  return out;
}

// Does the site name match the URL's host ("Global Research" ~ www.globalresearch.ca, "BBC" ~ bbc.co.uk)?
bool names_host(std::string_view site, std::string_view url) {
  const auto name = compact(site);
  if (name.size() < 2) return false;
  auto host = url.substr(url.find("//") == std::string_view::npos ? 0 : url.find("//") + 2);
  host = host.substr(0, host.find_first_of("/:?#"));
  std::size_t pos = 0;
  while (pos <= host.size()) {
    auto end = host.find('.', pos);
    if (end == std::string_view::npos) end = host.size();
    if (compact(host.substr(pos, end - pos)) == name) return true;
    pos = end + 1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Each field by the precedence at the top of this file.

Origin ld_origin(const std::string& evidence) { return Origin{"json-ld", clip_evidence(evidence)}; }
Origin meta_origin(const MetaTag& m) { return Origin{"html-meta", clip_evidence(m.tag)}; }

std::optional<Outlet> make_outlet(const std::string& name, Origin origin) {
  auto slug = slugify(name);
  if (slug.empty()) return std::nullopt;
  return Outlet{name, std::move(slug), std::move(origin)};
}

std::string read_url(const PageFacts& facts, const std::optional<LdArticle>& ld) {
  if (is_http_url(facts.canonical)) return facts.canonical;
  if (const auto* m = facts.meta("og:url"); m && is_http_url(trim(m->value))) return std::string(trim(m->value));
  if (ld && is_http_url(ld->url)) return ld->url;
  return {};
}

// "Headline | Global Research": the suffix is the site's name when the page says so elsewhere or
// when it matches the host; only then is it the source, and only then is it cut from titles.
bool is_site_suffix(std::string_view suffix, const std::vector<std::string>& sites, std::string_view url) {
  return std::any_of(sites.begin(), sites.end(), [&](const std::string& s) { return iequals(s, suffix); }) ||
         (!url.empty() && names_host(suffix, url));
}

std::optional<Outlet> read_source(const PageFacts& facts, const std::optional<LdArticle>& ld, const std::string& url) {
  if (ld && !ld->publisher.empty())
    if (auto outlet = make_outlet(ld->publisher, ld_origin("publisher.name: " + ld->publisher))) return outlet;
  if (const auto* m = facts.meta("og:site_name"))
    if (auto outlet = make_outlet(page_line(m->value), meta_origin(*m))) return outlet;
  if (const auto split = title_suffix(facts.title); split && !split->first.empty() && !url.empty() &&
                                                    names_host(split->second, url))
    return make_outlet(split->second, Origin{"html-title", clip_evidence("<title>" + facts.title + "</title>")});
  return std::nullopt;
}

// Every name the page gives its site (they differ: "Daily Ledger" in JSON-LD, "The Daily Ledger"
// in og:site_name): none of them is an author, each may end a title.
std::vector<std::string> site_names(const PageFacts& facts, const std::optional<LdArticle>& ld, const std::string& url) {
  std::vector<std::string> sites;
  if (ld && !ld->publisher.empty()) sites.push_back(ld->publisher);
  if (const auto* m = facts.meta("og:site_name")) sites.push_back(page_line(m->value));
  if (const auto split = title_suffix(facts.title); split && !url.empty() && names_host(split->second, url))
    sites.push_back(split->second);
  return sites;
}

std::string read_title(const PageFacts& facts, const std::optional<LdArticle>& ld, const std::string& h1,
                       const std::vector<std::string>& sites, const std::string& url) {
  std::string title;
  if (ld) title = ld->headline;
  if (const auto* m = facts.meta("og:title"); title.empty() && m) title = page_line(m->value);
  if (title.empty()) title = facts.title;
  if (title.empty()) title = h1;
  if (const auto split = title_suffix(title); split && !split->first.empty() && is_site_suffix(split->second, sites, url))
    title = split->first;
  return title;
}

// From the page's metadata; the article's own <time> is looked at after this.
std::optional<PubDate> read_date(const PageFacts& facts, const std::optional<LdArticle>& ld) {
  if (ld && !ld->date_published.empty()) {
    if (auto date = parse_metadata_date(ld->date_published)) {
      date->origin = ld_origin("datePublished: " + ld->date_published);
      return date;
    }
  }
  for (const char* key : {"article:published_time", "date", "pubdate", "publish-date", "itemprop:datepublished"}) {
    const auto* m = facts.meta(key);
    if (m == nullptr) continue;
    if (auto date = parse_metadata_date(m->value)) {
      date->origin = meta_origin(*m);
      return date;
    }
  }
  return std::nullopt;
}

std::vector<Author> read_authors(const PageFacts& facts, const std::optional<LdArticle>& ld,
                                 const std::vector<std::string>& sites) {
  std::vector<Author> authors;
  const auto add = [&](const std::string& name, Origin origin) {
    if (name.empty() || is_http_url(name)) return;  // article:author is often a profile URL
    if (std::any_of(sites.begin(), sites.end(), [&](const std::string& s) { return iequals(s, name); })) return;
    auto slug = slugify(name);
    if (slug.empty()) return;
    if (has_author(authors, slug)) return;
    authors.push_back(Author{name, std::move(slug), std::move(origin)});
  };
  if (ld)
    for (const auto& [name, evidence] : ld->authors) add(name, ld_origin(evidence));
  for (const char* key : {"author", "article:author"}) {
    if (!authors.empty()) break;
    for (const auto& m : facts.metas)
      if (m.key == key)
        for (const auto& name : split_byline(page_line(m.value))) add(name, meta_origin(m));
  }
  return authors;
}

// The first <time datetime> of the article (one marked as the publication time first). When the
// whole <body> is the article, the page header's "today's date" is not the article's.
std::optional<PubDate> article_time(const xmlNode* root, bool root_is_body) {
  std::optional<PubDate> first;
  std::optional<PubDate> marked;
  walk(root, [&](const xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE || marked) return false;
    const auto tag = name_of(n);
    if (tag == "script" || tag == "style" || tag == "aside" || tag == "nav" || tag == "template") return false;
    if (root_is_body && (tag == "header" || tag == "footer")) return false;
    if (is_widget_name(attr_or_empty(n, "class")) || is_widget_name(attr_or_empty(n, "id"))) return false;
    if (tag == "time") {
      if (const auto dt = attr(n, "datetime")) {
        if (auto date = parse_metadata_date(*dt)) {
          date->origin = Origin{"html-meta", clip_evidence("<time datetime=\"" + *dt + "\">")};
          const bool is_marked = attr(n, "pubdate").has_value() ||
                                 iequals(trim(attr_or_empty(n, "itemprop")), "datePublished");
          if (is_marked) marked = std::move(date);
          else if (!first) first = std::move(date);
        }
      }
    }
    return true;
  }, [](const xmlNode*) {});
  return marked ? marked : first;
}

bool is_inside(const xmlNode* n, const xmlNode* ancestor) {
  for (; n != nullptr; n = n->parent)
    if (n == ancestor) return true;
  return false;
}

// The headline element: the first <h1> of the article, else the first one of the page that is
// not page furniture (a site logo in the page <header> is an <h1> on many sites).
std::string headline_h1(const PageFacts& facts, const xmlNode* root, const xmlNode* page) {
  for (const xmlNode* h : facts.h1s)
    if (is_inside(h, root)) return page_line(visible_text(h));
  for (const xmlNode* h : facts.h1s)
    if (!in_dropped_region(h, page)) return page_line(visible_text(h));
  return {};
}

// The element holding the article: the longest <article>/[itemprop=articleBody], else the longest
// <main>/[role=main], else <body>; an article-like element wins when it is substantial (500 bytes)
// or a fifth of the page's text, so a teaser <article> does not replace the page.
std::pair<const xmlNode*, std::string> article_root(const PageFacts& facts, const xmlNode* fallback) {
  const xmlNode* page = facts.body != nullptr ? facts.body : fallback;
  std::string page_text = visible_text(page);
  for (const auto* tier : {&facts.article_candidates, &facts.main_candidates}) {
    const xmlNode* best = nullptr;
    std::string best_text;
    for (const xmlNode* c : *tier) {
      if (in_dropped_region(c, page)) continue;
      auto text = visible_text(c);
      if (text.size() > best_text.size()) {
        best = c;
        best_text = std::move(text);
      }
    }
    if (best != nullptr && (best_text.size() >= 500 || best_text.size() * 5 >= page_text.size()))
      return {best, std::move(best_text)};
  }
  return {page, std::move(page_text)};
}

// libxml2 reports some problems (charset conversion) through its per-thread global handlers even
// with HTML_PARSE_NOERROR; library code never prints, so they are silenced while we parse.
void ignore_generic(void*, const char*, ...) {}
void ignore_structured(void*, xmlErrorPtr) {}

class QuietLibxml {
 public:
  QuietLibxml()
      : generic_(xmlGenericError),
        generic_ctx_(xmlGenericErrorContext),
        structured_(xmlStructuredError),
        structured_ctx_(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(nullptr, ignore_generic);
    xmlSetStructuredErrorFunc(nullptr, ignore_structured);
  }
  ~QuietLibxml() {
    xmlSetGenericErrorFunc(generic_ctx_, generic_);
    xmlSetStructuredErrorFunc(structured_ctx_, structured_);
  }
  QuietLibxml(const QuietLibxml&) = delete;
  QuietLibxml& operator=(const QuietLibxml&) = delete;

 private:
  xmlGenericErrorFunc generic_;
  void* generic_ctx_;
  xmlStructuredErrorFunc structured_;
  void* structured_ctx_;
};

struct FreeDoc {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

}  // namespace

std::optional<Article> parse_html_article(std::string_view bytes, std::string& problem) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    problem = "HTML page too large for the HTML parser";
    return std::nullopt;
  }
  // xmlInitParser once, from whichever thread comes first: libxml2 needs it before threaded use.
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });

  std::unique_ptr<xmlDoc, FreeDoc> doc;
  {
    QuietLibxml quiet;
    // No encoding given: libxml2 reads the page's own declaration (BOM, <meta charset>,
    // http-equiv Content-Type) and converts to UTF-8; without one it reads UTF-8. XML_PARSE_HUGE
    // lifts the nesting limit of 256: old table layouts go deeper, and past it libxml2 silently
    // stops reading the page. The tree is walked without recursion, and the builder's file size
    // limit bounds the memory.
    doc.reset(htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 XML_PARSE_HUGE));
  }
  const xmlNode* top = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (top == nullptr) {
    problem = "HTML page has no text";
    return std::nullopt;
  }

  const auto facts = collect_facts(doc.get());
  auto [root, text] = article_root(facts, top);
  const auto h1 = headline_h1(facts, root, facts.body != nullptr ? facts.body : top);
  if (trim(text).empty()) {
    problem = "HTML page has no text";
    return std::nullopt;
  }

  const JsonLd json_ld(facts.json_ld);
  const auto ld = json_ld.article();
  Article article;
  ArticleMeta& meta = article.meta;
  meta.url = read_url(facts, ld);
  const auto sites = site_names(facts, ld, meta.url);
  meta.source = read_source(facts, ld, meta.url);
  meta.date = read_date(facts, ld);
  if (!meta.date) meta.date = article_time(root, root == facts.body);
  meta.authors = read_authors(facts, ld, sites);
  std::string title = read_title(facts, ld, h1, sites, meta.url);

  // Body, without the headline when the article repeats it as its first line.
  text = valid_utf8(std::move(text));
  title = valid_utf8(page_line(title));
  if (title.empty()) {
    // Nothing names the page: its first line is the title, as for plain text.
    auto plain = parse_text_article(text);
    article.title = std::move(plain.title);
    article.body = std::move(plain.body);
  } else {
    const auto first_nl = text.find('\n');
    const auto first_line = std::string_view(text).substr(0, first_nl);
    if (iequals(first_line, title) || (!h1.empty() && first_line == h1))
      text.erase(0, first_nl == std::string::npos ? text.size() : first_nl + 1);
    article.title = fit_title(title);
    article.body = std::move(text);
  }
  return article;
}

}  // namespace pt::indexer
