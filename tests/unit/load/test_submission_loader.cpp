#include "eval/rule_base.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "load/suggest.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using ntm::model::Region;
using ntm::test::advanced_all_met;
using ntm::test::counts;
using ntm::test::messages;
using ntm::test::national_all_met;
using ntm::test::SubmissionText;
using ntm::test::value;
using Messages = std::vector<std::string>;

namespace {

ntm::Loaded<ntm::model::Submission> load(const std::string& text)
{
  return ntm::load::load_submission({"commune.xml", text}, ntm::test::rule_base().book());
}

/// The errors of a submission that must not load.
Messages errors(const std::string& text)
{
  const auto loaded = load(text);
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

Messages errors(const SubmissionText& text)
{
  return errors(text.str());
}

/// A submission with one set holding `indicators` (lines 5 and on).
SubmissionText one_set(const std::string& ref, std::vector<std::string> indicators)
{
  SubmissionText text;
  text.set(ref, std::move(indicators));
  return text;
}

} // namespace

// Lines of a SubmissionText without a claim: 2 <submission>, 3 <commune>, 4 <set>, 5… indicators.
// Columns: year= value 19, region= value 33, commune code= value 18, set ref= value 13,
// indicator code= value 22, value= value 22 + length of the code + 9.

TEST_CASE("a well-formed submission is read with every field")
{
  SubmissionText text;
  text.province = "Trà Vinh";
  text.special_difficulty = true;
  text.claim = "ntm";
  text.set("xa-ntm",
           {value("1.1", "dat"), value("10", "62.66", "self-assessment=\"dat\""), counts("11", "168", "4200"),
            value("13.1", "kha", "self-assessment=\"khong-dat\""), value("13.2", "khong-co")});
  const auto loaded = load(text.str());
  REQUIRE(messages(loaded.errors).empty());
  REQUIRE(loaded.ok());
  const auto& submission = *loaded.value;
  CHECK(submission.source == "commune.xml");
  CHECK(submission.year == 2024);
  CHECK(submission.region == Region::dbscl);
  CHECK(submission.special_difficulty);
  CHECK(submission.target_region() == Region::tdmnpb);
  CHECK(submission.commune.code == "83001");
  CHECK(submission.commune.name == "Xã Thử Nghiệm");
  CHECK(submission.commune.district == "Huyện Thử");
  CHECK(submission.commune.province == "Trà Vinh");
  CHECK(submission.claim == std::optional<std::string>("ntm"));
  CHECK(submission.claim_where.str() == "commune.xml:4:17");
  REQUIRE(submission.sets.size() == 1);
  const auto& set = submission.sets[0];
  CHECK(set.ref == "xa-ntm");
  CHECK(set.where.str() == "commune.xml:5:3");
  REQUIRE(set.indicators.size() == 5);

  const auto* plan = set.find("1.1");
  CHECK(plan->symbol == "dat");
  CHECK_FALSE(plan->number);
  CHECK_FALSE(plan->self_assessment);
  CHECK(plan->where.str() == "commune.xml:6:5");

  const auto* income = set.find("10");
  CHECK(income->number == 62.66);
  CHECK(income->raw_value == "62.66");
  CHECK(income->self_assessment == std::optional<bool>(true));

  const auto* poverty = set.find("11");
  CHECK(poverty->numerator == 168.0);
  CHECK(poverty->denominator == 4200.0);
  CHECK(poverty->number == 4.0);

  CHECK(set.find("13.1")->symbol == "kha");
  CHECK(set.find("13.1")->self_assessment == std::optional<bool>(false));
  CHECK(set.find("13.2")->not_applicable);
  CHECK(set.find("99") == nullptr);
  CHECK(submission.find_set("xa-ntm") == &set);
  CHECK(submission.find_set("xa-ntm-nang-cao") == nullptr);
}

TEST_CASE("without special-difficulty the commune's own region gives the targets")
{
  const auto loaded = load(SubmissionText{}.str());
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded.value->special_difficulty);
  CHECK(loaded.value->target_region() == Region::dbscl);
  CHECK_FALSE(loaded.value->claim);
  CHECK(loaded.value->sets.empty());
}

