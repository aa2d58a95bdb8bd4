#include "eval/evaluator.hpp"

#include "fixtures.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <iomanip>
#include <sstream>
#include <stdexcept>

using ntm::eval::Evaluation;
using ntm::eval::Finding;
using ntm::eval::IndicatorResult;
using ntm::eval::Outcome;
using ntm::eval::Severity;
using ntm::model::Op;
using ntm::model::Region;
using ntm::test::counts;
using ntm::test::evaluate;
using ntm::test::finding_codes;
using ntm::test::SubmissionText;
using ntm::test::value;
using Codes = std::vector<std::string>;

namespace {

const IndicatorResult& result(const Evaluation& evaluation, const std::string& ref, const std::string& code)
{
  const auto* set = evaluation.find_set(ref);
  REQUIRE(set);
  const auto* indicator = set->find(code);
  REQUIRE(indicator);
  return *indicator;
}

const ntm::eval::CriterionResult& criterion(const Evaluation& evaluation, const std::string& ref,
                                            const std::string& id)
{
  const auto* set = evaluation.find_set(ref);
  REQUIRE(set);
  for (const auto& criterion : set->criteria) {
    if (criterion.rule->id == id) {
      return criterion;
    }
  }
  FAIL("no criterion " << id << " in " << ref);
  throw std::logic_error("unreachable");
}

Codes blocks(const ntm::eval::CriterionResult& criterion)
{
  return {criterion.blocks.begin(), criterion.blocks.end()};
}

/// A submission of xa-ntm alone (lines 5 and on hold `indicators`).
SubmissionText national(std::vector<std::string> indicators)
{
  SubmissionText text;
  text.set("xa-ntm", std::move(indicators));
  return text;
}

/// Every national value met, with `code` given as `replacement` instead (or left out when empty).
std::vector<std::string> national_with(const std::string& code, const std::string& replacement)
{
  std::vector<std::string> out;
  for (const std::string& line : ntm::test::national_all_met()) {
    if (line.find("code=\"" + code + "\"") == std::string::npos) {
      out.push_back(line);
    } else if (!replacement.empty()) {
      out.push_back(replacement);
    }
  }
  return out;
}

/// Rules of one set `s` whose one indicator, 1.1, has a target in the tn region only.
ntm::Loaded<ntm::eval::RuleBase> tn_only_rules()
{
  const std::string levels = "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n"
                             "  <level id=\"dat\" rank=\"1\" name=\"Đạt\"><requires set=\"s\"/></level>\n"
                             "</levels>\n";
  const std::string set =
      "<rule-set id=\"s@1\" ref=\"s\" name=\"Bộ\" from-year=\"2022\" to-year=\"2025\">\n"
      "  <legal-basis decision=\"1\" date=\"2022-01-01\" verified=\"true\" source=\"s\"/>\n"
      "  <criterion id=\"1\" name=\"Một\">\n"
      "    <indicator code=\"1.1\" type=\"percent\" name=\"Tỷ lệ\">\n"
      "      <target op=\"ge\" value=\"80\" region=\"tn\" verified=\"true\" source=\"s\"/>\n"
      "    </indicator>\n"
      "  </criterion>\n"
      "</rule-set>\n";
  return ntm::eval::RuleBase::load(std::vector<ntm::load::NamedText>{{"levels.xml", levels}, {"s.xml", set}});
}

const Finding& only_finding(const Evaluation& evaluation)
{
  REQUIRE(evaluation.findings.size() == 1);
  return evaluation.findings[0];
}

} // namespace

// Targets in dbscl 2024 for a commune outside Trà Vinh: income ≥ 54, poverty ≤ 4, cooperative ≥ kha.

TEST_CASE("a value exactly at a ≥ target meets it, just below does not")
{
  const auto at = result(evaluate(national({value("10", "54")})), "xa-ntm", "10");
  CHECK(at.outcome == Outcome::met);
  CHECK(at.number == 54.0);
  CHECK(at.target->op == Op::ge);
  CHECK(at.target->number == 54.0);
  CHECK(at.gap == 0.0);
  CHECK(at.margin == 0.0);

  const auto below = result(evaluate(national({value("10", "53.99")})), "xa-ntm", "10");
  CHECK(below.outcome == Outcome::not_met);
  CHECK(*below.gap == Approx(0.01));
  CHECK(*below.margin == Approx(-0.01));
}

TEST_CASE("a value exactly at a ≤ target meets it, just above does not")
{
  const auto at = result(evaluate(national({value("11", "4")})), "xa-ntm", "11");
  CHECK(at.outcome == Outcome::met);
  CHECK(at.target->op == Op::le);
  CHECK(at.target->number == 4.0);
  CHECK(at.gap == 0.0);

  const auto above = result(evaluate(national({value("11", "4.01")})), "xa-ntm", "11");
  CHECK(above.outcome == Outcome::not_met);
  CHECK(*above.gap == Approx(0.01));
  CHECK(*above.margin == Approx(-0.01));
}

