// Fuzzes every metadata extractor (indexer/src/extract, explicit metadata readers); the first byte picks which.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/gazetteer_impl.h"
#include "extract/lines.h"
#include "extract/text_cues.h"
#include "fuzz_support.h"
#include "parse/explicit_meta.h"
#include "parse/meta_values.h"
#include "ptindex/extract.h"
#include "ptindex/gazetteer.h"

using namespace pt::indexer;

namespace {

// An article as the builder hands it to the extractors: title, body (first line / the rest).
Article article_of(std::string_view text) {
  Article a;
  const auto nl = text.find('\n');
  a.title = std::string(text.substr(0, nl));
  if (nl != std::string_view::npos) a.body = std::string(text.substr(nl + 1));
  return a;
}

void check_date(const PubDate& d) {
  if (!valid_date(d.year, d.precision == DatePrecision::Year ? 1 : d.month, d.precision == DatePrecision::Day ? d.day : 1))
    __builtin_trap();
  if (d.first_day() > d.last_day()) __builtin_trap();
  (void)d.iso();
}

// Each selector letter names an extractor; seeds start with it (tests/fuzz/corpus/extract/).
constexpr std::string_view kSelectors = "TALDENBOPSGWMUC";

void run(char which, std::string_view text) {
  switch (which) {
    case 'T': {  // source, original source, date and authors from text cues
      Article a = article_of(text);
      extract_text_metadata(a);
      if (a.meta.date) check_date(*a.meta.date);
      break;
    }
    case 'A': {  // actors (gazetteer, discovered names, coreference), after the text metadata
      Article a = article_of(text);
      extract_metadata(a, Gazetteer::builtin());
      break;
    }
    case 'L': {  // line roles
      const auto lines = classify_lines(text);
      for (const auto& l : lines)
        if (l.begin > l.end || l.end > text.size()) __builtin_trap();
      (void)cues::hard_wrapped(text);
      break;
    }
    case 'D':  // dates as metadata writes them
      if (auto d = parse_metadata_date(text)) check_date(*d);
      break;
    case 'E':  // a date ending a line
      for (const bool time : {false, true})
        if (auto m = cues::date_at_end(text, time)) {
          if (m->begin > text.size() || !valid_date(m->year, m->month ? m->month : 1, m->day ? m->day : 1)) __builtin_trap();
        }
      break;
    case 'N':  // datelines
      (void)cues::parse_dateline(cues::plain_line(text));
      break;
    case 'B':  // bylines
      (void)cues::parse_byline(cues::plain_line(text));
      break;
    case 'O':  // outlet names
      (void)cues::outlet_name(text);
      (void)cues::has_outlet_word(text);
      break;
    case 'P':  // person names
      (void)cues::looks_like_person_name(text);
      (void)cues::clean_name(text);
      (void)cues::evidence(text);
      break;
    case 'S': {  // a sidecar NAME.meta.json over an article
      Article a = article_of("Title\nBody text.");
      fuzz::expect_pt_errors([&] { apply_sidecar(text, a); });
      if (a.meta.date) check_date(*a.meta.date);
      break;
    }
    case 'G': {  // a user gazetteer file (docs/gazetteer.md) alone on ICU's countries (the built-in
                 // data would cost seconds per input), then actors found with it in the same text
      fuzz::expect_pt_errors([&] {
        Gazetteer g;
        load_gazetteer(GazetteerAccess::impl(g), {{"fuzz.txt", text}});
        (void)g.find(text);
        (void)g.fingerprint();
        Article a = article_of(text);
        (void)extract_actors(a, g);
      });
      break;
    }
    case 'W': {  // hard-wrapped text: does a line continue the one before?
      const auto nl = text.find('\n');
      if (nl != std::string_view::npos) (void)cues::continues_line(text.substr(0, nl), text.substr(nl + 1));
      break;
    }
    case 'M':  // lists of names
      (void)cues::parse_name_list(text);
      (void)meta::split_names(text);
      (void)meta::split_byline(text);
      break;
    case 'U':  // slugs, plain lines, one-line titles
      (void)slugify(text);
      (void)cues::plain_line(text);
      (void)meta::fit_title(meta::one_line(text, meta::Spaces::AsciiAndNbsp));
      (void)meta::clip_evidence(text);
      break;
    case 'C':  // months and quotes
      (void)cues::month_from_word(text);
      (void)cues::starts_with_quote(text);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  const auto at = kSelectors.find(static_cast<char>(data[0]));
  const char which = at != std::string_view::npos ? kSelectors[at] : kSelectors[data[0] % kSelectors.size()];
  fuzz::expect_pt_errors([&] { run(which, text); });
  return 0;
}