TEST_CASE("an empty set is a valid submission of that set")
{
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<submission year=\"2024\" region=\"dbscl\">\n"
      "  <commune code=\"83001\" name=\"Xã A\" district=\"Huyện B\" province=\"Bến Tre\"/>\n"
      "  <set ref=\"xa-ntm\"/>\n"
      "</submission>\n";
  const auto loaded = load(text);
  REQUIRE(messages(loaded.errors).empty());
  REQUIRE(loaded.ok());
  REQUIRE(loaded.value->sets.size() == 1);
  CHECK(loaded.value->sets[0].ref == "xa-ntm");
  CHECK(loaded.value->sets[0].indicators.empty());
}

TEST_CASE("value=\"\" means the value is not given")
{
  const auto loaded = load(one_set("xa-ntm", {value("10", ""), value("1.1", "")}).str());
  REQUIRE(messages(loaded.errors).empty());
  REQUIRE(loaded.ok());
  const auto* income = loaded.value->sets[0].find("10");
  REQUIRE(income);
  CHECK_FALSE(income->number);
  CHECK(income->symbol.empty());
  CHECK_FALSE(income->not_applicable);
  CHECK(loaded.value->sets[0].find("1.1")->symbol.empty());
}

TEST_CASE("value=\"\" beside numerator and denominator lets the counts give the value")
{
  const auto loaded =
      load(one_set("xa-ntm", {"<indicator code=\"11\" value=\"\" numerator=\"168\" denominator=\"4200\"/>"})
               .str());
  CHECK(messages(loaded.errors).empty());
  REQUIRE(loaded.ok());
  CHECK(loaded.value->sets[0].find("11")->number == 4.0);
}

// --- the document --------------------------------------------------------------------------------

TEST_CASE("malformed submission XML is reported where the parser stopped")
{
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<submission year=\"2024\" region=\"dbscl\">\n"
      "  <commune code=\"83001\" name=\"Xã A\" district=\"Huyện B\" province=\"Bến Tre\"/>\n"
      "  <set ref=\"xa-ntm\">\n"
      "    <indicator code=\"10\" value=\"62.66\">\n"
      "  </set>\n"
      "</submission>\n";
  CHECK(errors(text) == Messages{"commune.xml:6:5: malformed XML: start-end tags mismatch"});
}

TEST_CASE("a submission of another root element is refused")
{
  CHECK(errors("<submision year=\"2024\" region=\"dbscl\"/>") ==
        Messages{"commune.xml:1:1: unknown root element <submision>, expected <submission>"});
}

TEST_CASE("a missing year or region is refused")
{
  const std::string commune =
      "  <commune code=\"83001\" name=\"Xã A\" district=\"Huyện B\" province=\"Bến Tre\"/>\n</submission>\n";
  CHECK(errors("<submission region=\"dbscl\">\n" + commune) ==
        Messages{"commune.xml:1:1: missing attribute 'year' on <submission>"});
  CHECK(errors("<submission year=\"2024\">\n" + commune) ==
        Messages{"commune.xml:1:1: missing attribute 'region' on <submission>"});
}

TEST_CASE("a year must have four digits")
{
  SubmissionText text;
  text.year = "20234";
  CHECK(errors(text) ==
        Messages{"commune.xml:2:19: attribute 'year' must be a year such as 2024, not '20234'"});
  text.year = "2024.5";
  CHECK(errors(text) ==
        Messages{"commune.xml:2:19: attribute 'year' must be a year such as 2024, not '2024.5'"});
}

TEST_CASE("an unknown region of the commune is refused with a did-you-mean and the list of regions")
{
  SubmissionText text;
  text.region = "dbscll";
  CHECK(errors(text) == Messages{"commune.xml:2:33: unknown region 'dbscll', did you mean 'dbscl'? "
                                 "(regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"});
  text.region = "mekong";
  CHECK(errors(text) ==
        Messages{"commune.xml:2:33: unknown region 'mekong' (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"});
}

