#include "load/number.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

using ntm::load::format_number;
using ntm::load::k_number_room;
using ntm::load::parse_count;
using ntm::load::parse_decimal;
using ntm::load::parse_short_decimal;
using ntm::load::write_decimal;
using ntm::load::write_number;

TEST_CASE("plain decimals are read exactly")
{
  CHECK(*parse_decimal("62.66").value == 62.66);
  CHECK(*parse_decimal("-3").value == -3.0);
  CHECK(*parse_decimal("0.5").value == 0.5);
  CHECK(*parse_decimal("100").value == 100.0);
}

TEST_CASE("a short decimal reads as parse_decimal reads it, and nothing else does")
{
  for (const std::string text : {"62.66", "-3", "0.5", "100", "007.50", "-0", "-0.000", "123456789012345",
                                 "1.23456789012345", "-99999999999999.9"}) {
    INFO(text);
    REQUIRE(parse_short_decimal(text));
    CHECK(*parse_short_decimal(text) == *parse_decimal(text).value);
  }
  CHECK_FALSE(std::signbit(*parse_short_decimal("-0.000"))); // no negative zero
  // More than 15 digits, which parse_decimal reads otherwise, and what it refuses.
  for (const std::string text : {"1234567890123456", "0.1234567890123456", "", "-", ".5", "5.", "-.5",
                                 "1.2.3", "62,66", "1e3", "+1", " 1", "0x10", "nan"}) {
    INFO(text);
    CHECK_FALSE(parse_short_decimal(text));
  }
}

TEST_CASE("a count of digits reads as the decimal they write, however many")
{
  const std::string digits = "9876543210987654321";
  for (std::size_t n = 1; n <= digits.size(); ++n) {
    const std::string text = digits.substr(0, n);
    INFO(text);
    CHECK(parse_count(text).value == parse_decimal(text).value);
    CHECK(parse_count(text).problem == parse_decimal(text).problem);
    // A byte next to the digits in ASCII, at each place, is not a digit.
    for (std::size_t at = 0; at < n; ++at) {
      for (const char other : {'/', ':', ' '}) {
        std::string changed = text;
        changed[at] = other;
        CHECK_FALSE(parse_count(changed).value);
      }
    }
  }
  CHECK(*parse_count("0").value == 0.0);
  CHECK(*parse_count("000000000000042").value == 42.0);
}

TEST_CASE("negative zero reads as zero")
{
  const double value = *parse_decimal("-0").value;
  CHECK(value == 0.0);
  CHECK_FALSE(std::signbit(value));
}

TEST_CASE("a decimal comma is refused with a hint, never misread")
{
  const auto parsed = parse_decimal("62,66");
  CHECK_FALSE(parsed.value);
  CHECK(parsed.problem == "is not a number: use '.' as the decimal mark and no thousands separator");
}

TEST_CASE("nan, inf, exponents and words are not numbers")
{
  for (const char* text : {"nan", "inf", "1e999", "1e5", "abc", "+5", ".5", "5.", "1 000"}) {
    INFO(text);
    const auto parsed = parse_decimal(text);
    CHECK_FALSE(parsed.value);
    CHECK(parsed.problem == "is not a number");
  }
  CHECK(parse_decimal("").problem == "is empty, a number is expected");
}

TEST_CASE("numbers above 2^53 are refused")
{
  CHECK(*parse_decimal("9007199254740992").value == 9007199254740992.0);
  CHECK(parse_decimal("9007199254740993000").problem == "is too large (above 2^53)");
}

TEST_CASE("counts are whole and non-negative")
{
  CHECK(*parse_count("4200").value == 4200.0);
  CHECK(parse_count("4.200").problem == "is not a whole number: write counts without thousands separators");
  CHECK(parse_count("4,200").problem == "is not a whole number: write counts without thousands separators");
  CHECK(parse_count("-3").problem == "is negative, a count cannot be");
  CHECK(parse_count("x").problem == "is not a whole number");
}

TEST_CASE("numbers are shown without trailing zeros")
{
  CHECK(format_number(4.6) == "4.6");
  CHECK(format_number(62.66) == "62.66");
  CHECK(format_number(100.0) == "100");
  CHECK(format_number(3.19047619) == "3.19");
  CHECK(format_number(-0.001) == "0");
}

namespace {

/// format_number as it was written before its own rounding: to_chars, then the zeros stripped.
std::string format_with_to_chars(double value, int decimals)
{
  char buffer[512];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string out(buffer, written.ptr);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') {
      out.pop_back();
    }
    if (out.back() == '.') {
      out.pop_back();
    }
  }
  return out == "-0" ? "0" : out;
}

} // namespace

