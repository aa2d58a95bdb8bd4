#include "report/json_text.hpp"

#include "load/source_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace ntm::report {

namespace {

/// True when none of the eight bytes at `p` needs a look of its own: each is ASCII, not a control
/// character, not a quote and not a backslash. Most of a report's text passes eight at a time.
bool eight_plain(const char* p)
{
  constexpr std::uint64_t ones = 0x0101010101010101U;
  constexpr std::uint64_t highs = 0x8080808080808080U;
  std::uint64_t x = 0;
  std::memcpy(&x, p, 8);
  // A byte is zero in (v - ones) & ~v & highs only if it is zero in v (a borrow makes false
  // positives only above a true one, so the test "is any byte zero" is exact).
  const auto any_zero = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
  const bool below_space = ((x - 0x20U * ones) & ~x & highs) != 0;
  return (x & highs) == 0 && !below_space && !any_zero(x ^ ('"' * ones)) && !any_zero(x ^ ('\\' * ones));
}

/// True for the ASCII bytes written as they are: all but quote, backslash and controls.
constexpr std::array<bool, 256> k_plain_ascii = [] {
  std::array<bool, 256> plain{};
  for (std::size_t c = 0x20; c < 0x80; ++c) {
    plain[c] = c != '"' && c != '\\';
  }
  return plain;
}();

/// Where the run of characters from `i` that need no escape ends: at the first quote, backslash,
/// control character or byte that is not UTF-8, or at the end of `text`.
std::size_t plain_run_end(std::string_view text, std::size_t i)
{
  // UTF-8 is checked on the way.
  while (i < text.size()) {
    if (i + 8 <= text.size() && eight_plain(text.data() + i)) {
      i += 8;
      continue;
    }
    // Eight bytes with one to look at, taken one by one (Vietnamese text has a letter of several
    // bytes every few bytes, and trying eight at each would fail as often).
    const std::size_t stop = std::min(i + 8, text.size());
    while (i < stop) {
      const char c = text[i];
      if (k_plain_ascii[static_cast<unsigned char>(c)]) {
        ++i;
        continue;
      }
      const std::size_t length = static_cast<unsigned char>(c) >= 0x80 ? load::utf8_length(text, i) : 0;
      if (length == 0) {
        return i;
      }
      i += length;
    }
  }
  return i;
}

} // namespace

bool append_json_characters(std::string& out, std::string_view text)
{
  // Runs of characters that need no escape are copied whole.
  std::size_t i = 0;
  for (;;) {
    const std::size_t end = plain_run_end(text, i);
    out.append(text.data() + i, end - i);
    if (end == text.size()) {
      return true;
    }
    const char c = text[end];
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
    i = end + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      constexpr std::string_view hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    }
    }
  }
}

bool plain_json_characters(std::string_view text)
{
  return plain_run_end(text, 0) == text.size();
}

void append_json_string(std::string& out, std::string_view text)
{
  // A short text with nothing to escape (a code, a name) in one append with its quotes: appending
  // each quote cost as much as the text.
  constexpr std::size_t k_short = 62;
  if (text.size() <= k_short && plain_json_characters(text)) {
    std::array<char, k_short + 2> quoted; // written before it is read
    quoted[0] = '"';
    std::memcpy(quoted.data() + 1, text.data(), text.size());
    quoted[text.size() + 1] = '"';
    out.append(quoted.data(), text.size() + 2);
    return;
  }
  const std::size_t start = out.size();
  out += '"';
  if (!append_json_characters(out, text)) {
    out.resize(start);
    out += nlohmann::json(std::string(text)).dump();
    return;
  }
  out += '"';
}

std::string json_string(std::string_view text)
{
  std::string out;
  append_json_string(out, text);
  return out;
}

} // namespace ntm::report