TEST_CASE("a percent from counts at the target meets it: 168/4200 is 4 %")
{
  const auto at = result(evaluate(national({counts("11", "168", "4200")})), "xa-ntm", "11");
  CHECK(at.outcome == Outcome::met);
  CHECK(at.number == 4.0);
  CHECK(at.numerator == 168.0);
  CHECK(at.denominator == 4200.0);

  const auto above = result(evaluate(national({counts("11", "169", "4200")})), "xa-ntm", "11");
  CHECK(above.outcome == Outcome::not_met);
  CHECK(*above.number == Approx(4.0238095));
}

TEST_CASE("the income target is the one of the assessment year")
{
  for (const auto& [year, target] :
       {std::pair{"2022", 48.0}, std::pair{"2023", 50.0}, std::pair{"2024", 54.0}}) {
    INFO(year);
    SubmissionText text = national({value("10", "52")});
    text.year = year;
    const auto evaluation = evaluate(text);
    CHECK(evaluation.year == std::stoi(year));
    const auto& income = result(evaluation, "xa-ntm", "10");
    CHECK(income.target->number == target);
    CHECK(income.target->year == std::stoi(year));
    CHECK(income.outcome == (52.0 >= target ? Outcome::met : Outcome::not_met));
  }
}

TEST_CASE("targets are those of the commune's region")
{
  SubmissionText text = national({value("10", "46"), value("11", "3.5")});
  text.region = "dbsh";
  auto evaluation = evaluate(text);
  CHECK(result(evaluation, "xa-ntm", "10").target->number == 45.0);
  CHECK(result(evaluation, "xa-ntm", "10").target->region == Region::dbsh);
  CHECK(result(evaluation, "xa-ntm", "10").outcome == Outcome::met);
  CHECK(result(evaluation, "xa-ntm", "11").target->number == 3.0);
  CHECK(result(evaluation, "xa-ntm", "11").outcome == Outcome::not_met);

  text.region = "tdmnpb";
  evaluation = evaluate(text);
  CHECK(evaluation.region == Region::tdmnpb);
  CHECK(result(evaluation, "xa-ntm", "10").target->number == 36.0);
  CHECK(result(evaluation, "xa-ntm", "11").target->number == 6.0);
  CHECK(result(evaluation, "xa-ntm", "11").outcome == Outcome::met);
}

TEST_CASE("a specially difficult commune is held to the tdmnpb targets")
{
  SubmissionText text = national({value("10", "40"), value("11", "5.5")});
  text.special_difficulty = true;
  const auto evaluation = evaluate(text);
  CHECK(evaluation.special_difficulty);
  CHECK(evaluation.region == Region::dbscl);
  CHECK(evaluation.target_region == Region::tdmnpb);
  const auto& income = result(evaluation, "xa-ntm", "10");
  CHECK(income.target->number == 36.0);
  CHECK(income.target->region == Region::tdmnpb);
  CHECK(income.outcome == Outcome::met);
  CHECK(result(evaluation, "xa-ntm", "11").target->number == 6.0);
  CHECK(result(evaluation, "xa-ntm", "11").outcome == Outcome::met);
}

TEST_CASE("a province with its own version is judged by it, other provinces by the national one")
{
  SubmissionText text = national({value("10", "53"), value("11", "4")});
  text.province = "Trà Vinh";
  auto evaluation = evaluate(text);
  CHECK(evaluation.find_set("xa-ntm")->version->id == "xa-ntm@tra-vinh-1306-2022");
  CHECK(result(evaluation, "xa-ntm", "10").target->number == 52.0);
  CHECK(result(evaluation, "xa-ntm", "10").target->rule->where.str() == "2021-2025/tra-vinh/xa-ntm.xml:9:5");
  CHECK(result(evaluation, "xa-ntm", "10").outcome == Outcome::met);
  CHECK(result(evaluation, "xa-ntm", "11").target->number == 4.0); // not overridden

  text.year = "2023"; // the override's row for every other year
  CHECK(result(evaluate(text), "xa-ntm", "10").target->number == 47.0);

  text.year = "2024";
  text.province = "Bến Tre";
  evaluation = evaluate(text);
  CHECK(evaluation.find_set("xa-ntm")->version->id == "xa-ntm@318-2022");
  CHECK(result(evaluation, "xa-ntm", "10").target->number == 54.0);
  CHECK(result(evaluation, "xa-ntm", "10").outcome == Outcome::not_met);
}

TEST_CASE("bool and grade indicators compare by value and by grade order")
{
  auto evaluation = evaluate(national({value("1.1", "khong-dat"), value("13.1", "tot")}));
  CHECK(result(evaluation, "xa-ntm", "1.1").outcome == Outcome::not_met);
  CHECK(result(evaluation, "xa-ntm", "1.1").target->symbol == "dat");
  CHECK_FALSE(result(evaluation, "xa-ntm", "1.1").gap);
  CHECK(result(evaluation, "xa-ntm", "13.1").outcome == Outcome::met);
  CHECK(result(evaluation, "xa-ntm", "13.1").target->symbol == "kha");

  evaluation = evaluate(national({value("1.1", "dat"), value("13.1", "trung-binh")}));
  CHECK(result(evaluation, "xa-ntm", "1.1").outcome == Outcome::met);
  CHECK(result(evaluation, "xa-ntm", "13.1").outcome == Outcome::not_met);
  CHECK_FALSE(result(evaluation, "xa-ntm", "13.1").gap);
  CHECK(result(evaluate(national({value("13.1", "kha")})), "xa-ntm", "13.1").outcome == Outcome::met);
}

