#include "load/rule_loader.hpp"

#include "eval/rule_base.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using ntm::eval::RuleBase;
using ntm::load::NamedText;
using ntm::load::parse_rule_files;
using ntm::model::Op;
using ntm::model::Region;
using ntm::test::messages;
using Messages = std::vector<std::string>;

namespace {

// One small rule set; the tests below change one thing in it. Its lines:
//  1 <rule-set>        4 indicator 1.1 (percent)   7 indicator 1.2 (bool)   10 indicator 1.3 (grade)
//  2 <legal-basis>     5 its target                8 its target             11-12 grades yeu < kha
//  3 <criterion id=1>                                                       13 its target
const std::string k_base = R"xml(<rule-set id="s@1" ref="s" name="Bộ thử" from-year="2022" to-year="2025">
  <legal-basis decision="1/QĐ" date="2022-01-01" verified="true" source="x"/>
  <criterion id="1" name="Tiêu chí một">
    <indicator code="1.1" type="percent" name="Tỷ lệ">
      <target op="ge" value="80" verified="true" source="x"/>
    </indicator>
    <indicator code="1.2" type="bool" name="Có">
      <target op="eq" value="dat" verified="true" source="x"/>
    </indicator>
    <indicator code="1.3" type="grade" name="Xếp loại">
      <grade id="yeu" name="Yếu"/>
      <grade id="kha" name="Khá"/>
      <target op="ge" value="kha" verified="true" source="x"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

// Levels for a book holding only set `s`.
const std::string k_levels_of_s = R"xml(<levels none-id="chua-dat" none-name="Chưa đạt">
  <level id="dat" rank="1" name="Đạt">
    <requires set="s"/>
  </level>
</levels>
)xml";

/// `text` with the first `from` replaced by `to`; `from` must occur.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

std::string base_with(const std::string& from, const std::string& to)
{
  return replaced(k_base, from, to);
}

/// Errors of parsing one file on its own (no <levels> is needed when something else is wrong).
Messages parse_errors(const std::string& text)
{
  const auto loaded = parse_rule_files({{"r.xml", text}});
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

/// Errors of loading `files` through every stage (parse, extend, check references, graph).
Messages load_errors(const std::vector<NamedText>& files)
{
  const auto loaded = RuleBase::load(files);
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

/// The fixture book with file `name` replaced by `text`, or `text` added under `name`.
std::vector<NamedText> book_with(const std::string& name, const std::string& text)
{
  auto files = ntm::test::rule_files();
  for (NamedText& file : files) {
    if (file.name == name) {
      file.text = text;
      return files;
    }
  }
  files.push_back({name, text});
  return files;
}

const std::string k_national = "2021-2025/xa-ntm.xml";
const std::string k_tra_vinh = "2021-2025/tra-vinh/xa-ntm.xml";
const std::string k_model = "2021-2025/xa-ntm-kieu-mau.xml";

} // namespace

// --- well-formedness -------------------------------------------------------------------------

TEST_CASE("malformed XML is reported where the parser stopped")
{
  CHECK(parse_errors(base_with("  </criterion>", "  </criterio>")) ==
        Messages{"r.xml:15:5: malformed XML: start-end tags mismatch"});
  CHECK(parse_errors("<rule-set id=\"s@1>\n</rule-set>\n") ==
        Messages{"r.xml:1:15: malformed XML: error parsing element attribute"});
  const auto loaded = parse_rule_files({{"r.xml", "<levels>"}});
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].code == "malformed-xml");
}

TEST_CASE("an empty rule file holds no document")
{
  CHECK(parse_errors("") == Messages{"r.xml:1:1: no XML element: the file is empty or holds no document"});
  CHECK(parse_errors("<!-- only a comment -->\n") ==
        Messages{"r.xml:2:1: no XML element: the file is empty or holds no document"});
}

TEST_CASE("a rule file in another encoding is refused")
{
  CHECK(parse_errors("<rule-set name=\"B\xF4\"/>") ==
        Messages{"r.xml:1:18: invalid UTF-8 byte 0xF4 (Latin-1 or Windows-1258?); save the file as UTF-8"});
  CHECK(parse_errors("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<levels/>") ==
        Messages{"r.xml:1:31: declared encoding 'ISO-8859-1' is not supported; save the file as UTF-8"});
}

TEST_CASE("an unknown root element is refused")
{
  CHECK(parse_errors("<?xml version=\"1.0\"?>\n<rules/>\n") ==
        Messages{"r.xml:2:1: unknown root element <rules>, expected <rule-set> or <levels>"});
}

// --- elements and attributes -----------------------------------------------------------------

TEST_CASE("an unknown attribute is reported at its value with a did-you-mean")
{
  CHECK(parse_errors(base_with("<criterion id=\"1\" name", "<criterion id=\"1\" grop=\"Kinh tế\" name")) ==
        Messages{"r.xml:3:27: unknown attribute 'grop' on <criterion>, did you mean 'group'?"});
  CHECK(parse_errors(base_with("type=\"bool\" name", "type=\"bool\" colour=\"đỏ\" name")) ==
        Messages{"r.xml:7:47: unknown attribute 'colour' on <indicator>"});
}

TEST_CASE("an attribute misspelt in place of a required one gives both errors")
{
  CHECK(parse_errors(base_with("<criterion id=\"1\" name=", "<criterion id=\"1\" nam=")) ==
        Messages{"r.xml:3:3: missing attribute 'name' on <criterion>",
                 "r.xml:3:26: unknown attribute 'nam' on <criterion>, did you mean 'name'?"});
}

TEST_CASE("an unexpected element is reported with a did-you-mean")
{
  CHECK(parse_errors(base_with("  </criterion>", "    <indicators/>\n  </criterion>")) ==
        Messages{"r.xml:15:5: unexpected element <indicators> in <criterion>, did you mean 'indicator'?"});
  CHECK(parse_errors(base_with("  </criterion>", "    <note/>\n  </criterion>")) ==
        Messages{"r.xml:15:5: unexpected element <note> in <criterion>"});
}

