// Actor extraction: gazetteer matches, discovered names, coreference and salience (docs/gazetteer.md).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "actors_text.h"
#include "gazetteer_impl.h"
#include "lines.h"
#include "ptindex/extract.h"

namespace pt::indexer {
namespace {

using Impl = GazetteerAccess::Impl;

// --- word lists ------------------------------------------------------------------------------

// Words that, right before a name, say it is a person's: "President Donald Trump", "Mr. Trump",
// "special envoy Zalmay Khalilzad", "Finance Minister Gerhard Stoltenberg".
const std::unordered_set<std::string>& title_cues() {
  static const std::unordered_set<std::string> cues = {
      "president", "minister", "premier", "chancellor", "secretary", "envoy", "spokesman", "spokeswoman",
      "spokesperson", "ambassador", "governor", "chairman", "chairwoman", "chairperson", "king", "queen",
      "prince", "princess", "sheikh", "sheik", "emir", "sultan", "ayatollah", "senator", "sen", "rep",
      "gov", "general", "gen", "admiral", "colonel", "col", "lt", "commander", "mr", "mrs", "ms", "dr",
      "prof", "professor", "judge", "justice", "pope", "cardinal", "rabbi", "imam", "mullah", "director",
      "commissioner", "treasurer", "mayor", "elect", "ceo", "dictator", "strongman", "candidate",
      "lawmaker", "congressman", "congresswoman", "diplomat", "negotiator", "economist", "analyst",
      "representative", "vice-president", "leader", "chief", "head", "deputy", "officer", "adviser",
      "advisor", "aide", "lord", "lady", "sir", "dame", "marshal", "field", "premier-designate"};
  return cues;
}

bool is_org_suffix(const std::string& key) {
  static const std::unordered_set<std::string> words = {
      "co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc", "llc", "ag", "sa", "nv",
      "bv", "gmbh", "spa", "group", "holdings", "bank", "banks", "party", "council", "organization",
      "organisation", "agency", "ministry", "commission", "committee", "association", "union", "fund",
      "institute", "university", "company", "federation", "authority", "board", "department", "court",
      "army", "forces", "front", "movement", "network", "foundation", "centre", "center", "society",
      "airlines", "airways", "exchange", "reserve", "trust", "partners", "brothers", "industries",
      "systems", "technologies", "petroleum", "communications", "motors", "electric", "telecom",
      "services", "securities", "capital", "investments", "church", "brigade", "brigades", "assembly",
      "parliament", "congress", "senate", "office", "bureau", "guard", "police", "league", "alliance",
      "consortium", "cartel", "college", "hospital", "cooperative", "chamber", "directorate", "command",
      "corps", "mission", "programme", "program", "navy", "airline", "bancorp", "chemicals", "pharmaceuticals",
      "laboratories", "enterprises", "worldwide", "associates", "ventures", "pact"};
  return words.count(key) > 0;
}

bool is_org_word(const std::string& key) {
  static const std::unordered_set<std::string> words = {
      "bank", "ministry", "department", "university", "institute", "council", "organization", "organisation",
      "association", "federation", "league", "union", "party", "commission", "committee", "board", "centre",
      "center", "bureau", "office", "chamber", "court", "church", "school", "academy", "agency", "fund",
      "corporation", "company", "society", "foundation", "government"};
  return words.count(key) > 0;
}

// Words that describe rather than name: "Finance Ministry", "Executive Commission", "Interim Committee"
// are no organisation's name without the country or body they belong to.
bool is_generic(const std::string& key) {
  static const std::unordered_set<std::string> words = {
      "finance", "foreign", "agriculture", "agricultural", "trade", "economy", "economic", "economics", "executive",
      "interim", "ministers", "minister", "industry", "industrial", "energy", "defence", "defense", "interior", "justice",
      "health", "education", "labour", "labor", "transport", "environment", "commerce", "treasury", "planning",
      "information", "development", "central", "national", "federal", "state", "supreme", "constitutional", "military",
      "security", "monetary", "fiscal", "budget", "tax", "investment", "credit", "export", "import", "joint",
      "standing", "select", "special", "general", "permanent", "advisory", "technical", "steering", "policy",
      "management", "governing", "ruling", "opposition", "coalition", "government", "public", "private", "international",
      "regional", "local", "provincial", "municipal", "city", "county", "district", "european", "world", "global",
      "oil", "petroleum", "mines", "mining", "communications", "water", "power", "social", "senate", "house", "finance-ministry"};
  return words.count(key) > 0;
}

// Lower-case words that may sit inside a name ("Bank of Japan", "Barend du Plessis").
bool is_connector(const std::string& key) {
  static const std::unordered_set<std::string> words = {"of", "for", "on", "and", "the", "de", "du", "da", "dos", "del",
                                                        "della", "van", "von", "der", "den", "bin", "ibn", "al", "la",
                                                        "le", "y", "el", "ter"};
  return words.count(key) > 0;
}

bool is_particle(const std::string& key) {
  static const std::unordered_set<std::string> words = {"de", "du", "da", "dos", "del", "della", "van", "von",
                                                        "der", "den", "bin", "ibn", "al", "la", "le", "el", "ter"};
  return words.count(key) > 0;
}

bool is_month_or_day(const std::string& key) {
  static const std::unordered_set<std::string> words = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  return words.count(key) > 0;
}

// "Jan 5", "Sept 9": a month's abbreviation only before a number ("Jan Kowalski" is a name).
bool is_month_abbreviation(const std::string& key) {
  static const std::unordered_set<std::string> words = {"jan", "feb", "mar", "apr", "jun", "jul", "aug",
                                                        "sep", "sept", "oct", "nov", "dec"};
  return words.count(key) > 0;
}

// Words a person's one-word name may be followed by and still be that person ("Reagan administration").
bool may_follow_person(const std::string& key) {
  static const std::unordered_set<std::string> words = {"administration", "government", "cabinet", "doctrine", "era",
                                                        "white", "house", "camp", "campaign", "plan", "aides"};
  return words.count(key) > 0;
}

// A discovered organisation name that is really an outlet ("The Frontier Post").
bool looks_like_outlet(const std::string& key) {
  static const std::unordered_set<std::string> words = {"times", "post", "news", "journal", "press", "herald", "tribune",
                                                        "gazette", "telegraph", "review", "daily", "tv", "radio",
                                                        "television", "broadcasting", "magazine", "monitor", "observer",
                                                        "chronicle", "agency", "wire", "newswire", "report", "insider",
                                                        "today", "weekly", "online", "media"};
  return words.count(key) > 0;
}

// --- mentions and actors ---------------------------------------------------------------------

enum class Via : std::uint8_t { Name, Place, Demonym, Surname, Discovered, Coreference };

struct Mention {
  std::size_t first = 0;  // token range
  std::size_t last = 0;   // one past
  Via via = Via::Name;
  bool cued = false;      // a title cue before it
  bool dateline = false;
};

struct Candidate {
  // A gazetteer entry (entry >= 0) or a discovered name.
  long entry = -1;
  std::string name;
  std::string slug;
  ActorType type = ActorType::Person;
  std::vector<Mention> mentions;
  std::string last_key;  // discovered persons: folded last name
  std::vector<std::string> keys;  // discovered: folded tokens
};

struct Match {
  std::size_t first = 0;
  std::size_t last = 0;
  std::vector<const Name*> names;
};

class Extractor {
 public:
  Extractor(const Article& article, const Gazetteer& gazetteer, const ActorOptions& options)
      : article_(article), g_(GazetteerAccess::impl(gazetteer)), options_(options), text_(article) {
    if (article.meta.date) year_ = article.meta.date->year;
    for (auto& tok : text_.tokens) tok.sentence_start_common = tok.sentence_start && g_.common_words.count(tok.key) > 0;
  }