TEST_CASE("numbers are rounded as to_chars rounds them, halves to even")
{
  // Exact halves (binary fractions), values just off a half (1.005 is 1.00499…), whole numbers,
  // negatives, and values too large, too small or not finite for the short path.
  std::vector<double> values = {0.0,    -0.0,   0.5,     1.5,       2.5,    0.125,  0.375,     1.0625,
                                -2.5,   -0.125, 1.005,   2.675,     0.045,  62.66,  99.995,    100.0,
                                4200.0, 168.0,  1e-7,    -1e-7,     0x1p39, 0x1p40, 1e15,      1e300,
                                5e-324, 1e-310, -1e-310, 12345.678, 0.1,    0.7,    3.19047619};
  // A fixed walk through many magnitudes and fractions (a linear congruential sequence).
  std::uint64_t state = 20231;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) / 0x1p53;
    const double magnitude = std::pow(10.0, static_cast<int>(state % 13) - 4);
    values.push_back((state & 1) != 0 ? -unit * magnitude : unit * magnitude);
    // Halves at the last shown place: k + 0.5 units of 10^-decimals, as near as a double gets.
    values.push_back((std::floor(unit * 1000) + 0.5) / 100);
  }
  for (const double value : values) {
    for (int decimals = 0; decimals <= 10; ++decimals) {
      INFO(value << " with " << decimals << " decimals");
      REQUIRE(format_number(value, decimals) == format_with_to_chars(value, decimals));
    }
  }
  CHECK(format_number(2.5, 0) == "2");
  CHECK(format_number(0.125, 2) == "0.12");
  CHECK(format_number(0.375, 2) == "0.38");
  CHECK(format_number(1.005, 2) == "1");
  CHECK(format_number(std::nan(""), 2) == "nan");
  CHECK(format_number(-std::numeric_limits<double>::infinity(), 2) == "-inf");
}

TEST_CASE("numbers written in place are those format_number gives, and the longest fits its room")
{
  char buffer[k_number_room];
  const auto written = [&](double value, int decimals) {
    return std::string(buffer, write_number(buffer, value, decimals));
  };
  CHECK(written(62.66, 2) == "62.66");
  CHECK(written(4.5, 1) == "4.5");
  CHECK(written(-12.004, 2) == "-12");
  CHECK(written(-0.004, 2) == "0");
  CHECK(written(0.05, 2) == "0.05");
  CHECK(written(1234567.891, 9) == "1234567.891");
  const double longest = -std::numeric_limits<double>::max();
  CHECK(written(longest, 10) == format_with_to_chars(longest, 10));
}

TEST_CASE("decimals are written from their digits without trailing zeros, zero without a sign")
{
  char buffer[32];
  const auto written = [&](bool negative, std::uint64_t digits, int places) {
    return std::string(buffer, write_decimal(buffer, negative, digits, places));
  };
  CHECK(written(false, 12345, 2) == "123.45");
  CHECK(written(true, 5, 3) == "-0.005");
  CHECK(written(false, 120, 1) == "12");
  CHECK(written(false, 1000, 3) == "1");
  CHECK(written(false, 7, 0) == "7");
  CHECK(written(false, 100, 0) == "100");
  CHECK(written(true, 0, 9) == "0");
  CHECK(written(true, 1000000000, 9) == "-1");
  CHECK(written(false, 1540816327, 9) == "1.540816327");
  CHECK(written(false, std::numeric_limits<std::uint64_t>::max(), 9) == "18446744073.709551615");
}

TEST_CASE("numbers above 2^53 are refused as written, not as rounded to a double")
{
  // 2^53 + 1 rounds to 2^53 as a double: only the digits tell them apart.
  CHECK(parse_decimal("9007199254740993").problem == "is too large (above 2^53)");
  CHECK(parse_decimal("9007199254740992.5").problem == "is too large (above 2^53)");
  CHECK(parse_decimal("-9007199254740993").problem == "is too large (above 2^53)");
  CHECK(parse_count("9007199254740993").problem == "is too large (above 2^53)");
  CHECK(*parse_count("0009007199254740992").value == 9007199254740992.0);
}

TEST_CASE("negative zero is zero as a count too")
{
  CHECK(*parse_count("-0").value == 0.0);
  CHECK(*parse_count("-000").value == 0.0);
  CHECK(parse_count("-01").problem == "is negative, a count cannot be");
  CHECK(parse_count("-").problem == "is negative, a count cannot be");
}

TEST_CASE("a decimal is compared with a bound as written, not as rounded")
{
  using ntm::load::compare_decimal;
  CHECK(compare_decimal("100.00000000000000001", 100) == 1); // reads as 100.0
  CHECK(compare_decimal("99.999999999999999999", 100) == -1);
  CHECK(compare_decimal("100.0000001", 100) == 1);
  CHECK(compare_decimal("100.000", 100) == 0);
  CHECK(compare_decimal("-0", 0) == 0);
  CHECK(compare_decimal("-0.000000000000000000001", 0) == -1);
  CHECK(compare_decimal("0.1", 0.1) == 0); // the bound as a rule writes it, not its binary value
  CHECK(compare_decimal("0.10000000000000000001", 0.1) == 1);
  CHECK(compare_decimal("62.66", 1000) == -1);
  CHECK(compare_decimal("-5", -4.5) == -1);
}

TEST_CASE("a decimal reads as from_chars reads it, whether it has 15 digits or more")
{
  for (const char* text :
       {"0.1", "0.3", "62.66", "-99.99", "999999999999999", "0.000000000000001", "123456789.012345",
        "1234567890.123456", "0.30000000000000004", "9007199254740992", "-0.0000000000000000000001"}) {
    INFO(text);
    const std::string_view view(text);
    double expected = 0;
    std::from_chars(view.data(), view.data() + view.size(), expected);
    CHECK(*parse_decimal(text).value == expected);
  }
}

TEST_CASE("a decimal of up to 15 digits equal to a bound once rounded is the bound as written")
{
  using ntm::load::compare_decimal;
  CHECK(compare_decimal("0.30000000000000", 0.1 + 0.2) == -1); // the bound is 0.30000000000000004
  CHECK(compare_decimal("0.300000000000000040", 0.1 + 0.2) == 0);
  CHECK(compare_decimal("99.9999999999999", 99.9999999999999) == 0);
  CHECK(compare_decimal("1.10", 1.1) == 0);
}
