// Training zstd dictionaries on a sample of records' heads or bodies (zstd's trainer via ZDICT).
#include <zdict.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pt/record.h"

namespace pt {
namespace {

// `part(record)` of a spread of `samples`, each cut to training.max_sample_bytes.
template <typename Part>
std::optional<RecordDictionary> train(std::span<const Record> samples, const DictionaryTraining& training, Part part) {
  const std::size_t count = std::min(samples.size(), std::max<std::size_t>(training.max_samples, 1));
  if (count < training.min_samples || count == 0 || training.capacity == 0) return std::nullopt;
  // Evenly spread over what was given, so a sorted input (by id, by date) is covered end to end.
  std::string flat;
  std::vector<std::size_t> sizes;
  sizes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string text = part(samples[i * samples.size() / count]);
    const std::size_t take = std::min(text.size(), training.max_sample_bytes);
    flat.append(text, 0, take);
    sizes.push_back(take);
  }
  std::string dictionary(training.capacity, '\0');
  const std::size_t n = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), flat.data(), sizes.data(),
                                              static_cast<unsigned>(sizes.size()));
  // ZDICT fails when the samples are too few or too small to learn from: then records do without.
  if (ZDICT_isError(n)) return std::nullopt;
  dictionary.resize(n);
  return RecordDictionary(std::move(dictionary));
}

}  // namespace

std::optional<RecordDictionary> train_record_dictionary(std::span<const Record> samples, const DictionaryTraining& training) {
  return train(samples, training, [](const Record& r) { return r.body; });
}

std::optional<RecordDictionary> train_head_dictionary(std::span<const Record> samples, const DictionaryTraining& training) {
  return train(samples, training, [](const Record& r) { return record_head_payload(r); });
}

RecordDictionaries train_record_dictionaries(std::span<const Record> samples) {
  return {train_head_dictionary(samples), train_record_dictionary(samples)};
}

}  // namespace pt