  std::vector<Actor> run() {
    collect_exclusions();
    match_gazetteer();
    resolve_matches();
    discover();
    link_surnames();
    return rank();
  }

 private:
  const Article& article_;
  const Impl& g_;
  const ActorOptions& options_;
  ArticleText text_;
  int year_ = 0;
  std::vector<Match> matches_;
  std::vector<Candidate> candidates_;
  std::unordered_map<long, std::size_t> by_entry_;       // gazetteer entry -> candidate
  std::unordered_map<std::string, std::size_t> by_slug_;  // discovered slug -> candidate
  std::unordered_set<std::string> excluded_slugs_;        // outlets and authors
  std::vector<std::vector<std::string>> author_keys_;     // folded author names

  const std::vector<Token2>& toks() const { return text_.tokens; }

  // --- exclusions: the article's authors and outlets, outlets cited as sources ----------------

  void exclude_name(std::string_view name) {
    auto terms = fold_terms(name);
    if (terms.empty()) return;
    std::string slug;
    for (const auto& t : terms) {
      if (!slug.empty()) slug += '-';
      for (char c : t)
        if (c != '\'') slug += c;
    }
    excluded_slugs_.insert(slug);
    excluded_slugs_.insert(slugify(name));
  }

  void collect_exclusions() {
    if (article_.meta.source) exclude_name(article_.meta.source->name);
    if (article_.meta.original_source) exclude_name(article_.meta.original_source->name);
    for (const auto& name : text_.cited_outlets) exclude_name(name);
    for (const auto& name : text_.according_to) {
      const auto terms = fold_terms(name);
      if (!terms.empty() && looks_like_outlet(terms.back())) exclude_name(name);
    }
    for (const auto& author : article_.meta.authors) author_keys_.push_back(fold_terms(author.name));
    for (const auto& name : text_.byline_names) author_keys_.push_back(fold_terms(name));
    std::erase_if(author_keys_, [](const auto& k) { return k.empty(); });
  }

