// Loading the gazetteer: ICU's countries, the built-in and user files (docs/gazetteer.md), lookup tables.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "gazetteer_data.h"
#include "gazetteer_impl.h"
#include "pt/ascii.h"
#include "pt/analyzer.h"
#include "pt/error.h"
#include "pt/icu.h"
#include "pt/utf8.h"

namespace pt::indexer {
namespace {

const Analyzer& folding_analyzer() { return Analyzer::folding(); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string strip_accents(std::string_view s) {
  if (ascii::is_ascii(s)) return std::string(s);
  const auto& f = icu::functions();
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfd = f.nfd(&status);
  if (U_FAILURE(status)) return std::string(s);
  const std::u16string text = utf8::to_utf16(s);
  // NFD at most triples a text's UTF-16 length (Unicode's stability bound); retry if not.
  std::u16string decomposed(text.size() * 3 + 8, u'\0');
  int32_t length = f.normalize(nfd, text.data(), static_cast<int32_t>(text.size()), decomposed.data(),
                               static_cast<int32_t>(decomposed.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    decomposed.resize(static_cast<std::size_t>(length));
    length = f.normalize(nfd, text.data(), static_cast<int32_t>(text.size()), decomposed.data(), length, &status);
  }
  if (U_FAILURE(status)) return std::string(s);
  decomposed.resize(static_cast<std::size_t>(length));
  std::u16string out;
  for (std::size_t i = 0; i < decomposed.size();) {
    const std::size_t at = i;
    UChar32 c;
    U16_NEXT(decomposed.data(), i, decomposed.size(), c);
    if (icu::category_mask(c) == U_GC_MN_MASK) continue;
    // Apostrophe look-alikes become ASCII too, so "d’Ivoire" and "d'Ivoire" are one name.
    if (c == 0x2019) out.push_back(u'\'');
    else out.append(decomposed, at, i - at);
  }
  return utf8::from_utf16(out);
}

namespace {

class LineError {
 public:
  LineError(const std::string& file, std::size_t line) : where_(file + ":" + std::to_string(line) + ": ") {}
  [[noreturn]] void fail(const std::string& message) const { throw ConfigError(where_ + message); }

 private:
  std::string where_;
};

struct Builder {
  GazetteerAccess::Impl& impl;
  std::unordered_map<std::string, std::uint32_t> by_code;  // ISO region code -> entry

  std::uint32_t* slug_index(const std::string& slug) {
    const auto it = impl.by_slug.find(slug);
    return it == impl.by_slug.end() ? nullptr : &it->second;
  }

  std::uint32_t add_entry(std::string name, ActorType type) {
    const auto index = static_cast<std::uint32_t>(impl.entries.size());
    GazetteerEntry entry;
    entry.slug = slugify(name);
    entry.name = std::move(name);
    entry.type = type;
    impl.by_slug[entry.slug] = index;
    impl.entries.push_back(std::move(entry));
    impl.years.emplace_back();
    impl.places.emplace_back();
    impl.demonyms.emplace_back();
    return index;
  }

  static void add_unique(std::vector<std::string>& list, std::string_view value) {
    for (const auto& existing : list)
      if (existing == value) return;
    list.emplace_back(value);
  }

  static void remove_value(std::vector<std::string>& list, std::string_view value) {
    const auto key = join_terms(fold_terms(value), 0, std::string::npos);
    std::erase_if(list, [&](const std::string& v) { return join_terms(fold_terms(v), 0, std::string::npos) == key; });
  }

  // The country a city, demonym or iso line names: by slug, else by any of its names.
  std::optional<std::uint32_t> find_country(std::string_view name) {
    if (auto* i = slug_index(slugify(name)); i && impl.entries[*i].type == ActorType::Country) return *i;
    const auto key = join_terms(fold_terms(name), 0, std::string::npos);
    for (std::uint32_t i = 0; i < impl.entries.size(); ++i) {
      const auto& e = impl.entries[i];
      if (e.type != ActorType::Country) continue;
      for (const auto& alias : e.aliases)
        if (join_terms(fold_terms(alias), 0, std::string::npos) == key) return i;
    }
    return std::nullopt;
  }

  void icu_countries() {
    const auto& f = icu::functions();
    for (const char* const* code = f.iso_countries(); *code; ++code) {
      const std::string locale = std::string("_") + *code;
      char16_t display[256];
      UErrorCode status = U_ZERO_ERROR;
      const int32_t length = f.display_country(locale.c_str(), "en", display, 256, &status);
      if (U_FAILURE(status) || length <= 0 || length > 256) continue;
      const std::string name = utf8::from_utf16(std::u16string_view(display, static_cast<std::size_t>(length)));
      if (name == *code) continue;
      by_code[*code] = add_entry(std::move(name), ActorType::Country);
    }
  }

  static EntryYears parse_years(std::string_view text, const LineError& err) {
    // "@1922-1991", "@1949-", "@-1990"
    EntryYears years;
    const auto dash = text.find('-');
    auto number = [&](std::string_view digits, int& out) {
      if (digits.empty()) return;
      const auto* end = digits.data() + digits.size();
      const auto [p, ec] = std::from_chars(digits.data(), end, out);
      if (ec != std::errc() || p != end || out < 1000 || out > 9999)
        err.fail("bad years \"@" + std::string(text) + "\" (expected @FROM-TO, @FROM- or @-TO with four-digit years)");
    };
    if (dash == std::string_view::npos || text.find('-', dash + 1) != std::string_view::npos || text.size() == 1)
      err.fail("bad years \"@" + std::string(text) + "\" (expected @FROM-TO, @FROM- or @-TO with four-digit years)");
    number(text.substr(0, dash), years.from);
    number(text.substr(dash + 1), years.until);
    if (years.from && years.until && years.from > years.until)
      err.fail("bad years \"@" + std::string(text) + "\": the first year is after the last");
    return years;
  }

  void word_list(const GazetteerSource& source, std::unordered_set<std::string>& set) {
    std::size_t pos = 0;
    while (pos < source.text.size()) {
      auto nl = source.text.find('\n', pos);
      if (nl == std::string_view::npos) nl = source.text.size();
      const auto line = trim(source.text.substr(pos, nl - pos));
      pos = nl + 1;
      if (line.empty() || line.front() == '#') continue;
      std::size_t w = 0;
      while (w < line.size()) {
        while (w < line.size() && line[w] == ' ') ++w;
        auto e = line.find(' ', w);
        if (e == std::string_view::npos) e = line.size();
        if (e > w) set.insert(ascii::lowered(line.substr(w, e - w)));
        w = e;
      }
    }
  }

  void entry_file(const GazetteerSource& source) {
    std::size_t pos = 0;
    std::size_t number = 0;
    while (pos < source.text.size()) {
      auto nl = source.text.find('\n', pos);
      if (nl == std::string_view::npos) nl = source.text.size();
      const auto line = trim(source.text.substr(pos, nl - pos));
      pos = nl + 1;
      ++number;
      if (line.empty() || line.front() == '#') continue;
      entry_line(line, LineError(source.name, number));
    }
  }

  void entry_line(std::string_view line, const LineError& err) {
    if (utf8::first_invalid(line)) err.fail("not valid UTF-8");
    if (line.find('|') == std::string_view::npos)
      err.fail("expected \"TYPE | NAME | ALIAS | ...\", got \"" + std::string(line.substr(0, 60)) + "\"");
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
      const auto bar = line.find('|', start);
      fields.push_back(trim(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start)));
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    if (fields.size() > 1 && fields.back().empty()) fields.pop_back();  // a trailing '|'
    std::string type = ascii::lowered(fields[0]);
    bool replace = false;
    if (!type.empty() && type.front() == '=') {
      replace = true;
      type = std::string(trim(std::string_view(type).substr(1)));
    }
    if (fields.size() < 2 || fields[1].empty()) err.fail("missing name after \"" + type + " |\"");
    for (std::size_t i = 2; i < fields.size(); ++i)
      if (fields[i].empty()) err.fail("empty alias (field " + std::to_string(i + 1) + ")");
    std::string name(fields[1]);
    EntryYears years;
    bool has_years = false;
    if (const auto at = name.rfind(" @"); at != std::string::npos) {
      years = parse_years(std::string_view(name).substr(at + 2), err);
      has_years = true;
      name = std::string(trim(std::string_view(name).substr(0, at)));
    } else if (!name.empty() && name.front() == '@') {
      err.fail("missing name before \"" + name + "\"");
    }
    if (slugify(name).empty()) err.fail("name \"" + name + "\" has no letter or digit");
    for (std::size_t i = 2; i < fields.size(); ++i) {
      const auto alias = fields[i].front() == '-' ? fields[i].substr(1) : fields[i];
      if (fold_terms(alias).empty()) err.fail("alias \"" + std::string(fields[i]) + "\" has no letter or digit");
    }
    std::vector<std::string_view> aliases(fields.begin() + 2, fields.end());

    if (type == "person" || type == "organisation" || type == "organization" || type == "org" || type == "country") {
      const ActorType actor_type = *parse_actor_type(type);
      std::uint32_t index;
      if (auto* existing = slug_index(slugify(name))) {
        index = *existing;
        auto& e = impl.entries[index];
        if (replace) e.aliases.clear();
        e.name = name;
        e.type = actor_type;
      } else {
        index = add_entry(name, actor_type);
      }
      if (has_years) impl.years[index] = years;
      for (auto alias : aliases) {
        if (alias.front() == '-') remove_value(impl.entries[index].aliases, alias.substr(1));
        else if (slugify(alias) != impl.entries[index].slug || alias != impl.entries[index].name) add_unique(impl.entries[index].aliases, alias);
      }
      return;
    }
    if (type == "iso") {
      if (has_years) err.fail("years are not allowed on an iso line");
      const auto code = std::string(fields[1]);
      const auto it = by_code.find(code);
      if (it == by_code.end()) err.fail("unknown ISO region code \"" + code + "\"");
      auto& e = impl.entries[it->second];
      if (!aliases.empty()) {
        const std::string new_name(aliases.front());
        if (slugify(new_name).empty()) err.fail("name \"" + new_name + "\" has no letter or digit");
        if (new_name != e.name) {
          if (auto* other = slug_index(slugify(new_name)); other && *other != it->second)
            err.fail("\"" + new_name + "\" is already the name of another entry");
          impl.by_slug.erase(e.slug);
          add_unique(e.aliases, e.name);
          e.name = new_name;
          e.slug = slugify(new_name);
          impl.by_slug[e.slug] = it->second;
        }
        for (std::size_t i = 1; i < aliases.size(); ++i) add_unique(e.aliases, aliases[i]);
      }
      return;
    }
    if (type == "city" || type == "place" || type == "region" || type == "demonym") {
      if (has_years) err.fail("years belong on the country line, not on a " + type + " line");
      const auto country = find_country(name);
      if (!country) err.fail("unknown country \"" + name + "\" (a country line must come first)");
      auto& list = type == "demonym" ? impl.demonyms[*country] : impl.places[*country];
      if (replace) list.clear();
      for (auto alias : aliases) {
        if (alias.front() == '-') remove_value(list, alias.substr(1));
        else add_unique(list, alias);
      }
      return;
    }
    if (type == "outlet") {
      const auto slug = slugify(name);
      auto it = std::find_if(impl.outlets.begin(), impl.outlets.end(), [&](const GazetteerEntry& o) { return o.slug == slug; });
      if (it == impl.outlets.end()) {
        GazetteerEntry outlet;
        outlet.name = name;
        outlet.slug = slug;
        outlet.type = ActorType::Organisation;
        impl.outlets.push_back(std::move(outlet));
        it = impl.outlets.end() - 1;
      } else if (replace) {
        it->aliases.clear();
      }
      for (auto alias : aliases) {
        if (alias.front() == '-') remove_value(it->aliases, alias.substr(1));
        else add_unique(it->aliases, alias);
      }
      return;
    }
    if (type == "remove") {
      const auto slug = slugify(name);
      if (auto* index = slug_index(slug)) {
        remove_entry(*index);
        return;
      }
      const auto it = std::find_if(impl.outlets.begin(), impl.outlets.end(), [&](const GazetteerEntry& o) { return o.slug == slug; });
      if (it == impl.outlets.end()) err.fail("remove: no entry named \"" + name + "\"");
      impl.outlets.erase(it);
      return;
    }
    err.fail("unknown type \"" + std::string(fields[0]) +
             "\" (expected person, organisation, country, city, demonym, outlet, iso or remove)");
  }

  void remove_entry(std::uint32_t index) {
    impl.entries.erase(impl.entries.begin() + index);
    impl.years.erase(impl.years.begin() + index);
    impl.places.erase(impl.places.begin() + index);
    impl.demonyms.erase(impl.demonyms.begin() + index);
    impl.by_slug.clear();
    for (std::uint32_t i = 0; i < impl.entries.size(); ++i) impl.by_slug[impl.entries[i].slug] = i;
    for (auto& [code, i] : by_code)
      if (i > index) --i;
  }

  // --- lookup tables -----------------------------------------------------------------------

  void add_name(std::string_view written, std::uint32_t target, NameKind kind) {
    const auto& analyzer = folding_analyzer();
    const auto tokens = analyzer.tokenize(written);
    auto terms = fold_terms(written);
    if (terms.empty()) return;
    Name name;
    name.target = target;
    name.kind = kind;
    name.written = std::string(written);
    // Case rules from the written tokens (a leading "the" was dropped from the terms).
    const std::size_t skip = tokens.size() > terms.size() ? tokens.size() - terms.size() : 0;
    const std::string key = join_terms(terms, 0, terms.size());
    name.common_word = terms.size() == 1 && impl.common_words.count(key) > 0;
    name.need_dot = name.common_word && !written.empty() && written.back() == '.';
    for (std::size_t i = skip; i < tokens.size(); ++i) {
      const auto text = written.substr(tokens[i].start, tokens[i].end - tokens[i].start);
      std::size_t at = 0;
      const UChar32 first = text.empty() ? U_SENTINEL : static_cast<UChar32>(utf8::decode_next(text, at));
      bool all_upper = true;
      int letters = 0;
      for (std::size_t k = 0; k < text.size();) {
        const auto c = static_cast<UChar32>(utf8::decode_next(text, k));
        if (icu::is_alpha(c)) {
          ++letters;
          if (!icu::is_upper(c)) all_upper = false;
        }
      }
      CaseRule rule = CaseRule::Capital;
      if (!icu::is_alpha(first) || icu::is_lower(first)) rule = CaseRule::Any;
      else if (name.common_word && all_upper && letters >= 2) rule = CaseRule::AllCaps;
      name.rules.push_back(rule);
    }
    if (name.rules.size() != terms.size()) name.rules.assign(terms.size(), CaseRule::Capital);
    auto& list = impl.by_key[key];
    for (const auto& existing : list)
      if (existing.target == name.target && existing.kind == name.kind && existing.rules == name.rules &&
          existing.need_dot == name.need_dot)
        return;
    list.push_back(std::move(name));
    auto& longest = impl.first_terms[terms.front()];
    longest = std::max(longest, terms.size());
  }

  void add_with_variants(std::string_view written, std::uint32_t target, NameKind kind) {
    add_name(written, target, kind);
    const auto plain = strip_accents(written);
    if (plain != written) add_name(plain, target, kind);
  }

  // "Barend du Plessis" -> "du Plessis"; "Donald Trump" -> "Trump"; one-word names have none.
  static std::string surname_of(std::string_view name) {
    static const std::unordered_set<std::string> particles = {"de", "du", "da", "das", "dos", "del", "della", "van", "von", "der",
                                                              "den", "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "st."};
    std::vector<std::string_view> words;
    std::size_t p = 0;
    while (p < name.size()) {
      while (p < name.size() && name[p] == ' ') ++p;
      auto e = name.find(' ', p);
      if (e == std::string_view::npos) e = name.size();
      if (e > p) words.push_back(name.substr(p, e - p));
      p = e;
    }
    if (words.size() < 2) return {};
    std::size_t first = words.size() - 1;
    while (first > 1 && particles.count(ascii::lowered(words[first - 1]))) --first;
    std::string out;
    for (std::size_t i = first; i < words.size(); ++i) {
      if (!out.empty()) out += ' ';
      out += words[i];
    }
    // "George H. W. Bush" keeps "Bush"; a last word that is an initial or a numeral is no surname.
    if (out.size() <= 2 || out == "II" || out == "III" || out == "Jr." || out == "Jr") return {};
    return out;
  }

  void build_tables() {
    impl.by_key.clear();
    impl.first_terms.clear();
    for (std::uint32_t i = 0; i < impl.entries.size(); ++i) {
      const auto& e = impl.entries[i];
      add_with_variants(e.name, i, NameKind::Canonical);
      for (const auto& a : e.aliases) add_with_variants(a, i, NameKind::Alias);
      for (const auto& p : impl.places[i]) add_with_variants(p, i, NameKind::Place);
      for (const auto& d : impl.demonyms[i]) add_with_variants(d, i, NameKind::Demonym);
    }
    for (std::uint32_t i = 0; i < impl.entries.size(); ++i) {
      const auto& e = impl.entries[i];
      if (e.type != ActorType::Person) continue;
      const auto surname = surname_of(e.name);
      if (!surname.empty()) add_with_variants(surname, i, NameKind::Surname);
      for (const auto& a : e.aliases) {
        const auto s = surname_of(a);
        if (!s.empty() && s != surname) add_with_variants(s, i, NameKind::Surname);
      }
    }
    for (std::uint32_t i = 0; i < impl.outlets.size(); ++i) {
      add_with_variants(impl.outlets[i].name, i, NameKind::Outlet);
      for (const auto& a : impl.outlets[i].aliases) add_with_variants(a, i, NameKind::Outlet);
    }
    // Best first: the entry's own names, then aliases, outlets, places, demonyms, surnames; by entry order.
    auto rank = [](NameKind k) {
      switch (k) {
        case NameKind::Canonical: return 0;
        case NameKind::Alias: return 1;
        case NameKind::Outlet: return 2;
        case NameKind::Place: return 3;
        case NameKind::Demonym: return 4;
        case NameKind::Surname: return 5;
      }
      return 6;
    };
    for (auto& [key, names] : impl.by_key)
      std::stable_sort(names.begin(), names.end(), [&](const Name& a, const Name& b) { return rank(a.kind) < rank(b.kind); });
    // Given names: the word list plus the first name of every person in the gazetteer.
    for (const auto& e : impl.entries) {
      if (e.type != ActorType::Person) continue;
      const auto terms = fold_terms(e.name);
      if (terms.size() >= 2) impl.given_names.insert(terms.front());
    }
    impl.fingerprint = compute_fingerprint();
  }

  std::string compute_fingerprint() const {
    std::uint64_t h = 14695981039346656037ull;
    auto mix = [&](std::string_view s) {
      for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
      }
      h ^= 0xff;
      h *= 1099511628211ull;
    };
    mix("gazetteer-v1");
    for (std::size_t i = 0; i < impl.entries.size(); ++i) {
      const auto& e = impl.entries[i];
      mix(to_string(e.type));
      mix(e.name);
      mix(std::to_string(impl.years[i].from) + "-" + std::to_string(impl.years[i].until));
      for (const auto& a : e.aliases) mix(a);
      mix("|places");
      for (const auto& p : impl.places[i]) mix(p);
      mix("|demonyms");
      for (const auto& d : impl.demonyms[i]) mix(d);
    }
    for (const auto& o : impl.outlets) {
      mix("outlet");
      mix(o.name);
      for (const auto& a : o.aliases) mix(a);
    }
    std::vector<std::string> words(impl.common_words.begin(), impl.common_words.end());
    std::sort(words.begin(), words.end());
    for (const auto& w : words) mix(w);
    mix("|given");
    std::vector<std::string> given(impl.given_names.begin(), impl.given_names.end());
    std::sort(given.begin(), given.end());
    for (const auto& w : given) mix(w);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return "gz1-" + std::to_string(impl.entries.size()) + "-" + buf;
  }
};

}  // namespace

std::vector<std::string> fold_terms(std::string_view written) {
  std::vector<std::string> terms;
  for (auto& token : folding_analyzer().tokenize(written)) {
    std::string term = std::move(token.term);
    if (term.size() > 2 && term.ends_with("'s")) term.resize(term.size() - 2);
    terms.push_back(strip_accents(term));
  }
  if (terms.size() > 1 && terms.front() == "the") terms.erase(terms.begin());
  return terms;
}

std::string join_terms(const std::vector<std::string>& terms, std::size_t begin, std::size_t end) {
  end = std::min(end, terms.size());
  std::string key;
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) key += ' ';
    key += terms[i];
  }
  return key;
}

void load_gazetteer(GazetteerAccess::Impl& impl, const std::vector<GazetteerSource>& sources) {
  Builder builder{impl, {}};
  builder.icu_countries();
  for (const auto& source : sources) {
    if (source.name.ends_with("common_words.txt")) builder.word_list(source, impl.common_words);
    else if (source.name.ends_with("given_names.txt")) builder.word_list(source, impl.given_names);
    else builder.entry_file(source);
  }
  builder.build_tables();
}

std::vector<GazetteerSource> builtin_sources() {
  std::vector<GazetteerSource> sources;
  for (const auto& file : embedded_gazetteer_files()) sources.push_back({"built-in " + std::string(file.name), file.text});
  return sources;
}

}  // namespace pt::indexer
