// Fuzz target: derived values and targets across sets. The bytes choose a small rule book of
// three sets (xa-a, xa-b, xa-c, each possibly with a provincial version) whose indicators take
// their value from another set's (`value-from`) and whose targets are factors of another set's
// target (`factor`, `of`), references that may loop, point at themselves or at nothing; then a
// submission for it. Both are written as XML and go through the loaders, the dependency graph,
// the evaluator and the reports, as files would.
#include "fuzz_support.hpp"

#include "load/submission_loader.hpp"

#include <array>
#include <string_view>

namespace {

/// Hands out the fuzzer's bytes as small choices; past the end every choice is 0, which the
/// generators below take for the plain, valid option.
class Choices {
public:
  Choices(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

  unsigned byte() { return m_pos < m_size ? m_data[m_pos++] : 0U; }
  bool flag() { return (byte() & 1U) != 0; }
  /// A number from 0 to `count` - 1.
  std::size_t below(std::size_t count) { return count == 0 ? 0 : byte() % count; }

  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& options)
  {
    return options[below(N)];
  }

private:
  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_pos = 0;
};

constexpr std::array<std::string_view, 3> k_refs = {"xa-a", "xa-b", "xa-c"};
constexpr std::array<std::string_view, 4> k_types = {"number", "percent", "bool", "grade"};
constexpr std::array<std::string_view, 6> k_ops = {"ge", "le", "gt", "lt", "eq", "ge"};
// Numbers as people and programs write them, well and badly.
constexpr std::array<std::string_view, 24> k_numbers = {"0",
                                                        "1",
                                                        "1.1",
                                                        "0.5",
                                                        "50",
                                                        "100",
                                                        "100.0000001",
                                                        "-0",
                                                        "-3",
                                                        "62.66",
                                                        "62,66",
                                                        "4.200",
                                                        "1e999",
                                                        "nan",
                                                        "inf",
                                                        "9007199254740993",
                                                        "2",
                                                        "0.0001",
                                                        "1000",
                                                        "99.99",
                                                        "",
                                                        "10.5",
                                                        "9007199254740992",
                                                        "0.75"};
constexpr std::array<std::string_view, 8> k_regions = {"",    "dbscl",        "tdmnpb", "dbsh btb",
                                                       "dnb", "tdmnpb dbscl", "tn",     "dbcl"};
constexpr std::array<std::string_view, 5> k_years = {"", "2023", "2024", "2023 2025", "2026"};

std::string quoted(std::string_view name, std::string_view value)
{
  return " " + std::string(name) + "=\"" + std::string(value) + "\"";
}

/// A reference to an indicator: mostly one that exists, sometimes one that does not.
std::string indicator_ref(Choices& choices)
{
  const std::size_t set = choices.below(4);
  const std::string ref = set < 3 ? std::string(k_refs[set]) : std::string("xa-z");
  return ref + ":" + std::to_string(1 + choices.below(4));
}

std::string target(Choices& choices, std::string_view type)
{
  std::string xml = "      <target";
  if (type == "bool") {
    xml += quoted("op", "eq") + quoted("value", "dat");
  } else if (type == "grade") {
    xml += quoted("op", choices.flag() ? "ge" : "eq") + quoted("value", choices.flag() ? "g2" : "g1");
  } else {
    xml += quoted("op", choices.pick(k_ops));
    if (choices.below(3) == 0) {
      xml += quoted("value", choices.pick(k_numbers));
    } else {
      if (choices.flag()) {
        xml += quoted("factor", choices.pick(k_numbers));
      }
      xml += quoted("of", indicator_ref(choices));
    }
  }
  if (const std::string_view regions = choices.pick(k_regions); !regions.empty()) {
    xml += quoted("region", regions);
  }
  if (const std::string_view years = choices.pick(k_years); !years.empty()) {
    xml += quoted("year", years);
  }
  return xml + quoted("verified", "false") + quoted("source", "fuzz") + "/>\n";
}

std::string indicator(Choices& choices, std::size_t code)
{
  const std::string_view type = choices.pick(k_types);
  std::string xml = "    <indicator" + quoted("code", std::to_string(code)) + quoted("type", type) +
                    quoted("name", "chỉ tiêu " + std::to_string(code));
  if (choices.below(3) == 1) {
    xml += quoted("value-from", indicator_ref(choices));
  }
  if (type == "number" && choices.below(4) == 1) {
    xml += quoted("min", choices.pick(k_numbers));
  }
  if (type == "number" && choices.below(4) == 1) {
    xml += quoted("max", choices.pick(k_numbers));
  }
  xml += ">\n";
  if (type == "grade") {
    xml += "      <grade id=\"g1\" name=\"một\"/>\n      <grade id=\"g2\" name=\"hai\"/>\n";
  }
  const std::size_t targets = 1 + choices.below(2);
  for (std::size_t i = 0; i < targets; ++i) {
    xml += target(choices, type);
  }
  return xml + "    </indicator>\n";
}

std::string rule_set(Choices& choices, std::string_view ref)
{
  std::string xml =
      "<rule-set" + quoted("id", std::string(ref) + "@1") + quoted("ref", ref) +
      quoted("name", "bộ " + std::string(ref)) + quoted("from-year", "2023") + quoted("to-year", "2025") +
      ">\n" + "  <legal-basis decision=\"1/QĐ\" date=\"2023-01-01\" verified=\"false\" source=\"fuzz\"/>\n";
  const std::size_t criteria = 1 + choices.below(2);
  std::size_t code = 1;
  for (std::size_t c = 0; c < criteria; ++c) {
    xml += "  <criterion" + quoted("id", std::to_string(c + 1)) + quoted("name", "tiêu chí") + ">\n";
    const std::size_t indicators = 1 + choices.below(3);
    for (std::size_t i = 0; i < indicators; ++i) {
      xml += indicator(choices, code++);
    }
    xml += "  </criterion>\n";
  }
  return xml + "</rule-set>\n";
}

/// A provincial version of `ref` overriding one indicator's targets.
std::string provincial_set(Choices& choices, std::string_view ref)
{
  const std::string_view type = choices.pick(k_types);
  return "<rule-set" + quoted("id", std::string(ref) + "@tinh") + quoted("ref", ref) +
         quoted("name", "bộ tỉnh") + quoted("from-year", "2023") + quoted("to-year", "2025") +
         quoted("extends", std::string(ref) + "@1") +
         ">\n  <legal-basis decision=\"2/QĐ\" date=\"2023-02-01\" verified=\"false\" source=\"fuzz\"/>\n" +
         "  <applies-to province=\"Tỉnh A\"/>\n" + "  <override" +
         quoted("indicator", std::to_string(1 + choices.below(4))) + ">\n" + target(choices, type) +
         "  </override>\n</rule-set>\n";
}

constexpr std::string_view k_levels = R"(<levels none-id="chua-dat" none-name="Chưa đạt">
  <level id="l1" rank="1" name="một"><requires set="xa-a"/></level>
  <level id="l2" rank="2" name="hai"><requires level="l1"/><requires set="xa-b"/></level>
  <level id="l3" rank="3" name="ba"><requires level="l2"/><requires set="xa-c"/></level>
</levels>
)";

