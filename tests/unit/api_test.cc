// Unit tests of the server's request rules (searcher/src/server/api.cc), with inputs found by tests/fuzz.
#include <catch2/catch.hpp>

#include <string>

#include "server/api.h"

using pt::server::HttpError;
using pt::server::request_from_json;
using pt::server::request_from_query_string;

namespace {

// The status request_from_json answers `body` with: 0 when it is accepted.
unsigned json_status(const std::string& body) {
  try {
    (void)request_from_json(body);
    return 0;
  } catch (const HttpError& e) {
    return e.status();
  }
}

}  // namespace

TEST_CASE("request_from_json: a number too large for a double is a 400, not a 500", "[api][fuzz]") {
  // tests/fuzz/corpus/http/regress-json-number-overflow.txt: nlohmann's out_of_range escaped the
  // parse_error handler, so the server answered 500 with the library's exception text.
  CHECK(json_status("4e337") == 400);
  CHECK(json_status(R"({"q": "x", "limit": 1e400})") == 400);
  CHECK(json_status(R"({"offset": -1e999})") == 400);
  try {
    (void)request_from_json("4e337");
  } catch (const HttpError& e) {
    CHECK(std::string(e.what()).rfind("malformed JSON body: ", 0) == 0);
  }
}

TEST_CASE("request_from_json: malformed bodies and bad fields are 400s", "[api]") {
  CHECK(json_status("") == 400);
  CHECK(json_status("{\"q\": ") == 400);
  CHECK(json_status("[1, 2]") == 400);
  CHECK(json_status(R"({"q": [1, 2]})") == 400);
  CHECK(json_status(R"({"limit": 1001})") == 400);
  CHECK(json_status(R"({"nope": 1})") == 400);
  CHECK(json_status(R"({"q": "peace", "sources": ["Reuters"], "limit": 3, "facets": true})") == 0);
}

TEST_CASE("request_from_query_string: broken escapes and out-of-range numbers are 400s", "[api]") {
  for (const std::string qs : {"q=%zz", "q=%0", "q=%00", "limit=1e400", "proximity=1e400", "proximity=nan", "offset=-1"}) {
    CAPTURE(qs);
    CHECK_THROWS_AS(request_from_query_string(qs), HttpError);
  }
  const auto req = request_from_query_string("q=taliban+peace&source=Global%20Research&limit=5");
  CHECK(req.query == "taliban peace");
  CHECK(req.filters.sources == std::vector<std::string>{"Global Research"});
  CHECK(req.limit == 5);
}