TEST_CASE("text inside an element is refused")
{
  CHECK(parse_errors(base_with("  </criterion>", "    văn bản\n  </criterion>")) ==
        Messages{"r.xml:3:3: unexpected text inside <criterion>"});
}

TEST_CASE("a duplicate attribute is refused")
{
  CHECK(parse_errors(base_with("op=\"ge\" value=\"80\"", "op=\"ge\" op=\"le\" value=\"80\"")) ==
        Messages{"r.xml:5:7: duplicate attribute 'op' on <target>"});
}

TEST_CASE("a missing or empty required attribute is refused")
{
  CHECK(parse_errors(base_with(" name=\"Tỷ lệ\"", "")) ==
        Messages{"r.xml:4:5: missing attribute 'name' on <indicator>"});
  CHECK(parse_errors(base_with("decision=\"1/QĐ\" ", "")) ==
        Messages{"r.xml:2:3: missing attribute 'decision' on <legal-basis>"});
  CHECK(parse_errors(
            base_with("value=\"80\" verified=\"true\" source=\"x\"", "value=\"80\" verified=\"true\"")) ==
        Messages{"r.xml:5:7: missing attribute 'source' on <target>"});
  CHECK(parse_errors(base_with("name=\"Tiêu chí một\"", "name=\"\"")) ==
        Messages{"r.xml:3:27: attribute 'name' on <criterion> is empty"});
}

TEST_CASE("verified= is required on targets and legal bases")
{
  CHECK(parse_errors(base_with("value=\"80\" verified=\"true\"", "value=\"80\"")) ==
        Messages{"r.xml:5:7: missing attribute 'verified' on <target>: say whether the value was checked"});
  CHECK(parse_errors(base_with("date=\"2022-01-01\" verified=\"true\"", "date=\"2022-01-01\"")) ==
        Messages{
            "r.xml:2:3: missing attribute 'verified' on <legal-basis>: say whether the value was checked"});
  CHECK(parse_errors(base_with("value=\"80\" verified=\"true\"", "value=\"80\" verified=\"yes\"")) ==
        Messages{"r.xml:5:44: attribute 'verified' must be 'true' or 'false', not 'yes'"});
}

TEST_CASE("an unknown indicator type is refused")
{
  CHECK(parse_errors(base_with("type=\"bool\"", "type=\"boolean\"")) ==
        Messages{"r.xml:7:33: unknown indicator type 'boolean', expected bool, number, percent or grade"});
}

TEST_CASE("an unknown op is refused")
{
  CHECK(parse_errors(base_with("op=\"ge\" value=\"80\"", "op=\"gte\" value=\"80\"")) ==
        Messages{"r.xml:5:19: unknown op 'gte', expected ge, le, eq, gt or lt"});
}

TEST_CASE("an unknown region is refused with a did-you-mean and the list of regions")
{
  CHECK(parse_errors(base_with("value=\"80\" verified", "value=\"80\" region=\"dbcl\" verified")) ==
        Messages{"r.xml:5:42: unknown region 'dbcl', did you mean 'dbscl'? "
                 "(regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"});
  CHECK(
      parse_errors(base_with("value=\"80\" verified", "value=\"80\" region=\"dbscl tay-nguyen\" verified")) ==
      Messages{"r.xml:5:42: unknown region 'tay-nguyen' (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"});
}

TEST_CASE("a target year must be a year of the set")
{
  CHECK(parse_errors(base_with("value=\"80\" verified", "value=\"80\" year=\"24\" verified")) ==
        Messages{"r.xml:5:40: year '24' must be a year such as 2024"});
  CHECK(parse_errors(base_with("value=\"80\" verified", "value=\"80\" year=\"2023 2030\" verified")) ==
        Messages{"r.xml:5:40: year 2030 is outside the set's years 2022–2025"});
}

TEST_CASE("a bool target must be 'dat' with op eq")
{
  CHECK(parse_errors(base_with("value=\"dat\"", "value=\"co\"")) ==
        Messages{"r.xml:8:30: target of a bool indicator must be 'dat', not 'co'"});
  CHECK(parse_errors(base_with("op=\"eq\" value=\"dat\"", "op=\"ge\" value=\"dat\"")) ==
        Messages{"r.xml:8:19: target of a bool indicator must use op 'eq'"});
}

TEST_CASE("a percent target must lie within 0-100 and be a plain number")
{
  CHECK(parse_errors(base_with("value=\"80\"", "value=\"120\"")) ==
        Messages{"r.xml:5:30: target value '120' is outside 0–100 for a percent"});
  CHECK(parse_errors(base_with("value=\"80\"", "value=\"-0.5\"")) ==
        Messages{"r.xml:5:30: target value '-0.5' is outside 0–100 for a percent"});
  CHECK(parse_errors(base_with("value=\"80\"", "value=\"80,5\"")) ==
        Messages{"r.xml:5:30: target value '80,5' is not a number: use '.' as the decimal mark and no "
                 "thousands separator"});
  CHECK(RuleBase::load(std::vector<NamedText>{{"levels.xml", k_levels_of_s},
                                              {"r.xml", base_with("value=\"80\"", "value=\"100\"")}})
            .ok());
}

TEST_CASE("a percent target just above 100 is refused even when it rounds to 100")
{
  CHECK(parse_errors(base_with("value=\"80\"", "value=\"100.00000000000000001\"")) ==
        Messages{"r.xml:5:30: target value '100.00000000000000001' is outside 0–100 for a percent"});
}

TEST_CASE("a grade target must name one of the indicator's grades")
{
  CHECK(parse_errors(base_with("value=\"kha\"", "value=\"khaa\"")) ==
        Messages{"r.xml:13:30: unknown grade 'khaa', did you mean 'kha'?"});
  CHECK(parse_errors(base_with("value=\"kha\"", "value=\"xuat-sac\"")) ==
        Messages{"r.xml:13:30: unknown grade 'xuat-sac'"});
}

