#include "load/source_text.hpp"

#include "load/file_reader.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace ntm::load {

// A file name need not be UTF-8; every message and report names it as valid text.
SourceText::SourceText(std::string name, std::string text)
{
  assign(std::move(name), std::move(text));
}

void SourceText::assign(std::string name, std::string text)
{
  m_name = valid_name(std::move(name));
  index(std::move(text));
}

void SourceText::assign_borrowed(const std::string& name, std::string text)
{
  m_name = SourceName::borrowed(name);
  index(std::move(text));
}

void SourceText::index(std::string text)
{
  m_text = std::move(text);
  m_line = 0;
  m_line_starts.clear();
  // Room for lines of 32 bytes on average, so that the usual file's list is allocated once.
  m_line_starts.reserve(2 + m_text.size() / 32);
  m_line_starts.push_back(0);
  const char* begin = m_text.data();
  const char* end = begin + m_text.size();
  for (const char* p = begin;
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;) {
    ++p;
    m_line_starts.push_back(static_cast<std::size_t>(p - begin));
  }
  // Past the last line, a start beyond any offset: the line after any line can be looked at.
  m_line_starts.push_back(m_text.size() + 1);
}

Location SourceText::locate(std::size_t offset) const
{
  offset = std::min(offset, m_text.size());
  // A loader asks for places in the order of the text, mostly a line or two on from the last: a
  // few steps from there find the line, else a search does.
  constexpr std::size_t k_steps = 4;
  std::size_t line_index = m_line;
  if (m_line_starts[line_index] > offset) {
    line_index = search_line(0, offset);
  } else {
    for (std::size_t step = 0; step < k_steps && m_line_starts[line_index + 1] <= offset; ++step) {
      ++line_index;
    }
    if (m_line_starts[line_index + 1] <= offset) {
      line_index = search_line(line_index + 1, offset);
    }
  }
  m_line = line_index;
  // The usual place is a few ASCII bytes into a line past the first (an indented element): those
  // are counted at once, as a word in which no byte before the place has its high bit set.
  const std::size_t start = m_line_starts[line_index];
  const std::size_t distance = offset - start;
  if (start != 0 && distance < 8 && start + 8 <= m_text.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, m_text.data() + start, sizeof word);
    const std::size_t shift = 64 - 8 * distance;
    const std::uint64_t before = distance == 0                                ? 0
                                 : std::endian::native == std::endian::little ? ~std::uint64_t{0} >> shift
                                                                              : ~std::uint64_t{0} << shift;
    if ((word & before & 0x8080808080808080U) == 0) {
      return {m_name, static_cast<int>(line_index) + 1, static_cast<int>(distance) + 1};
    }
  }
  return {m_name, static_cast<int>(line_index) + 1, count_column(start, offset)};
}

std::size_t SourceText::search_line(std::size_t from, std::size_t offset) const
{
  const auto it = std::upper_bound(m_line_starts.begin() + static_cast<std::ptrdiff_t>(from),
                                   m_line_starts.end(), offset);
  return static_cast<std::size_t>(it - m_line_starts.begin()) - 1;
}

int SourceText::count_column(std::size_t start, std::size_t offset) const
{
  if (start == 0 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0 && offset >= 3) {
    start = 3; // a byte-order mark is not a character an editor shows
  }
  int column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    // Continuation bytes do not start a character.
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0U) != 0x80U) {
      ++column;
    }
  }
  return column;
}

Loaded<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes)
{
  // One file is a batch of one: the audit's reader gives every check and message.
  FileReader reader;
  return reader.read(path.string(), max_bytes);
}

std::string valid_name(std::string name)
{
  return find_invalid_utf8(name) == std::string::npos ? std::move(name) : valid_text(name);
}

std::size_t find_invalid_utf8(std::string_view text)
{
  constexpr std::uint64_t k_high_bits = 0x8080808080808080U;
  const std::size_t size = text.size();
  const auto word = [&](std::size_t at) {
    std::uint64_t eight = 0;
    std::memcpy(&eight, text.data() + at, sizeof eight);
    return eight;
  };
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  std::size_t i = 0;
  while (i < size) {
    // Most of a file is ASCII: skip it 32 bytes at a time while none has its high bit set.
    while (i + 32 <= size && ((word(i) | word(i + 8) | word(i + 16) | word(i + 24)) & k_high_bits) == 0) {
      i += 32;
    }
    // Then from one character that is not ASCII to the next, eight bytes at a time: in Vietnamese
    // words they come a few bytes apart. Eight ASCII bytes in a row may start a run of them again.
    while (i + 16 <= size) {
      const std::uint64_t high = word(i) & k_high_bits;
      if (high == 0) {
        i += 8;
        break;
      }
      i += static_cast<std::size_t>(std::endian::native == std::endian::little ? std::countr_zero(high)
                                                                               : std::countl_zero(high)) /
           8;
      // The character starts 9 bytes or more before the end of the text, so its own bytes need no
      // check for the end. Vietnamese letters are 2 bytes (ã: C3 A3, lead C2–DF) or 3 (ọ: E1 BB 8D, lead
      // E1–EC or EE–EF, not E0 and ED, whose second byte is bounded), each byte after the lead a continuation
      // 10xxxxxx; other characters are checked in full.
      const unsigned char lead = byte(i);
      std::uint16_t after = 0;
      std::memcpy(&after, text.data() + i + 1, sizeof after);
      if (lead - 0xC2U <= 0xDFU - 0xC2U && (byte(i + 1) & 0xC0U) == 0x80U) {
        i += 2;
      } else if (lead - 0xE1U <= 0xEFU - 0xE1U && lead != 0xEDU && (after & 0xC0C0U) == 0x8080U) {
        i += 3;
      } else if (const std::size_t length = utf8_length(text, i); length != 0) {
        i += length;
      } else {
        return i;
      }
    }
    if (i + 16 > size) {
      // The last bytes, one character at a time.
      while (i < size) {
        const std::size_t length = byte(i) < 0x80U ? 1 : utf8_length(text, i);
        if (length == 0) {
          return i;
        }
        i += length;
      }
    }
  }
  return std::string_view::npos;
}

std::string valid_text(std::string_view text)
{
  std::string out;
  for (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos;
       bad = find_invalid_utf8(text)) {
    out.append(text.substr(0, bad));
    out.append("\uFFFD");
    text.remove_prefix(bad + 1);
  }
  out.append(text);
  return out;
}

bool check_encoding(const SourceText& source, Diagnostics& errors)
{
  const std::string& text = source.text();
  // UTF-16 starts with a byte-order mark, or without one shows as ASCII and NUL bytes in turn.
  const bool utf16_bom = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                                              (text[0] == '\xFE' && text[1] == '\xFF'));
  const auto nul = [&](std::size_t i) { return text[i] == '\0'; };
  const bool utf16_bare = text.size() >= 4 && ((nul(0) && !nul(1) && nul(2) && !nul(3)) ||
                                               (!nul(0) && nul(1) && !nul(2) && nul(3)));
  if (utf16_bom || utf16_bare) {
    errors.push_back({source.locate(0), "file is UTF-16; save it as UTF-8", "encoding"});
    return false;
  }
  const std::size_t bad = find_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    errors.push_back(
        {source.locate(bad),
         std::string("invalid UTF-8 byte ") + hex + " (Latin-1 or Windows-1258?); save the file as UTF-8",
         "encoding"});
    return false;
  }
  if (text.find('\0') != std::string::npos) {
    errors.push_back({source.locate(text.find('\0')), "NUL byte in text", "encoding"});
    return false;
  }
  return true;
}

} // namespace ntm::load