TEST_CASE("special-difficulty is true or false")
{
  const std::string text =
      "<submission year=\"2024\" region=\"dbscl\" special-difficulty=\"co\">\n"
      "  <commune code=\"83001\" name=\"Xã A\" district=\"Huyện B\" province=\"Bến Tre\"/>\n"
      "</submission>\n";
  CHECK(errors(text) ==
        Messages{"commune.xml:1:60: attribute 'special-difficulty' must be 'true' or 'false', not 'co'"});
}

TEST_CASE("a commune code has five digits")
{
  SubmissionText text;
  text.code = "8300";
  CHECK(errors(text) == Messages{"commune.xml:3:18: commune code '8300' must be 5 digits"});
  text.code = "83O01";
  CHECK(errors(text) == Messages{"commune.xml:3:18: commune code '83O01' must be 5 digits"});
  text.code = "830011";
  CHECK(errors(text) == Messages{"commune.xml:3:18: commune code '830011' must be 5 digits"});
}

TEST_CASE("the commune element and its attributes are required")
{
  CHECK(errors("<submission year=\"2024\" region=\"dbscl\">\n</submission>\n") ==
        Messages{"commune.xml:1:1: missing <commune> in <submission>"});
  CHECK(errors("<submission year=\"2024\" region=\"dbscl\">\n"
               "  <commune code=\"83001\" name=\"Xã A\" district=\"Huyện B\"/>\n"
               "  <set ref=\"xa-ntm\"><indicator code=\"10\" value=\"62.66\"/></set>\n"
               "</submission>\n") == Messages{"commune.xml:2:3: missing attribute 'province' on <commune>"});
}

TEST_CASE("a claim names a known level")
{
  SubmissionText text;
  text.claim = "ntm-nangcao";
  CHECK(errors(text) ==
        Messages{"commune.xml:4:17: unknown level 'ntm-nangcao', did you mean 'ntm-nang-cao'?"});
}

// --- sets ----------------------------------------------------------------------------------------

TEST_CASE("an unknown set ref is refused with a did-you-mean")
{
  CHECK(errors(one_set("xa-ntm-nangcao", {value("10", "70")})) ==
        Messages{"commune.xml:4:13: unknown set 'xa-ntm-nangcao', did you mean 'xa-ntm-nang-cao'?"});
}

TEST_CASE("a set no version covers in the year is refused with the years there are")
{
  SubmissionText text = one_set("xa-ntm-nang-cao", {value("10", "70")});
  text.year = "2026";
  CHECK(errors(text) == Messages{"commune.xml:4:3: no version of set 'xa-ntm-nang-cao' covers year 2026 (its "
                                 "versions cover 2022–2025)"});
}

TEST_CASE("the years listed for an uncovered set name each period once")
{
  // xa-ntm has two versions, national and Trà Vinh, both for 2022-2025.
  SubmissionText text = one_set("xa-ntm", {value("10", "70")});
  text.year = "2021";
  CHECK(errors(text) ==
        Messages{
            "commune.xml:4:3: no version of set 'xa-ntm' covers year 2021 (its versions cover 2022–2025)"});
}

TEST_CASE("a set given twice is refused")
{
  SubmissionText text;
  text.set("xa-ntm", {value("1.1", "dat")}).set("xa-ntm", {value("10", "62.66")});
  CHECK(errors(text) == Messages{"commune.xml:7:3: set 'xa-ntm' given twice, first at commune.xml:4:3"});
}

// --- indicators ----------------------------------------------------------------------------------

TEST_CASE("an unknown indicator code is refused with a did-you-mean")
{
  CHECK(errors(one_set("xa-ntm", {value("13.11", "kha")})) ==
        Messages{"commune.xml:5:22: unknown indicator '13.11' in set 'xa-ntm', did you mean '13.1'?"});
  CHECK(errors(one_set("xa-ntm", {value("99", "1")})) ==
        Messages{"commune.xml:5:22: unknown indicator '99' in set 'xa-ntm'"});
}

