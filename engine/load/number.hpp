#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntm::load {

/// A number read from a file, or why it is not one.
struct ParsedNumber {
  std::optional<double> value;
  std::string problem; // set when value is empty: "is not a number", with a hint where one helps
};

/// Reads a plain decimal (`62.66`, `-3`, `0.5`): `.` as the decimal mark, no exponent, no
/// thousands separators, no `nan`/`inf`. `62,66` is refused with a hint, never misread.
ParsedNumber parse_decimal(std::string_view text);

/// What parse_decimal reads from the usual value, a plain decimal of at most 15 digits, read in one
/// pass; empty for anything else, which parse_decimal reads, or refuses, part by part. Of at most
/// 15 digits, a decimal is compared with its bounds as the double it reads as (see compare_decimal).
std::optional<double> parse_short_decimal(std::string_view text);

/// Reads a count of things: a whole, non-negative number not above 2^53.
ParsedNumber parse_count(std::string_view text);

/// Compares `text`, a number `parse_decimal` accepts, with `bound` as written, not as rounded to a
/// double: -1 below, 0 equal, 1 above. `100.00000000000000001` is above 100 although it reads as 100.
int compare_decimal(std::string_view text, double bound);
/// compare_decimal of `text` with `bound` when the text reads as `bound`: digit by digit.
int compare_equal_decimal(std::string_view text, double bound);
/// compare_decimal, given `value`, what `parse_decimal(text)` read, so that the text is not read
/// again. Inline up to a text that reads as `bound`: every value is compared with its bounds.
inline int compare_decimal(std::string_view text, double value, double bound)
{
  if (value != bound) {
    // Rounding to a double keeps order, so unequal doubles order their texts.
    return value < bound ? -1 : 1;
  }
  return compare_equal_decimal(text, bound);
}

/// Shortest plain rendering of `value` with at most `decimals` decimals (`4.6`, `62.66`, `100`).
std::string format_number(double value, int decimals = 2);
/// Writes `digits` × 10^-`places` (`places` at most 9) into `buffer` (room for 32 characters), as
/// format_number writes a number: without the trailing zeros of its fraction, nor its point when
/// they are all of it, and zero as `0`, whatever `negative` says. Returns the length written.
std::size_t write_decimal(char* buffer, bool negative, std::uint64_t digits, int places);
/// Room for what write_number writes of any double with the decimals of a report.
inline constexpr std::size_t k_number_room = 512;
/// Writes `format_number(value, decimals)` into `buffer`, which has k_number_room characters, and
/// returns its length: a message takes the number without a string of its own.
std::size_t write_number(char* buffer, double value, int decimals = 2);

} // namespace ntm::load