std::string value_of(Choices& choices, const ntm::model::Indicator& indicator)
{
  using ntm::model::IndicatorType;
  switch (indicator.type) {
  case IndicatorType::boolean:
    return quoted("value", choices.flag() ? "dat" : "khong-dat");
  case IndicatorType::grade:
    return quoted("value", choices.flag() ? "g1" : "g2");
  case IndicatorType::percent:
    if (choices.flag()) {
      return quoted("numerator", choices.pick(k_numbers)) + quoted("denominator", choices.pick(k_numbers));
    }
    return quoted("value", choices.pick(k_numbers));
  case IndicatorType::number:
    break;
  }
  return quoted("value", choices.pick(k_numbers));
}

std::string submission(Choices& choices, const ntm::model::RuleBook& book)
{
  const std::string_view year = choices.pick(std::array<std::string_view, 3>{"2023", "2024", "2025"});
  const std::string_view province = choices.flag() ? "Tỉnh A" : "Tỉnh B";
  std::string xml =
      "<submission" + quoted("year", year) + quoted("region", choices.flag() ? "dbscl" : "tdmnpb") +
      quoted("special-difficulty", choices.flag() ? "true" : "false") + ">\n" +
      "  <commune code=\"12345\" name=\"Xã\" district=\"Huyện\"" + quoted("province", province) + "/>\n";
  if (choices.below(3) == 1) {
    xml += "  <claim" + quoted("level", choices.pick(std::array<std::string_view, 3>{"l1", "l2", "l3"})) +
           "/>\n";
  }
  for (std::string_view ref : k_refs) {
    const ntm::model::RuleSet* version = book.select(ref, province, std::stoi(std::string(year)));
    if (!version || choices.below(4) == 3) {
      continue;
    }
    xml += "  <set" + quoted("ref", ref) + ">\n";
    for (const auto& criterion : version->criteria) {
      for (const auto& indicator : criterion.indicators) {
        if (!indicator.value_from && choices.below(4) != 3) {
          xml += "    <indicator" + quoted("code", indicator.code) + value_of(choices, indicator) + "/>\n";
        }
      }
    }
    xml += "  </set>\n";
  }
  return xml + "</submission>\n";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  Choices choices(data, size);
  std::vector<ntm::load::NamedText> files = {{"levels.xml", std::string(k_levels)}};
  for (std::string_view ref : k_refs) {
    files.push_back({std::string(ref) + ".xml", rule_set(choices, ref)});
    if (choices.below(3) == 1) {
      files.push_back({std::string(ref) + "-tinh.xml", provincial_set(choices, ref)});
    }
  }
  const auto rules = ntm::eval::RuleBase::load(files);
  ntm::fuzz::check_loaded(rules);
  if (!rules.value) {
    return 0;
  }
  const auto loaded =
      ntm::load::load_submission({"xa.xml", submission(choices, rules.value->book())}, rules.value->book());
  ntm::fuzz::check_loaded(loaded);
  if (loaded.value) {
    ntm::fuzz::evaluate_and_report(*rules.value, *loaded.value);
  }
  return 0;
}
