#include "load/number.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ntm::load {

namespace {

constexpr double k_max_exact_integer = 9007199254740992.0; // 2^53

bool all_digits(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

} // namespace

ParsedNumber parse_decimal(std::string_view text)
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
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    result.problem = "is out of range";
    return result;
  }
  if (std::fabs(value) > k_max_exact_integer) {
    result.problem = "is too large (above 2^53)";
    return result;
  }
  result.value = value == 0 ? 0.0 : value; // no negative zero
  return result;
}

ParsedNumber parse_count(std::string_view text)
{
  ParsedNumber result;
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
  ParsedNumber parsed = parse_decimal(text);
  if (!parsed.value) {
    return parsed;
  }
  result.value = parsed.value;
  return result;
}

std::string format_number(double value, int decimals)
{
  char buffer[64];
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
  if (out == "-0") {
    out = "0";
  }
  return out;
}

} // namespace ntm::load
