// Metadata terms, slots and the record's metadata field for one document, following the table in pt/schema.h.
#include "meta_index.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "pt/byte_codec.h"
#include "pt/hash.h"
#include "pt/schema.h"

namespace pt::indexer {
namespace {

using bytes::put_string;

// name, slug, how, evidence: one MetaValue of the layout in pt/schema.h.
void put_value(std::string& out, std::string_view name, std::string_view slug, const Origin& origin) {
  put_string(out, name);
  put_string(out, slug);
  put_string(out, origin.how);
  put_string(out, origin.evidence);
}

std::string with(std::string_view prefix, std::string_view value) {
  std::string s(prefix);
  s += value;
  return s;
}

void add_filter_term(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  if (value.empty() || prefix.size() + value.size() > schema::kMaxTermBytes) return;
  doc.add_boolean_term(with(prefix, value));
}

std::string digits(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

}  // namespace

std::string meta_to_bytes(const ArticleMeta& meta) {
  std::string out;
  out.push_back(static_cast<char>(schema::kMetaBytesVersion));
  out.push_back(static_cast<char>((meta.source ? schema::kMetaHasSource : 0) |
                                  (meta.original_source ? schema::kMetaHasOriginalSource : 0) |
                                  (meta.date ? schema::kMetaHasDate : 0)));
  if (meta.source) put_value(out, meta.source->name, meta.source->slug, meta.source->origin);
  if (meta.original_source) put_value(out, meta.original_source->name, meta.original_source->slug, meta.original_source->origin);
  if (meta.date) put_value(out, meta.date->iso(), to_string(meta.date->precision), meta.date->origin);
  put_string(out, meta.url);
  bytes::put_varint(out, meta.authors.size());
  for (const auto& a : meta.authors) put_value(out, a.name, a.slug, a.origin);
  bytes::put_varint(out, meta.actors.size());
  for (const auto& a : meta.actors) {
    put_value(out, a.name, a.slug, a.origin);
    put_string(out, to_string(a.type));
    bytes::put_varint(out, a.mentions);
    bytes::put_double(out, a.salience);
  }
  return out;
}

void add_metadata_terms(Xapian::Document& doc, const ArticleMeta& meta) {
  if (meta.source && !meta.source->slug.empty()) {
    add_filter_term(doc, schema::kSourcePrefix, meta.source->slug);
    doc.add_value(schema::kSlotSource, meta.source->slug);
  }
  if (meta.original_source) add_filter_term(doc, schema::kOriginalSourcePrefix, meta.original_source->slug);
  for (const auto& a : meta.authors) add_filter_term(doc, schema::kAuthorPrefix, a.slug);
  if (meta.date) {
    const auto& d = *meta.date;
    add_filter_term(doc, schema::kYearPrefix, digits(d.year, 4));
    doc.add_value(schema::kSlotYear, digits(d.year, 4));
    if (d.precision != DatePrecision::Year) {
      add_filter_term(doc, schema::kMonthPrefix, digits(d.year, 4) + digits(d.month, 2));
      doc.add_value(schema::kSlotMonth, digits(d.year, 4) + "-" + digits(d.month, 2));
    }
    if (d.precision == DatePrecision::Day) add_filter_term(doc, schema::kDayPrefix, digits(d.first_day(), 8));
    doc.add_value(schema::kSlotDateFirst, digits(d.first_day(), 8));
    doc.add_value(schema::kSlotDateLast, digits(d.last_day(), 8));
  }
  std::vector<std::string_view> slugs;
  for (const auto& a : meta.actors) {
    if (slugs.size() == schema::kMaxActors) break;
    if (a.slug.empty() || schema::kActorPrefix.size() + a.slug.size() > schema::kMaxTermBytes) continue;
    add_filter_term(doc, schema::kActorPrefix, a.slug);
    slugs.push_back(a.slug);
  }
  // Sorted, so articles naming the same actors share one value and the spy's map stays small.
  std::sort(slugs.begin(), slugs.end());
  slugs.erase(std::unique(slugs.begin(), slugs.end()), slugs.end());
  std::string packed;
  for (const auto s : slugs) {
    if (!packed.empty()) packed += schema::kActorSeparator;
    packed += s;
  }
  if (!packed.empty()) doc.add_value(schema::kSlotActors, packed);
}

void ContentKey::add(std::string_view term) {
  window_[terms_ % kShingle] = term;
  ++terms_;
  if (terms_ < kShingle) return;
  Hasher64 h;
  for (std::size_t k = 0; k < kShingle; ++k) h.field(window_[(terms_ + k) % kShingle]);  // oldest first
  const std::uint64_t v = h.value();
  if (smallest_.size() == kCollapseSketch && v >= smallest_.back()) return;
  const auto at = std::lower_bound(smallest_.begin(), smallest_.end(), v);
  if (at != smallest_.end() && *at == v) return;
  smallest_.insert(at, v);
  if (smallest_.size() > kCollapseSketch) smallest_.pop_back();
}

std::string ContentKey::key() const {
  if (terms_ < kMinCollapseTokens) return {};
  // The key is the bottom-k sketch itself: texts share it only when their k smallest shingle
  // hashes all agree, which near-copies do and texts that merely share a template do not.
  Hasher64 key;
  for (const auto h : smallest_) key.field(to_hex(h));
  return to_hex(key.value());
}

}  // namespace pt::indexer