  bool is_author(const std::vector<std::string>& keys) const {
    for (const auto& a : author_keys_) {
      if (keys == a) return true;
      if (keys.size() == 1 && keys.front() == a.back()) return true;
    }
    return false;
  }

  // --- gazetteer matches -------------------------------------------------------------------

  bool accept(const Name& name, std::size_t i, std::size_t n) const {
    const auto& t = toks();
    for (std::size_t k = 0; k < n; ++k) {
      const auto& tok = t[i + k];
      switch (name.rules[k]) {
        case CaseRule::Any: break;
        case CaseRule::Capital:
          if (!tok.cap && !tok.digit) return false;
          break;
        case CaseRule::AllCaps:
          if (!tok.upper) return false;
          break;
      }
    }
    const auto& head = t[i];
    if (name.need_dot && !t[i + n - 1].dotted) return false;
    if (name.common_word && !name.need_dot) {
      if (head.caps_line && !head.dotted) return false;
      if (head.sentence_start && !(head.upper && !head.caps_line)) return false;
    }
    const bool person = name.kind != NameKind::Outlet && g_.entries[name.target].type == ActorType::Person;
    if (n == 1 && !head.caps_line) {
      // A one-word name inside a longer capitalised name is someone or something else
      // ("Jesse Jackson", "Baker Hughes", "George Washington").
      if (i > 0 && t[i].joined_before && !t[i].sentence_start && t[i - 1].cap && !t[i - 1].used &&
          !t[i - 1].possessive && !title_cues().count(t[i - 1].key) && !g_.common_words.count(t[i - 1].key) &&
          (person || name.kind == NameKind::Place || name.kind == NameKind::Surname))
        return false;
      if (person && i + 1 < t.size() && t[i + 1].joined_before && t[i + 1].cap && !t[i + 1].sentence_start &&
          !g_.common_words.count(t[i + 1].key) && !may_follow_person(t[i + 1].key) && !title_cues().count(t[i + 1].key) &&
          !g_.first_terms.count(t[i + 1].key))
        return false;
    }
    if (name.kind == NameKind::Demonym && !head.caps_line) {
      // "American Express", "British Airways": part of a company's name.
      std::size_t j = i + n;
      while (j < t.size() && t[j].joined_before && t[j].cap && j < i + n + 4) {
        if (is_org_suffix(t[j].key) && !is_org_word(t[j].key)) return false;
        ++j;
      }
    }
    return true;
  }

