#include "load/json_submission.hpp"

#include "load/submission_loader.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

using ntm::test::messages;
using ntm::test::SubmissionText;
using ntm::test::value;
using Messages = std::vector<std::string>;

namespace {

ntm::Loaded<ntm::model::Submission> load(const std::string& text)
{
  return ntm::load::load_submission_json({"request", text}, ntm::test::rule_base().book());
}

Messages errors(const std::string& text)
{
  const auto loaded = load(text);
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

/// A JSON form for Bến Tre 2024, dbscl, with `sets` as given.
std::string form(const std::string& sets, const std::string& extra = "")
{
  return R"({"year": 2024, "region": "dbscl", )" + extra +
         R"("commune": {"code": "83001", "name": "Xã Thử Nghiệm", "district": "Huyện Thử", "province": "Bến Tre"},
 "sets": )" +
         sets + "}";
}

} // namespace

TEST_CASE("the JSON form loads to the submission its XML gives")
{
  SubmissionText xml;
  xml.claim = "ntm";
  xml.set("xa-ntm", {value("1.1", "dat", "self-assessment=\"dat\""), value("10", "62.66"),
                     ntm::test::counts("11", "30", "1000"), value("13.1", "kha"), value("13.2", "khong-co")});
  const ntm::model::Submission expected = ntm::test::load_submission(xml);
  const auto loaded = load(form(R"({"xa-ntm": {"1.1": {"value": "dat", "self-assessment": "dat"}, "10": 62.66,
                                    "11": "30 / 1000", "13.1": "kha", "13.2": "khong-co"}})",
                                R"("claim": "ntm", "special-difficulty": false, )"));
  REQUIRE(messages(loaded.errors) == Messages{});
  REQUIRE(loaded.value);
  const ntm::model::Submission& got = *loaded.value;
  CHECK(got.year == expected.year);
  CHECK(got.region == expected.region);
  CHECK(got.commune.name == expected.commune.name);
  CHECK(got.commune.province == expected.commune.province);
  CHECK(got.claim == expected.claim);
  REQUIRE(got.sets.size() == 1);
  REQUIRE(got.sets[0].indicators.size() == expected.sets[0].indicators.size());
  for (std::size_t i = 0; i < got.sets[0].indicators.size(); ++i) {
    const auto& a = got.sets[0].indicators[i];
    const auto& b = expected.sets[0].indicators[i];
    INFO(a.code);
    CHECK(a.code == b.code);
    CHECK(a.number == b.number);
    CHECK(a.symbol == b.symbol);
    CHECK(a.not_applicable == b.not_applicable);
    CHECK(a.numerator == b.numerator);
    CHECK(a.denominator == b.denominator);
    CHECK(a.self_assessment == b.self_assessment);
  }
}

TEST_CASE("a value not given in the JSON form is missing, not an error")
{
  const auto loaded = load(form(R"({"xa-ntm": {"1.1": "", "10": null}})"));
  REQUIRE(loaded.value);
  CHECK(loaded.value->sets[0].indicators.size() == 2);
  CHECK_FALSE(loaded.value->sets[0].indicators[1].number);
}

TEST_CASE("malformed JSON is reported at its line and column")
{
  CHECK(
      errors("{\"year\": 2024,\n  \"region\": dbscl}") ==
      Messages{"request:2:13: malformed JSON: syntax error while parsing value - invalid literal; last read: "
               "'\"region\": d'"});
  CHECK(errors("") == Messages{"request:1:1: malformed JSON: syntax error while parsing value - unexpected "
                               "end of input; expected '[', '{', or a literal"});
  CHECK(errors("[1]") == Messages{"request#: a submission in JSON is an object, not an array"});
  // Found by fuzz_json: nlohmann throws out_of_range, not parse_error, for a number past a double.
  CHECK(errors("{\"year\": 1E400}") ==
        Messages{"request:1:1: malformed JSON: number overflow parsing '1E400'"});
}

TEST_CASE("the JSON form's keys are checked and located by JSON pointer")
{
  CHECK(errors(R"({"region": "dbscl", "colour": 1, "special-difficulty": "yes"})") ==
        Messages{"request#/colour: unknown key 'colour' (keys: year, region, special-difficulty, commune, "
                 "claim, sets)",
                 "request#: missing key 'year'",
                 "request#/special-difficulty: key 'special-difficulty' must be true or false, not \"yes\"",
                 "request#: missing key 'commune'"});
  CHECK(
      errors(form(R"({"xa-ntm": [], "xa-mystery": {}})")) ==
      Messages{"request#/sets/xa-ntm: set 'xa-ntm' must be an object (indicator code -> value), not an array",
               "request#/sets/xa-mystery: unknown set 'xa-mystery'"});
}

TEST_CASE("a province the rules spell otherwise is an error in the JSON form too")
{
  const auto xml = ntm::load::load_submission(
      {"x.xml",
       R"(<submission year="2024" region="dbscl"><commune code="83001" name="X" district="D" province="Tra Vinh"/></submission>)"},
      ntm::test::rule_base().book());
  REQUIRE(xml.errors.size() == 1);
  CHECK(errors(R"({"year": 2024, "region": "dbscl",
                   "commune": {"code": "83001", "name": "X", "district": "D", "province": "Tra Vinh"}})") ==
        Messages{"request#/commune/province: " + xml.errors[0].message});
}

TEST_CASE("the JSON form's values get the XML loader's checks and messages")
{
  CHECK(errors(form(R"({"xa-ntm": {"11": "abc", "10": "1e5", "1.1": "maybe", "13.1": ["kha"],
                                   "12": "1", "11/2": "1"}})")) ==
        Messages{
            "request#/sets/xa-ntm/11: value 'abc' of indicator '11' is not a number",
            "request#/sets/xa-ntm/10: value '1e5' of indicator '10' is not a number",
            "request#/sets/xa-ntm/1.1: value 'maybe' of indicator '1.1' must be 'dat' or 'khong-dat'",
            "request#/sets/xa-ntm/13.1: indicator '13.1' must have text, a number or an object, not an array",
            "request#/sets/xa-ntm/12: unknown indicator '12' in set 'xa-ntm', did you mean '10'?",
            "request#/sets/xa-ntm/11~12: unknown indicator '11/2' in set 'xa-ntm'"});
  CHECK(errors(form(
            R"({"xa-ntm": {"11": "40/30", "1.1": {"value": "dat", "self-assessment": "ok", "x": 1}}})")) ==
        Messages{"request#/sets/xa-ntm/11: numerator 40 is larger than denominator 30 for indicator '11'",
                 "request#/sets/xa-ntm/1.1/x: unknown key 'x' (keys: value, numerator, denominator, "
                 "self-assessment)",
                 "request#/sets/xa-ntm/1.1/self-assessment: self-assessment must be 'dat' or 'khong-dat', "
                 "not 'ok'"});
}