TEST_CASE("gap is the shortfall and margin the signed distance past the target")
{
  const auto evaluation = evaluate(national({value("10", "50"), value("11", "2.33")}));
  const auto& income = result(evaluation, "xa-ntm", "10");
  CHECK(income.gap == 4.0);
  CHECK(income.margin == -4.0);
  const auto& poverty = result(evaluation, "xa-ntm", "11");
  CHECK(poverty.gap == 0.0);
  CHECK(*poverty.margin == Approx(1.67));

  const auto over = result(evaluate(national({value("11", "5")})), "xa-ntm", "11");
  CHECK(over.gap == 1.0);
  CHECK(over.margin == -1.0);
}

// --- missing and not applicable ------------------------------------------------------------------

TEST_CASE("a criterion is met when its other indicators are met and one is not applicable")
{
  const auto evaluation = evaluate(national(national_with("13.2", value("13.2", "khong-co"))));
  const auto& linkage = result(evaluation, "xa-ntm", "13.2");
  CHECK(linkage.outcome == Outcome::not_applicable);
  CHECK_FALSE(linkage.target);
  CHECK_FALSE(linkage.has_value());
  CHECK(criterion(evaluation, "xa-ntm", "13").outcome == Outcome::met);
  CHECK(evaluation.find_set("xa-ntm")->criteria_met == 4);
  CHECK(evaluation.status == "ntm");
  CHECK(evaluation.findings.empty());
}

TEST_CASE("a criterion is missing when an indicator is missing and none is not met")
{
  auto evaluation = evaluate(national(national_with("13.1", "")));
  CHECK(result(evaluation, "xa-ntm", "13.1").outcome == Outcome::missing);
  CHECK(result(evaluation, "xa-ntm", "13.1").target); // the target is known, the value is not
  CHECK(criterion(evaluation, "xa-ntm", "13").outcome == Outcome::missing);
  CHECK(evaluation.find_set("xa-ntm")->criteria_met == 3);
  CHECK_FALSE(evaluation.find_set("xa-ntm")->all_met());
  CHECK(evaluation.status == "chua-dat");

  // Missing beside not applicable is still missing.
  evaluation = evaluate(national({value("13.2", "khong-co")}));
  CHECK(criterion(evaluation, "xa-ntm", "13").outcome == Outcome::missing);
}

TEST_CASE("a criterion is not met when any indicator is not met, even with others missing")
{
  const auto evaluation = evaluate(national({value("13.2", "khong-dat")}));
  CHECK(result(evaluation, "xa-ntm", "13.1").outcome == Outcome::missing);
  CHECK(criterion(evaluation, "xa-ntm", "13").outcome == Outcome::not_met);
}

TEST_CASE("a value left blank is missing, never a default")
{
  const auto evaluation = evaluate(national(national_with("10", value("10", ""))));
  const auto& income = result(evaluation, "xa-ntm", "10");
  CHECK(income.outcome == Outcome::missing);
  CHECK_FALSE(income.number);
  CHECK(income.where.str() == "commune.xml:6:5");
  CHECK(evaluation.status == "chua-dat");
}

TEST_CASE("a missing value is a warning at the indicator, or at its set when not listed")
{
  auto evaluation = evaluate(national(national_with("10", value("10", ""))));
  auto finding = only_finding(evaluation);
  CHECK(finding.severity == Severity::warning);
  CHECK(finding.code == "missing-value");
  CHECK(finding.set_ref == "xa-ntm");
  CHECK(finding.indicator == "10");
  CHECK(finding.where.str() == "commune.xml:6:5");
  CHECK_FALSE(evaluation.has_errors());

  evaluation = evaluate(national(national_with("13.1", "")));
  finding = only_finding(evaluation);
  CHECK(finding.code == "missing-value");
  CHECK(finding.indicator == "13.1");
  CHECK(finding.where.str() == "commune.xml:4:3"); // the <set>
  CHECK_FALSE(evaluation.has_errors());
}

TEST_CASE("a not-applicable indicator is no missing value")
{
  const auto evaluation = evaluate(national(national_with("13.2", value("13.2", "khong-co"))));
  CHECK(finding_codes(evaluation).empty());
}

// --- status --------------------------------------------------------------------------------------