  void match_gazetteer() {
    auto& t = text_.tokens;
    for (std::size_t i = 0; i < t.size();) {
      if (t[i].excluded) {
        ++i;
        continue;
      }
      const auto longest = g_.first_terms.find(t[i].key);
      if (longest == g_.first_terms.end()) {
        ++i;
        continue;
      }
      std::size_t reach = 1;
      while (reach < longest->second && i + reach < t.size() && t[i + reach].joined_before && !t[i + reach].excluded) ++reach;
      bool found = false;
      for (std::size_t n = reach; n >= 1 && !found; --n) {
        std::string key = t[i].key;
        for (std::size_t k = 1; k < n; ++k) {
          key += ' ';
          key += t[i + k].key;
        }
        const auto* names = g_.lookup(key);
        if (!names) continue;
        Match m{i, i + n, {}};
        for (const auto& name : *names)
          if (accept(name, i, n)) m.names.push_back(&name);
        if (m.names.empty()) continue;
        for (std::size_t k = i; k < i + n; ++k) t[k].used = true;
        matches_.push_back(std::move(m));
        i += n;
        found = true;
      }
      if (!found) ++i;
    }
  }

  bool cue_before(std::size_t i) const {
    const auto& t = toks();
    if (i == 0 || !t[i].joined_before) return false;
    const auto& prev = t[i - 1];
    if (title_cues().count(prev.key)) return true;
    // "Treasury's Baker", "CANADA'S WILSON"
    return prev.possessive && prev.cap;
  }

  static bool contains_year(const EntryYears& y, int year) {
    return (y.from == 0 || y.from <= year) && (y.until == 0 || year <= y.until);
  }

  // One entry for a match with several: by the article's year, then the kind of name, then (for
  // people sharing a name) the one named in full nearest before.
  const Name* choose(const Match& m, const std::unordered_map<std::uint32_t, std::vector<std::size_t>>& full_names) const {
    std::vector<const Name*> names = m.names;
    if (names.size() > 1) {
      std::vector<const Name*> dated;
      if (year_) {
        for (const auto* n : names)
          if (contains_year(g_.years[n->target], year_)) dated.push_back(n);
        if (!dated.empty()) {
          const bool bounded = std::any_of(dated.begin(), dated.end(), [&](const Name* n) {
            return g_.years[n->target].from != 0 || g_.years[n->target].until != 0;
          });
          if (bounded)
            std::erase_if(dated, [&](const Name* n) { return g_.years[n->target].from == 0 && g_.years[n->target].until == 0; });
          names = dated;
        }
      }
      if (!year_ || dated.empty()) {
        const bool open = std::any_of(names.begin(), names.end(), [&](const Name* n) { return g_.years[n->target].until == 0; });
        if (open) std::erase_if(names, [&](const Name* n) { return g_.years[n->target].until != 0; });
        else {
          int latest = 0;
          for (const auto* n : names) latest = std::max(latest, g_.years[n->target].until);
          std::erase_if(names, [&](const Name* n) { return g_.years[n->target].until != latest; });
        }
      }
    }
    // People sharing a name: the one named in full nearest before (else first after).
    const Name* best = nullptr;
    std::size_t best_distance = SIZE_MAX;
    for (const auto* n : names) {
      const auto it = full_names.find(n->target);
      if (it == full_names.end()) continue;
      for (std::size_t pos : it->second) {
        const std::size_t d = pos <= m.first ? m.first - pos : pos - m.first + toks().size();
        if (d < best_distance) {
          best_distance = d;
          best = n;
        }
      }
    }
    return best ? best : names.front();
  }

  Candidate& entry_candidate(std::uint32_t entry) {
    const auto it = by_entry_.find(entry);
    if (it != by_entry_.end()) return candidates_[it->second];
    Candidate c;
    c.entry = entry;
    const auto& e = g_.entries[entry];
    c.name = e.name;
    c.slug = e.slug;
    c.type = e.type;
    by_entry_[entry] = candidates_.size();
    candidates_.push_back(std::move(c));
    return candidates_.back();
  }

