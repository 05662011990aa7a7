// Embedding libptsearch: open an index, run a filtered query with facets, print the hits and the
// source facet. Usage: search_example INDEX [QUERY [SOURCE]]
//   search_example .ptsearch-index taliban                     (articles about Trump)
//   search_example .ptsearch-index taliban "Global Research"   (... from that outlet only)
// Build: see CMakeLists.txt here (find_package), or with pkg-config:
//   g++ -std=c++20 search_example.cc $(pkg-config --cflags --libs ptsearch) -o search_example
#include <cstdio>
#include <iostream>
#include <string>

#include "pt/error.h"
#include "ptsearch/searcher.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::cerr << "usage: " << argv[0] << " INDEX [QUERY [SOURCE]]\n";
    return 2;
  }
  try {
    pt::Searcher searcher(argv[1]);  // one Searcher per thread

    pt::SearchRequest request;
    request.query = argc > 2 ? argv[2] : "taliban";
    request.limit = 5;
    request.facets = true;  // count sources, actors, years and months over all matches
    request.filters.actors.push_back("Trump");                  // about Donald Trump (any alias)
    if (argc > 3) request.filters.sources.push_back(argv[3]);  // from this outlet (name or slug)

    const pt::SearchResult result = searcher.search(request);
    std::cout << result.total_estimate << " matches for \"" << result.query << "\"\n";
    for (const pt::Hit& hit : result.hits) {
      const std::string source = hit.meta.source ? hit.meta.source->name : "-";
      const std::string date = hit.meta.date ? hit.meta.date->name : "-";
      std::cout << hit.rank << ". " << hit.title << "\n   " << hit.id << " | " << source << " | " << date
                << "\n";
    }
    for (const pt::Facet& facet : result.facets) {
      if (facet.name != "source") continue;
      std::cout << "Sources:";
      for (const pt::FacetValue& value : facet.values) std::cout << ' ' << value.label << " (" << value.count << ')';
      std::cout << '\n';
    }
    return 0;
  } catch (const pt::Error& e) {  // IndexError, QueryError, ...: what() is one line with the context
    std::cerr << "search_example: " << e.what() << '\n';
    return 1;
  }
}