TEST_CASE("all national criteria met reaches ntm")
{
  const auto evaluation = evaluate(national(ntm::test::national_all_met()));
  CHECK(evaluation.status == "ntm");
  REQUIRE(evaluation.levels.size() == 3);
  CHECK(evaluation.levels[0].level->id == "ntm");
  CHECK(evaluation.levels[0].reached);
  CHECK_FALSE(evaluation.levels[1].reached);
  CHECK_FALSE(evaluation.levels[2].reached);
  REQUIRE(evaluation.sets.size() == 1); // only what was submitted or claimed is reported
  CHECK(evaluation.sets[0].submitted);
  CHECK(evaluation.sets[0].criteria_met == 4);
  CHECK(evaluation.sets[0].criteria_total() == 4);
  CHECK(evaluation.findings.empty());
  CHECK_FALSE(evaluation.has_errors());
  CHECK(evaluation.source == "commune.xml");
  CHECK(evaluation.commune.name == "Xã Thử Nghiệm");
  CHECK(evaluation.commune.province == "Bến Tre");
}

TEST_CASE("nang-cao requires ntm as well as its own set")
{
  SubmissionText text;
  text.set("xa-ntm", national_with("10", value("10", "50")))
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met());
  auto evaluation = evaluate(text);
  CHECK(evaluation.find_set("xa-ntm-nang-cao")->all_met());
  CHECK_FALSE(evaluation.find_set("xa-ntm")->all_met());
  CHECK_FALSE(evaluation.levels[1].reached);
  CHECK(evaluation.status == "chua-dat");

  text = SubmissionText{};
  text.set("xa-ntm", ntm::test::national_all_met()).set("xa-ntm-nang-cao", ntm::test::advanced_all_met());
  evaluation = evaluate(text);
  CHECK(evaluation.status == "ntm-nang-cao");
  CHECK(evaluation.levels[1].reached);
  CHECK_FALSE(evaluation.levels[2].reached);
}

TEST_CASE("kieu-mau takes income from xa-ntm and needs 1.1 times the advanced target")
{
  SubmissionText text;
  text.set("xa-ntm", national_with("10", value("10", "72.6")))
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  auto evaluation = evaluate(text);
  const auto& income = result(evaluation, "xa-ntm-kieu-mau", "1");
  CHECK(income.derived_from == "xa-ntm:10");
  CHECK(income.number == 72.6);
  REQUIRE(income.target);
  CHECK(income.target->number == Approx(72.6)); // 1.1 × 66, the advanced dbscl 2024 target
  CHECK(income.target->base == 66.0);
  CHECK(income.target->base_version == "xa-ntm-nang-cao@318-2022");
  CHECK(income.target->rule->derived->factor == 1.1);
  // The factor is verified, the advanced target it multiplies is not: neither is the result.
  CHECK(income.target->rule->provenance.verified);
  CHECK_FALSE(income.target->verified);
  CHECK(result(evaluation, "xa-ntm", "11").target->verified);
  CHECK_FALSE(result(evaluation, "xa-ntm", "10").target->verified);
  CHECK(income.outcome == Outcome::met);
  CHECK(evaluation.status == "ntm-kieu-mau");
  CHECK(evaluation.levels[2].reached);
  CHECK(evaluation.findings.empty());

  text.sets[0].second = national_with("10", value("10", "72.5"));
  evaluation = evaluate(text);
  CHECK(result(evaluation, "xa-ntm-kieu-mau", "1").outcome == Outcome::not_met);
  CHECK(*result(evaluation, "xa-ntm-kieu-mau", "1").gap == Approx(0.1));
  CHECK(evaluation.status == "ntm-nang-cao");
}

TEST_CASE("the derived target follows the year of the advanced target")
{
  SubmissionText text;
  text.year = "2023"; // the advanced target is 60 outside dbscl 2024
  text.set("xa-ntm", national_with("10", value("10", "66")))
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  const auto evaluation = evaluate(text);
  const auto& income = result(evaluation, "xa-ntm-kieu-mau", "1");
  CHECK(income.target->base == 60.0);
  CHECK(income.target->number == Approx(66.0));
  CHECK(income.outcome == Outcome::met);
  CHECK(evaluation.status == "ntm-kieu-mau");
}

TEST_CASE("kieu-mau takes its income from the province's version of xa-ntm")
{
  SubmissionText text;
  text.province = "Trà Vinh";
  text.set("xa-ntm", {value("10", "80")}).set("xa-ntm-kieu-mau", {value("2", "dat")});
  const auto evaluation = evaluate(text);
  CHECK(result(evaluation, "xa-ntm-kieu-mau", "1").number == 80.0);
  CHECK(result(evaluation, "xa-ntm-kieu-mau", "1").outcome == Outcome::met);
}

TEST_CASE("a derived value whose source is missing is missing")
{
  SubmissionText text;
  text.set("xa-ntm-kieu-mau", {value("2", "dat")});
  const auto evaluation = evaluate(text);
  const auto& income = result(evaluation, "xa-ntm-kieu-mau", "1");
  CHECK(income.outcome == Outcome::missing);
  CHECK(income.target);
  REQUIRE(evaluation.sets.size() == 1);
  CHECK(evaluation.sets[0].version->ref == "xa-ntm-kieu-mau");
  CHECK(finding_codes(evaluation) == Codes{"missing-value"});
  CHECK(evaluation.findings[0].indicator == "1");
  CHECK(evaluation.findings[0].claimed == "xa-ntm:10"); // the source that has no value
  CHECK(evaluation.findings[0].where.str() == "commune.xml:4:3");
}

// --- findings ------------------------------------------------------------------------------------

