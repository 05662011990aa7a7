// End-to-end: hard words of the sample corpus are found by typing them; query syntax; every sampled word finds its article.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "cli_support.h"

using namespace cli;
using nlohmann::json;

namespace {

// The hits of a query on sample-corpus/ (up to 10 hits: all of them), as a set of ids.
std::set<std::string> ids_in(const SampleIndex& index, const std::string& query,
                             const std::vector<std::string>& extra = {}) {
  const auto ids = hit_ids(search_json(index.path, query, 10, extra));
  return {ids.begin(), ids.end()};
}

std::set<std::string> docs(std::initializer_list<int> numbers) {
  std::set<std::string> out;
  for (int n : numbers) out.insert(kSampleIds.at(static_cast<std::size_t>(n)));
  return out;
}

bool contains(const std::set<std::string>& s, int doc) { return s.count(kSampleIds.at(static_cast<std::size_t>(doc))) > 0; }

// Code point at byte i of valid UTF-8, and its length.
char32_t code_point(const std::string& s, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    len = 1;
    return c;
  }
  len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  return cp;
}

// Punctuation for stripping word edges: ASCII non-alphanumerics, Latin-1 punctuation and signs,
// General Punctuation (quotes, dashes, ellipsis).
bool is_punct(char32_t c) {
  if (c < 0x80) return !std::isalnum(static_cast<int>(c));
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F);
}

std::string strip_punctuation(const std::string& w) {
  std::vector<std::pair<std::size_t, std::size_t>> cps;  // (offset, length)
  for (std::size_t i = 0; i < w.size();) {
    std::size_t len = 1;
    code_point(w, i, len);
    cps.emplace_back(i, len);
    i += len;
  }
  std::size_t b = 0, e = cps.size();
  auto punct = [&](std::size_t k) {
    std::size_t len = 1;
    return is_punct(code_point(w, cps[k].first, len));
  };
  while (b < e && punct(b)) ++b;
  while (e > b && punct(e - 1)) --e;
  if (b == e) return {};
  return w.substr(cps[b].first, cps[e - 1].first + cps[e - 1].second - cps[b].first);
}

// About `count` distinct words of a text (split on white space, edges stripped of punctuation),
// spread evenly over the text in order of first occurrence. Words that are query syntax
// (parentheses, double quotes, upper-case operators) are left out: typed alone they are not words.
std::vector<std::string> sample_words(const std::string& text, std::size_t count) {
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const auto start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) break;
    const auto w = strip_punctuation(text.substr(start, i - start));
    if (w.empty() || w.find_first_of("()\"") != std::string::npos) continue;
    if (w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ") continue;
    if (seen.insert(w).second) distinct.push_back(w);
  }
  if (distinct.size() <= count) return distinct;
  std::vector<std::string> out;
  for (std::size_t k = 0; k < count; ++k) out.push_back(distinct[k * distinct.size() / count]);
  return out;
}

bool is_continuation_byte(const std::string& s, std::size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

// Whether `word` (ASCII letters) occurs as a whole word in `text`, ignoring ASCII case.
bool has_whole_word(const std::string& text, const std::string& word) {
  auto low = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
  std::string t(text.size(), ' '), w(word.size(), ' ');
  std::transform(text.begin(), text.end(), t.begin(), low);
  std::transform(word.begin(), word.end(), w.begin(), low);
  for (auto at = t.find(w); at != std::string::npos; at = t.find(w, at + 1)) {
    const bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(t[at - 1]));
    const auto end = at + w.size();
    const bool right = end == t.size() || !std::isalnum(static_cast<unsigned char>(t[end]));
    if (left && right) return true;
  }
  return false;
}

// The body of an article as ptindex splits it: everything after the first non-blank line.
std::string body_of(const std::string& text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto nl = text.find('\n', at);
    const auto line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? text.size() : nl + 1;
    if (line.find_first_not_of(" \t\r") != std::string::npos) break;
  }
  return text.substr(at);
}

}  // namespace