TEST_CASE("a grade indicator needs two grades, and only grade indicators have grades")
{
  CHECK(parse_errors(base_with("      <grade id=\"yeu\" name=\"Yếu\"/>\n", "")) ==
        Messages{"r.xml:10:5: grade indicator '1.3' needs at least two <grade> elements"});
  CHECK(parse_errors(base_with("<grade id=\"kha\"", "<grade id=\"yeu\"")) ==
        Messages{"r.xml:12:18: duplicate grade 'yeu'", "r.xml:13:30: unknown grade 'kha'"});
}

TEST_CASE("min and max are allowed only on number indicators")
{
  CHECK(parse_errors(base_with("type=\"percent\" name", "type=\"percent\" min=\"0\" name")) ==
        Messages{"r.xml:4:47: attribute 'min' is allowed only on number indicators"});
}

TEST_CASE("whole is allowed only on number indicators")
{
  CHECK(parse_errors(base_with("type=\"bool\" name", "type=\"bool\" whole=\"true\" name")) ==
        Messages{"r.xml:7:46: attribute 'whole' is allowed only on number indicators"});
}

TEST_CASE("a DOCTYPE declaring entities is refused; entities are never expanded")
{
  CHECK(parse_errors("<!DOCTYPE rule-set [\n<!ENTITY x \"y\">\n]>\n" + k_base) ==
        Messages{"r.xml:1:1: DOCTYPE declares entities, which ntm does not expand; remove the DOCTYPE"});
}

TEST_CASE("an attribute value longer than the limit is refused")
{
  CHECK(parse_errors(base_with("source=\"x\"/>", "source=\"" + std::string(5000, 'x') + "\"/>")) ==
        Messages{"r.xml:2:74: attribute 'source' on <legal-basis> is too long (5000 bytes; the limit is 4096 "
                 "bytes)"});
}

TEST_CASE("a derived target needs a number indicator and a well-formed reference")
{
  CHECK(parse_errors(base_with("value=\"dat\"", "factor=\"2\" of=\"s:1.1\"")) ==
        Messages{"r.xml:8:38: a derived target needs a number or percent indicator"});
  CHECK(parse_errors(base_with("value=\"80\"", "factor=\"2\" of=\"s\"")) ==
        Messages{"r.xml:5:38: of 's' must be SET-REF:CODE, such as 'xa-ntm:10'"});
  CHECK(parse_errors(base_with("value=\"80\"", "value=\"80\" of=\"s:1.2\"")) ==
        Messages{"r.xml:5:30: a target has either value= or factor= and of=, not both"});
  CHECK(parse_errors(base_with("value=\"80\"", "factor=\"1.1\"")) ==
        Messages{"r.xml:5:7: <target> needs value= or of="});
}

// --- uniqueness and shape of sets ------------------------------------------------------------

TEST_CASE("a duplicate indicator code is reported with the first definition")
{
  CHECK(parse_errors(base_with("code=\"1.2\"", "code=\"1.1\"")) ==
        Messages{"r.xml:7:5: duplicate indicator '1.1', first defined at r.xml:4:5"});
}

TEST_CASE("a duplicate criterion id is refused")
{
  const std::string second = "  </criterion>\n"
                             "  <criterion id=\"1\" name=\"Lặp lại\">\n"
                             "    <indicator code=\"2.1\" type=\"bool\" name=\"Có\">\n"
                             "      <target op=\"eq\" value=\"dat\" verified=\"true\" source=\"x\"/>\n"
                             "    </indicator>\n"
                             "  </criterion>";
  CHECK(parse_errors(base_with("  </criterion>", second)) ==
        Messages{"r.xml:16:3: duplicate criterion '1' in set 's@1'"});
}

TEST_CASE("a set id must be REF@VERSION")
{
  CHECK(parse_errors(base_with("id=\"s@1\"", "id=\"s-1\"")) ==
        Messages{"r.xml:1:15: set id 's-1' must be 's@VERSION' (a-z, 0-9, '-', '.')"});
  CHECK(parse_errors(base_with("id=\"s@1\"", "id=\"t@1\"")) ==
        Messages{"r.xml:1:15: set id 't@1' must be 's@VERSION' (a-z, 0-9, '-', '.')"});
  CHECK(parse_errors(base_with("id=\"s@1\"", "id=\"s@2022_1\"")) ==
        Messages{"r.xml:1:15: set id 's@2022_1' must be 's@VERSION' (a-z, 0-9, '-', '.')"});
  CHECK(parse_errors(base_with("ref=\"s\"", "ref=\"S\"")) ==
        Messages{"r.xml:1:15: set id 's@1' must be 'S@VERSION' (a-z, 0-9, '-', '.')",
                 "r.xml:1:25: set ref 'S' may hold only a-z, 0-9 and '-'"});
}

TEST_CASE("a set id with an empty version is refused")
{
  const auto loaded =
      parse_rule_files({{"levels.xml", k_levels_of_s}, {"r.xml", base_with("id=\"s@1\"", "id=\"s@\"")}});
  CHECK(messages(loaded.errors) ==
        Messages{"r.xml:1:15: set id 's@' must be 's@VERSION' (a-z, 0-9, '-', '.')"});
}

TEST_CASE("years of a set are 4-digit years in order")
{
  CHECK(parse_errors(base_with("from-year=\"2022\"", "from-year=\"22\"")) ==
        Messages{"r.xml:1:53: attribute 'from-year' must be a year such as 2024, not '22'"});
  CHECK(
      parse_errors(base_with("from-year=\"2022\" to-year=\"2025\"", "from-year=\"2025\" to-year=\"2022\"")) ==
      Messages{"r.xml:1:68: to-year 2022 is before from-year 2025"});
}