TEST_CASE("a self-assessment of met that the data contradict is an error")
{
  const auto evaluation =
      evaluate(national(national_with("10", value("10", "50", "self-assessment=\"dat\""))));
  const Finding& finding = only_finding(evaluation);
  CHECK(finding.severity == Severity::error);
  CHECK(finding.code == "self-assessment-mismatch");
  CHECK(finding.set_ref == "xa-ntm");
  CHECK(finding.indicator == "10");
  CHECK(finding.claimed == "dat");
  CHECK(finding.actual == "not-met");
  CHECK(finding.where.str() == "commune.xml:6:5");
  CHECK(evaluation.has_errors());
}

TEST_CASE("a self-assessment of not met that the data contradict is an error")
{
  const auto evaluation =
      evaluate(national(national_with("10", value("10", "60", "self-assessment=\"khong-dat\""))));
  const Finding& finding = only_finding(evaluation);
  CHECK(finding.code == "self-assessment-mismatch");
  CHECK(finding.claimed == "khong-dat");
  CHECK(finding.actual == "met");
  CHECK(evaluation.has_errors());
}

TEST_CASE("a self-assessment the data confirm is no finding")
{
  auto evaluation = evaluate(national(national_with("10", value("10", "60", "self-assessment=\"dat\""))));
  CHECK(evaluation.findings.empty());
  evaluation =
      evaluate(national(national_with("13.2", value("13.2", "khong-co", "self-assessment=\"khong-dat\""))));
  CHECK(evaluation.findings.empty());
  CHECK(result(evaluation, "xa-ntm", "13.2").self_assessment == std::optional<bool>(false));
}

TEST_CASE("a self-assessment of met for a missing value is contradicted")
{
  const auto evaluation = evaluate(national(national_with("10", value("10", "", "self-assessment=\"dat\""))));
  CHECK(finding_codes(evaluation) == Codes{"missing-value", "self-assessment-mismatch"});
  CHECK(evaluation.findings[1].actual == "missing");
}

TEST_CASE("a claim the data do not support is an error at the claim")
{
  SubmissionText text = national(ntm::test::national_all_met());
  text.claim = "ntm-nang-cao";
  const auto evaluation = evaluate(text);
  CHECK(evaluation.status == "ntm");
  CHECK(evaluation.claimed == std::optional<std::string>("ntm-nang-cao"));
  // The claimed level's set is reported although not submitted: its values are missing.
  REQUIRE(evaluation.sets.size() == 2);
  CHECK(evaluation.sets[1].version->ref == "xa-ntm-nang-cao");
  CHECK_FALSE(evaluation.sets[1].submitted);
  CHECK(finding_codes(evaluation) == Codes{"missing-value", "missing-value", "claim-not-supported"});
  CHECK(evaluation.findings[0].where.str() == "commune.xml:2:1"); // no <set> to point at
  const Finding& claim = evaluation.findings[2];
  CHECK(claim.severity == Severity::error);
  CHECK(claim.claimed == "ntm-nang-cao");
  CHECK(claim.actual == "ntm");
  CHECK(claim.set_ref.empty());
  CHECK(claim.indicator.empty());
  CHECK(claim.where.str() == "commune.xml:4:17");
  CHECK(evaluation.has_errors());
}

TEST_CASE("a claim at or below the status reached is supported")
{
  SubmissionText text;
  text.claim = "ntm";
  text.set("xa-ntm", ntm::test::national_all_met());
  CHECK(evaluate(text).findings.empty());

  text.set("xa-ntm-nang-cao", ntm::test::advanced_all_met());
  const auto evaluation = evaluate(text);
  CHECK(evaluation.status == "ntm-nang-cao");
  CHECK(evaluation.findings.empty());
}

TEST_CASE("a failing criterion names the levels it blocks")
{
  SubmissionText text;
  text.set("xa-ntm", national_with("10", value("10", "50")))
      .set("xa-ntm-nang-cao", {value("10", "70"), value("17.7", "khong-dat")});
  const auto evaluation = evaluate(text);
  CHECK(criterion(evaluation, "xa-ntm", "10").outcome == Outcome::not_met);
  CHECK(blocks(criterion(evaluation, "xa-ntm", "10")) == Codes{"ntm", "ntm-nang-cao", "ntm-kieu-mau"});
  CHECK(criterion(evaluation, "xa-ntm-nang-cao", "17").outcome == Outcome::not_met);
  CHECK(blocks(criterion(evaluation, "xa-ntm-nang-cao", "17")) == Codes{"ntm-nang-cao", "ntm-kieu-mau"});
}

TEST_CASE("sets are reported in level order, whatever the order of the submission")
{
  SubmissionText text;
  text.set("xa-ntm-kieu-mau", {value("2", "dat")}).set("xa-ntm", ntm::test::national_all_met());
  const auto evaluation = evaluate(text);
  REQUIRE(evaluation.sets.size() == 2);
  CHECK(evaluation.sets[0].version->ref == "xa-ntm");
  CHECK(evaluation.sets[1].version->ref == "xa-ntm-kieu-mau");
  CHECK(evaluation.find_set("xa-ntm-nang-cao") == nullptr);
  // Findings of sets nobody asked about are left out: none for xa-ntm-nang-cao.
  for (const Finding& finding : evaluation.findings) {
    CHECK(finding.set_ref != "xa-ntm-nang-cao");
  }
}