TEST_CASE("hard words are found by typing them", "[cli][query]") {
  const SampleIndex sample;
  auto ids_of = [&](const std::string& q) { return ids_in(sample, q); };
  // Possessives, straight and curly apostrophes.
  CHECK(contains(ids_of("Taliban's"), 1));
  CHECK(contains(ids_of("Taliban’s"), 0));   // 000 writes it with a curly apostrophe
  CHECK(contains(ids_of("Trump’s"), 0));     // curly in the query, straight in 000 and 001
  CHECK(contains(ids_of("Trump’s"), 1));
  CHECK(ids_of("Trump’s") == ids_of("Trump's"));
  CHECK(contains(ids_of("country’s"), 2));
  CHECK(contains(ids_of("Wednesday`s"), 3));  // backtick apostrophe in 003
  // Acronyms with dots.
  CHECK(contains(ids_of("U.S."), 3));
  CHECK(contains(ids_of("U.S."), 4));
  CHECK(ids_of("U.S.") == ids_of("US"));
  // Hyphenated and slashed words are phrases.
  // "US-Taliban" in 002; 000 writes "US - Taliban", the same two adjacent words.
  CHECK(ids_of("US-Taliban") == docs({0, 2}));
  CHECK(contains(ids_of("intra-Afghan"), 0));
  CHECK(contains(ids_of("intra-Afghanistan"), 3));
  CHECK(ids_of("9/11") == docs({1}));
  CHECK(contains(ids_of("President-elect"), 3));
  CHECK(contains(ids_of("now-suspended"), 1));
  // Numbers with digit grouping.
  CHECK(ids_of("5,000") == docs({0}));
  CHECK(ids_of("5000") == docs({0}));
  // Typographic quotes around a phrase.
  CHECK(ids_of("„armed groups.“") == docs({3}));
  CHECK(ids_of("“armed groups”") == docs({3}));
  // A web address and an e-mail address.
  CHECK(ids_of("publications@globalresearch.ca") == docs({1}));
  CHECK(ids_of("www.csis.org/analysis/afghanistan-prospects-real-peace") == docs({3}));
  // Case does not matter.
  CHECK(ids_of("TALIBAN") == ids_of("taliban"));
}

TEST_CASE("phrases, fields and boolean syntax", "[cli][query]") {
  const SampleIndex sample;
  auto ids_of = [&](const std::string& q, const std::vector<std::string>& extra = {}) { return ids_in(sample, q, extra); };
  const auto peace_talks = ids_of("\"peace talks\"");
  CHECK(peace_talks == docs({1, 2, 3}));
  CHECK(ids_of("\"talks peace\"").empty());
  // Words are stemmed, in a phrase too: the index holds stems only.
  CHECK(ids_of("\"peace talk\"") == peace_talks);
  CHECK(contains(ids_of("talk"), 1));

  // title: only looks at titles (000 "US - Taliban: Fragile peace!", 001 "The Taliban's…",
  // 002 "…US-Taliban Peace Talks…"; 003 and 004 mention the Taliban in the body only).
  CHECK(ids_of("title:Taliban") == docs({0, 1, 2}));
  CHECK(ids_of("title:\"peace talks\"") == docs({1, 2}));
  CHECK(ids_of("title:Obama").empty());
  CHECK(ids_of("Obama") == docs({4}));

  CHECK(ids_of("Taliban AND Qatar") == docs({2, 4}));
  CHECK(ids_of("Taliban NOT Qatar") == docs({0, 1, 3}));
  CHECK(ids_of("Qatar OR Obama") == docs({2, 4}));
  CHECK(ids_of("Qatar XOR Obama") == docs({2}));
  CHECK(ids_of("+Qatar Taliban") == docs({2, 4}));
  CHECK(ids_of("Qatar -Obama") == docs({2}));
  CHECK(ids_of("Taliban -Qatar -Obama") == docs({0, 1, 3}));
  CHECK(ids_of("-Kabul Obama") == docs({4}));  // README: a query may begin with -word after --
  CHECK(ids_of("(Kabul OR Doha) AND ceasefire") == docs({0, 1, 3}));
  // Lower-case "and" is a word, not an operator: a stop word, left out of the ranked query; kept,
  // ranked OR finds every article.
  CHECK(ids_of("Obama and") == docs({4}));
  CHECK(ids_of("Obama and", {"--keep-stop-words"}).size() == 5);

  // Ranked OR by default, every word with --all.
  CHECK(ids_of("Obama Korybko") == docs({1, 2, 4}));
  CHECK(ids_of("Obama Korybko", {"--all"}).empty());
  CHECK(ids_of("Camp David ceasefire", {"--all"}) == docs({0, 1}));
  CHECK(ids_of("Kabul Qatar", {"--all"}) == docs({2}));
}