TEST_CASE("a set has exactly one legal basis with an ISO date")
{
  const std::string legal =
      "<legal-basis decision=\"1/QĐ\" date=\"2022-01-01\" verified=\"true\" source=\"x\"/>";
  CHECK(parse_errors(base_with(legal, "<!-- none -->")) ==
        Messages{"r.xml:1:1: set 's@1' must have exactly one <legal-basis>, found 0"});
  CHECK(parse_errors(base_with(legal, legal + legal)) ==
        Messages{"r.xml:1:1: set 's@1' must have exactly one <legal-basis>, found 2"});
  CHECK(parse_errors(base_with("date=\"2022-01-01\"", "date=\"08/03/2022\"")) ==
        Messages{"r.xml:2:38: date '08/03/2022' must be written YYYY-MM-DD"});
}

TEST_CASE("a set needs criteria unless it extends another, which may only override")
{
  const std::string criterion_start = "  <criterion id=\"1\"";
  const std::string no_criteria =
      "<rule-set id=\"s@1\" ref=\"s\" name=\"Bộ thử\" from-year=\"2022\" to-year=\"2025\">\n"
      "  <legal-basis decision=\"1/QĐ\" date=\"2022-01-01\" verified=\"true\" source=\"x\"/>\n"
      "</rule-set>\n";
  CHECK(parse_errors(no_criteria) == Messages{"r.xml:1:1: set 's@1' has no <criterion>"});
  CHECK(parse_errors(base_with("to-year=\"2025\">", "to-year=\"2025\" extends=\"s@0\">")) ==
        Messages{"r.xml:3:3: set 's@1' extends 's@0': it may only override targets, not define criteria"});
  CHECK(parse_errors(
            base_with(criterion_start, "  <override indicator=\"1.1\">\n"
                                       "    <target op=\"ge\" value=\"90\" verified=\"true\" source=\"y\"/>\n"
                                       "  </override>\n" +
                                           criterion_start)) ==
        Messages{"r.xml:3:3: <override> is allowed only in a set that extends another"});
}

TEST_CASE("a derived target's factor must be positive")
{
  const auto loaded = parse_rule_files(
      {{"levels.xml", k_levels_of_s}, {"r.xml", base_with("value=\"80\"", "factor=\"0\" of=\"s:1.1\"")}});
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].str() == "r.xml:5:31: factor '0' must be positive");
}

TEST_CASE("min may not exceed max")
{
  const auto loaded = parse_rule_files(
      {{"levels.xml", k_levels_of_s},
       {"r.xml", base_with("type=\"percent\" name", "type=\"number\" min=\"10\" max=\"5\" name")}});
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].str() == "r.xml:4:55: max 5 is below min 10");
}

// --- across files ----------------------------------------------------------------------------

TEST_CASE("two levels files are refused")
{
  const auto loaded = parse_rule_files({{"levels.xml", ntm::test::k_levels_xml},
                                        {"more/levels.xml", ntm::test::k_levels_xml},
                                        {"s.xml", k_base}});
  CHECK_FALSE(loaded.value);
  CHECK(messages(loaded.errors) ==
        Messages{"more/levels.xml:2:1: a second <levels> file; the rules may hold only one"});
}

TEST_CASE("no rule files at all is an error of its own")
{
  const auto loaded = parse_rule_files({});
  CHECK_FALSE(loaded.value);
  CHECK(messages(loaded.errors) == Messages{"no rule files (*.xml) found"});
}

TEST_CASE("a level may require only levels of lower rank")
{
  const std::string levels =
      "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n"
      "  <level id=\"thap\" rank=\"1\" name=\"Thấp\"><requires level=\"cao\"/></level>\n"
      "  <level id=\"cao\" rank=\"2\" name=\"Cao\"><requires set=\"s\"/></level>\n"
      "</levels>\n";
  CHECK(load_errors({{"levels.xml", levels}, {"r.xml", k_base}}) ==
        Messages{
            "levels.xml:2:3: level 'thap' (rank 1) requires level 'cao' of rank 2: a level may require only "
            "lower ranks"});
}

TEST_CASE("rules without a levels file are refused")
{
  const auto loaded = parse_rule_files({{"s.xml", k_base}});
  CHECK_FALSE(loaded.value);
  CHECK(messages(loaded.errors) == Messages{"no <levels> file among the rules (rules/levels.xml)"});
}

TEST_CASE("a duplicate set id is reported with the first definition")
{
  const auto loaded = parse_rule_files({{"levels.xml", ntm::test::k_levels_xml},
                                        {k_national, ntm::test::k_national_xml},
                                        {"copy/xa-ntm.xml", ntm::test::k_national_xml}});
  CHECK_FALSE(loaded.value);
  CHECK(messages(loaded.errors) ==
        Messages{"copy/xa-ntm.xml:2:1: duplicate set id 'xa-ntm@318-2022', first defined at "
                 "2021-2025/xa-ntm.xml:2:1"});
}

TEST_CASE("a level names sets and levels by requires set= or level=, not both")
{
  const std::string both =
      replaced(k_levels_of_s, "<requires set=\"s\"/>", "<requires set=\"s\" level=\"x\"/>");
  const auto loaded = parse_rule_files({{"levels.xml", both}, {"r.xml", k_base}});
  CHECK(messages(loaded.errors) == Messages{"levels.xml:3:5: <requires> names either set= or level="});
}

TEST_CASE("extending an unknown set is refused with a did-you-mean")
{
  const std::string text =
      replaced(ntm::test::k_tra_vinh_xml, "extends=\"xa-ntm@318-2022\"", "extends=\"xa-ntm@318-2021\"");
  CHECK(load_errors(book_with(k_tra_vinh, text)) ==
        Messages{"2021-2025/tra-vinh/xa-ntm.xml:2:1: set 'xa-ntm@tra-vinh-1306-2022' extends unknown set "
                 "'xa-ntm@318-2021', did you mean 'xa-ntm@318-2022'?"});
}

