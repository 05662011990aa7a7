// End-to-end: the sample corpus' extracted metadata against the gold labels of tests/data/sample-labels.json.
#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

// Slugs as the labels' names give them: lower-case ASCII letters and digits, '-' between words.
std::string slug(const std::string& name) {
  std::string out;
  bool dash = false;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      if (dash && !out.empty()) out += '-';
      out += static_cast<char>(std::tolower(c));
      dash = false;
    } else if (c != '\'') {
      dash = true;
    }
  }
  return out;
}

// Every slug a labelled actor may be indexed under (its name or an alias).
std::set<std::string> slugs_of(const json& actor) {
  std::set<std::string> out = {slug(actor.at("name"))};
  for (const auto& a : actor.value("aliases", json::array())) out.insert(slug(a));
  return out;
}

json labels() { return json::parse(read_file(fs::path(SAMPLE_LABELS))); }

// `ptsearch --doc FILE --json` on the sample index: the "document" object.
json document(const SampleIndex& sample, const std::string& file) {
  const auto r = ptsearch({"--index", sample.path.string(), "--doc", file, "--json"});
  REQUIRE(r.status == 0);
  return json::parse(r.out).at("document");
}

// Calls check(gold, doc) for every labelled article, with the article's document view.
template <typename Check>
void for_each_labelled(const SampleIndex& sample, Check check) {
  const json gold_labels = labels();
  for (const auto& gold : gold_labels.at("articles")) {
    const std::string file = gold.at("file");
    INFO(file);
    check(gold, document(sample, file));
  }
}

}  // namespace

TEST_CASE("sample corpus: source, date and authors of every article are right", "[cli][sample][metadata]") {
  const SampleIndex sample;
  for_each_labelled(sample, [](const json& gold, const json& doc) {
    for (const char* field : {"source", "original_source"}) {
      INFO(field);
      if (gold.at(field).is_null()) CHECK((!doc.contains(field) || doc.at(field).is_null()));
      else CHECK((doc.contains(field) && doc.at(field).at("slug") == slug(gold.at(field).at("name"))));
    }
    if (gold.at("date").is_null()) {
      CHECK(doc.at("date").is_null());
    } else {
      REQUIRE(doc.at("date").is_object());
      CHECK(doc.at("date").at("iso") == gold.at("date").at("iso"));
      CHECK(doc.at("date").at("precision") == gold.at("date").at("precision"));
    }
    std::vector<std::string> authors, gold_authors;
    for (const auto& a : doc.at("authors")) authors.push_back(a.at("slug"));
    for (const auto& a : gold.at("authors")) gold_authors.push_back(slug(a));
    CHECK(authors == gold_authors);
  });
}

TEST_CASE("sample corpus: every central actor found, no caption or boilerplate actor", "[cli][sample][metadata]") {
  const SampleIndex sample;
  for_each_labelled(sample, [](const json& gold, const json& doc) {
    std::set<std::string> found;
    for (const auto& a : doc.at("actors")) found.insert(a.at("slug"));
    for (const auto& actor : gold.at("actors")) {
      INFO("central actor " << actor.at("name"));
      const auto names = slugs_of(actor);
      CHECK(std::any_of(names.begin(), names.end(), [&](const std::string& s) { return found.count(s) > 0; }));
    }
    for (const auto& wrong : gold.at("not_actors")) {
      INFO("not an actor: " << wrong.at("name"));
      for (const auto& s : slugs_of(wrong)) CHECK(found.count(s) == 0);
    }
  });
}

TEST_CASE("sample corpus: facets of the empty query", "[cli][sample][facets]") {
  const SampleIndex sample;
  const auto j = search_json(sample.path, "", 0, {"--facets", "--facet-size", "50"});
  std::map<std::string, std::uint64_t> sources, years;
  for (const auto& v : j.at("facets").at("source").at("values")) sources[v.at("value")] = v.at("count");
  for (const auto& v : j.at("facets").at("year").at("values")) years[v.at("value")] = v.at("count");
  std::map<std::string, std::uint64_t> gold_sources, gold_years;
  const json gold_labels = labels();
  for (const auto& a : gold_labels.at("articles")) {
    if (!a.at("source").is_null()) ++gold_sources[slug(a.at("source").at("name"))];
    if (!a.at("date").is_null()) ++gold_years[a.at("date").at("iso").get<std::string>().substr(0, 4)];
  }
  CHECK(sources == gold_sources);
  CHECK(years == gold_years);
  // Each article's central actors are counted for it.
  std::map<std::string, std::uint64_t> actors;
  for (const auto& v : j.at("facets").at("actor").at("values")) actors[v.at("value")] = v.at("count");
  CHECK(actors.at("taliban") == 5);
  CHECK(actors.at("afghanistan") == 5);
}