TEST_CASE("an indicator of another set is refused naming that set")
{
  CHECK(errors(one_set("xa-ntm", {value("17.7", "dat")})) ==
        Messages{"commune.xml:5:22: unknown indicator '17.7' in set 'xa-ntm' (it belongs to set "
                 "'xa-ntm-nang-cao')"});
  CHECK(errors(one_set("xa-ntm", {value("2", "dat")})) ==
        Messages{
            "commune.xml:5:22: unknown indicator '2' in set 'xa-ntm' (it belongs to set 'xa-ntm-kieu-mau')"});
}

TEST_CASE("an unknown attribute of an indicator is refused with a did-you-mean")
{
  CHECK(errors(one_set("xa-ntm", {"<indicator code=\"10\" vlue=\"62\"/>"})) ==
        Messages{"commune.xml:5:32: unknown attribute 'vlue' on <indicator>, did you mean 'value'?"});
}

TEST_CASE("a number value must be a plain decimal")
{
  CHECK(errors(one_set("xa-ntm", {value("10", "abc")})) ==
        Messages{"commune.xml:5:33: value 'abc' of indicator '10' is not a number"});
  CHECK(errors(one_set("xa-ntm", {value("10", "62,66")})) ==
        Messages{
            "commune.xml:5:33: value '62,66' of indicator '10' is not a number: use '.' as the decimal mark "
            "and no thousands separator"});
}

TEST_CASE("a number value must lie within the indicator's range")
{
  CHECK(errors(one_set("xa-ntm", {value("10", "1200")})) ==
        Messages{"commune.xml:5:33: value '1200' of indicator '10' is outside its range 0–1000"});
  CHECK(errors(one_set("xa-ntm", {value("10", "-1")})) ==
        Messages{"commune.xml:5:33: value '-1' of indicator '10' is outside its range 0–1000"});
  CHECK(load(one_set("xa-ntm", {value("10", "1000")}).str()).ok());
}

TEST_CASE("a percent value must lie within 0-100")
{
  CHECK(errors(one_set("xa-ntm", {value("11", "101")})) ==
        Messages{"commune.xml:5:33: value '101' of indicator '11' is a percent outside 0–100"});
  CHECK(errors(one_set("xa-ntm", {value("11", "-0.5")})) ==
        Messages{"commune.xml:5:33: value '-0.5' of indicator '11' is a percent outside 0–100"});
  CHECK(load(one_set("xa-ntm", {value("11", "100")}).str()).ok());
  CHECK(load(one_set("xa-ntm", {value("11", "0")}).str()).ok());
}

TEST_CASE("a percent just above 100 is refused even when it rounds to 100")
{
  CHECK(errors(one_set("xa-ntm", {value("11", "100.00000000000000001")})) ==
        Messages{
            "commune.xml:5:33: value '100.00000000000000001' of indicator '11' is a percent outside 0–100"});
  CHECK(errors(one_set("xa-ntm", {value("11", "100.0000001")})) ==
        Messages{"commune.xml:5:33: value '100.0000001' of indicator '11' is a percent outside 0–100"});
  CHECK(load(one_set("xa-ntm", {value("11", "100.000")}).str()).ok());
}

TEST_CASE("a value of -0 is read as 0")
{
  const auto loaded = load(one_set("xa-ntm", {value("11", "-0"), counts("11", "-0", "5")}).str());
  CHECK(messages(loaded.errors) ==
        Messages{"commune.xml:6:5: duplicate indicator '11', first given at commune.xml:5:5"});
  const auto single = load(one_set("xa-ntm", {value("11", "-0")}).str());
  REQUIRE(single.ok());
  CHECK(*single.value->sets[0].indicators[0].number == 0.0);
}

