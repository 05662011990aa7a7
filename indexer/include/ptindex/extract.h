// Metadata extraction from an article's text: source, original source, date, authors and actors.
#pragma once

#include "ptindex/article.h"
#include "ptindex/gazetteer.h"

namespace pt::indexer {

// Fills the source, original source, date and authors that explicit metadata left empty, from
// cues in the text (ledes, "Source:" lines that are not captions, datelines, bylines, copyright
// lines ...). Fields already set are kept: explicit metadata wins.
void extract_text_metadata(Article& article);

struct ActorOptions {
  std::size_t max_actors = 12;  // actors kept per article (the top ones feed the facet)
};

// The people, organisations and countries the article is about, by salience: gazetteer matches
// and discovered names, coreference resolved ("Mr. Trump" -> Donald Trump), captions, credits,
// boilerplate, the article's own authors and outlets cited as sources left out.
std::vector<Actor> extract_actors(const Article& article, const Gazetteer& gazetteer, const ActorOptions& options = {});

// Everything: text metadata first, then actors (which need the authors and sources).
inline void extract_metadata(Article& article, const Gazetteer& gazetteer, const ActorOptions& options = {}) {
  extract_text_metadata(article);
  article.meta.actors = extract_actors(article, gazetteer, options);
}

}  // namespace pt::indexer
