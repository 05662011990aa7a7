// Text and JSON renderings of search results and documents, shared by the command line and the server.
#include "ptsearch/printers.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace pt {
namespace {

using nlohmann::json;

std::string highlighted(const Snippet& s, const TextStyle& style) {
  const std::string open = style.bold ? "\033[1m" : "**";
  const std::string close = style.bold ? "\033[0m" : "**";
  std::string out;
  std::size_t at = 0;
  for (const auto& h : s.highlights) {
    out.append(s.text, at, h.offset - at);
    out += open;
    out.append(s.text, h.offset, h.length);
    out += close;
    at = h.offset + h.length;
  }
  out.append(s.text, at);
  return out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "Global Research · 2019-09-09 · by Andrew Korybko"
std::string byline(const DocumentMeta& m) {
  std::string out;
  const auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out.append(" \xC2\xB7 ");
    out.append(part);
  };
  if (m.source) add(m.source->name);
  if (m.date) add(m.date->name);
  std::string names;
  for (const auto& a : m.authors) names.append(names.empty() ? "" : ", ").append(a.name);
  if (!names.empty()) add("by " + names);
  return out;
}

json value_json(const MetaValue& v, bool with_origin) {
  json j = {{"name", v.name}};
  if (!v.slug.empty()) j["slug"] = v.slug;
  if (with_origin) {
    j["how"] = v.how;
    if (!v.evidence.empty()) j["evidence"] = v.evidence;
  }
  return j;
}

json meta_json(const DocumentMeta& m, bool with_origin) {
  json j = json::object();
  j["source"] = m.source ? value_json(*m.source, with_origin) : json(nullptr);
  if (m.original_source) j["original_source"] = value_json(*m.original_source, with_origin);
  if (m.date) {
    json d = {{"iso", m.date->name}, {"precision", m.date_precision}};
    if (with_origin) {
      d["how"] = m.date->how;
      if (!m.date->evidence.empty()) d["evidence"] = m.date->evidence;
    }
    j["date"] = d;
  } else {
    j["date"] = nullptr;
  }
  json authors = json::array();
  for (const auto& a : m.authors) authors.push_back(value_json(a, with_origin));
  j["authors"] = authors;
  if (!m.url.empty()) j["url"] = m.url;
  json actors = json::array();
  for (const auto& a : m.actors) {
    json x = value_json(a, with_origin);
    x["type"] = a.type;
    if (with_origin) {
      x["mentions"] = a.mentions;
      x["salience"] = a.salience;
    }
    actors.push_back(x);
  }
  j["actors"] = actors;
  return j;
}

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

std::string facet_line(const Facet& f) {
  std::string out;
  for (const auto& v : f.values) {
    if (!out.empty()) out.append(", ");
    out.append(v.label.empty() ? v.value : v.label);
    if (!v.type.empty()) out.append(" [").append(v.type).append("]");
    out.append(" (").append(std::to_string(v.count)).append(")");
  }
  if (f.more) out.append(", and ").append(std::to_string(f.more)).append(" more");
  if (out.empty()) out = "none";
  return out;
}

}  // namespace

std::string_view to_string(SortOrder sort) {
  switch (sort) {
    case SortOrder::Relevance: return "relevance";
    case SortOrder::Newest: return "newest";
    case SortOrder::Oldest: return "oldest";
  }
  return "relevance";
}

std::string render_text(const SearchResult& r, const TextStyle& style) {
  // Built with append only: GCC 12 warns falsely (-Wrestrict) on some operator+ chains.
  std::string out;
  if (!r.total_exact()) out.append("about ");
  out.append(std::to_string(r.total_estimate)).append(r.total_estimate == 1 ? " match" : " matches");
  if (r.collapsed && r.distinct_estimate < r.total_estimate)
    out.append(" (").append(std::to_string(r.distinct_estimate)).append(" distinct)");
  if (!r.like.empty()) out.append(" like ").append(r.like);
  if (!r.query.empty()) out.append(" for \"").append(r.query).append("\"");
  else if (r.like.empty()) out.append(" (all documents)");
  out.append(" (").append(fixed(r.elapsed_ms, 1)).append(" ms)");
  if (!r.hits.empty())
    out.append("; showing ").append(std::to_string(r.hits.front().rank)).append("-").append(std::to_string(r.hits.back().rank));
  if (r.sort != SortOrder::Relevance) out.append("; sorted by date, ").append(to_string(r.sort)).append(" first");
  out.append("\n");
  if (!r.suggestion.empty()) out.append("Did you mean: ").append(r.suggestion).append("?\n");
  for (const auto& n : r.notes) out.append("note: ").append(n).append("\n");
  for (const auto& h : r.hits) {
    out.append("\n").append(std::to_string(h.rank)).append(". ");
    if (style.bold) out.append("\033[1m").append(h.title).append("\033[0m");
    else out.append(h.title);
    out.append("\n   ").append(h.id);
    if (r.sort == SortOrder::Relevance) out.append("  score ").append(fixed(h.score, 3));
    out.append("\n");
    if (const auto line = byline(h.meta); !line.empty()) out.append("   ").append(line).append("\n");
    if (!h.snippet.text.empty()) out.append("   ").append(highlighted(h.snippet, style)).append("\n");
    if (!h.duplicates.empty()) {
      out.append("   also published as:");
      for (const auto& d : h.duplicates) {
        out.append(" ").append(d.id);
        if (!d.source.empty()) out.append(" (").append(d.source).append(")");
      }
      out.append("\n");
    }
  }
  if (!r.facets.empty()) {
    out.append("\n");
    for (const auto& f : r.facets) {
      std::string title = f.name == "source" ? "Sources" : f.name == "actor" ? "Actors" : f.name == "year" ? "Years" : "Months";
      out.append(title).append(f.exact ? "" : " (estimated)").append(": ").append(facet_line(f)).append("\n");
    }
  }
  return out;
}