TEST_CASE("every sampled word of every article finds that article", "[cli][query][property]") {
  const SampleIndex sample;
  std::size_t searched = 0;
  for (const auto& id : kSampleIds) {
    const auto words = sample_words(read_file(kSampleCorpus / id), 60);
    REQUIRE(words.size() >= 50);
    const auto body = body_of(read_file(kSampleCorpus / id));
    for (const auto& w : words) {
      INFO("article " << id << ", word '" << w << "'");
      const auto result = search_json(sample.path, w, 10);
      const auto hits = hit_ids(result);
      CHECK(std::find(hits.begin(), hits.end(), id) != hits.end());
      ++searched;
      // Highlights: inside the snippet, in order, on character boundaries; and the article's
      // snippet marks something when the word is in its body.
      for (const auto& h : result.at("hits")) {
        const std::string text = h.at("snippet").at("text");
        std::size_t end_of_previous = 0;
        for (const auto& m : h.at("snippet").at("highlights")) {
          const std::size_t off = m.at(0), len = m.at(1);
          CHECK(len > 0);
          CHECK(off >= end_of_previous);
          REQUIRE(off + len <= text.size());
          CHECK_FALSE(is_continuation_byte(text, off));
          CHECK_FALSE(is_continuation_byte(text, off + len));
          end_of_previous = off + len;
        }
        const bool ascii_word = std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c); });
        if (h.at("id") == id && ascii_word && has_whole_word(body, w)) CHECK_FALSE(h.at("snippet").at("highlights").empty());
      }
    }
  }
  CHECK(searched >= 250);
}

TEST_CASE("ranking options: stop words, compounds, proximity, query expansion", "[cli][query][ranking]") {
  const SampleIndex sample;
  auto ids_of = [&](const std::string& q, const std::vector<std::string>& extra = {}) { return ids_in(sample, q, extra); };
  const auto parsed = [&](const std::string& q, const std::vector<std::string>& extra = {}) {
    return search_json(sample.path, q, 10, extra)["parsed_query"].get<std::string>();
  };
  // Stop words leave the ranked query, unless kept, in a phrase, +required, or all there is.
  CHECK(parsed("the talks").find("the@") == std::string::npos);
  CHECK(parsed("the talks", {"--keep-stop-words"}).find("the@") != std::string::npos);
  CHECK(parsed("\"the Taliban\"").find("the@1") != std::string::npos);
  CHECK(parsed("+the talks").find("the@") != std::string::npos);
  const auto only_stop = search_json(sample.path, "the of", 10);
  CHECK(only_stop["hits"].size() == 5);
  CHECK(only_stop["parsed_query"].get<std::string>().find("the@") != std::string::npos);

  // Compounds: the sample writes "ceasefire" (000, 001, 003) and once "cease fire" (000).
  CHECK(ids_of("cease fire") == docs({0, 1, 3}));
  CHECK(ids_of("cease fire", {"--no-compounds"}) == docs({0}));
  CHECK(ids_of("ceasefire") == docs({0, 1, 3}));
  CHECK(ids_of("peacetalks") == ids_of("\"peace talks\""));
  CHECK(ids_of("peacetalks", {"--no-compounds"}).empty());
  CHECK(ids_of("peace-talks") == ids_of("\"peace talks\""));

  // Proximity (on by default) reorders the top matches of a plain query and leaves the query as
  // it is: articles where "peace" and "talks" stand together score more than by BM25 alone.
  // Syntax turns it off.
  const auto scores = [&](const std::string& q, const std::vector<std::string>& extra) {
    std::map<std::string, double> out;
    const auto result = search_json(sample.path, q, 10, extra);
    for (const auto& h : result["hits"]) out[h["id"].get<std::string>()] = h["score"].get<double>();
    return out;
  };
  CHECK(parsed("peace talks in Doha") == parsed("peace talks in Doha", {"--proximity", "0"}));
  const auto near = scores("peace talks", {}), alone = scores("peace talks", {"--proximity", "0"});
  REQUIRE(!alone.empty());
  REQUIRE(near.size() == alone.size());
  bool closer = false;
  for (const auto& [id, score] : alone) {
    INFO(id);
    CHECK(near.at(id) >= score);
    closer |= near.at(id) > score;
  }
  CHECK(closer);
  CHECK(scores("\"peace talks\" Doha", {}) == scores("\"peace talks\" Doha", {"--proximity", "0"}));

  // Expansion adds words of the top matches: more articles match, the best one stays first.
  const auto plain = search_json(sample.path, "Qatar", 10);
  const auto expanded = search_json(sample.path, "Qatar", 10, {"--expand", "20"});
  CHECK(plain["hits"].size() == 2);
  REQUIRE(expanded["hits"].size() > 2);
  CHECK(expanded["hits"][0]["id"] == plain["hits"][0]["id"]);
  // Filters hold for the added words too: the one dated article (2019) mentions Kabul, not Qatar.
  CHECK(ids_of("Kabul", {"--expand", "20", "--year", "2019"}) == docs({1}));
  CHECK(ids_of("Qatar", {"--expand", "20", "--year", "2019"}).empty());
}

