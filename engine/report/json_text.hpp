#pragma once
// JSON written straight as text, for the writers that do not build a document.

#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

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
/// True when append_json_characters copies `text` as it is: UTF-8 without control characters,
/// quotes or backslashes.
bool plain_json_characters(std::string_view text);

/// Appends an integer's digits, as nlohmann's dump writes them.
template <typename Integer>
void append_integer(std::string& out, Integer value)
{
  std::array<char, 24> digits; // written before it is read
  const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  // By pointer and size: the overload for two iterators goes through replace, which costs more.
  out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

/// A text as append_json_string wrote it last, to be written again: where one text recurs in the
/// same place (rows one after the other mostly share a district; roll-ups name the same criteria
/// and sources), copying its JSON is cheaper than escaping it again.
class RecentString {
public:
  /// Appends `text` as append_json_string does.
  void append(std::string& out, std::string_view text) { out += json(text); }
  /// `text` as append_json_string writes it, valid until the next call.
  std::string_view json(std::string_view text)
  {
    if (!m_valid || text != m_text) {
      m_valid = false; // until escaped: escaping may fail
      m_json.clear();
      append_json_string(m_json, text);
      m_text = text;
      m_valid = true;
    }
    return m_json;
  }

private:
  bool m_valid = false;
  std::string m_text;
  std::string m_json;
};

/// The texts of a run of documents laid out alike, each kept in its place (the first text
/// written, the second, …): a batch's roll-ups name the same statuses, criteria, indicators and
/// sources in the same order, district after district. A place whose text differs from last time
/// is escaped anew.
class RecentStrings {
public:
  /// Back to the first place, for the next document.
  void rewind() { m_next = 0; }
  /// Appends `text` as append_json_string does, as the text of the next place.
  void append(std::string& out, std::string_view text) { out += json(text); }
  /// `text` as append_json_string writes it, as the text of the next place; valid until that place
  /// is written again.
  std::string_view json(std::string_view text)
  {
    if (m_next == m_places.size()) {
      m_places.emplace_back();
    }
    return m_places[m_next++].json(text);
  }

private:
  std::vector<RecentString> m_places;
  std::size_t m_next = 0;
};

/// JSON laid out as dump(2) lays it out: each member or element on a line of its own, two spaces
/// further in than the line its container opens on; `indent` is where the current level's lines
/// start. The audit's roll-ups are written with it straight as text: building a document for each
/// one and indenting its dump again cost more than all the commune rows.
class PrettyText {
public:
  /// At the level whose lines start `indent` spaces in; `first` unless something stands before.
  /// Keys and strings are written through `recent` when given.
  PrettyText(std::string& out, std::size_t indent, bool first = true, RecentStrings* recent = nullptr)
      : m_out(out), m_indent(indent), m_first(first), m_recent(recent)
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
    text(key);
    m_out += ": ";
  }
  /// `"name": ` for one of the report's own member names, which need no escape.
  void field(std::string_view name)
  {
    // The comma, line break and indent, the quoted name and what follows in one append: roll-ups
    // write thousands of members, and each append costs more than the bytes it copies.
    Piece piece;
    char* at = start(piece, name.size() + 4);
    if (at == nullptr) {
      element();
      m_out += '"';
      m_out += name;
      m_out += "\": ";
      return;
    }
    *at++ = '"';
    std::memcpy(at, name.data(), name.size());
    at += name.size();
    std::memcpy(at, "\": ", 3);
    m_out.append(piece.data(), static_cast<std::size_t>(at + 3 - piece.data()));
  }
  /// `"key": value` for a key from the data and an integer: through `recent`, the comma, line
  /// break and indent, the key and the digits in one append (roll-ups count thousands of criteria).
  template <typename Integer>
  void keyed_integer(std::string_view key, Integer value)
  {
    if (!m_recent) {
      this->key(key);
      append_integer(m_out, value);
      return;
    }
    const std::string_view json = m_recent->json(key);
    Piece piece;
    char* at = start(piece, json.size() + 2 + 24);
    if (at == nullptr) {
      element();
      m_out += json;
      m_out += ": ";
      append_integer(m_out, value);
      return;
    }
    std::memcpy(at, json.data(), json.size());
    at += json.size();
    std::memcpy(at, ": ", 2);
    at = std::to_chars(at + 2, piece.data() + piece.size(), value).ptr;
    m_out.append(piece.data(), static_cast<std::size_t>(at - piece.data()));
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
    text(value);
  }
  std::string& out() { return m_out; }

private:
  void text(std::string_view value)
  {
    if (m_recent) {
      m_recent->append(m_out, value);
    } else {
      append_json_string(m_out, value);
    }
  }
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

  /// A member's comma, line break and indent and what follows them, gathered for one append.
  using Piece = std::array<char, k_lead.size() + 64>;
  /// Writes the comma (unless first), line break and indent of the next member at the start of
  /// `piece` and returns where its `rest` bytes go; null, with nothing written, when they would not
  /// fit, for the caller to write the member by parts.
  char* start(Piece& piece, std::size_t rest)
  {
    const std::size_t skip = m_first ? 1 : 0;
    const std::size_t lead = 2 + m_indent - skip; // of k_lead, past `skip`
    if (lead > k_lead.size() - 1 || lead + rest > piece.size()) {
      return nullptr;
    }
    m_first = false;
    // A copy of a known size, inlined, though only its first `lead` bytes are kept.
    std::memcpy(piece.data(), k_lead.data() + skip, k_lead.size() - 1);
    return piece.data() + lead;
  }

  std::string& m_out;
  std::size_t m_indent;
  bool m_first;
  RecentStrings* m_recent;
};

} // namespace ntm::report