TEST_CASE("an indicator without a target for the region and year is an error finding")
{
  const auto rules = tn_only_rules();
  REQUIRE(rules.ok());
  SubmissionText text;
  text.set("s", {value("1.1", "90")});
  const auto submission = ntm::load::load_submission({"commune.xml", text.str()}, rules.value->book());
  REQUIRE(submission.ok());
  const auto evaluation = ntm::eval::Evaluator(*rules.value).evaluate(*submission.value);
  const auto& indicator = result(evaluation, "s", "1.1");
  CHECK(indicator.outcome == Outcome::missing);
  CHECK_FALSE(indicator.target);
  const Finding& finding = only_finding(evaluation); // no missing-value: the value is there
  CHECK(finding.severity == Severity::error);
  CHECK(finding.code == "no-target");
  CHECK(finding.set_ref == "s");
  CHECK(finding.indicator == "1.1");
  CHECK(finding.actual == "dbscl 2024");
  CHECK(finding.where.str() == "s.xml:4:5");
  CHECK(evaluation.has_errors());
  CHECK(evaluation.status == "chua-dat");
}

TEST_CASE("a set not submitted whose values all come from submitted sets is judged by them")
{
  // Level "dat" needs set t, submitted, and set s, whose one value is t's 1.1: s is met or not
  // with t's value though nobody submits or claims it, and it is not reported.
  const std::string levels = "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n"
                             "  <level id=\"dat\" rank=\"1\" name=\"Đạt\"><requires set=\"t\"/><requires "
                             "set=\"s\"/></level>\n"
                             "</levels>\n";
  const auto set = [](const std::string& ref, const std::string& attributes, const std::string& target) {
    return "<rule-set id=\"" + ref + "@1\" ref=\"" + ref +
           "\" name=\"Bộ\" from-year=\"2022\" to-year=\"2025\">\n"
           "  <legal-basis decision=\"1\" date=\"2022-01-01\" verified=\"true\" source=\"s\"/>\n"
           "  <criterion id=\"1\" name=\"Một\">\n"
           "    <indicator code=\"1.1\" type=\"percent\" name=\"Tỷ lệ\"" +
           attributes +
           ">\n"
           "      <target op=\"ge\" value=\"" +
           target +
           "\" verified=\"true\" source=\"s\"/>\n"
           "    </indicator>\n"
           "  </criterion>\n"
           "</rule-set>\n";
  };
  const auto rules = ntm::eval::RuleBase::load(
      std::vector<ntm::load::NamedText>{{"levels.xml", levels},
                                        {"t.xml", set("t", "", "50")},
                                        {"s.xml", set("s", " value-from=\"t:1.1\"", "80")}});
  REQUIRE(rules.ok());
  const ntm::eval::Evaluator evaluator(*rules.value);
  for (const auto& [given, status] :
       std::vector<std::pair<std::string, std::string>>{{"90", "dat"}, {"60", "chua-dat"}}) {
    SubmissionText text;
    text.set("t", {value("1.1", given)});
    const auto submission = ntm::load::load_submission({"commune.xml", text.str()}, rules.value->book());
    REQUIRE(submission.ok());
    const auto evaluation = evaluator.evaluate(*submission.value);
    CHECK(evaluation.status == status);
    REQUIRE(evaluation.sets.size() == 1);
    CHECK(evaluation.sets[0].all_met());
    CHECK(evaluation.findings.empty());
  }
}

TEST_CASE("outcome and severity codes are the contract's words")
{
  CHECK(ntm::eval::outcome_code(Outcome::met) == "met");
  CHECK(ntm::eval::outcome_code(Outcome::not_met) == "not-met");
  CHECK(ntm::eval::outcome_code(Outcome::missing) == "missing");
  CHECK(ntm::eval::outcome_code(Outcome::not_applicable) == "not-applicable");
  CHECK(ntm::eval::severity_code(Severity::error) == "error");
  CHECK(ntm::eval::severity_code(Severity::warning) == "warning");
  CHECK(ntm::eval::severity_code(Severity::info) == "info");
}

// --- evaluating into a used evaluation -----------------------------------------------------------