std::string render_json(const SearchResult& r) {
  json hits = json::array();
  for (const auto& h : r.hits) {
    json marks = json::array();
    for (const auto& m : h.snippet.highlights) marks.push_back({m.offset, m.length});
    json dups = json::array();
    for (const auto& d : h.duplicates) dups.push_back({{"id", d.id}, {"source", d.source}});
    json hit = {{"rank", h.rank},
                {"id", h.id},
                {"title", h.title},
                {"score", h.score},
                {"percent", h.percent},
                {"snippet", {{"text", h.snippet.text}, {"highlights", marks}}},
                {"duplicates", dups}};
    hit.update(meta_json(h.meta, false));
    hits.push_back(hit);
  }
  json j = {{"version", kJsonOutputVersion},
            {"query", r.query},
            {"like", r.like},
            {"parsed_query", r.parsed_query},
            {"offset", r.offset},
            {"limit", r.limit},
            {"sort", to_string(r.sort)},
            {"collapsed", r.collapsed},
            {"distinct", r.distinct_estimate},
            {"total", {{"estimate", r.total_estimate},
                       {"lower_bound", r.total_lower},
                       {"upper_bound", r.total_upper},
                       {"exact", r.total_exact()}}},
            {"elapsed_ms", r.elapsed_ms},
            {"hits", hits}};
  if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
  if (!r.notes.empty()) j["notes"] = r.notes;
  if (!r.facets.empty()) {
    json facets = json::object();
    for (const auto& f : r.facets) {
      json values = json::array();
      for (const auto& v : f.values) {
        json x = {{"value", v.value}, {"label", v.label}, {"count", v.count}};
        if (!v.type.empty()) x["type"] = v.type;
        values.push_back(x);
      }
      facets[f.name] = {{"exact", f.exact}, {"more", f.more}, {"values", values}};
    }
    j["facets"] = facets;
  }
  return dump(j);
}

std::string render_text(const Document& d, const TextStyle& style) {
  std::string out;
  const auto field = [&](std::string_view name, const std::string& value, const std::string& how, const std::string& evidence) {
    out.append(name).append(": ").append(value);
    if (!how.empty()) {
      out.append("   [").append(how);
      if (!evidence.empty()) out.append(": \"").append(evidence).append("\"");
      out.append("]");
    }
    out.append("\n");
  };
  if (style.bold) out.append("\033[1m").append(d.title).append("\033[0m\n");
  else out.append(d.title).append("\n");
  out.append("id: ").append(d.id).append("\n");
  const auto& m = d.meta;
  if (m.source) field("source", m.source->name, m.source->how, m.source->evidence);
  else out.append("source: none found\n");
  if (m.original_source) field("original source", m.original_source->name, m.original_source->how, m.original_source->evidence);
  if (m.date) field("date", m.date->name + " (" + m.date_precision + ")", m.date->how, m.date->evidence);
  else out.append("date: none found\n");
  for (const auto& a : m.authors) field("author", a.name, a.how, a.evidence);
  if (!m.url.empty()) out.append("url: ").append(m.url).append("\n");
  if (m.actors.empty()) out.append("actors: none found\n");
  for (const auto& a : m.actors)
    field("actor", a.name + " (" + a.type + ", " + std::to_string(a.mentions) + (a.mentions == 1 ? " mention" : " mentions") +
                       ", salience " + fixed(a.salience, 2) + ")",
          a.how, a.evidence);
  return out;
}

std::string render_json(const Document& d) {
  json doc = {{"id", d.id}, {"title", d.title}};
  doc.update(meta_json(d.meta, true));
  doc["body"] = d.body;
  return dump({{"version", kJsonOutputVersion}, {"document", doc}});
}

}  // namespace pt