TEST_CASE("extending a version of another set is refused")
{
  const std::string text = replaced(ntm::test::k_tra_vinh_xml, "extends=\"xa-ntm@318-2022\"",
                                    "extends=\"xa-ntm-nang-cao@318-2022\"");
  CHECK(load_errors(book_with(k_tra_vinh, text)) ==
        Messages{"2021-2025/tra-vinh/xa-ntm.xml:2:1: set 'xa-ntm@tra-vinh-1306-2022' (ref 'xa-ntm') extends "
                 "'xa-ntm-nang-cao@318-2022' of another ref 'xa-ntm-nang-cao'"});
}

TEST_CASE("an override of an unknown indicator is refused with a did-you-mean")
{
  const std::string text = replaced(ntm::test::k_tra_vinh_xml, "indicator=\"10\"", "indicator=\"100\"");
  CHECK(load_errors(book_with(k_tra_vinh, text)) ==
        Messages{"2021-2025/tra-vinh/xa-ntm.xml:7:3: override names unknown indicator '100' of set "
                 "'xa-ntm@318-2022', did you mean '10'?"});
}

TEST_CASE("an indicator overridden twice in one version is refused")
{
  const std::string twice = replaced(ntm::test::k_tra_vinh_xml, "  </override>\n",
                                     "  </override>\n"
                                     "  <override indicator=\"10\">\n"
                                     "    <target op=\"ge\" value=\"60\" verified=\"false\" source=\"x\"/>\n"
                                     "  </override>\n");
  const auto errors = load_errors(book_with(k_tra_vinh, twice));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "2021-2025/tra-vinh/xa-ntm.xml:11:3: indicator '10' is overridden twice, first at "
                     "2021-2025/tra-vinh/xa-ntm.xml:7:3");
}

TEST_CASE("override targets are checked against the inherited indicator's type")
{
  const std::string text = replaced(ntm::test::k_tra_vinh_xml, "value=\"47\"", "value=\"dat\"");
  CHECK(load_errors(book_with(k_tra_vinh, text)) ==
        Messages{"2021-2025/tra-vinh/xa-ntm.xml:8:5: target value 'dat' is not a number"});
}

TEST_CASE("two national versions of a set may not cover the same year")
{
  const std::string newer =
      "<rule-set id=\"xa-ntm@2025\" ref=\"xa-ntm\" name=\"Bộ mới\" from-year=\"2025\" to-year=\"2026\">\n"
      "  <legal-basis decision=\"2/QĐ\" date=\"2025-01-01\" verified=\"true\" source=\"x\"/>\n"
      "  <criterion id=\"1\" name=\"Quy hoạch\">\n"
      "    <indicator code=\"1.1\" type=\"bool\" name=\"Có quy hoạch\">\n"
      "      <target op=\"eq\" value=\"dat\" verified=\"true\" source=\"x\"/>\n"
      "    </indicator>\n"
      "  </criterion>\n"
      "</rule-set>\n";
  CHECK(load_errors(book_with("2025/xa-ntm.xml", newer)) ==
        Messages{"2025/xa-ntm.xml:1:1: versions 'xa-ntm@318-2022' and 'xa-ntm@2025' of set 'xa-ntm' overlap: "
                 "both apply to every province in 2025"});
}

TEST_CASE("two versions for the same province may not cover the same year")
{
  const std::string newer =
      "<rule-set id=\"xa-ntm@tra-vinh-2024\" ref=\"xa-ntm\" name=\"Bộ Trà Vinh mới\" from-year=\"2024\" "
      "to-year=\"2026\" extends=\"xa-ntm@318-2022\">\n"
      "  <legal-basis decision=\"9/QĐ-UBND\" date=\"2024-01-01\" verified=\"true\" source=\"x\"/>\n"
      "  <applies-to province=\"Trà Vinh\"/>\n"
      "</rule-set>\n";
  CHECK(load_errors(book_with("2021-2025/tra-vinh/xa-ntm-2024.xml", newer)) ==
        Messages{"2021-2025/tra-vinh/xa-ntm-2024.xml:1:1: versions 'xa-ntm@tra-vinh-1306-2022' and "
                 "'xa-ntm@tra-vinh-2024' of set 'xa-ntm' overlap: both apply to Trà Vinh in 2024–2025"});

  // Another province's version of the same years is no overlap.
  const std::string other_province =
      replaced(replaced(newer, "Trà Vinh\"/>", "Bến Tre\"/>"), "from-year=\"2024\"", "from-year=\"2022\"");
  CHECK(RuleBase::load(book_with("2021-2025/ben-tre/xa-ntm.xml", other_province)).ok());
}

TEST_CASE("two targets that match the same region and year at the same specificity are refused")
{
  const std::string second = "<target op=\"ge\" value=\"80\" verified=\"true\" source=\"x\"/>\n"
                             "      <target op=\"ge\" value=\"70\" verified=\"true\" source=\"y\"/>";
  CHECK(load_errors({{"levels.xml", k_levels_of_s},
                     {"r.xml", base_with("<target op=\"ge\" value=\"80\" verified=\"true\" source=\"x\"/>",
                                         second)}}) ==
        Messages{
            "r.xml:6:7: target overlaps the target at r.xml:5:7 of indicator '1.1': both apply to the same "
            "region and year"});

  const std::string regions =
      "<target op=\"ge\" value=\"80\" region=\"dbscl dbsh\" verified=\"true\" source=\"x\"/>\n"
      "      <target op=\"ge\" value=\"70\" region=\"dbsh\" verified=\"true\" source=\"y\"/>";
  CHECK(load_errors({{"levels.xml", k_levels_of_s},
                     {"r.xml", base_with("<target op=\"ge\" value=\"80\" verified=\"true\" source=\"x\"/>",
                                         regions)}}) ==
        Messages{
            "r.xml:6:7: target overlaps the target at r.xml:5:7 of indicator '1.1': both apply to the same "
            "region and year"});
}