namespace {

std::string number_text(std::optional<double> number)
{
  if (!number) {
    return "-";
  }
  std::ostringstream out;
  out << std::setprecision(17) << *number;
  return out.str();
}

template <typename T>
std::string optional_text(const std::optional<T>& value)
{
  if (!value) {
    return "-";
  }
  std::ostringstream out;
  out << *value;
  return out.str();
}

std::string location_text(const ntm::Location& location)
{
  const auto& [source, line, column] = location;
  return source.str() + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Each describe() names every field of its type: the structured bindings stop compiling when a field
// is added, so that the comparisons below cannot miss it.

std::string describe(const IndicatorResult& result)
{
  const auto& [rule, outcome, number, symbol, numerator, denominator, derived_from, target, gap, margin,
               self_assessment, where] = result;
  std::ostringstream out;
  out << static_cast<const void*>(rule) << " " << ntm::eval::outcome_code(outcome) << " "
      << number_text(number) << " '" << symbol << "' " << number_text(numerator) << " "
      << number_text(denominator) << " '" << derived_from << "' " << number_text(gap) << " "
      << number_text(margin) << " " << optional_text(self_assessment) << " " << location_text(where);
  if (target) {
    const auto& [op, target_number, target_symbol, region, year, target_rule, verified, base, base_version] =
        *target;
    out << " target " << ntm::model::op_code(op) << " " << number_text(target_number) << " '" << target_symbol
        << "' " << ntm::model::region_code(region) << " " << year << " "
        << static_cast<const void*>(target_rule) << " " << verified << " " << number_text(base) << " '"
        << base_version << "'";
  } else {
    out << " no target";
  }
  return out.str();
}

std::string describe(const Finding& finding)
{
  const auto& [severity, code, set_ref, indicator, claimed, actual, where, criterion_id, detail, amount,
               percent] = finding;
  std::ostringstream out;
  out << ntm::eval::severity_code(severity) << " " << code << " " << set_ref << " " << indicator << " '"
      << claimed << "' '" << actual << "' " << location_text(where) << " " << criterion_id << " '" << detail
      << "' " << number_text(amount) << " " << number_text(percent);
  return out.str();
}

std::string describe(const Evaluation& evaluation)
{
  const auto& [source, commune, year, region, target_region, special_difficulty, status, claimed, sets,
               levels, findings] = evaluation;
  const auto& [code, name, district, province] = commune;
  std::ostringstream out;
  out << source << " " << code << " " << name << " " << district << " " << province << " " << year << " "
      << ntm::model::region_code(region) << " " << ntm::model::region_code(target_region) << " "
      << special_difficulty << " " << status << " " << optional_text(claimed) << "\n";
  for (const auto& set : sets) {
    const auto& [version, submitted, criteria, criteria_met] = set;
    out << "set " << version->id << " " << submitted << " " << criteria_met << "\n";
    for (const auto& criterion_result : criteria) {
      const auto& [rule, outcome, indicators, blocked] = criterion_result;
      out << " criterion " << rule->id << " " << ntm::eval::outcome_code(outcome) << " blocks";
      for (const std::string& level : blocked) {
        out << " " << level;
      }
      out << "\n";
      for (const IndicatorResult& indicator : indicators) {
        out << "  " << describe(indicator) << "\n";
      }
    }
  }
  for (const auto& level_result : levels) {
    const auto& [level, reached] = level_result;
    out << "level " << level->id << " " << reached << "\n";
  }
  for (const Finding& finding : findings) {
    out << "finding " << describe(finding) << "\n";
  }
  return out.str();
}

/// Evaluates every submission of `submissions` after every other into the same evaluation and
/// workspace, and checks each against its evaluation afresh; with `level` when given, as a plan does,
/// after the other evaluated with `level` (more sets reported) or without.
void check_reuse(const ntm::eval::RuleBase& rules, const std::vector<ntm::model::Submission>& submissions,
                 const std::string& level)
{
  const ntm::eval::Evaluator evaluator(rules);
  for (const auto& before : submissions) {
    for (const auto& after : submissions) {
      if (&before == &after) {
        continue;
      }
      INFO(before.source << " then " << after.source);
      ntm::eval::Evaluator::Workspace workspace;
      Evaluation evaluation;
      evaluator.evaluate(before, evaluation, workspace, level);
      evaluator.evaluate(after, evaluation, workspace);
      CHECK(describe(evaluation) == describe(evaluator.evaluate(after)));
      evaluator.evaluate(after, evaluation, workspace, level);
      CHECK(describe(evaluation) == describe(evaluator.evaluate(after, level)));
    }
  }
}

} // namespace

TEST_CASE("a submission evaluated into a used evaluation is evaluated as afresh: the samples")
{
  const auto rules = ntm::eval::RuleBase::load(std::filesystem::path(NTM_SOURCE_DIR) / "rules");
  REQUIRE(rules.ok());
  std::vector<ntm::model::Submission> submissions;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(NTM_SOURCE_DIR) /
                                                               "communes" / "tra-cu-2023")) {
    auto text = ntm::load::read_file(entry.path());
    REQUIRE(text.value);
    auto loaded =
        ntm::load::load_submission({entry.path().filename().string(), *text.value}, rules.value->book());
    REQUIRE(loaded.ok());
    submissions.push_back(std::move(*loaded.value));
  }
  REQUIRE(submissions.size() >= 10);
  check_reuse(*rules.value, submissions, rules.value->book().levels.levels.back().id);
}