TEST_CASE("a count indicator (whole) refuses a thousands separator instead of reading a decimal")
{
  const std::vector<ntm::load::NamedText> files = {
      {"levels.xml", R"(<levels none-id="x" none-name="X">
  <level id="d" rank="1" name="D"><requires set="s"/></level>
</levels>)"},
      {"s.xml", R"(<rule-set id="s@1" ref="s" name="S" from-year="2022" to-year="2025">
  <legal-basis decision="1" date="2022-01-01" verified="true" source="x"/>
  <criterion id="9" name="Nhà ở">
    <indicator code="9.1" type="number" whole="true" min="0" name="Nhà tạm">
      <target op="le" value="0" verified="true" source="x"/>
    </indicator>
  </criterion>
</rule-set>)"}};
  const auto rules = ntm::eval::RuleBase::load(files);
  REQUIRE(rules.ok());
  const auto load_value = [&](const std::string& text) {
    return ntm::load::load_submission({"commune.xml", one_set("s", {value("9.1", text)}).str()},
                                      rules.value->book());
  };
  CHECK(messages(load_value("4.200").errors) ==
        Messages{
            "commune.xml:5:34: value '4.200' of indicator '9.1' is not a whole number: write counts without "
            "thousands separators"});
  CHECK(messages(load_value("4,200").errors) ==
        Messages{
            "commune.xml:5:34: value '4,200' of indicator '9.1' is not a whole number: write counts without "
            "thousands separators"});
  CHECK(*load_value("4200").value->sets[0].indicators[0].number == 4200.0);
  CHECK(*load_value("-0").value->sets[0].indicators[0].number == 0.0);
}

TEST_CASE("a DOCTYPE declaring entities is refused, and an entity never expanded")
{
  SubmissionText text;
  text.set("xa-ntm", {});
  const std::string body = text.str().substr(text.str().find('\n') + 1);
  CHECK(
      errors("<!DOCTYPE submission [\n  <!ENTITY x SYSTEM \"http://example.invalid/\">\n]>\n" + body) ==
      Messages{"commune.xml:1:1: DOCTYPE declares entities, which ntm does not expand; remove the DOCTYPE"});
  CHECK(load("<!DOCTYPE submission>\n" + body).ok());
}

TEST_CASE("an attribute value longer than 4096 bytes is refused")
{
  SubmissionText text;
  text.code = std::string(4097, '1');
  text.set("xa-ntm", {});
  const auto found = errors(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0] ==
        "commune.xml:3:18: attribute 'code' on <commune> is too long (4097 bytes; the limit is 4096 bytes)");
}

TEST_CASE("counts must be whole, non-negative, with a non-zero denominator not below the numerator")
{
  CHECK(errors(one_set("xa-ntm", {counts("11", "-3", "100")})) ==
        Messages{"commune.xml:5:37: numerator '-3' is negative, a count cannot be"});
  CHECK(errors(one_set("xa-ntm", {counts("11", "3", "4.5")})) ==
        Messages{"commune.xml:5:53: denominator '4.5' is not a whole number: write counts without thousands "
                 "separators"});
  CHECK(errors(one_set("xa-ntm", {counts("11", "5", "4")})) ==
        Messages{"commune.xml:5:37: numerator 5 is larger than denominator 4 for indicator '11'"});
  CHECK(errors(one_set("xa-ntm", {counts("11", "0", "0")})) ==
        Messages{"commune.xml:5:53: denominator of indicator '11' is zero"});
  CHECK(errors(one_set("xa-ntm", {counts("11", "x", "y")})) ==
        Messages{"commune.xml:5:37: numerator 'x' is not a whole number",
                 "commune.xml:5:53: denominator 'y' is "
                 "not a whole number"});
}

TEST_CASE("counts are only for percent indicators and come in pairs, never with value=")
{
  CHECK(errors(one_set("xa-ntm", {counts("10", "1", "2")})) ==
        Messages{
            "commune.xml:5:37: indicator '10' is not a percent: give value=, not numerator=/denominator="});
  CHECK(errors(one_set("xa-ntm", {"<indicator code=\"11\" numerator=\"5\"/>"})) ==
        Messages{"commune.xml:5:5: indicator '11' needs both numerator= and denominator="});
  CHECK(errors(one_set("xa-ntm",
                       {"<indicator code=\"11\" value=\"4\" numerator=\"168\" denominator=\"4200\"/>"})) ==
        Messages{"commune.xml:5:47: indicator '11' has both value= and numerator=/denominator=; give one"});
}