TEST_CASE("targets of different regions, years or specificity do not overlap")
{
  const std::string rows =
      "<target op=\"ge\" value=\"80\" verified=\"true\" source=\"x\"/>\n"
      "      <target op=\"ge\" value=\"70\" region=\"dbscl\" verified=\"true\" source=\"y\"/>\n"
      "      <target op=\"ge\" value=\"75\" region=\"dbsh\" verified=\"true\" source=\"y\"/>\n"
      "      <target op=\"ge\" value=\"72\" year=\"2023\" verified=\"true\" source=\"y\"/>\n"
      "      <target op=\"ge\" value=\"73\" year=\"2024\" verified=\"true\" source=\"y\"/>\n"
      "      <target op=\"ge\" value=\"71\" region=\"dbscl\" year=\"2023\" verified=\"true\" "
      "source=\"y\"/>";
  const auto loaded = RuleBase::load(std::vector<NamedText>{
      {"levels.xml", k_levels_of_s},
      {"r.xml", base_with("<target op=\"ge\" value=\"80\" verified=\"true\" source=\"x\"/>", rows)}});
  CHECK(messages(loaded.errors).empty());
  CHECK(loaded.ok());
}

TEST_CASE("an overlap in a national set is reported once even when a province extends it")
{
  // The Trà Vinh version holds a copy of indicator 11 with the same two rows.
  const std::string text = replaced(ntm::test::k_national_xml, "<target op=\"le\" value=\"5\" year=\"2022\"",
                                    "<target op=\"le\" value=\"4.5\" year=\"2022 2023\" verified=\"true\" "
                                    "source=\"x\"/>\n      <target op=\"le\" value=\"5\" year=\"2022\"");
  CHECK(load_errors(book_with(k_national, text)) ==
        Messages{"2021-2025/xa-ntm.xml:29:7: target overlaps the target at 2021-2025/xa-ntm.xml:28:7 of "
                 "indicator '11': both apply to the same region and year"});
}

TEST_CASE("value-from naming an unknown set or indicator is refused")
{
  CHECK(load_errors(book_with(k_model, replaced(ntm::test::k_model_xml, "value-from=\"xa-ntm:10\"",
                                                "value-from=\"xa-ntmm:10\""))) ==
        Messages{"2021-2025/xa-ntm-kieu-mau.xml:7:5: value-from names unknown set 'xa-ntmm', did you mean "
                 "'xa-ntm'?"});
  CHECK(
      load_errors(book_with(k_model, replaced(ntm::test::k_model_xml, "value-from=\"xa-ntm:10\"",
                                              "value-from=\"xa-ntm:100\""))) ==
      Messages{"2021-2025/xa-ntm-kieu-mau.xml:7:5: value-from names unknown indicator '100' of set 'xa-ntm', "
               "did you mean '10'?"});
}

TEST_CASE("a value-from that is not SET-REF:CODE is refused at its column")
{
  // Line 7 holds "triệu đồng/người/năm" before value-from=: columns count its 20 characters.
  CHECK(load_errors(book_with(k_model, replaced(ntm::test::k_model_xml, "value-from=\"xa-ntm:10\"",
                                                "value-from=\"xa-ntm\""))) ==
        Messages{"2021-2025/xa-ntm-kieu-mau.xml:7:79: value-from 'xa-ntm' must be SET-REF:CODE, such as "
                 "'xa-ntm:10'"});
}

TEST_CASE("a derived target naming an unknown set or indicator is refused")
{
  CHECK(load_errors(book_with(k_model, replaced(ntm::test::k_model_xml, "of=\"xa-ntm-nang-cao:10\"",
                                                "of=\"xa-ntm-nang-kao:10\""))) ==
        Messages{"2021-2025/xa-ntm-kieu-mau.xml:9:7: derived target names unknown set 'xa-ntm-nang-kao', did "
                 "you mean 'xa-ntm-nang-cao'?"});
  CHECK(load_errors(book_with(k_model, replaced(ntm::test::k_model_xml, "of=\"xa-ntm-nang-cao:10\"",
                                                "of=\"xa-ntm-nang-cao:11\""))) ==
        Messages{"2021-2025/xa-ntm-kieu-mau.xml:9:7: derived target names unknown indicator '11' of set "
                 "'xa-ntm-nang-cao', did you mean '10'?"});
}

TEST_CASE("a level requiring an unknown set or level is refused")
{
  CHECK(load_errors(
            book_with("levels.xml", replaced(ntm::test::k_levels_xml, "<requires set=\"xa-ntm-kieu-mau\"/>",
                                             "<requires set=\"xa-ntm-kieu-mua\"/>"))) ==
        Messages{"levels.xml:10:3: level 'ntm-kieu-mau' requires unknown set 'xa-ntm-kieu-mua', did you mean "
                 "'xa-ntm-kieu-mau'?"});
  CHECK(load_errors(
            book_with("levels.xml", replaced(ntm::test::k_levels_xml, "<requires level=\"ntm-nang-cao\"/>",
                                             "<requires level=\"ntm-nangcao\"/>"))) ==
        Messages{"levels.xml:10:3: level 'ntm-kieu-mau' requires unknown level 'ntm-nangcao', did you mean "
                 "'ntm-nang-cao'?"});
}

TEST_CASE("an error in an attribute after a value holding '>' is located at that attribute")
{
  CHECK(parse_errors(base_with("op=\"ge\" value=\"80\"", "note=\"a > b\" op=\"gte\" value=\"80\"")) ==
        Messages{"r.xml:5:32: unknown op 'gte', expected ge, le, eq, gt or lt"});
}

// --- what a successful load holds ------------------------------------------------------------

