// The web page and its assets, compiled into the program: looked up by URL path.
#pragma once

#include <string_view>

namespace pt::web {

struct Asset {
  std::string_view content_type;  // "text/html; charset=utf-8", "text/javascript; charset=utf-8", ...
  std::string_view body;
};

// The asset served at `path` ("/" is the search page, "/assets/app.js" ...), or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace pt::web
