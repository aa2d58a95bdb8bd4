#include "model/diagnostic.hpp"

namespace ntm {

std::string Location::str() const
{
  std::string out = source;
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

} // namespace ntm
