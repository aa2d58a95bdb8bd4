#include "load/csv_loader.hpp"

#include "eval/evaluator.hpp"
#include "load/submission_loader.hpp"
#include "report/json_report.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using ntm::test::counts;
using ntm::test::messages;
using ntm::test::SubmissionText;
using ntm::test::value;
using Messages = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

ntm::Loaded<ntm::model::Submission> load(const std::string& text, const std::string& name = "commune.csv")
{
  return ntm::load::load_submission_csv({name, text}, ntm::test::rule_base().book());
}

/// The errors of a sheet that must not load.
Messages errors(const std::string& text)
{
  const auto loaded = load(text);
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

// Lines of sheet(): 1-6 the header rows, 7 the table header, 8 and on the indicator rows.
// Columns of the table: 1 set, 2 code, 3 value, 4 numerator, 5 denominator, 6 self-assessment.
const std::string k_header_rows = "year;2024\n"
                                  "region;dbscl\n"
                                  "commune-code;83001\n"
                                  "commune-name;Xã Thử Nghiệm\n"
                                  "district;Huyện Thử\n"
                                  "province;Bến Tre\n";
const std::string k_table_header = "set;code;value;numerator;denominator;self-assessment\n";

std::string sheet(const std::vector<std::string>& rows)
{
  std::string text = k_header_rows + k_table_header;
  for (const std::string& row : rows) {
    text += row + "\n";
  }
  return text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to)
{
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

/// Every field of a submission but its locations and the text values were written as, one per line.
std::string describe(const ntm::model::Submission& submission)
{
  std::ostringstream out;
  out << submission.year << " " << ntm::model::region_code(submission.region) << " "
      << submission.special_difficulty << " " << submission.commune.code << "|" << submission.commune.name
      << "|" << submission.commune.district << "|" << submission.commune.province << " claim "
      << submission.claim.value_or("-") << "\n";
  for (const auto& set : submission.sets) {
    out << "set " << set.ref << "\n";
    for (const auto& indicator : set.indicators) {
      out << "  " << indicator.code << " number "
          << (indicator.number ? std::to_string(*indicator.number) : "-") << " symbol " << indicator.symbol
          << " n/a " << indicator.not_applicable << " counts " << indicator.numerator.value_or(-1) << "/"
          << indicator.denominator.value_or(-1) << " self "
          << (indicator.self_assessment ? (*indicator.self_assessment ? "dat" : "khong-dat") : "-") << "\n";
    }
  }
  return out.str();
}

/// The evaluation JSON without what must differ between two files of the same figures: the file
/// name and the places findings point at.
nlohmann::json comparable_json(const ntm::model::Submission& submission, const ntm::eval::RuleBase& rules)
{
  const auto evaluation = ntm::eval::Evaluator(rules).evaluate(submission);
  auto json =
      nlohmann::json::parse(ntm::report::evaluation_json(evaluation, rules.book(), ntm::report::Lang::en));
  json.erase("file");
  for (auto& finding : json.at("findings")) {
    finding.erase("location");
  }
  return json;
}

// The submission of one_commune_xml(), as a sheet.
SubmissionText one_commune_xml()
{
  SubmissionText text;
  text.province = "Trà Vinh";
  text.special_difficulty = true;
  text.claim = "ntm-nang-cao";
  text.set("xa-ntm",
           {value("1.1", "dat"), value("10", "62.66", "self-assessment=\"dat\""), counts("11", "168", "4200"),
            value("13.1", "trung-binh", "self-assessment=\"dat\""), value("13.2", "khong-co")})
      .set("xa-ntm-nang-cao", {value("10", "70"), value("17.7", "")})
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  return text;
}

const std::string k_one_commune_csv = "year;2024\n"
                                      "region;dbscl\n"
                                      "special-difficulty;true\n"
                                      "commune-code;83001\n"
                                      "commune-name;Xã Thử Nghiệm\n"
                                      "district;Huyện Thử\n"
                                      "province;Trà Vinh\n"
                                      "claim;ntm-nang-cao\n"
                                      "\n"
                                      "set;code;value;numerator;denominator;self-assessment\n"
                                      "xa-ntm;1.1;dat;;;\n"
                                      "xa-ntm;10;62,66;;;dat\n"
                                      "xa-ntm;11;;168;4200;\n"
                                      "xa-ntm;13.1;trung-binh;;;dat\n"
                                      "xa-ntm;13.2;khong-co;;;\n"
                                      "xa-ntm-nang-cao;10;70;;;\n"
                                      "xa-ntm-nang-cao;17.7;;;;\n"
                                      "xa-ntm-kieu-mau;1;;;;\n"
                                      "xa-ntm-kieu-mau;2;dat;;;\n";

std::string read_text(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

// --- the same submission as XML -------------------------------------------------------------------

TEST_CASE("a sheet gives the submission its XML gives")
{
  const auto csv = load(k_one_commune_csv);
  REQUIRE(messages(csv.errors).empty());
  REQUIRE(csv.ok());
  const auto xml = ntm::test::load_submission(one_commune_xml());
  CHECK(describe(*csv.value) == describe(xml));

  const auto& submission = *csv.value;
  CHECK(submission.source == "commune.csv");
  CHECK(submission.where.str() == "commune.csv:1:1");
  CHECK(submission.claim_where.str() == "commune.csv:8:2");
  REQUIRE(submission.sets.size() == 3);
  CHECK(submission.sets[0].where.str() == "commune.csv:11:1");
  CHECK(submission.sets[0].find("10")->where.str() == "commune.csv:12:1");
  CHECK(submission.sets[0].find("10")->number == 62.66);
  CHECK(submission.sets[0].find("10")->raw_value == "62,66");
  CHECK(submission.sets[1].find("17.7") != nullptr); // listed, without a value, as value=""
  CHECK_FALSE(submission.sets[1].find("17.7")->number);
  CHECK(submission.sets[2].find("1") == nullptr); // derived, left blank: skipped
}

TEST_CASE("a sheet and the equivalent XML give identical evaluations")
{
  const auto csv = load(k_one_commune_csv);
  REQUIRE(csv.ok());
  const auto xml = ntm::test::load_submission(one_commune_xml());
  const auto& rules = ntm::test::rule_base();
  const auto csv_json = comparable_json(*csv.value, rules);
  CHECK(csv_json.at("findings").size() == 3); // the self-assessment of 13.1, a missing value, the claim
  CHECK(csv_json.dump(2) == comparable_json(xml, rules).dump(2));
}

TEST_CASE("Tân Hiệp as Excel saves it evaluates exactly as its XML")
{
  auto rules = ntm::eval::RuleBase::load(fs::path(NTM_SOURCE_DIR) / "rules");
  REQUIRE(rules.ok());
  const std::string csv_name = "tests/data/tan-hiep-2023.csv";
  const std::string csv_text = read_text(fs::path(NTM_SOURCE_DIR) / csv_name);
  REQUIRE(csv_text.rfind("\xEF\xBB\xBF", 0) == 0);
  REQUIRE(csv_text.find("\r\n") != std::string::npos);
  const auto csv = ntm::load::load_submission_csv({csv_name, csv_text}, rules.value->book());
  REQUIRE(messages(csv.errors).empty());
  const std::string xml_name = "communes/tra-cu-2023/tan-hiep.xml";
  const auto xml = ntm::load::load_submission({xml_name, read_text(fs::path(NTM_SOURCE_DIR) / xml_name)},
                                              rules.value->book());
  REQUIRE(xml.ok());
  CHECK(describe(*csv.value) == describe(*xml.value));
  CHECK(comparable_json(*csv.value, *rules.value).dump(2) ==
        comparable_json(*xml.value, *rules.value).dump(2));
}

TEST_CASE("a byte-order mark, CRLF line ends and ',' between fields change nothing")
{
  const std::string plain = describe(*load(k_one_commune_csv).value);
  const auto with_bom = load("\xEF\xBB\xBF" + k_one_commune_csv);
  REQUIRE(messages(with_bom.errors).empty());
  CHECK(describe(*with_bom.value) == plain);
  const auto crlf = load(replace_all(k_one_commune_csv, "\n", "\r\n"));
  REQUIRE(messages(crlf.errors).empty());
  CHECK(describe(*crlf.value) == plain);
  const auto quoted_last = load(replace_all(k_one_commune_csv, "2;dat;;;\n", "2;\"dat\";;;\"\"\r"));
  REQUIRE(messages(quoted_last.errors).empty());
  CHECK(describe(*quoted_last.value) == plain);
  const std::string commas = replace_all(replace_all(k_one_commune_csv, ";", ","), "62,66", "\"62,66\"");
  const auto comma_separated = load("\xEF\xBB\xBF" + replace_all(commas, "\n", "\r\n"));
  REQUIRE(messages(comma_separated.errors).empty());
  CHECK(describe(*comma_separated.value) == plain);
}

TEST_CASE("the loader is chosen by the file name's extension")
{
  using ntm::load::is_csv_name;
  CHECK(is_csv_name("commune.csv"));
  CHECK(is_csv_name("C:\\XA\\TAN-HIEP.CSV"));
  CHECK_FALSE(is_csv_name("commune.xml"));
  CHECK_FALSE(is_csv_name("csv"));
  CHECK_FALSE(is_csv_name("commune.csv.xml"));
  const auto& book = ntm::test::rule_base().book();
  CHECK(ntm::load::load_submission_by_extension({"a.Csv", k_one_commune_csv}, book).ok());
  CHECK(ntm::load::load_submission_by_extension({"a.xml", one_commune_xml().str()}, book).ok());
  CHECK(messages(ntm::load::load_submission_by_extension({"a.xml", k_one_commune_csv}, book).errors) ==
        Messages{"a.xml:20:1: no XML element: the file is empty or holds no document"});
}

// --- numbers ---------------------------------------------------------------------------------------

TEST_CASE("a decimal comma is read in a value cell, a decimal point too")
{
  const auto loaded = load(sheet({"xa-ntm;10;62,66", "xa-ntm;11;4.5"}));
  REQUIRE(messages(loaded.errors).empty());
  CHECK(loaded.value->sets[0].find("10")->number == 62.66);
  CHECK(loaded.value->sets[0].find("11")->number == 4.5);
}

TEST_CASE("with ',' between fields a decimal comma must be quoted")
{
  const std::string header = replace_all(k_header_rows + k_table_header, ";", ",");
  const auto quoted = load(header + "xa-ntm,10,\"62,66\",,,\n");
  REQUIRE(messages(quoted.errors).empty());
  CHECK(quoted.value->sets[0].find("10")->number == 62.66);
  CHECK(
      errors(header + "xa-ntm,10,62,66,,,\n") ==
      Messages{"commune.csv:8:7: row has 7 fields but the table header has 6; a decimal comma must be quoted "
               "when ',' separates the fields (\"62,66\")"});
}

TEST_CASE("a thousands separator is refused, whichever the decimal mark")
{
  CHECK(
      errors(sheet({"xa-ntm;10;1.234,5", "xa-ntm;11;1,2,3"})) ==
      Messages{
          "commune.csv:8:3: value '1.234,5' of indicator '10' is not a number: use one decimal mark ('.' or "
          "',') and no thousands separator",
          "commune.csv:9:3: value '1,2,3' of indicator '11' is not a number: use one decimal mark ('.' or "
          "',') and no thousands separator"});
}

TEST_CASE("a percent written with its sign is refused with a hint")
{
  CHECK(
      errors(sheet({"xa-ntm;11;97,5%"})) ==
      Messages{
          "commune.csv:8:3: value '97,5%' of indicator '11' is not a number: write the percent without '%'"});
}

TEST_CASE("ranges are checked on the number a decimal comma gives")
{
  CHECK(errors(sheet({"xa-ntm;10;1000,5", "xa-ntm;11;100,01"})) ==
        Messages{"commune.csv:8:3: value '1000,5' of indicator '10' is outside its range 0–1000",
                 "commune.csv:9:3: value '100,01' of indicator '11' is a percent outside 0–100"});
}

TEST_CASE("counts must be whole: no decimal comma and no thousands separator")
{
  CHECK(errors(sheet({"xa-ntm;11;;3,5;100"})) ==
        Messages{"commune.csv:8:4: numerator '3,5' is not a whole number: write counts without thousands "
                 "separators"});
  CHECK(errors(sheet({"xa-ntm;11;;3;1.234"})) ==
        Messages{"commune.csv:8:5: denominator '1.234' is not a whole number: write counts without thousands "
                 "separators"});
}

// --- CSV syntax -----------------------------------------------------------------------------------

TEST_CASE("quoted fields hold separators, doubled quotes and line breaks")
{
  const std::string text = "year;2024\n"
                           "region;\"dbscl\"\n"
                           "commune-code;83001\n"
                           "commune-name;\"Xã \"\"Thử\"\"; Nghiệm\"\n"
                           "district;Huyện Thử\n"
                           "province;  \"Bến Tre\"  \n"
                           ";;\"Ghi chú:\r\nhai dòng\"\n"
                           "set;code;value;numerator;denominator;self-assessment\n"
                           "\"xa-ntm\";\"10\";\"62,66\";;;\"dat\"\n";
  const auto loaded = load(text);
  REQUIRE(messages(loaded.errors).empty());
  CHECK(loaded.value->commune.name == "Xã \"Thử\"; Nghiệm");
  CHECK(loaded.value->commune.province == "Bến Tre");
  CHECK(loaded.value->sets[0].find("10")->number == 62.66);
  CHECK(loaded.value->sets[0].find("10")->where.str() == "commune.csv:10:1");
  CHECK(errors(replace_all(text, "\"62,66\"", "abc")) ==
        Messages{"commune.csv:10:3: value 'abc' of indicator '10' is not a number"});
}

TEST_CASE("spaces around a field and blank rows are not part of the data")
{
  const auto loaded =
      load("\n ;  \n" + k_header_rows + "\n" + k_table_header + "\n xa-ntm ; 1.1 ; dat \n;;;\n");
  REQUIRE(messages(loaded.errors).empty());
  CHECK(loaded.value->where.str() == "commune.csv:3:1");
  CHECK(loaded.value->sets[0].find("1.1")->symbol == "dat");
  CHECK(loaded.value->sets[0].find("1.1")->where.str() == "commune.csv:12:1");
}

TEST_CASE("a quote never closed is reported at its field and stops the reading")
{
  CHECK(errors(sheet({"xa-ntm;10;\"62,66;;;", "xa-ntm;1.1;co"})) ==
        Messages{"commune.csv:8:3: a quote opened in this field is never closed"});
}

TEST_CASE("a stray quote is reported at its field")
{
  CHECK(errors(sheet({"xa-ntm;10;\"62\"x;;;"})) ==
        Messages{"commune.csv:8:3: text after the closing quote of a field: quote the whole field and double "
                 "the quotes inside (\"\")"});
  CHECK(
      errors(sheet({"xa-ntm;10;6\"2;;;"})) ==
      Messages{"commune.csv:8:3: a quote inside a field that does not start with one: quote the whole field "
               "and double the quotes inside (\"\")"});
}

TEST_CASE("an empty file, one without separators and a tab-separated one are refused")
{
  const Messages empty{"commune.csv:1:1: the file is empty: a CSV submission starts with rows such as "
                       "'year;2024'"};
  CHECK(errors("") == empty);
  CHECK(errors("\xEF\xBB\xBF") == empty);
  CHECK(errors("\r\n  \n") == empty);
  CHECK(
      errors("\nyear 2024\nregion dbscl\n") ==
      Messages{"commune.csv:2:1: no ';' or ',' in the first row: a CSV submission separates its fields with "
               "';' or ','"});
  CHECK(errors("year\t2024\nregion\tdbscl\n") ==
        Messages{"commune.csv:1:1: fields are separated by tabs: save the sheet as CSV, with ';' or ',' "
                 "between fields"});
}

TEST_CASE("a field longer than 4096 bytes is refused, as an XML attribute is")
{
  const std::string text =
      replace_all(sheet({"xa-ntm;10;63,47;;;"}), "name;Xã Thử Nghiệm", "name;" + std::string(5000, 'x'));
  CHECK(errors(text) == Messages{"commune.csv:4:2: field is too long (5000 bytes; the limit is 4096 bytes)"});
}

TEST_CASE("a sheet not saved as UTF-8 is refused at the field of the first bad byte")
{
  CHECK(errors("year;2024;N\xE3m\n") == Messages{"commune.csv:1:3: invalid UTF-8 byte 0xE3 (Latin-1 or "
                                                 "Windows-1258?); save the file as UTF-8 (in Excel: Save As, "
                                                 "'CSV UTF-8')"});
  CHECK(errors(sheet({"xa-ntm;10;\"6;2\";x\xC3"})) ==
        Messages{
            "commune.csv:8:4: invalid UTF-8 byte 0xC3 (Latin-1 or Windows-1258?); save the file as UTF-8 (in "
            "Excel: Save As, 'CSV UTF-8')"});
  CHECK(errors(std::string("\xFF\xFEy\0e\0", 6)) ==
        Messages{"commune.csv:1:1: file is UTF-16; save it as UTF-8 (in Excel: Save As, 'CSV UTF-8')"});
}

// --- the header rows ------------------------------------------------------------------------------

TEST_CASE("every header row is read, special-difficulty as Excel writes booleans too")
{
  const auto loaded =
      load(replace_all(k_one_commune_csv, "special-difficulty;true", "special-difficulty;TRUE"));
  REQUIRE(messages(loaded.errors).empty());
  CHECK(loaded.value->special_difficulty);
  const auto plain = load(sheet({}));
  REQUIRE(plain.ok());
  CHECK_FALSE(plain.value->special_difficulty);
  CHECK_FALSE(plain.value->claim);
  CHECK(plain.value->sets.empty());
  CHECK(load(k_header_rows + "claim;\nspecial-difficulty;FALSE\n;;a note\n").ok());
}

TEST_CASE("an unknown key is refused with a did-you-mean and the list of keys")
{
  CHECK(
      errors(replace_all(sheet({}), "year;", "years;")) ==
      Messages{
          "commune.csv:1:1: unknown key 'years', did you mean 'year'? (keys: year region special-difficulty "
          "commune-code commune-name district province claim)",
          "commune.csv:1:1: missing key 'year' in the rows above the table"});
  CHECK(errors(k_header_rows + "sett;code;value\n") ==
        Messages{
            "commune.csv:7:1: unknown key 'sett', did you mean 'set'? (keys: year region special-difficulty "
            "commune-code commune-name district province claim)"});
}

TEST_CASE("a key is given once, with a value, and a value has a key")
{
  CHECK(errors(k_header_rows + "region;dbsh\n") ==
        Messages{"commune.csv:7:1: key 'region' given twice, first at commune.csv:2:1"});
  CHECK(errors(replace_all(sheet({}), "district;Huyện Thử", "district;")) ==
        Messages{"commune.csv:5:2: key 'district' has no value"});
  CHECK(errors(k_header_rows + ";ntm\n") ==
        Messages{
            "commune.csv:7:2: a value without a key: the first column says what the second holds (keys: year "
            "region special-difficulty commune-code commune-name district province claim)"});
}

TEST_CASE("the header rows are checked as the submission element is")
{
  std::string text = replace_all(k_header_rows, "year;2024", "year;24");
  text = replace_all(text, "region;dbscl", "region;dbscll");
  text = replace_all(text, "commune-code;83001", "commune-code;83O01");
  text += "special-difficulty;co\n" + k_table_header;
  CHECK(errors(text) ==
        Messages{
            "commune.csv:1:2: key 'year' must be a year such as 2024, not '24'",
            "commune.csv:2:2: unknown region 'dbscll', did you mean 'dbscl'? (regions: tdmnpb dbsh btb dhntb "
            "tn dnb dbscl)",
            "commune.csv:3:2: commune code '83O01' must be 5 digits",
            "commune.csv:7:2: key 'special-difficulty' must be 'true' or 'false', not 'co'"});
}

TEST_CASE("a commune code that lost its leading zeros gets a hint")
{
  CHECK(errors(replace_all(sheet({}), "commune-code;83001", "commune-code;4")) ==
        Messages{
            "commune.csv:3:2: commune code '4' must be 5 digits (a spreadsheet drops leading zeros: format "
            "the cell as text)"});
}

TEST_CASE("a claim names a known level; an empty claim is none")
{
  CHECK(errors(k_header_rows + "claim;ntm-nangcao\n") ==
        Messages{"commune.csv:7:2: unknown level 'ntm-nangcao', did you mean 'ntm-nang-cao'?"});
}

TEST_CASE("every required key must be there")
{
  CHECK(errors("year;2024\nset;code;value\nxa-ntm;10;62,66\n") ==
        Messages{"commune.csv:1:1: missing key 'region' in the rows above the table",
                 "commune.csv:1:1: missing key 'commune-code' in the rows above the table",
                 "commune.csv:1:1: missing key 'commune-name' in the rows above the table",
                 "commune.csv:1:1: missing key 'district' in the rows above the table",
                 "commune.csv:1:1: missing key 'province' in the rows above the table"});
}

// --- the table ------------------------------------------------------------------------------------

TEST_CASE("columns come in any order; name, unit, accepts and target are for the reader")
{
  const auto loaded =
      load(k_header_rows + "self-assessment;value;code;name;unit;accepts;target;set\n" +
           "dat;62,66;10;Thu nhập;triệu đồng;number;≥ 54;xa-ntm\n" + ";;;Tiêu chí 13, chỉ để đọc;;;;\n");
  REQUIRE(messages(loaded.errors).empty());
  const auto* income = loaded.value->sets[0].find("10");
  CHECK(income->number == 62.66);
  CHECK(income->self_assessment == std::optional<bool>(true));
  CHECK(loaded.value->sets[0].indicators.size() == 1);
}

TEST_CASE("an unknown or repeated column is refused, and the rows are still checked")
{
  CHECK(errors(k_header_rows + "set;code;vlue;value;value\nxa-ntm;10;1;abc;\n") ==
        Messages{"commune.csv:7:3: unknown column 'vlue', did you mean 'value'? (columns: set code name unit "
                 "accepts target value numerator denominator self-assessment)",
                 "commune.csv:7:5: column 'value' given twice, first at commune.csv:7:4",
                 "commune.csv:8:4: value 'abc' of indicator '10' is not a number"});
  CHECK(errors(k_header_rows + "set;value\nxa-ntm;62,66\n") ==
        Messages{"commune.csv:7:1: missing column 'code' in the table header"});
}

TEST_CASE("columns Excel pads with are allowed while they stay empty")
{
  const std::string header = k_header_rows + "set;code;value;;\n";
  CHECK(load(header + "xa-ntm;10;62,66;;\nxa-ntm;1.1;dat\n").ok());
  CHECK(errors(header + "xa-ntm;10;62,66;;x\n") ==
        Messages{"commune.csv:8:5: a value in a column without a name in the table header"});
  CHECK(errors(header + "xa-ntm;10;62,66;;;\n") ==
        Messages{"commune.csv:8:6: row has 6 fields but the table header has 5"});
}

TEST_CASE("a row names its set and its indicator")
{
  CHECK(errors(sheet({";10;62,66", "xa-ntm;;62,66"})) ==
        Messages{"commune.csv:8:1: no set on this row: the 'set' column names it (xa-ntm, …)",
                 "commune.csv:9:2: no indicator code on this row"});
}

TEST_CASE("set refs are checked once, at their first row")
{
  CHECK(errors(sheet({"xa-ntm-nangcao;10;70", "xa-ntm-nangcao;17.7;dat"})) ==
        Messages{"commune.csv:8:1: unknown set 'xa-ntm-nangcao', did you mean 'xa-ntm-nang-cao'?"});
  std::string text = replace_all(sheet({"xa-ntm;1.1;dat", "xa-ntm-nang-cao;10;70", "xa-ntm-nang-cao;17.7;x"}),
                                 "year;2024", "year;2026");
  CHECK(
      errors(text) ==
      Messages{"commune.csv:8:1: no version of set 'xa-ntm' covers year 2026 (its versions cover 2022–2025)",
               "commune.csv:9:1: no version of set 'xa-ntm-nang-cao' covers year 2026 (its versions cover "
               "2022–2025)"});
}

TEST_CASE("the rows of a set may be anywhere in the table")
{
  const auto loaded = load(sheet({"xa-ntm;1.1;dat", "xa-ntm-nang-cao;10;70", "xa-ntm;10;62,66"}));
  REQUIRE(loaded.ok());
  REQUIRE(loaded.value->sets.size() == 2);
  CHECK(loaded.value->sets[0].indicators.size() == 2);
  CHECK(loaded.value->sets[0].where.str() == "commune.csv:8:1");
}

TEST_CASE("indicator codes are checked as in XML")
{
  CHECK(errors(sheet({"xa-ntm;17.7;dat", "xa-ntm;13.11;kha", "xa-ntm-kieu-mau;1;70", "xa-ntm;1.1;dat",
                      "xa-ntm;1.1;khong-dat"})) ==
        Messages{
            "commune.csv:8:2: unknown indicator '17.7' in set 'xa-ntm' (it belongs to set 'xa-ntm-nang-cao')",
            "commune.csv:9:2: unknown indicator '13.11' in set 'xa-ntm', did you mean '13.1'?",
            "commune.csv:10:2: indicator '1' is derived from 'xa-ntm:10' and must not be given",
            "commune.csv:12:1: duplicate indicator '1.1', first given at commune.csv:11:1"});
}

TEST_CASE("a code Excel turned into a number gets a hint when it clashes")
{
  auto rules = ntm::eval::RuleBase::load(fs::path(NTM_SOURCE_DIR) / "rules");
  REQUIRE(rules.ok());
  const std::string text = replace_all(sheet({"xa-ntm;17.1;98", "xa-ntm;17.1;100"}), "Bến Tre", "Trà Vinh");
  const auto loaded = ntm::load::load_submission_csv({"commune.csv", text}, rules.value->book());
  CHECK(
      messages(loaded.errors) ==
      Messages{
          "commune.csv:9:1: duplicate indicator '17.1', first given at commune.csv:8:1 (did the spreadsheet "
          "turn '17.10' into '17.1'? format the code column as text)"});
}

TEST_CASE("values and counts are checked as in XML, naming the columns")
{
  CHECK(errors(sheet({"xa-ntm;11;4;168;4200", "xa-ntm;10;;1;2", "xa-ntm;11;;5", "xa-ntm;1.1;dat;;;co",
                      "xa-ntm;1.1;khong-co", "xa-ntm;13.1;khaa"})) ==
        Messages{
            "commune.csv:8:4: indicator '11' has both value and numerator/denominator; give one",
            "commune.csv:9:4: indicator '10' is not a percent: give value, not numerator/denominator",
            "commune.csv:10:1: indicator '11' needs both numerator and denominator",
            "commune.csv:11:6: self-assessment must be 'dat' or 'khong-dat', not 'co'",
            "commune.csv:12:3: indicator '1.1' is not 'nếu có': 'khong-co' (not applicable) is not allowed",
            "commune.csv:13:3: unknown grade 'khaa' of indicator '13.1', did you mean 'kha'? (grades: yeu, "
            "trung-binh, kha, tot)"});
}

TEST_CASE("a derived indicator's row is skipped when left blank")
{
  const auto loaded = load(sheet({"xa-ntm-kieu-mau;1;;;;", "xa-ntm-kieu-mau;2;"}));
  REQUIRE(loaded.ok());
  REQUIRE(loaded.value->sets.size() == 1);
  CHECK(loaded.value->sets[0].ref == "xa-ntm-kieu-mau");
  REQUIRE(loaded.value->sets[0].indicators.size() == 1);
  CHECK(loaded.value->sets[0].indicators[0].code == "2");
  CHECK(errors(sheet({"xa-ntm-kieu-mau;1;;;;dat"})) ==
        Messages{"commune.csv:8:2: indicator '1' is derived from 'xa-ntm:10' and must not be given"});
}

TEST_CASE("every error of a sheet is reported, not just the first")
{
  std::string text =
      replace_all(sheet({"xa-ntm;10;62.660,5", "xa-ntm;13.11;kha", "xa-ntm;11;;5;4", "xa-ntm-nangcao;1;dat"}),
                  "region;dbscl", "region;dbscll");
  CHECK(
      errors(text) ==
      Messages{
          "commune.csv:2:2: unknown region 'dbscll', did you mean 'dbscl'? (regions: tdmnpb dbsh btb dhntb "
          "tn dnb dbscl)",
          "commune.csv:8:3: value '62.660,5' of indicator '10' is not a number: use one decimal mark ('.' or "
          "',') and no thousands separator",
          "commune.csv:9:2: unknown indicator '13.11' in set 'xa-ntm', did you mean '13.1'?",
          "commune.csv:10:4: numerator 5 is larger than denominator 4 for indicator '11'",
          "commune.csv:11:1: unknown set 'xa-ntm-nangcao', did you mean 'xa-ntm-nang-cao'?"});
}
