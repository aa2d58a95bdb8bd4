#include "load/number.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using ntm::load::format_number;
using ntm::load::parse_count;
using ntm::load::parse_decimal;

TEST_CASE("plain decimals are read exactly")
{
  CHECK(*parse_decimal("62.66").value == 62.66);
  CHECK(*parse_decimal("-3").value == -3.0);
  CHECK(*parse_decimal("0.5").value == 0.5);
  CHECK(*parse_decimal("100").value == 100.0);
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

TEST_CASE("numbers are shown as printf(\"%.*f\") shows them, trailing zeros dropped, for every kind of value")
{
  // The reference: printf itself, then the same trimming.
  const auto printed = [](double value, int decimals) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
      while (out.back() == '0') {
        out.pop_back();
      }
      if (out.back() == '.') {
        out.pop_back();
      }
    }
    return out == "-0" ? std::string("0") : out;
  };
  std::mt19937_64 random(20231);
  std::vector<double> values{0.0,   -0.0,    0.5,       1.5,     2.5, -2.5,      0.125, 0.005, 0.015, 1e-7,
                             -1e-7, 999.995, 123456789, 1e9 - 1, 1e9, 1e9 + 0.5, 1e15,  -1e15, 1e300, 5e-324};
  for (int i = 0; i < 20000; ++i) {
    // Decimals as submissions write them (k / 10^d), and doubles of any magnitude.
    const auto d = static_cast<int>(random() % 7);
    const auto k = static_cast<std::int64_t>(random() % 2000000001) - 1000000000;
    values.push_back(static_cast<double>(k) / std::pow(10.0, d));
    values.push_back(std::ldexp(static_cast<double>(random() >> 11), static_cast<int>(random() % 80) - 70) *
                     (random() % 2 ? 1 : -1));
  }
  for (const double value : values) {
    for (int decimals = 0; decimals <= 7; ++decimals) {
      INFO(value << " with " << decimals << " decimals");
      REQUIRE(format_number(value, decimals) == printed(value, decimals));
    }
  }
}