TEST_CASE("khong-co is allowed only on an if-any indicator")
{
  CHECK(errors(one_set("xa-ntm", {value("1.1", "khong-co")})) ==
        Messages{
            "commune.xml:5:34: indicator '1.1' is not 'nếu có': 'khong-co' (not applicable) is not allowed"});
  CHECK(load(one_set("xa-ntm", {value("13.2", "khong-co")}).str()).ok());
}

TEST_CASE("bool and grade values must be among those the indicator accepts")
{
  CHECK(errors(one_set("xa-ntm", {value("1.1", "co")})) ==
        Messages{"commune.xml:5:34: value 'co' of indicator '1.1' must be 'dat' or 'khong-dat'"});
  CHECK(errors(one_set("xa-ntm", {value("13.2", "co")})) ==
        Messages{
            "commune.xml:5:35: value 'co' of indicator '13.2' must be 'dat' or 'khong-dat' (or 'khong-co')"});
  CHECK(errors(one_set("xa-ntm", {value("13.1", "khaa")})) ==
        Messages{"commune.xml:5:35: unknown grade 'khaa' of indicator '13.1', did you mean 'kha'? "
                 "(grades: yeu, trung-binh, kha, tot)"});
}

TEST_CASE("indicators are found in any order: on, into the next criterion, back and ahead")
{
  // Criteria 1 {1.1}, 10 {10}, 11 {11}, 13 {13.1, 13.2}: 11 follows 10 into the next criterion,
  // 1.1 is back at the start, 13.1 is ahead past one, 13.2 follows 13.1 in its own.
  const auto loaded = load(one_set("xa-ntm", {value("10", "62.66"), value("11", "4"), value("1.1", "dat"),
                                              value("13.1", "kha"), value("13.2", "khong-co")})
                               .str());
  REQUIRE(messages(loaded.errors) == Messages{});
  REQUIRE(loaded.ok());
  const auto& set = loaded.value->sets.at(0);
  REQUIRE(set.indicators.size() == 5);
  CHECK(set.find("10")->number == 62.66);
  CHECK(set.find("11")->number == 4.0);
  CHECK(set.find("1.1")->symbol == "dat");
  CHECK(set.find("13.1")->symbol == "kha");
  CHECK(set.find("13.2")->not_applicable);
  // Past the last indicator of the last criterion, an unknown code is searched for everywhere.
  CHECK(errors(one_set("xa-ntm", {value("13.2", "khong-co"), value("13.11", "kha")})) ==
        Messages{"commune.xml:6:22: unknown indicator '13.11' in set 'xa-ntm', did you mean '13.1'?"});
}

TEST_CASE("a derived indicator must not be given")
{
  CHECK(errors(one_set("xa-ntm-kieu-mau", {value("1", "70")})) ==
        Messages{"commune.xml:5:22: indicator '1' is derived from 'xa-ntm:10' and must not be given"});
}

TEST_CASE("an indicator given twice is refused")
{
  CHECK(errors(one_set("xa-ntm", {value("1.1", "dat"), value("1.1", "khong-dat")})) ==
        Messages{"commune.xml:6:5: duplicate indicator '1.1', first given at commune.xml:5:5"});
}

TEST_CASE("an indicator given again after later ones is refused")
{
  // 1.1 and 10 come in the rules' order; 1.1 again goes back, which is what tells of a duplicate.
  const auto loaded =
      load(one_set("xa-ntm", {value("1.1", "dat"), value("10", "62.66"), value("1.1", "khong-dat")}).str());
  CHECK(messages(loaded.errors) ==
        Messages{"commune.xml:7:5: duplicate indicator '1.1', first given at commune.xml:5:5"});
}