TEST_CASE("did you mean: unknown words get the closest indexed word, in text and JSON", "[cli][query][suggest]") {
  const SampleIndex sample;
  const auto r = search_json(sample.path, "Khalilzhad", 10);
  CHECK(r["hits"].empty());
  CHECK(r.at("suggestion") == "Khalilzad");
  // The suggestion finds what the typo did not.
  CHECK(!search_json(sample.path, r.at("suggestion").get<std::string>(), 10)["hits"].empty());
  // With results too (ranked OR), and with filters taken out of the query text.
  CHECK(search_json(sample.path, "Talibn peace", 10).at("suggestion") == "Taliban peace");
  CHECK(search_json(sample.path, "ceasfire source:\"Global Research\"", 10).at("suggestion") ==
        "ceasefire source:\"Global Research\"");
  // Nothing to suggest: the key is left out.
  CHECK_FALSE(search_json(sample.path, "Khalilzad", 10).contains("suggestion"));
  CHECK_FALSE(search_json(sample.path, "quokka", 10).contains("suggestion"));

  const auto text = ptsearch({"--index", sample.path.string(), "Khalilzhad"});
  CHECK(text.status == 0);
  CHECK(text.out.find("Did you mean: Khalilzad?") != std::string::npos);
}

TEST_CASE("name variants: bcl2 finds Bcl-2, covid COVID-19's forms; --no-name-variants and syntax turn it off",
          "[cli][query][ranking]") {
  TempDir t;
  const auto corpus = t.path() / "corpus";
  fs::create_directories(corpus);
  write_file(corpus / "hyphen.txt", "Bcl-2 in tumours\nSilencing Bcl-2 slowed the tumours.\n");
  write_file(corpus / "closed.txt", "Bcl2 again\nBcl2 expression rose.\n");
  write_file(corpus / "covid.txt", "Covid19 wards\nThe Covid19 wards filled.\n");
  write_file(corpus / "other.txt", "Weather\nRain all week.\n");
  const auto index = t.path() / "idx";
  REQUIRE(ptindex({"build", corpus.string(), "--index", index.string(), "-q"}).status == 0);
  const auto ids = [&](const std::string& q, const std::vector<std::string>& extra = {}) {
    const auto hits = hit_ids(search_json(index, q, 10, extra));
    return std::set<std::string>(hits.begin(), hits.end());
  };
  using Ids = std::set<std::string>;
  CHECK(ids("bcl2") == Ids{"closed.txt", "hyphen.txt"});
  CHECK(ids("bcl2", {"--no-name-variants"}) == Ids{"closed.txt"});
  CHECK(ids("covid") == Ids{"covid.txt"});  // "covid19" is in as many documents as "covid": a form of it
  CHECK(ids("covid", {"--no-name-variants"}).empty());
  CHECK(ids("+bcl2").count("hyphen.txt") == 0);  // query syntax: words as written
}
