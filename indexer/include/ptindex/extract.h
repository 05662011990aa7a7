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

// Actors are read from the body's first kMaxActorTextBytes (cut at a line end): what an article is
// about is in its opening, and their analysis holds some 25 bytes of memory per byte of text.
inline constexpr std::size_t kMaxActorTextBytes = 1u << 20;

// Everything: text metadata first, then actors (which need the authors and sources).
void extract_metadata(Article& article, const Gazetteer& gazetteer, const ActorOptions& options = {});

}  // namespace pt::indexer
