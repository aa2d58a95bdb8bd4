#pragma once

#include <compare>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntm {

/// The name of an input file, shared by every Location in it: an audit keeps thousands of
/// locations per file, and copying one must not copy the name.
class SourceName {
public:
  SourceName() = default;
  SourceName(std::string name) : m_name(std::make_shared<const std::string>(std::move(name))) {}
  SourceName(const char* name) : SourceName(std::string(name)) {}

  /// A name that refers to `name` without sharing its ownership: copying it takes no reference
  /// count, which copying a shared name does, atomically (an audit's threads copy a file's name
  /// into every place they note). Valid while `name` is.
  static SourceName borrowed(const std::string& name)
  {
    SourceName result;
    result.m_name = std::shared_ptr<const std::string>(std::shared_ptr<const std::string>(), &name);
    return result;
  }

  const std::string& str() const { return m_name ? *m_name : empty_name(); }
  operator const std::string&() const { return str(); }
  bool empty() const { return str().empty(); }

  friend bool operator==(const SourceName& a, const SourceName& b)
  {
    return a.m_name == b.m_name || a.str() == b.str();
  }
  friend bool operator==(const SourceName& a, std::string_view b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const SourceName& a, const SourceName& b)
  {
    return a.str() <=> b.str();
  }
  friend std::ostream& operator<<(std::ostream& out, const SourceName& name) { return out << name.str(); }

private:
  static const std::string& empty_name()
  {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> m_name;
};

/// A place in an input file; `line` and `column` are 1-based, 0 when unknown.
struct Location {
  SourceName source;
  int line = 0;
  int column = 0;

  /// `source:line:column`, or less where parts are unknown.
  std::string str() const;
  friend bool operator==(const Location&, const Location&) = default;
};

/// An expected failure (bad input, unknown code, cycle): where it is and what is wrong.
struct Diagnostic {
  Location where;
  std::string message;
  std::string code = "format-error"; // stable category for audits: malformed-xml, unknown-indicator, …

  /// `file:line:column: message`, the form every error is printed in.
  std::string str() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
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