  void resolve_matches() {
    auto& t = text_.tokens;
    // Entries named by more than a surname, with where (so a bare "Baker" finds its Baker).
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> full_names;
    for (const auto& m : matches_)
      for (const auto* n : m.names)
        if (n->kind == NameKind::Canonical || (n->kind == NameKind::Alias && m.last - m.first > 1))
          full_names[n->target].push_back(m.first);

    const auto dateline = text_.dateline;  // token range of the dateline, if any
    std::vector<std::pair<std::size_t, std::size_t>> dateline_places;  // (match index, entry)
    for (std::size_t mi = 0; mi < matches_.size(); ++mi) {
      auto& m = matches_[mi];
      // Outlets are never actors; the best-ranked name decides whether this is one.
      if (m.names.front()->kind == NameKind::Outlet) continue;
      std::erase_if(m.names, [](const Name* n) { return n->kind == NameKind::Outlet; });
      const bool cued = cue_before(m.first);
      // A bare surname counts with a title cue or when the person is named in full in the article.
      std::erase_if(m.names, [&](const Name* n) {
        return n->kind == NameKind::Surname && !cued && !full_names.count(n->target);
      });
      if (m.names.empty()) {
        for (std::size_t k = m.first; k < m.last; ++k) t[k].used = false;
        m.last = m.first;  // dropped
        continue;
      }
      const Name* name = choose(m, full_names);
      Mention mention;
      mention.first = m.first;
      mention.last = m.last;
      mention.cued = cued;
      switch (name->kind) {
        case NameKind::Place: mention.via = Via::Place; break;
        case NameKind::Demonym: mention.via = Via::Demonym; break;
        case NameKind::Surname: mention.via = Via::Surname; break;
        default: mention.via = Via::Name; break;
      }
      if (dateline && m.first >= dateline->first && m.last <= dateline->second &&
          g_.entries[name->target].type == ActorType::Country) {
        mention.dateline = true;
        dateline_places.emplace_back(mi, name->target);
      }
      m.names = {name};
      entry_candidate(name->target).mentions.push_back(mention);
    }
    // "BIRMINGHAM, Ala." - the state or country after the city decides where the dateline is.
    if (dateline_places.size() > 1) {
      const auto last_entry = dateline_places.back().second;
      for (std::size_t k = 0; k + 1 < dateline_places.size(); ++k) {
        if (dateline_places[k].second == last_entry) continue;
        auto& c = candidates_[by_entry_[static_cast<long>(dateline_places[k].second)]];
        const auto first = matches_[dateline_places[k].first].first;
        std::erase_if(c.mentions, [&](const Mention& mm) { return mm.first == first; });
      }
    }
  }

  // --- discovery -----------------------------------------------------------------------------

  void add_discovered(const std::vector<std::size_t>& idx, ActorType type, bool cued) {
    const auto& t = toks();
    std::vector<std::string> keys;
    std::string name;
    for (std::size_t k : idx) {
      keys.push_back(t[k].key);
      if (!name.empty()) name += ' ';
      name += text_.span(k);
    }
    if (name.ends_with("'s") || name.ends_with("’s")) name.resize(name.size() - (name.ends_with("'s") ? 2 : 4));
    // The whole run may be a gazetteer name written another way, or an outlet.
    std::string key = join_terms(keys, 0, keys.size());
    if (const auto* names = g_.lookup(key)) {
      if (names->front().kind == NameKind::Outlet) return;
    }
    std::string slug = slugify(name);
    if (slug.empty()) return;
    Mention mention{idx.front(), idx.back() + 1, Via::Discovered, cued, false};
    for (std::size_t k = idx.front(); k <= idx.back(); ++k) text_.tokens[k].used = true;
    auto it = by_slug_.find(slug);
    if (it == by_slug_.end()) {
      Candidate c;
      c.name = name;
      c.slug = slug;
      c.type = type;
      c.keys = keys;
      c.last_key = keys.back();
      by_slug_[slug] = candidates_.size();
      candidates_.push_back(std::move(c));
      it = by_slug_.find(slug);
    }
    candidates_[it->second].mentions.push_back(mention);
  }

