#pragma once

#include "model/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::load {

/// The largest input file ntm reads; larger files are refused before they are read.
inline constexpr std::size_t k_max_file_bytes = 32 * 1024 * 1024;
/// The longest value ntm reads, an XML attribute or a CSV field, in bytes; longer is an error.
inline constexpr std::size_t k_max_value_bytes = 4096;

/// The text of one input with its name, able to turn a byte offset into line:column.
/// Columns count characters (UTF-8 code points), as editors show them.
class SourceText {
public:
  SourceText() = default;
  SourceText(std::string name, std::string text);

  /// Makes this the text of another input, as a new SourceText of it would be, keeping the room
  /// its line list has.
  void assign(std::string name, std::string text);
  /// The same, but every Location made from it names the file through `name`, borrowed: see
  /// SourceName::borrowed. `name` must be valid UTF-8 (see `valid_name`) and outlive them all.
  void assign_borrowed(const std::string& name, std::string text);

  const std::string& name() const { return m_name.str(); }
  const std::string& text() const { return m_text; }
  /// Location of byte `offset`; offsets past the end point at the end. Not for use from two
  /// threads at once: it notes the line it found.
  Location locate(std::size_t offset) const;
  /// The place `line`:`column` of this text, known without a search.
  Location at(int line, int column) const { return {m_name, line, column}; }

private:
  /// Takes `text` and lists its lines.
  void index(std::string text);
  /// The index of the line holding `offset`, searched from line `from`, which starts at or before it.
  /// Not inline, as the search is seldom needed: the frame it takes would weigh on every locate.
  [[gnu::noinline]] std::size_t search_line(std::size_t from, std::size_t offset) const;
  /// The column of `offset` on the line that starts at `start`, counted character by character.
  /// Not inline, for the same reason.
  [[gnu::noinline]] int count_column(std::size_t start, std::size_t offset) const;

  SourceName m_name;
  std::string m_text;
  std::vector<std::size_t> m_line_starts; // and last, text size + 1: the start of no line
  // The line of the last place located: a loader asks for places in the order of the text, mostly
  // a line or two further on, which a step or two from there finds.
  mutable std::size_t m_line = 0;
};

/// A Location worked out only when asked for: a loader notes where every field is, and most of
/// those places are never shown (no error there). Plain bytes, copied without the reference count
/// a Location's name takes: a loader copies one into each field of every indicator.
class LazyLocation {
public:
  /// No place: an empty Location.
  LazyLocation() = default;
  /// `where`, which must outlive this.
  LazyLocation(const Location& where) : m_where(&where) {}
  LazyLocation(Location&&) = delete;
  /// Byte `offset` of `source`.
  LazyLocation(const SourceText& source, std::size_t offset) : m_source(&source), m_offset(offset) {}
  /// `line`:`column` of `source`, known already (a CSV field; 0:0 for a place unknown).
  LazyLocation(const SourceText& source, int line, int column)
      : m_source(&source), m_line(line), m_column(column)
  {
  }

  operator Location() const
  {
    if (m_source) {
      return m_line < 0 ? m_source->locate(m_offset) : m_source->at(m_line, m_column);
    }
    return m_where ? *m_where : Location();
  }

private:
  const SourceText* m_source = nullptr; // set: the place is in it, else *m_where, if set
  const Location* m_where = nullptr;
  std::size_t m_offset = 0;
  int m_line = -1; // -1: the place is byte m_offset of m_source, else m_line:m_column
  int m_column = 0;
};

/// Reads a whole file as bytes. Fails on a missing, unreadable or non-regular file and on one
/// larger than `max_bytes`, which is refused from its size alone.
Loaded<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes = k_max_file_bytes);

/// Byte offset of the first byte that is not valid UTF-8, or `npos`.
std::size_t find_invalid_utf8(std::string_view text);

/// A file's name as messages and reports give it: as it is when it is UTF-8, as nearly every name
/// is, else with `valid_text`'s replacements.
std::string valid_name(std::string name);

/// Length in bytes (1–4) of the UTF-8 character that starts at byte `i` of `text`, or 0 when the
/// bytes there are not one: a stray continuation byte, a sequence cut short, an overlong form, a
/// surrogate or a value past U+10FFFF.
/// Inline: the readers and writers call it for every character that is not ASCII.
inline std::size_t utf8_length(std::string_view text, std::size_t i)
{
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const auto continues = [&](std::size_t k) { return (byte(k) & 0xC0U) == 0x80U; };
  const unsigned char c = byte(0);
  const std::size_t left = text.size() - i;
  // Decided from the first two bytes: C0, C1, and E0 or F0 followed by too small a byte, start
  // overlong forms; ED A0–BF a surrogate; F4 90–BF and F5–FF a value past U+10FFFF.
  if (c < 0x80U) {
    return 1;
  }
  if (c >= 0xC2U && c <= 0xDFU) {
    return left >= 2 && continues(1) ? 2 : 0;
  }
  if (c >= 0xE0U && c <= 0xEFU) {
    if (left < 3 || !continues(1) || !continues(2) || (c == 0xE0U && byte(1) < 0xA0U) ||
        (c == 0xEDU && byte(1) >= 0xA0U)) {
      return 0;
    }
    return 3;
  }
  if (c >= 0xF0U && c <= 0xF4U) {
    if (left < 4 || !continues(1) || !continues(2) || !continues(3) || (c == 0xF0U && byte(1) < 0x90U) ||
        (c == 0xF4U && byte(1) >= 0x90U)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

/// `a == b`, compared in place: codes and symbols are a few bytes, which a call to memcmp costs
/// more than. Up to 16 bytes, two loads from each text, overlapping when shorter, cover every byte.
inline bool same_text(std::string_view a, std::string_view b)
{
  const std::size_t n = a.size();
  if (n != b.size()) {
    return false;
  }
  const auto same_ends = [&]<typename Part>(Part) {
    Part a_first, a_last, b_first, b_last;
    std::memcpy(&a_first, a.data(), sizeof(Part));
    std::memcpy(&b_first, b.data(), sizeof(Part));
    std::memcpy(&a_last, a.data() + n - sizeof(Part), sizeof(Part));
    std::memcpy(&b_last, b.data() + n - sizeof(Part), sizeof(Part));
    return ((a_first ^ b_first) | (a_last ^ b_last)) == 0;
  };
  if (n >= 8) {
    return n <= 16 ? same_ends(std::uint64_t{}) : a == b;
  }
  if (n >= 4) {
    return same_ends(std::uint32_t{});
  }
  if (n >= 2) {
    return same_ends(std::uint16_t{});
  }
  return n == 0 || a[0] == b[0];
}

/// `text` with each byte that is not part of valid UTF-8 replaced by U+FFFD (�), for what is
/// shown to people and written into reports: a message quoting a refused value, a file name that
/// is not UTF-8. Valid text comes back as it is.
std::string valid_text(std::string_view text);

/// Checks that `source` is UTF-8 text fit to parse; on failure adds one diagnostic naming the
/// place and the likely encoding (UTF-16, Latin-1) and returns false.
bool check_encoding(const SourceText& source, Diagnostics& errors);

} // namespace ntm::load
