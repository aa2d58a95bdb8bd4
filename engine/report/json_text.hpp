#pragma once
// JSON written straight as text, for the writers that do not build a document.

#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

namespace ntm::report {

/// Appends `text` as a JSON string the way nlohmann::json::dump() writes one: quote, backslash and
/// control characters escaped (\" \\ \b \f \n \r \t, other controls as \u00xx), UTF-8 as it
/// is. Text that is not UTF-8 goes through nlohmann, to fail as it does.
void append_json_string(std::string& out, std::string_view text);
/// The same, as a string of its own.
std::string json_string(std::string_view text);
/// Appends `text` escaped as append_json_string escapes it, without the quotes: false, with part of
/// it appended, when `text` is not UTF-8.
bool append_json_characters(std::string& out, std::string_view text);

/// Appends an integer's digits, as nlohmann's dump writes them.
template <typename Integer>
void append_integer(std::string& out, Integer value)
{
  std::array<char, 24> digits{};
  out.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr);
}

/// JSON laid out as dump(2) lays it out: each member or element on a line of its own, two spaces
/// further in than the line its container opens on; `indent` is where the current level's lines
/// start. The audit's roll-ups are written with it straight as text: building a document for each
/// one and indenting its dump again cost more than all the commune rows.
class PrettyText {
public:
  /// At the level whose lines start `indent` spaces in; `first` unless something stands before.
  PrettyText(std::string& out, std::size_t indent, bool first = true)
      : m_out(out), m_indent(indent), m_first(first)
  {
  }

  /// `{` or `[` of a container that holds something (an empty one is written `{}` or `[]`).
  void open(char bracket)
  {
    m_out += bracket;
    m_indent += 2;
    m_first = true;
  }
  /// Its `}` or `]`, on a line of its own.
  void close(char bracket)
  {
    m_indent -= 2;
    new_line();
    m_out += bracket;
    m_first = false;
  }
  /// An array of `items`, each written by `write(item)` as an element; `[]` when there are none.
  template <typename Items, typename Write>
  void array(const Items& items, Write write)
  {
    if (std::empty(items)) {
      m_out += "[]";
      return;
    }
    open('[');
    for (const auto& item : items) {
      element();
      write(item);
    }
    close(']');
  }
  /// Starts an element: after a comma unless it is the first, on a line of its own.
  void element()
  {
    lead(m_first ? 1 : 0);
    m_first = false;
  }
  /// `"key": ` for a key from the data (a status, a set, a criterion), escaped.
  void key(std::string_view key)
  {
    element();
    append_json_string(m_out, key);
    m_out += ": ";
  }
  /// `"name": ` for one of the report's own member names, which need no escape.
  void field(std::string_view name)
  {
    element();
    // The quoted name and what follows in one append: roll-ups write thousands of members.
    std::array<char, 64> quoted{};
    if (name.size() + 4 > quoted.size()) {
      m_out += '"';
      m_out += name;
      m_out += "\": ";
      return;
    }
    quoted[0] = '"';
    name.copy(quoted.data() + 1, name.size());
    std::memcpy(quoted.data() + 1 + name.size(), "\": ", 3);
    m_out.append(quoted.data(), name.size() + 4);
  }
  template <typename Integer>
  void integer(std::string_view name, Integer value)
  {
    field(name);
    append_integer(m_out, value);
  }
  void string(std::string_view name, std::string_view value)
  {
    field(name);
    append_json_string(m_out, value);
  }
  std::string& out() { return m_out; }

private:
  void new_line() { lead(1); }
  /// From `k_lead` past `skip` of its characters: the comma (unless skipped), the line break and the
  /// indent, in one append.
  void lead(std::size_t skip)
  {
    if (2 + m_indent <= k_lead.size()) {
      m_out.append(k_lead.data() + skip, 2 + m_indent - skip);
      return;
    }
    m_out.append(k_lead.data() + skip, 2 - skip);
    m_out.append(m_indent, ' ');
  }

  static constexpr std::string_view k_lead =
      ",\n                                                              ";

  std::string& m_out;
  std::size_t m_indent;
  bool m_first;
};

} // namespace ntm::report
