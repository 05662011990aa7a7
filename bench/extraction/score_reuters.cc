// Scores extract_actors against the Reuters-21578 people/orgs/places tags; prints a Markdown table.
//
//   pt_score_reuters [--limit N] [--file PATH] [--misses K] [--extras] [--why SLUG]
//   pt_score_reuters --show FILE...     (prints the actors of plain text articles instead)
//
// Each Reuters article is rendered as a plain text file would be (title line, then the dateline
// and the body) and read with parse_text_article; its date goes into the article's metadata, as
// the JSONL reader's explicit metadata would. Actors come from the built-in gazetteer alone.
// Per field, over the articles that have tags of that kind: every extracted actor of the type
// (people: Person, orgs: Organisation, places: Country) counts against the tags (micro averages).
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "ptindex/article.h"
#include "ptindex/extract.h"
#include "ptindex/gazetteer.h"

// The default file: ../shared/data/reuters21578/ beside the checkout (PT_REUTERS_TRAIN, set by
// bench/extraction/CMakeLists.txt).
std::string default_train_file() { return PT_REUTERS_TRAIN; }

namespace {

using pt::indexer::ActorType;
using pt::indexer::Gazetteer;

// Reuters tag slugs whose canonical name the gazetteer spells otherwise (the rest are found as
// slugs or aliases: "usa" -> United States through the alias "USA", "reagan" -> Ronald Reagan).
const std::unordered_map<std::string, std::string>& tag_names() {
  static const std::unordered_map<std::string, std::string> m = {
      {"worldbank", "World Bank"},
      {"ico-coffee", "International Coffee Organization"},
      {"adb-asia", "Asian Development Bank"},
      {"adb-africa", "African Development Bank"},
      {"iwc-wheat", "International Wheat Council"},
      {"isa", "International Sugar Organization"},
      {"imco", "International Maritime Organization"},
      {"yemen-arab-republic", "North Yemen"},
      {"yemen-demo-republic", "South Yemen"},
      {"trinidad-tobago", "Trinidad and Tobago"},
      {"antigua", "Antigua and Barbuda"},
      {"james-baker", "James Baker"},
      {"howard-baker", "Howard Baker"},
      {"james-miller", "James Miller"},
      {"king-fahd", "King Fahd"},
      {"garcia", "Alan Garcia"},
      {"wilson", "Michael Wilson"},
      {"douglas", "Roger Douglas"},
      {"fernandez", "Jose Fernandez"},
      {"keating", "Paul Keating"},
      {"lange", "David Lange"},
      {"martens", "Wilfried Martens"},
      {"masse", "Marcel Masse"},
      {"maxwell", "Robert Maxwell"},
      {"kaufman", "Henry Kaufman"},
      {"carlsson", "Ingvar Carlsson"},
      {"gandhi", "Rajiv Gandhi"},
      {"concepcion", "Jose Concepcion"},
      {"zhao-ziyang", "Zhao Ziyang"},
      {"wang-bingqian", "Wang Bingqian"},
      {"deng-xiaoping", "Deng Xiaoping"},
      {"russell", "Spencer Russell"},
      {"young", "Young"},
  };
  return m;
}

std::string gold_slug(const Gazetteer& g, const std::string& tag) {
  if (const auto it = tag_names().find(tag); it != tag_names().end()) {
    if (const auto* e = g.find(it->second)) return e->slug;
    return pt::indexer::slugify(it->second);
  }
  if (const auto* e = g.find_slug(tag)) return e->slug;
  std::string words = tag;
  std::replace(words.begin(), words.end(), '-', ' ');
  if (const auto* e = g.find(words)) return e->slug;
  return tag;
}

struct Field {
  const char* name;
  ActorType type;
  std::size_t articles = 0, gold = 0, extracted = 0, correct = 0;
  std::map<std::string, std::size_t> misses;  // tag -> times missed
  std::map<std::string, std::size_t> extras;  // extracted actor not tagged -> times
};

int parse_date(const std::string& date, int& month, int& day) {
  // "26-FEB-1987 15:01:01.79", " 2-MAR-1987 06:57:36.55"
  static const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  const auto d1 = date.find('-');
  const auto d2 = d1 == std::string::npos ? d1 : date.find('-', d1 + 1);
  if (d2 == std::string::npos || d2 != d1 + 4) return 0;
  day = std::atoi(date.substr(0, d1).c_str());
  month = 0;
  for (int m = 0; m < 12; ++m)
    if (date.compare(d1 + 1, 3, months[m]) == 0) month = m + 1;
  return std::atoi(date.substr(d2 + 1, 4).c_str());
}

bool read_zstd_lines(const std::string& path, const std::function<bool(const std::string&)>& on_line) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "pt_score_reuters: cannot read " << path << "\n";
    return false;
  }
  ZSTD_DStream* stream = ZSTD_createDStream();
  ZSTD_initDStream(stream);
  std::vector<char> inbuf(ZSTD_DStreamInSize()), outbuf(ZSTD_DStreamOutSize());
  std::string pending;
  bool go_on = true;
  while (go_on && in) {
    in.read(inbuf.data(), static_cast<std::streamsize>(inbuf.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    ZSTD_inBuffer input{inbuf.data(), got, 0};
    while (go_on && input.pos < input.size) {
      ZSTD_outBuffer output{outbuf.data(), outbuf.size(), 0};
      const std::size_t rc = ZSTD_decompressStream(stream, &output, &input);
      if (ZSTD_isError(rc)) {
        std::cerr << "pt_score_reuters: " << path << ": " << ZSTD_getErrorName(rc) << "\n";
        ZSTD_freeDStream(stream);
        return false;
      }
      pending.append(outbuf.data(), output.pos);
      std::size_t start = 0;
      for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
        if (nl > start && !on_line(pending.substr(start, nl - start))) {
          go_on = false;
          break;
        }
        start = nl + 1;
      }
      pending.erase(0, start);
    }
  }
  if (go_on && !pending.empty()) on_line(pending);
  ZSTD_freeDStream(stream);
  return true;
}