  // Capitalised runs the gazetteer did not name: people after a title cue or with a known given
  // name, organisations by their last word ("... Corp", "... Council", "Bank of ...").
  void discover() {
    auto& t = text_.tokens;
    const std::size_t n = t.size();
    std::vector<std::vector<std::size_t>> pending;  // runs of unknown type
    for (std::size_t i = 0; i < n;) {
      if (t[i].used || t[i].excluded || !t[i].cap || t[i].caps_line || t[i].headline || t[i].digit) {
        ++i;
        continue;
      }
      // The run: capitalised tokens, connectors between them, no sentence break, no title cue inside.
      std::vector<std::size_t> run{i};
      std::size_t j = i + 1;
      while (j < n && run.size() < 7 && t[j].joined_before && !t[j].excluded && !t[j].used) {
        if (t[j].cap && !t[j].digit && !title_cues().count(t[j].key)) {
          run.push_back(j);
          ++j;
          continue;
        }
        if (!t[j].cap && is_connector(t[j].key) && j + 1 < n && t[j + 1].joined_before && t[j + 1].cap && !t[j + 1].used &&
            !t[j + 1].excluded) {
          run.push_back(j);
          ++j;
          continue;
        }
        break;
      }
      const std::size_t next = j;
      i = next;
      // A capitalised title cue starts the name after it ("Minister Jan Kowalski").
      bool cued = cue_before(run.front()) && !t[run.front() - 1].possessive;
      std::size_t b = 0, e = run.size();
      while (b < e && title_cues().count(t[run[b]].key)) {
        ++b;
        cued = true;
      }
      // Trim common words and dates at the edges ("The", "In", "March"), connectors at the end.
      auto dateish = [&](std::size_t k) {
        return is_month_or_day(t[k].key) || (is_month_abbreviation(t[k].key) && k + 1 < n && t[k + 1].digit);
      };
      const std::size_t cue_end = b;
      auto filler = [&](std::size_t k) {  // a common word that is not part of an organisation's name
        return g_.common_words.count(t[k].key) && !is_org_word(t[k].key) && !is_org_suffix(t[k].key);
      };
      while (b < e && (filler(run[b]) || dateish(run[b]) || !t[run[b]].cap)) ++b;
      while (e > b && (filler(run[e - 1]) || dateish(run[e - 1]) || !t[run[e - 1]].cap)) --e;
      if (b != cue_end) cued = false;
      std::vector<std::size_t> name(run.begin() + static_cast<long>(b), run.begin() + static_cast<long>(e));
      if (name.empty()) continue;
      bool has_connector = false, has_org_word = false, acronym = false;
      for (std::size_t k : name) {
        if (!t[k].cap) has_connector = true;
        if (is_org_word(t[k].key)) has_org_word = true;
        if (t[k].upper && t[k].letters > 1) acronym = true;
      }
      const auto& last = t[name.back()];
      const std::size_t words = name.size();
      if (is_org_suffix(last.key) || (has_connector && has_org_word)) {
        // Some word must name something: "Finance Ministry" and "Council of Ministers" only describe.
        const bool names_something = std::any_of(name.begin(), name.end(), [&](std::size_t k) {
          return t[k].cap && !is_org_suffix(t[k].key) && !is_org_word(t[k].key) && !is_generic(t[k].key) &&
                 !g_.common_words.count(t[k].key);
        });
        if (words >= 2 && words <= 6 && names_something && !looks_like_outlet(last.key))
          add_discovered(name, ActorType::Organisation, false);
        continue;
      }
      if (has_connector && !std::all_of(name.begin(), name.end(), [&](std::size_t k) { return t[k].cap || is_particle(t[k].key); }))
        continue;
      if (acronym || has_org_word) continue;
      if (cued && words == 1 && (is_org_word(last.key) || is_org_suffix(last.key) || is_generic(last.key) ||
                                 last.key == "cabinet" || g_.common_words.count(last.key)))
        continue;
      if (cued && words <= 4) {
        add_discovered(name, ActorType::Person, true);
        continue;
      }
      if (words >= 2 && words <= 3 && g_.given_names.count(t[name.front()].key) && !t[name.front()].sentence_start_common) {
        add_discovered(name, ActorType::Person, false);
        continue;
      }
      if (words >= 2 && words <= 3) pending.push_back(std::move(name));
    }
    // "Mr. Nowak ... Piotr Nowak": a two- or three-word name ending in a title-cued surname.
    for (auto& name : pending) {
      const auto it = by_slug_.find(slugify(text_.span(name.back())));
      if (it == by_slug_.end() || candidates_[it->second].type != ActorType::Person || candidates_[it->second].keys.size() != 1)
        continue;
      if (std::all_of(name.begin(), name.end(), [&](std::size_t k) { return !t[k].used; }))
        add_discovered(name, ActorType::Person, false);
    }
  }

