#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntm {

/// A place in an input file; `line` and `column` are 1-based, 0 when unknown.
struct Location {
  std::string source;
  int line = 0;
  int column = 0;

  /// `source:line:column`, or less where parts are unknown.
  std::string str() const;
};

/// An expected failure (bad input, unknown code, cycle): where it is and what is wrong.
struct Diagnostic {
  Location where;
  std::string message;
  std::string code = "format-error"; // stable category for audits: malformed-xml, unknown-indicator, …

  /// `file:line:column: message`, the form every error is printed in.
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

/// Orders diagnostics of each file by line and column, files keeping their first-seen order.
void sort_by_position(Diagnostics& diagnostics);

/// The result of a loader: a value, or the diagnostics that prevented it.
template <typename T>
struct Loaded {
  std::optional<T> value;
  Diagnostics errors;

  bool ok() const { return value.has_value() && errors.empty(); }
};

} // namespace ntm