std::string pct(std::size_t a, std::size_t b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", b ? static_cast<double>(a) / static_cast<double>(b) : 0.0);
  return buf;
}

int show(const std::vector<std::string>& files) {
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "pt_score_reuters: cannot read " << file << "\n";
      return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto article = pt::indexer::parse_text_article(pt::indexer::normalize_text(text.str()));
    std::cout << "## " << file << "\n\n| actor | type | mentions | salience | how | evidence |\n|---|---|---|---|---|---|\n";
    for (const auto& a : pt::indexer::extract_actors(article, Gazetteer::builtin()))
      std::cout << "| " << a.name << " | " << pt::indexer::to_string(a.type) << " | " << a.mentions << " | " << a.salience << " | "
                << a.origin.how << " | " << a.origin.evidence << " |\n";
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = default_train_file();
  std::size_t limit = SIZE_MAX, misses = 10;
  std::vector<std::string> show_files;
  bool extras = false;
  std::string why;  // --why SLUG: the articles where SLUG is extracted but not tagged, with evidence
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--limit" && i + 1 < argc) limit = std::stoul(argv[++i]);
    else if (arg == "--file" && i + 1 < argc) path = argv[++i];
    else if (arg == "--misses" && i + 1 < argc) misses = std::stoul(argv[++i]);
    else if (arg == "--extras") extras = true;
    else if (arg == "--why" && i + 1 < argc) why = argv[++i];
    else if (arg == "--show") {
      while (i + 1 < argc) show_files.emplace_back(argv[++i]);
    } else {
      std::cerr << "usage: pt_score_reuters [--limit N] [--file PATH] [--misses K] [--extras] [--why SLUG] | --show FILE...\n";
      return 2;
    }
  }
  if (!show_files.empty()) return show(show_files);

  const auto started = std::chrono::steady_clock::now();
  const Gazetteer& g = Gazetteer::builtin();
  Field fields[] = {{"people", ActorType::Person, 0, 0, 0, 0, {}, {}}, {"orgs", ActorType::Organisation, 0, 0, 0, 0, {}, {}},
                    {"places", ActorType::Country, 0, 0, 0, 0, {}, {}}};
  std::size_t articles = 0;
  const bool ok = read_zstd_lines(path, [&](const std::string& line) {
    if (articles >= limit) return false;
    const auto doc = nlohmann::json::parse(line);
    ++articles;
    const std::string title = doc.value("title", "");
    const std::string dateline = doc.value("dateline", "");
    const std::string body = doc.value("body", "");
    std::string text = title + "\n" + (dateline.empty() ? "" : dateline + " ") + body;
    auto article = pt::indexer::parse_text_article(pt::indexer::normalize_text(text));
    int month = 0, day = 0;
    if (const int year = parse_date(doc.value("date", ""), month, day); year && pt::indexer::valid_date(year, month, day)) {
      pt::indexer::PubDate date;
      date.year = year;
      date.month = month;
      date.day = day;
      date.origin = {"jsonl", doc.value("date", "")};
      article.meta.date = date;
    }
    const auto actors = pt::indexer::extract_actors(article, g);
    for (auto& f : fields) {
      const auto& tags = doc[f.name];
      if (!tags.is_array() || tags.empty()) continue;
      ++f.articles;
      std::map<std::string, std::string> gold;  // slug -> tag
      for (const auto& tag : tags) gold[gold_slug(g, tag.get<std::string>())] = tag.get<std::string>();
      std::set<std::string> found;
      for (const auto& a : actors)
        if (a.type == f.type) found.insert(a.slug);
      f.gold += gold.size();
      f.extracted += found.size();
      for (const auto& [slug, tag] : gold) {
        if (found.count(slug)) ++f.correct;
        else ++f.misses[tag];
      }
      for (const auto& slug : found)
        if (!gold.count(slug)) ++f.extras[slug];
      if (!why.empty() && found.count(why) && !gold.count(why))
        for (const auto& a : actors)
          if (a.slug == why) std::cout << "why " << doc.value("newid", "") << ": " << a.origin.evidence << " | " << title << "\n";
    }
    return true;
  });
  if (!ok) return 1;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::cout << "## Reuters-21578 actors (" << articles << " articles, " << path.substr(path.rfind('/') + 1) << ", "
            << static_cast<int>(seconds * 10) / 10.0 << " s)\n\n";
  std::cout << "| field | articles with tags | tags | extracted | correct | precision | recall |\n";
  std::cout << "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& f : fields)
    std::cout << "| " << f.name << " | " << f.articles << " | " << f.gold << " | " << f.extracted << " | " << f.correct << " | "
              << pct(f.correct, f.extracted) << " | " << pct(f.correct, f.gold) << " |\n";
  auto top = [&](const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::string, std::size_t>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < misses; ++i) out += (i ? ", " : "") + v[i].first + " (" + std::to_string(v[i].second) + ")";
    return out;
  };
  std::cout << "\n| field | most frequent misses |\n|---|---|\n";
  for (const auto& f : fields) std::cout << "| " << f.name << " | " << top(f.misses) << " |\n";
  if (extras) {
    std::cout << "\n| field | most frequent extracted but not tagged |\n|---|---|\n";
    for (const auto& f : fields) std::cout << "| " << f.name << " | " << top(f.extras) << " |\n";
  }
  return 0;
}