TEST_CASE("the fixture rule book loads with its sets and levels")
{
  const auto loaded = RuleBase::load(ntm::test::rule_files());
  REQUIRE(messages(loaded.errors).empty());
  REQUIRE(loaded.ok());
  const auto& book = loaded.value->book();
  REQUIRE(book.sets.size() == 4);
  CHECK(book.refs() == Messages{"xa-ntm", "xa-ntm-kieu-mau", "xa-ntm-nang-cao"});
  CHECK(book.levels.none_id == "chua-dat");
  CHECK(book.levels.none_name == "Chưa đạt chuẩn");
  CHECK(book.levels.none_name_en == "Not yet recognised");
  REQUIRE(book.levels.levels.size() == 3);
  const auto& model = book.levels.levels[2];
  CHECK(model.id == "ntm-kieu-mau");
  CHECK(model.rank == 3);
  CHECK(model.required_sets == Messages{"xa-ntm-kieu-mau"});
  CHECK(model.required_levels == Messages{"ntm-nang-cao"});
  CHECK(model.where.str() == "levels.xml:10:3");
}

TEST_CASE("levels are ordered by rank whatever their order in the file")
{
  const std::string levels =
      "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n"
      "  <level id=\"cao\" rank=\"2\" name=\"Cao\"><requires level=\"thap\"/></level>\n"
      "  <level id=\"thap\" rank=\"1\" name=\"Thấp\"><requires set=\"s\"/></level>\n"
      "</levels>\n";
  const auto loaded = parse_rule_files({{"levels.xml", levels}, {"r.xml", k_base}});
  REQUIRE(loaded.ok());
  const auto& ordered = loaded.value->levels.levels;
  REQUIRE(ordered.size() == 2);
  CHECK(ordered[0].id == "thap");
  CHECK(ordered[1].id == "cao");
  CHECK(loaded.value->levels.find("cao")->where.str() == "levels.xml:2:3");
  CHECK(loaded.value->levels.find("nope") == nullptr);
}

TEST_CASE("indicators are read with their type, unit, grades, bounds and provenance")
{
  const auto& book = ntm::test::rule_base().book();
  const auto* national = book.find_version("xa-ntm@318-2022");
  REQUIRE(national);
  CHECK(national->ref == "xa-ntm");
  CHECK(national->national());
  CHECK(national->from_year == 2022);
  CHECK(national->to_year == 2025);
  CHECK(national->legal.decision == "318/QĐ-TTg");
  CHECK(national->legal.date == "2022-03-08");
  CHECK(national->legal.issuer == "Thủ tướng Chính phủ");
  CHECK(national->legal.provenance.verified);
  CHECK(national->indicator_codes() == Messages{"1.1", "10", "11", "13.1", "13.2"});
  CHECK(national->criterion_of("13.2")->id == "13");

  const auto* income = national->find_indicator("10");
  REQUIRE(income);
  CHECK(income->type == ntm::model::IndicatorType::number);
  CHECK(income->unit == "triệu đồng/người/năm");
  CHECK(income->min == 0.0);
  CHECK(income->max == 1000.0);
  CHECK(income->where.str() == "2021-2025/xa-ntm.xml:15:5");
  REQUIRE(income->targets.size() == 5);
  const auto& recalled = income->targets[4];
  CHECK(recalled.op == Op::ge);
  CHECK(recalled.number == 54.0);
  CHECK(recalled.raw == "54");
  CHECK(recalled.regions == std::vector<Region>{Region::dbscl});
  CHECK(recalled.years == std::vector<int>{2024});
  CHECK_FALSE(recalled.provenance.verified);
  CHECK(recalled.provenance.source == "318/QĐ-TTg Phụ lục I");
  CHECK(recalled.provenance.note == "recalled");
  CHECK(recalled.where.str() == "2021-2025/xa-ntm.xml:21:7");

  const auto* poverty = national->find_indicator("11");
  CHECK(poverty->type == ntm::model::IndicatorType::percent);
  CHECK(poverty->unit == "%"); // implied by the type
  CHECK(poverty->targets[3].regions == std::vector<Region>{Region::dbsh, Region::dnb});
  CHECK(poverty->targets[3].years == std::vector<int>{2024, 2025});

  const auto* cooperative = national->find_indicator("13.1");
  REQUIRE(cooperative->grades.size() == 4);
  CHECK(cooperative->grades[0].id == "yeu");
  CHECK(cooperative->grades[3].name == "Tốt");
  CHECK(cooperative->grades[3].name_en == "Very good");
  CHECK(cooperative->grade_rank("kha") == 2);
  CHECK_FALSE(cooperative->grade_rank("gioi"));
  CHECK(cooperative->targets[0].symbol == "kha");
  CHECK_FALSE(cooperative->if_any);
  CHECK(national->find_indicator("13.2")->if_any);
  CHECK(national->find_indicator("1.1")->targets[0].symbol == "dat");
  CHECK(national->find_indicator("1.1")->targets[0].op == Op::eq);
  CHECK(national->find_indicator("99") == nullptr);
}

TEST_CASE("value-from and derived targets are read as references")
{
  const auto& book = ntm::test::rule_base().book();
  const auto* income = book.find_version("xa-ntm-kieu-mau@319-2022")->find_indicator("1");
  REQUIRE(income);
  REQUIRE(income->value_from);
  CHECK(income->value_from->str() == "xa-ntm:10");
  REQUIRE(income->targets.size() == 1);
  const auto& target = income->targets[0];
  REQUIRE(target.derived);
  CHECK(target.derived->set_ref == "xa-ntm-nang-cao");
  CHECK(target.derived->code == "10");
  CHECK(target.derived->factor == 1.1);
  CHECK(target.provenance.verified);
}

