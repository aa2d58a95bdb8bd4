#pragma once
// The page's files (cli/serve/web/), compiled into the program so that it needs nothing else.

#include <string_view>
#include <vector>

namespace ntm::serve {

struct Asset {
  std::string_view name; // as under cli/serve/web/: index.html, app.js
  std::string_view content_type;
  std::string_view bytes;
};

/// Every embedded file; generated at build time by cmake/EmbedAssets.cmake.
const std::vector<Asset>& assets();

} // namespace ntm::serve