  // --- coreference for discovered people ---------------------------------------------------

  void link_surnames() {
    auto& t = text_.tokens;
    // Full discovered names by last name; one-word cued names join the full name they end.
    std::unordered_map<std::string, std::vector<std::size_t>> by_last;
    for (std::size_t c = 0; c < candidates_.size(); ++c) {
      const auto& cand = candidates_[c];
      if (cand.entry < 0 && cand.type == ActorType::Person && cand.keys.size() >= 2) by_last[cand.last_key].push_back(c);
    }
    for (std::size_t c = 0; c < candidates_.size(); ++c) {
      auto& cand = candidates_[c];
      if (cand.entry >= 0 || cand.type != ActorType::Person || cand.keys.size() != 1) continue;
      const auto it = by_last.find(cand.keys.front());
      if (it == by_last.end()) continue;
      auto& full = candidates_[it->second.front()];
      for (auto m : cand.mentions) {
        m.via = Via::Coreference;
        full.mentions.push_back(m);
      }
      cand.mentions.clear();
    }
    // Bare last names anywhere ("Khalilzad said").
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i].used || t[i].excluded || !t[i].cap) continue;
      const auto it = by_last.find(t[i].key);
      if (it == by_last.end()) continue;
      if (t[i].sentence_start_common) continue;
      auto& full = candidates_[it->second.front()];
      full.mentions.push_back(Mention{i, i + 1, Via::Coreference, cue_before(i), false});
      t[i].used = true;
    }
  }

  // --- salience ------------------------------------------------------------------------------

  std::vector<Actor> rank() {
    const auto& t = toks();
    std::vector<Actor> actors;
    for (auto& c : candidates_) {
      if (c.mentions.empty()) continue;
      if (excluded_slugs_.count(c.slug)) continue;
      if (c.type == ActorType::Person) {
        const auto keys = c.entry >= 0 ? fold_terms(c.name) : c.keys;
        if (is_author(keys)) continue;
        if (c.entry < 0 && is_author({c.last_key})) continue;
      }
      if (c.entry < 0 && c.type == ActorType::Organisation) {
        // An outlet cited as a source under a longer name ("The New York Times Co" is an actor, "New York Times" is not).
        bool outlet = false;
        for (const auto& s : excluded_slugs_)
          if (c.slug == s) outlet = true;
        if (outlet) continue;
      }
      std::sort(c.mentions.begin(), c.mentions.end(), [](const Mention& a, const Mention& b) { return a.first < b.first; });
      double weight = 0;
      double strong = 0;  // evidence other than demonyms
      for (const auto& m : c.mentions) {
        double w = 1.0;
        if (m.via == Via::Demonym) w = 0.4;
        if (t[m.first].in_title) w *= 3.0;
        if (m.cued) w += 0.5;
        if (m.dateline) w += 2.0;
        weight += w;
        if (m.via != Via::Demonym) strong += w;
      }
      // A country only hinted at by adjectives ("Japanese cars") needs a few of them.
      if (strong == 0 && weight < 1.0) continue;
      const double position = text_.position(c.mentions.front().first);
      Actor a;
      a.name = c.name;
      a.slug = c.slug;
      a.type = c.type;
      a.mentions = static_cast<unsigned>(c.mentions.size());
      a.salience = std::round((weight + 1.5 * (1.0 - position)) * 1000.0) / 1000.0;
      a.origin.how = c.entry >= 0 ? "gazetteer" : "discovered";
      a.origin.evidence = text_.evidence(c.mentions.front().first, c.mentions.front().last);
      actors.push_back(std::move(a));
    }
    std::stable_sort(actors.begin(), actors.end(), [](const Actor& a, const Actor& b) {
      if (a.salience != b.salience) return a.salience > b.salience;
      return a.name < b.name;
    });
    if (actors.size() > options_.max_actors) actors.resize(options_.max_actors);
    return actors;
  }
};

}  // namespace

std::vector<Actor> extract_actors(const Article& article, const Gazetteer& gazetteer, const ActorOptions& options) {
  if (options.max_actors == 0) return {};
  return Extractor(article, gazetteer, options).run();
}

}  // namespace pt::indexer