TEST_CASE("a self-assessment is dat or khong-dat")
{
  CHECK(errors(one_set("xa-ntm", {value("10", "62.66", "self-assessment=\"co\"")})) ==
        Messages{"commune.xml:5:57: self-assessment must be 'dat' or 'khong-dat', not 'co'"});
}

TEST_CASE("every error of a submission is reported, not just the first")
{
  SubmissionText text;
  text.region = "dbscll";
  text.code = "8300";
  text.set("xa-ntm",
           {value("10", "62,66"), value("13.11", "kha"), counts("11", "5", "4"), value("1.1", "dat")})
      .set("xa-ntm-nangcao", {});
  CHECK(errors(text) ==
        Messages{
            "commune.xml:2:33: unknown region 'dbscll', did you mean 'dbscl'? (regions: tdmnpb dbsh btb "
            "dhntb tn dnb dbscl)",
            "commune.xml:3:18: commune code '8300' must be 5 digits",
            "commune.xml:5:33: value '62,66' of indicator '10' is not a number: use '.' as the decimal mark "
            "and no thousands separator",
            "commune.xml:6:22: unknown indicator '13.11' in set 'xa-ntm', did you mean '13.1'?",
            "commune.xml:7:37: numerator 5 is larger than denominator 4 for indicator '11'",
            "commune.xml:10:13: unknown set 'xa-ntm-nangcao', did you mean 'xa-ntm-nang-cao'?"});
}

TEST_CASE("Vietnamese text folds without diacritics, case and repeated spaces")
{
  CHECK(ntm::load::fold_vietnamese("Trà Vinh") == "tra vinh");
  CHECK(ntm::load::fold_vietnamese("  TRÀ   VINH ") == "tra vinh");
  CHECK(ntm::load::fold_vietnamese("Đắk Lắk") == "dak lak");
  CHECK(ntm::load::fold_vietnamese("Thừa Thiên Huế") == "thua thien hue");
  CHECK(ntm::load::fold_vietnamese("Bà Rịa – Vũng Tàu") == "ba ria – vung tau"); // other letters stay
}

TEST_CASE("two texts are the same folded exactly when their folds are equal")
{
  using ntm::load::same_when_folded;
  CHECK(same_when_folded("Trà Vinh", "tra vinh"));
  CHECK(same_when_folded("  TRÀ   VINH ", "Trà Vinh"));
  CHECK(same_when_folded("Đắk Lắk", "dak lak"));
  CHECK(same_when_folded("Bà Rịa – Vũng Tàu", "ba ria – vung tau"));
  CHECK(same_when_folded("", "  "));
  CHECK_FALSE(same_when_folded("Trà Vinh", "Bến Tre"));
  CHECK_FALSE(same_when_folded("Trà Vinh", "Trà Vinh Bắc")); // one a prefix of the other
  CHECK_FALSE(same_when_folded("Trà Vinh ", "Trà Vin"));
  CHECK_FALSE(same_when_folded("Tra Vinh", "TraVinh")); // a space is a letter of its own
  CHECK_FALSE(same_when_folded("Bà Rịa – Vũng Tàu", "ba ria - vung tau"));
}

TEST_CASE("a province spelt otherwise than in the rules is an error, another province is not")
{
  SubmissionText text = one_set("xa-ntm", {});
  text.province = "Tra Vinh";
  CHECK(errors(text) ==
        Messages{"commune.xml:3:77: province 'Tra Vinh' is spelt 'Trà Vinh' in the rules; write it "
                 "so, or the national sets apply instead of the province's own"});
  text.province = "Trà Vinh";
  CHECK(load(text.str()).value);
  text.province = "Vĩnh Long"; // not in the rules: the national sets apply, as they should
  CHECK(load(text.str()).value);
}

