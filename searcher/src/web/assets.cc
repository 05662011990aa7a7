// The embedded web assets (placeholder until the page is written: nothing is served).
#include "assets.h"

namespace pt::web {

const Asset* find_asset(std::string_view /*path*/) { return nullptr; }

}  // namespace pt::web
