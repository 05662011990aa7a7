// Extraction scorer for the sample corpus: text metadata and actors against gold labels, printed as Markdown.
//
//   pt_score_sample [--labels tests/data/sample-labels.json] [--corpus sample-corpus]
//
// Each article is parsed as ptindex parses a text file (normalize_text, parse_text_article), then
// extract_text_metadata and extract_actors with the built-in gazetteer. Prints precision and recall
// per field (source, original source, date, authors, actors) and, for actors, how many "not
// actors" were extracted, then the extracted values per article and every mismatch. Exit status 0
// whenever it ran (it reports, it does not judge); 1 on unreadable or malformed input; 2 on bad
// arguments.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ptindex/article.h"
#include "ptindex/extract.h"
#include "ptindex/gazetteer.h"
#include "ptindex/metadata.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace pt::indexer;

namespace {

// Defaults point into the source tree, as the build gives them (bench/extraction/CMakeLists.txt).
fs::path default_labels() { return PT_SAMPLE_LABELS; }
fs::path default_corpus() { return PT_SAMPLE_CORPUS; }

struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadInput("cannot read " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw BadInput("cannot read " + path.string());
  return bytes;
}

// A labelled name with the slugs that count as it.
struct GoldName {
  std::string name;
  std::set<std::string> slugs;
};

struct Gold {
  std::string file;
  std::optional<std::string> source, original_source;  // display names
  std::optional<std::string> date;                     // "2019-09-09/day"
  std::vector<std::string> authors;
  std::vector<GoldName> actors, minor_actors, not_actors;
};

std::optional<std::string> optional_name(const json& article, const char* key) {
  const auto it = article.find(key);
  if (it == article.end() || it->is_null()) return std::nullopt;
  if (!it->is_object() || !it->contains("name") || !(*it)["name"].is_string())
    throw BadInput(std::string("\"") + key + "\" must be null or an object with a string \"name\"");
  return (*it)["name"].get<std::string>();
}

std::vector<GoldName> gold_names(const json& article, const char* key) {
  std::vector<GoldName> out;
  const auto it = article.find(key);
  if (it == article.end()) return out;
  if (!it->is_array()) throw BadInput(std::string("\"") + key + "\" must be an array");
  for (const auto& a : *it) {
    if (!a.is_object() || !a.contains("name") || !a["name"].is_string())
      throw BadInput(std::string("each of \"") + key + "\" needs a string \"name\"");
    GoldName g{a["name"].get<std::string>(), {slugify(a["name"].get<std::string>())}};
    if (a.contains("aliases")) {
      if (!a["aliases"].is_array()) throw BadInput("\"aliases\" must be an array of strings");
      for (const auto& alias : a["aliases"]) {
        if (!alias.is_string()) throw BadInput("\"aliases\" must be an array of strings");
        if (auto s = slugify(alias.get<std::string>()); !s.empty()) g.slugs.insert(s);
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<Gold> load_labels(const fs::path& path) {
  json doc;
  try {
    doc = json::parse(read_file(path));
  } catch (const json::exception& e) {
    throw BadInput(path.string() + ": not valid JSON: " + e.what());
  }
  if (!doc.is_object() || !doc.contains("articles") || !doc["articles"].is_array())
    throw BadInput(path.string() + ": expected an object with an \"articles\" array");
  std::vector<Gold> out;
  for (const auto& a : doc["articles"]) {
    try {
      if (!a.is_object() || !a.contains("file") || !a["file"].is_string()) throw BadInput("an article needs a string \"file\"");
      Gold g;
      g.file = a["file"].get<std::string>();
      g.source = optional_name(a, "source");
      g.original_source = optional_name(a, "original_source");
      if (a.contains("date") && !a["date"].is_null()) {
        const auto& d = a["date"];
        if (!d.is_object() || !d.contains("iso") || !d["iso"].is_string() || !d.contains("precision") || !d["precision"].is_string())
          throw BadInput("\"date\" must be null or an object with string \"iso\" and \"precision\"");
        g.date = d["iso"].get<std::string>() + "/" + d["precision"].get<std::string>();
      }
      if (a.contains("authors")) {
        if (!a["authors"].is_array()) throw BadInput("\"authors\" must be an array of strings");
        for (const auto& n : a["authors"]) {
          if (!n.is_string()) throw BadInput("\"authors\" must be an array of strings");
          g.authors.push_back(n.get<std::string>());
        }
      }
      g.actors = gold_names(a, "actors");
      g.minor_actors = gold_names(a, "minor_actors");
      g.not_actors = gold_names(a, "not_actors");
      out.push_back(std::move(g));
    } catch (const json::exception& e) {
      throw BadInput(path.string() + ": " + e.what());
    } catch (const BadInput& e) {
      throw BadInput(path.string() + ": " + e.what());
    }
  }
  return out;
}

struct Tally {
  int gold = 0, found = 0, correct = 0, right_articles = 0, articles = 0;
  int recalled = -1;   // gold values found, when it differs from `correct` (actors); -1: same
  int violations = 0;  // actors only
};

std::string ratio(int num, int den) {
  if (den == 0) return "n/a";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(num) / den);
  return buf;
}

std::string show(const std::optional<std::string>& v) { return v ? *v : "none"; }

std::string outlet_text(const std::optional<Outlet>& o) { return o ? o->name + " (" + o->origin.how + ")" : "none"; }

// One single-valued field: compares keys (slugs, dates) and notes a mismatch.
void score_one(Tally& t, const std::optional<std::string>& gold_key, const std::optional<std::string>& found_key,
               const std::string& field, const std::string& gold_text, const std::string& found_text,
               std::vector<std::string>& diffs) {
  ++t.articles;
  if (gold_key) ++t.gold;
  if (found_key) ++t.found;
  if (gold_key && found_key && *gold_key == *found_key) ++t.correct;
  if (gold_key == found_key) ++t.right_articles;
  else diffs.push_back(field + ": expected " + gold_text + ", got " + found_text);
}

bool matches(const GoldName& g, const std::string& slug) { return g.slugs.count(slug) > 0; }

}  // namespace

int main(int argc, char** argv) {
  fs::path labels_path = default_labels(), corpus = default_corpus();
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--labels" || arg == "--corpus") && i + 1 < argc) {
      (arg == "--labels" ? labels_path : corpus) = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      std::puts("usage: pt_score_sample [--labels FILE] [--corpus DIR]");
      return 0;
    } else {
      std::fprintf(stderr, "pt_score_sample: unknown or incomplete argument '%s'\n", argv[i]);
      return 2;
    }
  }

  std::vector<Gold> labels;
  try {
    labels = load_labels(labels_path);
  } catch (const BadInput& e) {
    std::fprintf(stderr, "pt_score_sample: %s\n", e.what());
    return 1;
  }

  const Gazetteer& gazetteer = Gazetteer::builtin();
  Tally source, original, date, authors, actors;
  std::ostringstream per_article, mismatches;
  per_article << "| article | source | original source | date | authors | actors (by salience) |\n|---|---|---|---|---|---|\n";

  for (const auto& gold : labels) {
    Article article;
    try {
      const std::string bytes = read_file(corpus / gold.file);
      if (auto problem = content_problem(bytes)) throw BadInput((corpus / gold.file).string() + ": " + *problem);
      article = parse_text_article(normalize_text(bytes));
    } catch (const BadInput& e) {
      std::fprintf(stderr, "pt_score_sample: %s\n", e.what());
      return 1;
    }
    extract_text_metadata(article);
    article.meta.actors = extract_actors(article, gazetteer);
    const ArticleMeta& m = article.meta;
    std::vector<std::string> diffs;

    auto key = [](const std::optional<std::string>& name) -> std::optional<std::string> {
      if (!name) return std::nullopt;
      return slugify(*name);
    };
    score_one(source, key(gold.source), m.source ? std::optional(m.source->slug) : std::nullopt, "source", show(gold.source),
              outlet_text(m.source), diffs);
    score_one(original, key(gold.original_source), m.original_source ? std::optional(m.original_source->slug) : std::nullopt,
              "original source", show(gold.original_source), outlet_text(m.original_source), diffs);
    const auto found_date = m.date ? std::optional(m.date->iso() + "/" + std::string(to_string(m.date->precision))) : std::nullopt;
    score_one(date, gold.date, found_date, "date", show(gold.date),
              m.date ? *found_date + " (" + m.date->origin.how + ")" : "none", diffs);

    // Authors: sets of slugs.
    std::set<std::string> gold_authors, found_authors;
    for (const auto& a : gold.authors) gold_authors.insert(slugify(a));
    for (const auto& a : m.authors) found_authors.insert(a.slug);
    ++authors.articles;
    authors.gold += static_cast<int>(gold_authors.size());
    authors.found += static_cast<int>(found_authors.size());
    for (const auto& a : found_authors) authors.correct += gold_authors.count(a) ? 1 : 0;
    if (gold_authors == found_authors) ++authors.right_articles;
    else {
      std::string g, f;
      for (const auto& a : gold.authors) g += (g.empty() ? "" : ", ") + a;
      for (const auto& a : m.authors) f += (f.empty() ? "" : ", ") + a.name + " (" + a.origin.how + ")";
      diffs.push_back("authors: expected " + (g.empty() ? "none" : g) + ", got " + (f.empty() ? "none" : f));
    }

    // Actors: recall over the central ones, precision over central and minor, not-actor violations.
    ++actors.articles;
    actors.gold += static_cast<int>(gold.actors.size());
    actors.found += static_cast<int>(m.actors.size());
    bool all_right = true;
    if (actors.recalled < 0) actors.recalled = 0;
    for (const auto& g : gold.actors) {
      bool found = false;
      for (const auto& a : m.actors) found = found || matches(g, a.slug) || matches(g, slugify(a.name));
      if (found) ++actors.recalled;
      if (!found) {
        diffs.push_back("actors: missing central actor " + g.name);
        all_right = false;
      }
    }
    for (const auto& a : m.actors) {
      auto hit = [&](const std::vector<GoldName>& list) {
        for (const auto& g : list)
          if (matches(g, a.slug) || matches(g, slugify(a.name))) return true;
        return false;
      };
      if (hit(gold.not_actors)) {
        ++actors.violations;
        all_right = false;
        diffs.push_back("actors: NOT AN ACTOR extracted: " + a.name + " (" + a.origin.evidence + ")");
      } else if (hit(gold.actors) || hit(gold.minor_actors)) {
        ++actors.correct;
      } else {
        all_right = false;
        diffs.push_back("actors: unexpected " + a.name + " (" + std::string(to_string(a.type)) + ", " + a.origin.how + ")");
      }
    }
    if (all_right) ++actors.right_articles;

    std::string author_list, actor_list;
    for (const auto& a : m.authors) author_list += (author_list.empty() ? "" : ", ") + a.name;
    for (std::size_t i = 0; i < m.actors.size() && i < 8; ++i)
      actor_list += (actor_list.empty() ? "" : ", ") + m.actors[i].name;
    per_article << "| " << gold.file << " | " << outlet_text(m.source) << " | " << outlet_text(m.original_source) << " | "
                << (m.date ? m.date->iso() + " (" + std::string(to_string(m.date->precision)) + ", " + m.date->origin.how + ")" : "none")
                << " | " << (author_list.empty() ? "none" : author_list) << " | " << (actor_list.empty() ? "none" : actor_list)
                << " |\n";
    if (!diffs.empty()) {
      mismatches << "\n**" << gold.file << "**\n\n";
      for (const auto& d : diffs) mismatches << "- " << d << "\n";
    }
  }

  std::printf("# Extraction on the sample corpus (%zu articles)\n\n", labels.size());
  std::printf("Labels: %s\n\n", labels_path.string().c_str());
  std::puts("| field | gold | found | correct | precision | recall | articles right |");
  std::puts("|---|---|---|---|---|---|---|");
  auto row = [](const char* name, const Tally& t) {
    const int recalled = t.recalled < 0 ? t.correct : t.recalled;
    std::printf("| %s | %d | %d | %d | %s | %s | %d/%d |\n", name, t.gold, t.found, t.correct, ratio(t.correct, t.found).c_str(),
                ratio(recalled, t.gold).c_str(), t.right_articles, t.articles);
  };
  row("source", source);
  row("original source", original);
  row("date", date);
  row("authors", authors);
  // Actors: "correct" counts extracted actors that are central or minor gold actors (precision);
  // recall counts the central gold actors found.
  row("actors", actors);
  std::printf("\nNot-actor violations (captions' agencies, own outlets and authors, cited outlets extracted as actors): %d\n",
              actors.violations);
  std::puts("\nActors: precision = extracted actors that are central or minor gold actors / all extracted; "
            "recall = central gold actors found / all central gold actors.\n");
  std::puts("## Per article\n");
  std::fputs(per_article.str().c_str(), stdout);
  std::puts("\n## Mismatches");
  const std::string mm = mismatches.str();
  std::fputs(mm.empty() ? "\nNone.\n" : mm.c_str(), stdout);
  return 0;
}
