// Unit test of pt::web::find_asset: the embedded page, its assets and their content types.
#include <catch2/catch.hpp>

#include "web/assets.h"

TEST_CASE("find_asset: / is the search page, assets have their content types") {
  const pt::web::Asset* page = pt::web::find_asset("/");
  REQUIRE(page != nullptr);
  CHECK(page->content_type == "text/html; charset=utf-8");
  CHECK(page->body.find("<!DOCTYPE html>") != std::string_view::npos);
  CHECK(page->body.find("/assets/app.js") != std::string_view::npos);

  const pt::web::Asset* js = pt::web::find_asset("/assets/app.js");
  REQUIRE(js != nullptr);
  CHECK(js->content_type == "text/javascript; charset=utf-8");
  CHECK(js->body.find("TextDecoder") != std::string_view::npos);

  const pt::web::Asset* css = pt::web::find_asset("/assets/style.css");
  REQUIRE(css != nullptr);
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK(!css->body.empty());
}

TEST_CASE("find_asset: nothing else is served, no remote resources are referenced") {
  for (const char* path : {"", "/index", "/assets/", "/assets/nope.js", "/assets/../CMakeLists.txt", "/search",
                           "/assets/app.js?x=1", "/ASSETS/app.js"})
    CHECK(pt::web::find_asset(path) == nullptr);
  for (const char* path : {"/", "/assets/app.js", "/assets/style.css"}) {
    const std::string_view body = pt::web::find_asset(path)->body;
    CHECK(body.find("http://") == std::string_view::npos);
    CHECK(body.find("https://") == std::string_view::npos);
    CHECK(body.find("innerHTML") == std::string_view::npos);
  }
}
