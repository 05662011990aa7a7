// Text and JSON renderings of a SearchResult, shared by the command line and (later) the server.
#include "ptsearch/printers.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace pt {
namespace {

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

}  // namespace

std::string render_text(const SearchResult& r, const TextStyle& style) {
  // Built with append only: GCC 12 warns falsely (-Wrestrict) on some operator+ chains.
  std::string out;
  if (!r.total_exact()) out.append("about ");
  out.append(std::to_string(r.total_estimate)).append(r.total_estimate == 1 ? " match" : " matches");
  out.append(" for \"").append(r.query).append("\" (").append(fixed(r.elapsed_ms, 1)).append(" ms)");
  if (!r.hits.empty())
    out.append("; showing ").append(std::to_string(r.hits.front().rank)).append("-").append(std::to_string(r.hits.back().rank));
  out.append("\n");
  for (const auto& h : r.hits) {
    out.append("\n").append(std::to_string(h.rank)).append(". ");
    if (style.bold) out.append("\033[1m").append(h.title).append("\033[0m");
    else out.append(h.title);
    out.append("\n   ").append(h.id).append("  score ").append(fixed(h.score, 3)).append("\n");
    if (!h.snippet.text.empty()) out.append("   ").append(highlighted(h.snippet, style)).append("\n");
  }
  return out;
}

std::string render_json(const SearchResult& r) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : r.hits) {
    nlohmann::json marks = nlohmann::json::array();
    for (const auto& m : h.snippet.highlights) marks.push_back({m.offset, m.length});
    hits.push_back({{"rank", h.rank},
                    {"id", h.id},
                    {"title", h.title},
                    {"score", h.score},
                    {"percent", h.percent},
                    {"snippet", {{"text", h.snippet.text}, {"highlights", marks}}}});
  }
  const nlohmann::json j = {{"version", kJsonOutputVersion},
                            {"query", r.query},
                            {"parsed_query", r.parsed_query},
                            {"offset", r.offset},
                            {"limit", r.limit},
                            {"total", {{"estimate", r.total_estimate},
                                       {"lower_bound", r.total_lower},
                                       {"upper_bound", r.total_upper},
                                       {"exact", r.total_exact()}}},
                            {"elapsed_ms", r.elapsed_ms},
                            {"hits", hits}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pt
