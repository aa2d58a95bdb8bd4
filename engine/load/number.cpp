#include "load/number.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace ntm::load {

namespace {

constexpr std::string_view k_max_exact_integer = "9007199254740992"; // 2^53

// isdigit accepts only 0-9 in every locale; compared inline, as it runs for each digit of each value.
bool all_digits(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Up to this many digits, a decimal's digits read as a whole number are exact in a double, as is
/// any power of ten that places its mark; and no two such decimals round to the same double
/// (DBL_DIG, 15 for an IEEE double).
constexpr std::size_t k_exact_digits = 15;
constexpr double k_powers_of_ten[k_exact_digits + 1] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// A plain decimal split into sign and digits, without leading zeros in `whole` or trailing zeros
/// in `fraction`, so that equal numbers have equal parts (`-0.50` and `-.5` alike; zero is never
/// negative).
struct Digits {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;
};

Digits digits_of(std::string_view text)
{
  Digits digits;
  if (!text.empty() && text.front() == '-') {
    digits.negative = true;
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  digits.whole = text.substr(0, dot);
  digits.fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  while (!digits.whole.empty() && digits.whole.front() == '0') {
    digits.whole.remove_prefix(1);
  }
  while (!digits.fraction.empty() && digits.fraction.back() == '0') {
    digits.fraction.remove_suffix(1);
  }
  if (digits.whole.empty() && digits.fraction.empty()) {
    digits.negative = false;
  }
  return digits;
}

/// -1, 0 or 1 as the magnitude of `a` is below, equal to or above that of `b`.
int compare_magnitudes(const Digits& a, const Digits& b)
{
  if (a.whole.size() != b.whole.size()) {
    return a.whole.size() < b.whole.size() ? -1 : 1;
  }
  if (const int whole = a.whole.compare(b.whole); whole != 0) {
    return whole < 0 ? -1 : 1;
  }
  // Without trailing zeros, fractions compare as strings: a prefix is the smaller.
  const int fraction = a.fraction.compare(b.fraction);
  return fraction < 0 ? -1 : (fraction > 0 ? 1 : 0);
}

/// Compares two plain decimals digit by digit.
int compare_digits(const Digits& a, const Digits& b)
{
  if (a.negative != b.negative) {
    return a.negative ? -1 : 1;
  }
  const int magnitude = compare_magnitudes(a, b);
  return a.negative ? -magnitude : magnitude;
}

/// What format_number writes for `value`, written into `buffer` (room for 32 characters), for the
/// usual value: finite, normal or zero, at most 9 decimals, and below 2^40 once scaled by
/// 10^decimals. Returns the length written, 0 for any other value, which to_chars writes instead.
/// Like to_chars it rounds the exact binary value to the nearest, a half to even: `p + e`, the
/// scaled value and the error of its rounding (exact with fma), is that value.
std::size_t write_short_number(char* buffer, double value, int decimals)
{
  constexpr int k_max_decimals = 9;
  constexpr double k_max_scaled = 0x1p40;
  const double magnitude = std::fabs(value);
  if (decimals < 0 || decimals > k_max_decimals || !(magnitude < k_max_scaled) ||
      (magnitude != 0 && magnitude < 0x1p-900)) {
    return 0;
  }
  const double scale = k_powers_of_ten[decimals];
  const double p = magnitude * scale;
  if (!(p < k_max_scaled)) {
    return 0;
  }
  const double e = std::fma(magnitude, scale, -p);
  const double whole = std::floor(p);
  // p, its whole part and 0.5 are multiples of p's ulp and |e| is at most half of it, so e moves
  // the rest across 0.5 only when it is 0.5.
  const double rest = p - whole;
  auto scaled = static_cast<std::uint64_t>(whole);
  if (rest > 0.5 || (rest == 0.5 && (e > 0 || (e == 0 && scaled % 2 == 1)))) {
    ++scaled;
  }
  return write_decimal(buffer, std::signbit(value), scaled, decimals);
}

} // namespace

namespace {

/// parse_decimal of a value parse_short_decimal does not read: part by part, or refused with why.
/// Not inline: the usual value is read without the frame that building a refusal needs.
[[gnu::noinline]] ParsedNumber parse_decimal_by_parts(std::string_view text)
{
  ParsedNumber result;
  std::string_view body = text;
  if (!body.empty() && body.front() == '-') {
    body.remove_prefix(1);
  }
  const auto dot = body.find('.');
  const std::string_view whole = body.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : body.substr(dot + 1);
  const bool well_formed = all_digits(whole) && (dot == std::string_view::npos || all_digits(fraction));
  if (!well_formed) {
    if (text.find(',') != std::string_view::npos) {
      result.problem = "is not a number: use '.' as the decimal mark and no thousands separator";
    } else if (text.empty()) {
      result.problem = "is empty, a number is expected";
    } else {
      result.problem = "is not a number";
    }
    return result;
  }
  // Compared as written: 2^53 + 1 would round to 2^53 as a double and pass unnoticed.
  static const Digits max_exact = digits_of(k_max_exact_integer);
  if (compare_magnitudes(digits_of(text), max_exact) > 0) {
    result.problem = "is too large (above 2^53)";
    return result;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    result.problem = "is out of range";
    return result;
  }
  result.value = value == 0 ? 0.0 : value; // no negative zero
  return result;
}

} // namespace

std::optional<double> parse_short_decimal(std::string_view text)
{
  const std::size_t start = !text.empty() && text.front() == '-' ? 1 : 0;
  std::size_t dot = std::string_view::npos;
  std::uint64_t digits = 0; // wraps only past k_exact_digits digits, which are not read here
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
    } else if (c == '.' && dot == std::string_view::npos) {
      dot = i;
    } else {
      return std::nullopt;
    }
  }
  // A mark has digits on both sides.
  const bool mark = dot != std::string_view::npos;
  if (text.size() == start || dot == start || (mark && dot + 1 == text.size()) ||
      text.size() - start - (mark ? 1 : 0) > k_exact_digits) {
    return std::nullopt;
  }
  // Both parts of the quotient are exact, so the one rounding of the division gives the nearest
  // double, as from_chars does (Clinger's fast path).
  const std::size_t decimals = mark ? text.size() - dot - 1 : 0;
  const double magnitude = static_cast<double>(digits) / k_powers_of_ten[decimals];
  return magnitude == 0 ? 0.0 : (start == 1 ? -magnitude : magnitude); // no negative zero
}

