#pragma once

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

/// Reads a count of things: a whole, non-negative number not above 2^53.
ParsedNumber parse_count(std::string_view text);

/// Shortest plain rendering of `value` with at most `decimals` decimals (`4.6`, `62.66`, `100`).
std::string format_number(double value, int decimals = 2);

} // namespace ntm::load