namespace {

/// Loads each of `files` in turn into one workspace and checks that each comes out as it does
/// loaded fresh, field by field, whatever the file before it left there.
void check_reused_equals_fresh(const std::vector<ntm::load::NamedText>& files,
                               const ntm::model::RuleBook& book)
{
  for (const ntm::load::NamedText& first : files) {
    for (const ntm::load::NamedText& second : files) {
      INFO(first.name << " then " << second.name);
      ntm::load::SubmissionWorkspace workspace;
      ntm::load::load_submission_by_extension(ntm::load::NamedText(first), book, workspace);
      const auto& reused =
          ntm::load::load_submission_by_extension(ntm::load::NamedText(second), book, workspace);
      const auto fresh = ntm::load::load_submission_by_extension(second, book);
      CHECK(reused.value.has_value() == fresh.value.has_value());
      if (reused.value && fresh.value) {
        CHECK(*reused.value == *fresh.value);
      }
      CHECK(reused.errors == fresh.errors);
    }
  }
}

} // namespace

TEST_CASE("a sample submission loaded into what another left equals it loaded fresh")
{
  auto rules = ntm::eval::RuleBase::load(std::filesystem::path(NTM_SOURCE_DIR) / "rules");
  REQUIRE(rules.ok());
  std::vector<std::filesystem::path> paths = {std::filesystem::path(NTM_SOURCE_DIR) /
                                              "tests/data/tan-hiep-2023.csv"};
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(NTM_SOURCE_DIR) / "communes/tra-cu-2023")) {
    paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<ntm::load::NamedText> files;
  for (const auto& path : paths) {
    auto text = ntm::load::read_file(path);
    REQUIRE(text.value);
    files.push_back({path.filename().string(), std::move(*text.value)});
  }
  REQUIRE(files.size() == 16);
  check_reused_equals_fresh(files, rules.value->book());
}

TEST_CASE("a made-up submission loaded into what another left equals it loaded fresh")
{
  SubmissionText full;
  full.province = "Trà Vinh";
  full.special_difficulty = true;
  full.claim = "ntm";
  full.set("xa-ntm", {value("1.1", "dat"), value("10", "62.660000000000000001", "self-assessment=\"dat\""),
                      counts("11", "168", "4200"), value("13.1", "kha", "self-assessment=\"khong-dat\""),
                      value("13.2", "khong-co")})
      .set("xa-ntm-nang-cao", advanced_all_met());
  SubmissionText other_order; // in another order than the rules', with a value left blank
  other_order.region = "tdmnpb";
  other_order.set("xa-ntm-nang-cao", advanced_all_met())
      .set("xa-ntm", {value("13.2", "dat"), value("11", ""), value("1.1", "khong-dat"), value("10", "70")});
  SubmissionText duplicates =
      one_set("xa-ntm", {value("10", "62.66"), value("1.1", "dat"), value("10", "63")});
  SubmissionText refused_set; // a set refused, then one read
  refused_set.set("xa-ntm-nangcao", {value("1.1", "dat")}).set("xa-ntm", {value("1.1", "dat")});
  SubmissionText bad_value =
      one_set("xa-ntm", {value("1.1", "dat"), value("10", "abc"), value("13.1", "kha")});
  SubmissionText no_year;
  no_year.year = "";
  no_year.set("xa-ntm", national_all_met());
  const std::vector<ntm::load::NamedText> files = {
      {"full.xml", full.str()},
      {"a-name-longer-than-a-short-string-holds/other-order.xml", other_order.str()},
      {"empty-set.xml", one_set("xa-ntm", {}).str()},
      {"no-sets.xml", SubmissionText{}.str()},
      {"duplicates.xml", duplicates.str()},
      {"refused-set.xml", refused_set.str()},
      {"bad-value.xml", bad_value.str()},
      {"no-year.xml", no_year.str()},
      {"malformed.xml", "<submission year=\"2024\">\n  <commune"},
      {"empty.xml", ""},
      {"other-root.xml", "<rules/>"},
      {"commune.csv", "key,value\nyear,2024\n"},
  };
  check_reused_equals_fresh(files, ntm::test::rule_base().book());
}