TEST_CASE("a provincial override replaces only the overridden indicator's targets")
{
  const auto& book = ntm::test::rule_base().book();
  const auto* national = book.find_version("xa-ntm@318-2022");
  const auto* province = book.find_version("xa-ntm@tra-vinh-1306-2022");
  REQUIRE(province);
  CHECK_FALSE(province->national());
  CHECK(province->applies_to("Trà Vinh"));
  CHECK_FALSE(province->applies_to("Bến Tre"));
  CHECK(province->extends == "xa-ntm@318-2022");
  CHECK(province->legal.decision == "1306/QĐ-UBND");
  // Every criterion and indicator is inherited.
  CHECK(province->indicator_codes() == national->indicator_codes());
  REQUIRE(province->criteria.size() == 4);
  CHECK(province->criteria[1].name == "Thu nhập");

  // Indicator 10: all five national rows replaced by the two of the override.
  const auto& overridden = province->find_indicator("10")->targets;
  REQUIRE(overridden.size() == 2);
  CHECK(overridden[0].number == 47.0);
  CHECK(overridden[0].regions.empty());
  CHECK(overridden[1].number == 52.0);
  CHECK(overridden[1].regions == std::vector<Region>{Region::dbscl});
  CHECK(overridden[1].years == std::vector<int>{2024});
  CHECK(overridden[1].provenance.source == "1306/QĐ-UBND");
  CHECK(overridden[1].where.str() == "2021-2025/tra-vinh/xa-ntm.xml:9:5");
  // The indicator itself (name, unit, bounds) is the national one.
  CHECK(province->find_indicator("10")->unit == "triệu đồng/người/năm");
  CHECK(province->find_indicator("10")->max == 1000.0);
  CHECK(national->find_indicator("10")->targets.size() == 5);

  // Indicator 11 keeps the national rows.
  const auto& kept = province->find_indicator("11")->targets;
  const auto& original = national->find_indicator("11")->targets;
  REQUIRE(kept.size() == original.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    CHECK(kept[i].number == original[i].number);
    CHECK(kept[i].where.str() == original[i].where.str());
  }
}

TEST_CASE("target_for picks the most specific matching row")
{
  const auto& book = ntm::test::rule_base().book();
  const auto* income = book.find_version("xa-ntm@318-2022")->find_indicator("10");
  CHECK(income->target_for(Region::dbscl, 2024)->number == 54.0);  // region and year
  CHECK(income->target_for(Region::dbscl, 2023)->number == 50.0);  // region and year
  CHECK(income->target_for(Region::dbscl, 2022)->number == 48.0);  // region only
  CHECK(income->target_for(Region::tdmnpb, 2024)->number == 36.0); // region only
  CHECK(income->target_for(Region::dbsh, 2024)->number == 45.0);   // neither

  const auto* poverty = book.find_version("xa-ntm@318-2022")->find_indicator("11");
  CHECK(poverty->target_for(Region::dnb, 2025)->number == 3.0);    // region and year
  CHECK(poverty->target_for(Region::dbsh, 2023)->number == 4.0);   // neither: 2023 not listed
  CHECK(poverty->target_for(Region::tdmnpb, 2022)->number == 6.0); // region beats year
  CHECK(poverty->target_for(Region::dbscl, 2022)->number == 5.0);  // year only
  CHECK(poverty->target_for(Region::dbscl, 2024)->number == 4.0);  // neither

  CHECK(poverty->targets[0].specificity() == 0);
  CHECK(poverty->targets[1].specificity() == 1);
  CHECK(poverty->targets[2].specificity() == 2);
  CHECK(poverty->targets[3].specificity() == 3);
}

TEST_CASE("target_for finds nothing when no row matches")
{
  const auto loaded = RuleBase::load(std::vector<NamedText>{
      {"levels.xml", k_levels_of_s},
      {"r.xml", base_with("value=\"80\" verified", "value=\"80\" region=\"tn\" verified")}});
  REQUIRE(loaded.ok());
  const auto* indicator = loaded.value->book().find_version("s@1")->find_indicator("1.1");
  CHECK(indicator->target_for(Region::dbscl, 2024) == nullptr);
  CHECK(indicator->target_for(Region::tn, 2024)->number == 80.0);
}

TEST_CASE("the version in force is the province's own, else the national one covering the year")
{
  const auto& book = ntm::test::rule_base().book();
  CHECK(book.select("xa-ntm", "Trà Vinh", 2024)->id == "xa-ntm@tra-vinh-1306-2022");
  CHECK(book.select("xa-ntm", "Bến Tre", 2024)->id == "xa-ntm@318-2022");
  CHECK(book.select("xa-ntm-nang-cao", "Trà Vinh", 2022)->id == "xa-ntm-nang-cao@318-2022");
  CHECK(book.select("xa-ntm", "Trà Vinh", 2026) == nullptr);
  CHECK(book.select("xa-ntm", "Bến Tre", 2021) == nullptr);
  CHECK(book.select("xa-ntm-moi", "Bến Tre", 2024) == nullptr);
  CHECK(book.has_ref("xa-ntm-kieu-mau"));
  CHECK_FALSE(book.has_ref("xa-ntm@318-2022"));
}

TEST_CASE("read_rule_dir reads every .xml below a directory in path order")
{
  const auto dir = std::filesystem::temp_directory_path() /
                   ("ntm-unit-rule-dir-" + std::to_string(std::random_device()()));
  std::filesystem::create_directories(dir / "2021-2025" / "tra-vinh");
  auto write = [&](const std::filesystem::path& path, const std::string& text) {
    std::ofstream(dir / path, std::ios::binary) << text;
  };
  write("levels.xml", ntm::test::k_levels_xml);
  write("2021-2025/xa-ntm.xml", ntm::test::k_national_xml);
  write("2021-2025/tra-vinh/xa-ntm.xml", ntm::test::k_tra_vinh_xml);
  write("README.md", "not a rule file");

  const auto read = ntm::load::read_rule_dir(dir);
  std::filesystem::remove_all(dir);
  REQUIRE(read.ok());
  REQUIRE(read.value->size() == 3);
  CHECK((*read.value)[0].name == (dir / "2021-2025/tra-vinh/xa-ntm.xml").string());
  CHECK((*read.value)[1].name == (dir / "2021-2025/xa-ntm.xml").string());
  CHECK((*read.value)[2].name == (dir / "levels.xml").string());
  CHECK((*read.value)[2].text == ntm::test::k_levels_xml);

  const auto missing = ntm::load::read_rule_dir(dir);
  CHECK_FALSE(missing.value);
  CHECK(messages(missing.errors) == Messages{dir.string() + ": rules directory not found"});
}