ParsedNumber parse_decimal(std::string_view text)
{
  if (const auto value = parse_short_decimal(text)) {
    return {value, {}};
  }
  return parse_decimal_by_parts(text);
}

ParsedNumber parse_count(std::string_view text)
{
  // The usual count, digits only and at most 15 of them, is read at once: exact in a double, it
  // is what parse_decimal would read.
  if (!text.empty() && text.size() <= k_exact_digits) {
    std::uint64_t count = 0;
    bool digits = true;
    for (const char c : text) {
      const auto digit = static_cast<std::uint64_t>(static_cast<unsigned char>(c)) - '0';
      digits = digits && digit <= 9;
      count = count * 10 + digit;
    }
    if (digits) {
      return {static_cast<double>(count), {}};
    }
  }
  ParsedNumber result;
  if (text.size() > 1 && text.front() == '-' && text.find_first_not_of('0', 1) == std::string_view::npos) {
    result.value = 0.0; // `-0` is zero, as in parse_decimal
    return result;
  }
  if (!all_digits(text)) {
    if (text.find('.') != std::string_view::npos || text.find(',') != std::string_view::npos) {
      result.problem = "is not a whole number: write counts without thousands separators";
    } else if (!text.empty() && text.front() == '-') {
      result.problem = "is negative, a count cannot be";
    } else {
      result.problem = "is not a whole number";
    }
    return result;
  }
  return parse_decimal(text);
}

int compare_decimal(std::string_view text, double bound)
{
  const ParsedNumber parsed = parse_decimal(text);
  assert(parsed.value);
  return compare_decimal(text, *parsed.value, bound);
}

int compare_equal_decimal(std::string_view text, double bound)
{
  // Equal once rounded (`100.00000000000000001` reads as 100): compare the digits with the
  // shortest decimal that gives `bound`, which is how a rule writes it. Of at most 15 digits, the
  // text is that decimal: the shortest has no more digits, and two such decimals are two doubles.
  if (std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) <=
      static_cast<std::ptrdiff_t>(k_exact_digits)) {
    return 0;
  }
  char buffer[512];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, bound, std::chars_format::fixed);
  if (ec != std::errc()) {
    return 0;
  }
  return compare_digits(digits_of(text),
                        digits_of(std::string_view(buffer, static_cast<std::size_t>(end - buffer))));
}

std::size_t write_decimal(char* buffer, bool negative, std::uint64_t digits, int places)
{
  assert(places >= 0 && places <= 9);
  while (places > 0 && digits % 10 == 0) {
    digits /= 10;
    --places;
  }
  const bool zero = digits == 0;
  // Written backwards from the last digit, two at a time as to_chars writes them: at most 20
  // digits, a point and a sign.
  static constexpr std::string_view k_pairs =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char text[32];
  char* const end = text + sizeof text;
  char* at = end;
  const auto pair = [&] {
    at -= 2;
    std::memcpy(at, k_pairs.data() + 2 * (digits % 100), 2);
    digits /= 100;
  };
  // The fraction's digits, then its point.
  for (; places >= 2; places -= 2) {
    pair();
  }
  if (places == 1) {
    *--at = static_cast<char>('0' + digits % 10);
    digits /= 10;
  }
  if (at != end) {
    *--at = '.';
  }
  // The whole part, at least one digit.
  while (digits >= 100) {
    pair();
  }
  if (digits >= 10) {
    pair();
  } else {
    *--at = static_cast<char>('0' + digits);
  }
  if (negative && !zero) {
    *--at = '-';
  }
  const auto length = static_cast<std::size_t>(end - at);
  std::memcpy(buffer, at, length);
  return length;
}

std::size_t write_number(char* buffer, double value, int decimals)
{
  // The usual value is written without to_chars, which costs several times more.
  if (const std::size_t length = write_short_number(buffer, value, decimals)) {
    return length;
  }
  // What printf("%.*f") writes, without its locale and format parsing.
  const auto written =
      std::to_chars(buffer, buffer + k_number_room, value, std::chars_format::fixed, decimals);
  if (written.ec != std::errc()) {
    return 0;
  }
  std::string_view text(buffer, static_cast<std::size_t>(written.ptr - buffer));
  if (text.find('.') != std::string_view::npos) {
    while (text.back() == '0') {
      text.remove_suffix(1);
    }
    if (text.back() == '.') {
      text.remove_suffix(1);
    }
  }
  if (text == "-0") {
    buffer[0] = '0';
    return 1;
  }
  return text.size();
}

std::string format_number(double value, int decimals)
{
  char buffer[k_number_room];
  return {buffer, write_number(buffer, value, decimals)};
}

} // namespace ntm::load
