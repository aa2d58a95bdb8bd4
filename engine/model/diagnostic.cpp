#include "model/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace ntm {

std::string Location::str() const
{
  std::string out = source.str();
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) {
      out += ':' + std::to_string(column);
    }
  }
  return out;
}

std::string Diagnostic::str() const
{
  const std::string place = where.str();
  return place.empty() ? message : place + ": " + message;
}

void sort_by_position(Diagnostics& diagnostics)
{
  std::vector<std::string> files;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (std::find(files.begin(), files.end(), diagnostic.where.source) == files.end()) {
      files.push_back(diagnostic.where.source);
    }
  }
  auto rank = [&](const Diagnostic& d) {
    return std::tuple(std::find(files.begin(), files.end(), d.where.source) - files.begin(), d.where.line,
                      d.where.column);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
}

} // namespace ntm