TEST_CASE("a submission evaluated into a used evaluation is evaluated as afresh: made-up cases")
{
  std::vector<SubmissionText> texts;
  texts.push_back(national(ntm::test::national_all_met()));
  texts.push_back(national(ntm::test::national_all_met()));
  texts.back().claim = "ntm";
  texts.push_back(national(ntm::test::national_all_met()));
  texts.back().claim = "ntm-nang-cao"; // not supported, and its set reported though not submitted
  texts.emplace_back()
      .set("xa-ntm", national_with("10", value("10", "72.6")))
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")}); // a derived value and target
  texts.emplace_back()
      .set("xa-ntm-kieu-mau", {value("2", "khong-dat", "self-assessment=\"dat\"")})
      .set("xa-ntm",
           {value("10", "80"), value("11", "")});       // in another order, a value blank, others left out
  texts.push_back(national(national_with("13.1", ""))); // an indicator left out
  texts.push_back(
      national(national_with("13.2", value("13.2", "khong-co", "self-assessment=\"khong-dat\""))));
  texts.push_back(national(national_with("10", value("10", "50", "self-assessment=\"dat\""))));
  texts.push_back(national({counts("11", "169", "4200"), value("13.1", "yeu")}));
  texts.push_back(national(ntm::test::national_all_met()));
  texts.back().province = "Trà Vinh"; // the province's own version
  texts.back().set("xa-ntm-kieu-mau", {value("2", "dat")});
  texts.push_back(national(ntm::test::national_all_met()));
  texts.back().region = "dbsh";
  texts.back().year = "2023";
  texts.back().special_difficulty = true;
  texts.push_back(national({}));
  texts.back().claim = "ntm-kieu-mau";
  std::vector<ntm::model::Submission> submissions;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    texts[i].code = std::to_string(83001 + i);
    submissions.push_back(ntm::test::load_submission(texts[i]));
    submissions.back().source = "case " + std::to_string(i + 1);
  }
  check_reuse(ntm::test::rule_base(), submissions, "ntm-kieu-mau");
}

TEST_CASE("a submission evaluated into a used evaluation is evaluated as afresh: with and without a target")
{
  const auto rules = tn_only_rules();
  REQUIRE(rules.ok());
  std::vector<ntm::model::Submission> submissions;
  for (const std::string region : {"tn", "dbscl"}) { // a target in tn only
    SubmissionText text;
    text.region = region;
    text.set("s", {value("1.1", "90")});
    auto loaded = ntm::load::load_submission({region + ".xml", text.str()}, rules.value->book());
    REQUIRE(loaded.ok());
    submissions.push_back(std::move(*loaded.value));
  }
  check_reuse(*rules.value, submissions, "dat");
}

TEST_CASE("a result with every field set is evaluated over as afresh")
{
  SubmissionText full;
  full.set("xa-ntm",
           national_with(
               "11",
               "<indicator code=\"11\" numerator=\"168\" denominator=\"4200\" self-assessment=\"dat\"/>"))
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  const Evaluation evaluation = evaluate(full);
  // Between them, every field set: a value from counts, assessed, at a place; a derived value and target.
  const IndicatorResult& counted = result(evaluation, "xa-ntm", "11");
  const IndicatorResult& derived = result(evaluation, "xa-ntm-kieu-mau", "1");
  REQUIRE(counted.self_assessment);
  REQUIRE(counted.numerator);
  REQUIRE(counted.margin);
  REQUIRE(counted.where.line > 0);
  REQUIRE(derived.target);
  REQUIRE(derived.target->base);
  REQUIRE_FALSE(derived.target->base_version.empty());
  REQUIRE_FALSE(derived.derived_from.empty());
  // Then evaluated over by results that have none of it: left out, not applicable, without a source.
  const SubmissionText left_out = national(national_with("11", ""));
  const SubmissionText not_applicable = national(national_with("13.2", value("13.2", "khong-co")));
  SubmissionText no_source;
  no_source.set("xa-ntm-kieu-mau", {value("2", "dat")});
  std::vector<ntm::model::Submission> submissions;
  for (const SubmissionText* text :
       std::vector<const SubmissionText*>{&full, &left_out, &not_applicable, &no_source}) {
    submissions.push_back(ntm::test::load_submission(*text));
    submissions.back().source = "case " + std::to_string(submissions.size());
  }
  check_reuse(ntm::test::rule_base(), submissions, "ntm-kieu-mau");
}

TEST_CASE("a target evaluated over one of the same row in another year or region is worked out afresh")
{
  // The derived income target follows the year of the advanced one (66 in dbscl 2024, 60 in 2023);
  // the national targets' rows hold for every region and year, the poverty one's for some only.
  std::vector<ntm::model::Submission> submissions;
  for (const auto& [year, region] : std::vector<std::pair<std::string, std::string>>{
           {"2024", "dbscl"}, {"2023", "dbscl"}, {"2024", "dbsh"}, {"2023", "tn"}}) {
    SubmissionText text;
    text.year = year;
    text.region = region;
    text.code = std::to_string(83001 + submissions.size());
    text.set("xa-ntm", national_with("10", value("10", "66")))
        .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
        .set("xa-ntm-kieu-mau", {value("2", "dat")});
    submissions.push_back(ntm::test::load_submission(text));
    submissions.back().source = year + " " + region;
  }
  check_reuse(ntm::test::rule_base(), submissions, "ntm-kieu-mau");
}
