#include "report/json_parts.hpp"
#include "report/json_report.hpp"
#include "report/json_text.hpp"
#include "report/labels.hpp"
#include "report/text_report.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using nlohmann::json;
using ntm::eval::Outcome;
using ntm::eval::Severity;
using ntm::model::Region;
using ntm::report::display_width;
using ntm::report::fit;
using ntm::report::Lang;
using ntm::test::counts;
using ntm::test::evaluate;
using ntm::test::SubmissionText;
using ntm::test::value;

namespace {

const ntm::model::RuleBook& book()
{
  return ntm::test::rule_base().book();
}

std::string spaces(std::size_t count)
{
  return std::string(count, ' ');
}

/// Every national value met, except income 50 (below the dbscl 2024 target of 54).
SubmissionText income_short(const std::string& income_extra = "")
{
  SubmissionText text;
  text.set("xa-ntm", {value("1.1", "dat"), value("10", "50", income_extra), value("11", "2.33"),
                      value("13.1", "kha"), value("13.2", "dat")});
  return text;
}

/// The lines, each ended by a newline.
std::string lines(const std::vector<std::string>& all)
{
  std::string out;
  for (const std::string& line : all) {
    out += line + "\n";
  }
  return out;
}

std::string text_report(const ntm::eval::Evaluation& evaluation, Lang lang)
{
  std::ostringstream out;
  ntm::report::write_text(out, evaluation, book(), lang);
  return out.str();
}

std::string str(const json& value)
{
  return value.get<std::string>();
}

} // namespace

// --- widths ------------------------------------------------------------------------------------

TEST_CASE("display width counts characters, not bytes")
{
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("Xã Ngọc Biên") == 12);
  CHECK(display_width("Đạt chuẩn nông thôn mới") == 23);
  CHECK(display_width("≥ 54") == 4);
  CHECK(display_width("…") == 1);
}

TEST_CASE("combining diacritics take no column")
{
  // "Nguyễn" written decomposed: e + U+0302 (circumflex) + U+0303 (tilde).
  CHECK(display_width("Nguye\xCC\x82\xCC\x83n") == 6);
  CHECK(display_width("a\xCD\xAF") == 1); // U+036F, the last combining diacritic
  CHECK(display_width("a\xCD\xB0") == 2); // U+0370 is a letter
  CHECK(display_width("o\xCC\xA3") == 1); // ọ decomposed
}

TEST_CASE("fit pads short text to the width")
{
  CHECK(fit("Xã", 5) == "Xã   ");
  CHECK(fit("", 3) == "   ");
  CHECK(fit("Xã Ngọc Biên", 12) == "Xã Ngọc Biên");
  CHECK(display_width(fit("Tổ chức sản xuất", 20)) == 20);
}

TEST_CASE("fit cuts long text at a character boundary and ends it with an ellipsis")
{
  CHECK(fit("Xã Ngọc Biên", 8) == "Xã Ngọc…");
  CHECK(display_width(fit("Xã Ngọc Biên", 8)) == 8);
  CHECK(fit("Thu nhập bình quân đầu người", 10) == "Thu nhập …");
  CHECK(fit("abc", 1) == "…");
  // A combining mark stays with its letter.
  CHECK(fit("Nguye\xCC\x82\xCC\x83n Văn A", 6) == "Nguye\xCC\x82\xCC\x83…");
}

TEST_CASE("fit to zero width gives nothing")
{
  CHECK(fit("abc", 0) == "");
}

// --- labels --------------------------------------------------------------------------------------

TEST_CASE("languages are vi and en")
{
  CHECK(ntm::report::parse_lang("vi") == Lang::vi);
  CHECK(ntm::report::parse_lang("en") == Lang::en);
  CHECK_FALSE(ntm::report::parse_lang("fr"));
  CHECK_FALSE(ntm::report::parse_lang("VI"));
}

TEST_CASE("outcomes, severities and regions have Vietnamese and English labels")
{
  using ntm::report::outcome_label;
  using ntm::report::region_label;
  using ntm::report::severity_label;
  CHECK(outcome_label(Outcome::met, Lang::vi) == "đạt");
  CHECK(outcome_label(Outcome::not_met, Lang::vi) == "chưa đạt");
  CHECK(outcome_label(Outcome::missing, Lang::vi) == "thiếu số liệu");
  CHECK(outcome_label(Outcome::not_applicable, Lang::vi) == "không áp dụng");
  CHECK(outcome_label(Outcome::met, Lang::en) == "met");
  CHECK(outcome_label(Outcome::not_met, Lang::en) == "not met");
  CHECK(outcome_label(Outcome::missing, Lang::en) == "missing");
  CHECK(outcome_label(Outcome::not_applicable, Lang::en) == "not applicable");
  CHECK(severity_label(Severity::error, Lang::vi) == "lỗi");
  CHECK(severity_label(Severity::warning, Lang::vi) == "cảnh báo");
  CHECK(severity_label(Severity::error, Lang::en) == "error");
  CHECK(severity_label(Severity::warning, Lang::en) == "warning");
  CHECK(region_label(Region::dbscl, Lang::vi) == "Đồng bằng sông Cửu Long");
  CHECK(region_label(Region::dbscl, Lang::en) == "Mekong Delta");
  CHECK(region_label(Region::tdmnpb, Lang::vi) == "Trung du và miền núi phía Bắc");
  CHECK(region_label(Region::tn, Lang::en) == "Central Highlands");
}

TEST_CASE("level names come from the rules, in the language asked for")
{
  const auto& levels = book().levels;
  using ntm::report::level_label;
  CHECK(level_label(levels, "chua-dat", Lang::vi) == "Chưa đạt chuẩn");
  CHECK(level_label(levels, "chua-dat", Lang::en) == "Not yet recognised");
  CHECK(level_label(levels, "ntm-kieu-mau", Lang::vi) == "Đạt chuẩn nông thôn mới kiểu mẫu");
  CHECK(level_label(levels, "ntm-kieu-mau", Lang::en) == "Model new rural commune");
  CHECK(level_label(levels, "khac", Lang::en) == "khac");
  CHECK(ntm::report::pick("Tên", "", Lang::en) == "Tên");
  CHECK(ntm::report::pick("Tên", "Name", Lang::en) == "Name");
  CHECK(ntm::report::pick("Tên", "Name", Lang::vi) == "Tên");
}

TEST_CASE("values and targets are written as an official would")
{
  SubmissionText text;
  text.set("xa-ntm", {value("1.1", "dat"), value("10", "62.66"), counts("11", "168", "4200"),
                      value("13.1", "kha"), value("13.2", "khong-co")});
  const auto evaluation = evaluate(text);
  const auto& set = *evaluation.find_set("xa-ntm");
  using ntm::report::target_text;
  using ntm::report::value_text;
  CHECK(value_text(*set.find("10"), Lang::vi) == "62.66 triệu đồng/người/năm");
  CHECK(target_text(*set.find("10"), Lang::vi) == "≥ 54 triệu đồng/người/năm");
  CHECK(value_text(*set.find("10"), Lang::en) == "62.66 million VND/person/year");
  CHECK(target_text(*set.find("10"), Lang::en) == "≥ 54 million VND/person/year");
  CHECK(value_text(*set.find("11"), Lang::vi) == "4% (168/4200)");
  CHECK(target_text(*set.find("11"), Lang::en) == "≤ 4%");
  CHECK(value_text(*set.find("1.1"), Lang::vi) == "đạt");
  CHECK(value_text(*set.find("1.1"), Lang::en) == "yes");
  CHECK(target_text(*set.find("1.1"), Lang::vi) == "đạt");
  CHECK(value_text(*set.find("13.1"), Lang::vi) == "Khá");
  CHECK(value_text(*set.find("13.1"), Lang::en) == "Good");
  CHECK(target_text(*set.find("13.1"), Lang::vi) == "≥ Khá");
  CHECK(target_text(*set.find("13.1"), Lang::en) == "≥ Good");
  CHECK(value_text(*set.find("13.2"), Lang::vi) == "không có");
  CHECK(value_text(*set.find("13.2"), Lang::en) == "none");
  CHECK(target_text(*set.find("13.2"), Lang::vi).empty());

  SubmissionText blank;
  blank.set("xa-ntm", {value("1.1", "khong-dat")});
  const auto missing = evaluate(blank);
  CHECK(value_text(*missing.find_set("xa-ntm")->find("10"), Lang::vi) == "—");
  CHECK(value_text(*missing.find_set("xa-ntm")->find("1.1"), Lang::vi) == "không đạt");
  CHECK(value_text(*missing.find_set("xa-ntm")->find("1.1"), Lang::en) == "no");
}

TEST_CASE("finding messages are written in Vietnamese or English")
{
  SubmissionText text = income_short("self-assessment=\"dat\"");
  text.claim = "ntm-nang-cao";
  const auto evaluation = evaluate(text);
  REQUIRE(ntm::test::finding_codes(evaluation) == std::vector<std::string>{"self-assessment-mismatch",
                                                                           "missing-value", "missing-value",
                                                                           "claim-not-supported"});
  const auto& levels = book().levels;
  using ntm::report::finding_message;
  CHECK(finding_message(evaluation.findings[0], levels, Lang::vi) ==
        "chỉ tiêu xa-ntm 10: xã tự đánh giá 'đạt' nhưng số liệu cho kết quả 'chưa đạt'");
  CHECK(finding_message(evaluation.findings[0], levels, Lang::en) ==
        "indicator xa-ntm 10: self-assessed as 'met' but the data give 'not met'");
  CHECK(finding_message(evaluation.findings[1], levels, Lang::vi) ==
        "chỉ tiêu xa-ntm-nang-cao 10: thiếu số liệu");
  CHECK(finding_message(evaluation.findings[1], levels, Lang::en) ==
        "indicator xa-ntm-nang-cao 10: no value given");
  CHECK(finding_message(evaluation.findings[3], levels, Lang::vi) ==
        "xã đề nghị công nhận 'Đạt chuẩn nông thôn mới nâng cao' nhưng số liệu chỉ đạt 'Chưa đạt chuẩn'");
  CHECK(finding_message(evaluation.findings[3], levels, Lang::en) ==
        "the commune claims 'Advanced new rural commune' but the data reach only 'Not yet recognised'");

  SubmissionText derived;
  derived.set("xa-ntm-kieu-mau", {value("2", "dat")});
  const auto without_source = evaluate(derived);
  REQUIRE(without_source.findings.size() == 1);
  CHECK(finding_message(without_source.findings[0], levels, Lang::vi) ==
        "chỉ tiêu xa-ntm-kieu-mau 1: thiếu số liệu, vì chỉ tiêu xa-ntm:10 (nguồn của chỉ tiêu này) chưa có "
        "giá trị");
  CHECK(finding_message(without_source.findings[0], levels, Lang::en) ==
        "indicator xa-ntm-kieu-mau 1: no value, because xa-ntm:10, which it is taken from, has none");

  const ntm::eval::Finding no_target{Severity::error, "no-target", "xa-ntm", "10", "", "dbscl 2024", {}};
  CHECK(finding_message(no_target, levels, Lang::vi) ==
        "chỉ tiêu xa-ntm 10: bộ tiêu chí không có mức chỉ tiêu cho vùng và năm dbscl 2024");
  CHECK(finding_message(no_target, levels, Lang::en) ==
        "indicator xa-ntm 10: the rules give no target for region and year dbscl 2024");
}

TEST_CASE("the audit's finding messages are written in Vietnamese or English")
{
  using ntm::eval::Finding;
  using ntm::report::finding_message;
  const auto& levels = book().levels;
  const auto both = [&](const Finding& finding) {
    return std::pair{finding_message(finding, levels, Lang::vi), finding_message(finding, levels, Lang::en)};
  };
  using Pair = std::pair<std::string, std::string>;

  const Finding thin{Severity::info, "thin-margin", "xa-ntm", "10", "55.3", "54", {}, "", "", 1.3, 2.4074};
  CHECK(both(thin) ==
        Pair{"chỉ tiêu xa-ntm 10: đạt sát ngưỡng, 55.3 so với mức 54 (vượt 1.3, tức 2.4% mức yêu cầu)",
             "indicator xa-ntm 10: met by a thin margin, 55.3 against 54 (by 1.3, 2.4% of the target)"});
  const Finding duplicate{Severity::error, "duplicate-submission", "", "", "29134", "2023", {}, "",
                          "a/tan-hiep.xml"};
  CHECK(both(duplicate) == Pair{"xã mã 29134 nộp lần thứ hai cho năm 2023 (lần đầu: a/tan-hiep.xml)",
                                "commune 29134 is submitted a second time for 2023 (first: a/tan-hiep.xml)"});
  const Finding regressed{Severity::warning, "criterion-regressed", "xa-ntm", "", "2022", "2023", {}, "13"};
  CHECK(both(regressed) == Pair{"tiêu chí xa-ntm 13: đạt năm 2022 nhưng không đạt năm 2023",
                                "criterion xa-ntm 13: met in 2022 but not in 2023"});
  Finding jump{Severity::warning, "unusual-jump", "xa-ntm", "10", "2022", "2023", {}, "10"};
  jump.percent = 31.26;
  CHECK(both(jump) == Pair{"tiêu chí xa-ntm 10: từ chưa đạt (2022) thành đạt (2023) khi chỉ tiêu 10 thay đổi "
                           "31.3%, cần kiểm tra "
                           "số liệu",
                           "criterion xa-ntm 10: from not met (2022) to met (2023) as indicator 10 changed "
                           "by 31.3%; check the "
                           "data"});
  const Finding malformed{Severity::error, "malformed-xml", "", "", "", "", {}, "", "no root element"};
  CHECK(both(malformed) == Pair{"tệp XML hỏng: no root element", "malformed XML: no root element"});
  // A code without a sentence of its own: the code, and where when there is a set.
  const Finding placed{Severity::warning, "odd", "xa-ntm", "10", "", "", {}};
  CHECK(both(placed) == Pair{"odd: xa-ntm 10", "odd: xa-ntm 10"});
  const Finding unplaced{Severity::warning, "odd", "", "10", "", "", {}};
  CHECK(both(unplaced) == Pair{"odd", "odd"});
  const Finding no_set{Severity::error, "missing-value", "", "10", "", "", {}};
  CHECK(both(no_set) == Pair{"chỉ tiêu : thiếu số liệu", "indicator : no value given"});
}

namespace {

/// `finding` as a stored row's view of it shows it (its location aside, which no message uses).
ntm::eval::FindingView view_of(const ntm::eval::Finding& finding)
{
  return {finding.severity,
          finding.code,
          finding.set_ref,
          finding.indicator,
          finding.claimed,
          finding.actual,
          false,
          {},
          0,
          0,
          finding.criterion,
          finding.detail,
          finding.amount,
          finding.percent};
}

} // namespace

TEST_CASE("finding messages in JSON are their sentences as JSON strings, the data's text escaped")
{
  using ntm::eval::Finding;
  const auto& levels = book().levels;
  // Every field a message takes from the data holds a quote, a backslash, a line break or a letter
  // of several bytes, in each kind of sentence.
  const std::string odd = "\"Tân\\Hiệp\"\n";
  std::vector<Finding> findings;
  for (const std::string& code : std::vector<std::string>{
           "self-assessment-mismatch", "claim-not-supported", "missing-value", "no-target", "thin-margin",
           "duplicate-submission", "criterion-regressed", "unusual-jump", "malformed-xml", odd}) {
    for (const std::string& set : {std::string(), odd}) {
      for (const std::string& detail : {std::string(), odd}) {
        // Then text copied as it is, and text longer than a message is gathered in before it is
        // appended.
        for (const std::string& text : {odd, std::string("≥ 98%"), std::string(300, 'x')}) {
          Finding finding{Severity::warning, code, set, text, text, text, {}, text, detail, 1.25, 2.5};
          findings.push_back(finding);
          finding.claimed = "dat";
          finding.actual = "not-met";
          findings.push_back(finding);
        }
      }
    }
  }
  for (const Finding& finding : findings) {
    for (const Lang lang : {Lang::vi, Lang::en}) {
      CAPTURE(finding.code, finding.set_ref, finding.claimed, lang);
      std::string out = "before";
      ntm::report::append_finding_message_json(out, finding, levels, lang);
      CHECK(out == "before" + ntm::report::json_string(ntm::report::finding_message(finding, levels, lang)));
      // The same finding read in place from a stored row.
      const ntm::eval::FindingView view = view_of(finding);
      CHECK(ntm::report::finding_message(view, levels, lang) ==
            ntm::report::finding_message(finding, levels, lang));
      std::string viewed = "before";
      ntm::report::append_finding_message_json(viewed, view, levels, lang);
      CHECK(viewed == out);
    }
  }
  // Text that is not UTF-8 fails as the whole sentence fails, with its place in the sentence.
  const Finding malformed{Severity::error, "malformed-xml", "", "", "", "", {}, "", "bad \xff"};
  std::string out = "kept";
  const std::string message = "[json.exception.type_error.316] invalid UTF-8 byte at index 19: 0xFF";
  CHECK_THROWS_WITH(ntm::report::append_finding_message_json(out, malformed, levels, Lang::en), message);
  CHECK_THROWS_WITH(ntm::report::append_finding_message_json(out, view_of(malformed), levels, Lang::en),
                    message);
  CHECK(out == "kept");
}

// --- text ----------------------------------------------------------------------------------------

TEST_CASE("the Vietnamese text report lists criteria, failing indicators and findings")
{
  const std::string expected = lines({
      "Xã Thử Nghiệm (mã 83001) · Huyện Thử · Bến Tre · năm 2024",
      "Vùng: Đồng bằng sông Cửu Long",
      "Kết quả: Chưa đạt chuẩn [chua-dat]",
      "",
      "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025",
      "  phiên bản xa-ntm@318-2022 (318/QĐ-TTg, 2022-03-08)",
      "  Đạt 3/4 tiêu chí",
      "",
      "  TT   Tiêu chí" + spaces(42) + " Kết quả",
      "  1    Quy hoạch" + spaces(41) + " đạt",
      "  10   Thu nhập" + spaces(42) + " chưa đạt  (chưa thể đạt: ntm ntm-nang-cao ntm-kieu-mau)",
      "  11   Nghèo đa chiều" + spaces(36) + " đạt",
      "  13   Tổ chức sản xuất" + spaces(34) + " đạt",
      "",
      "  Chỉ tiêu chưa đạt hoặc thiếu số liệu:",
      "  Mã     Chỉ tiêu" + spaces(32) + " Giá trị" + spaces(21) + " Mức yêu cầu" + spaces(19) + " Còn thiếu",
      "  10     Thu nhập bình quân đầu người" + spaces(12) + " 50 triệu đồng/người/năm" + spaces(5) +
          " ≥ 54 triệu đồng/người/năm *" + spaces(3) + " 4",
      "",
      "* mức yêu cầu chưa được đối chiếu với văn bản gốc (chưa xác minh)",
      "",
      "Phát hiện: không có",
  });
  CHECK(text_report(evaluate(income_short()), Lang::vi) == expected);
}

TEST_CASE("the English text report uses English words and names")
{
  const std::string report = text_report(evaluate(income_short("self-assessment=\"dat\"")), Lang::en);
  const std::vector<std::string> expected_lines = {
      "Xã Thử Nghiệm (code 83001) · Huyện Thử · Bến Tre · year 2024\n",
      "Region: Mekong Delta\n",
      "Result: Not yet recognised [chua-dat]\n",
      "\nNational criteria for new-rural communes, 2021-2025\n",
      "  version xa-ntm@318-2022 (318/QĐ-TTg, 2022-03-08)\n",
      "  Met 3/4 criteria\n",
      "  10   Income" + spaces(44) + " not met  (keeps out of reach: ntm ntm-nang-cao ntm-kieu-mau)\n",
      "\n  Indicators not met or missing:\n",
      "  10     Average income per person" + spaces(15) + " 50 million VND/person/year" + spaces(2) +
          " ≥ 54 million VND/person/year * 4\n",
      "\n* threshold not yet checked against the legal text (unverified)\n",
      "\nFindings:\n  error     commune.xml:6:5: indicator xa-ntm 10: self-assessed as 'met' but the data "
      "give 'not met' [self-assessment-mismatch]\n",
  };
  for (const std::string& line : expected_lines) {
    INFO(line);
    CHECK(report.find(line) != std::string::npos);
  }
  CHECK(report.find("Thu nhập") == std::string::npos);
}

TEST_CASE("the text report names a claim and the region a specially difficult commune is held to")
{
  SubmissionText text = income_short();
  text.special_difficulty = true;
  text.claim = "ntm";
  const std::string report = text_report(evaluate(text), Lang::vi);
  CHECK(report.find(
            "Vùng: Đồng bằng sông Cửu Long (xã đặc biệt khó khăn: áp dụng chỉ tiêu vùng Trung du và miền "
            "núi phía Bắc)\n") != std::string::npos);
  CHECK(report.find("Kết quả: Đạt chuẩn nông thôn mới [ntm]\n") != std::string::npos);
  CHECK(report.find("Xã đề nghị: Đạt chuẩn nông thôn mới [ntm]\n") != std::string::npos);
  CHECK(report.find("Chỉ tiêu chưa đạt") == std::string::npos); // 50 meets the tdmnpb target of 36
}

TEST_CASE("the summary counts communes by status and by criteria met")
{
  SubmissionText met;
  met.set("xa-ntm", ntm::test::national_all_met());
  const std::vector<ntm::eval::Evaluation> evaluations{evaluate(met), evaluate(income_short())};
  std::ostringstream out;
  ntm::report::write_text_summary(out, evaluations, book(), Lang::vi);
  CHECK(out.str() ==
        lines({
            "Tổng hợp: 2 xã",
            "  Theo mức đạt chuẩn:",
            "    Chưa đạt chuẩn" + spaces(26) + " 1 xã",
            "    Đạt chuẩn nông thôn mới" + spaces(17) + " 1 xã",
            "    Đạt chuẩn nông thôn mới nâng cao" + spaces(8) + " 0 xã",
            "    Đạt chuẩn nông thôn mới kiểu mẫu" + spaces(8) + " 0 xã",
            "  Số tiêu chí đạt — Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 (xa-ntm):",
            "    1 xã đạt 4/4 tiêu chí",
            "    1 xã đạt 3/4 tiêu chí",
        }));
}

// --- JSON ----------------------------------------------------------------------------------------

TEST_CASE("the JSON report holds the contract's keys and values")
{
  SubmissionText text;
  text.claim = "ntm-nang-cao";
  text.set("xa-ntm", {value("1.1", "dat"), value("10", "62.66", "self-assessment=\"khong-dat\""),
                      counts("11", "168", "4200"), value("13.1", "kha"), value("13.2", "khong-co")});
  const std::string output = ntm::report::evaluation_json(evaluate(text), book(), Lang::vi);
  CHECK(output.back() == '\n');
  const json j = json::parse(output);

  CHECK(str(j.at("status")) == "ntm");
  CHECK(str(j.at("status_name")) == "Đạt chuẩn nông thôn mới");
  CHECK(str(j.at("claimed_status")) == "ntm-nang-cao");
  CHECK(str(j.at("commune").at("code")) == "83001");
  CHECK(str(j.at("commune").at("name")) == "Xã Thử Nghiệm");
  CHECK(str(j.at("commune").at("district")) == "Huyện Thử");
  CHECK(str(j.at("commune").at("province")) == "Bến Tre");
  CHECK(j.at("year").get<int>() == 2024);
  CHECK(str(j.at("region")) == "dbscl");
  CHECK(str(j.at("target_region")) == "dbscl");
  CHECK(j.at("special_difficulty").get<bool>() == false);

  const json& sets = j.at("sets");
  REQUIRE(sets.size() == 2);
  const json& national = sets[0];
  CHECK(str(national.at("ref")) == "xa-ntm");
  CHECK(str(national.at("version")) == "xa-ntm@318-2022");
  CHECK(national.at("criteria_met").get<int>() == 4);
  CHECK(national.at("criteria_total").get<int>() == 4);
  CHECK(national.at("submitted").get<bool>());
  const json& criteria = national.at("criteria");
  REQUIRE(criteria.size() == 4);

  const json& income_criterion = criteria[1];
  CHECK(str(income_criterion.at("id")) == "10");
  CHECK(str(income_criterion.at("name")) == "Thu nhập");
  CHECK(str(income_criterion.at("result")) == "met");
  CHECK(income_criterion.at("blocks").empty());
  REQUIRE(income_criterion.at("indicators").size() == 1);
  const json& income = income_criterion.at("indicators")[0];
  CHECK(str(income.at("code")) == "10");
  CHECK(str(income.at("name")) == "Thu nhập bình quân đầu người");
  CHECK(str(income.at("result")) == "met");
  CHECK(income.at("value").get<double>() == 62.66);
  CHECK(str(income.at("target").at("op")) == "ge");
  CHECK(income.at("target").at("value").get<double>() == 54.0);
  CHECK(income.at("target").at("verified").get<bool>() == false);
  CHECK(str(income.at("unit")) == "triệu đồng/người/năm");
  CHECK(income.at("gap").get<double>() == 0.0);
  CHECK(income.at("margin").get<double>() == Approx(8.66));
  CHECK(str(income.at("self_assessment")) == "khong-dat");

  const json& poverty = criteria[2].at("indicators")[0];
  CHECK(poverty.at("value").get<double>() == 4.0);
  CHECK(poverty.at("numerator").get<double>() == 168.0);
  CHECK(poverty.at("denominator").get<double>() == 4200.0);
  CHECK(str(poverty.at("target").at("op")) == "le");
  CHECK(str(poverty.at("unit")) == "%");

  const json& plan = criteria[0].at("indicators")[0];
  CHECK(str(plan.at("value")) == "dat");
  CHECK(str(plan.at("target").at("op")) == "eq");
  CHECK(str(plan.at("target").at("value")) == "dat");
  CHECK(plan.at("gap").is_null());

  const json& linkage = criteria[3].at("indicators")[1];
  CHECK(str(linkage.at("code")) == "13.2");
  CHECK(str(linkage.at("result")) == "not-applicable");
  CHECK(str(linkage.at("value")) == "khong-co");
  CHECK(linkage.at("target").is_null());
  CHECK(str(criteria[3].at("indicators")[0].at("target").at("value")) == "kha");

  const json& advanced = sets[1];
  CHECK(str(advanced.at("ref")) == "xa-ntm-nang-cao");
  CHECK(advanced.at("submitted").get<bool>() == false);
  CHECK(advanced.at("criteria_met").get<int>() == 0);
  CHECK(str(advanced.at("criteria")[0].at("result")) == "missing");
  CHECK(advanced.at("criteria")[0].at("blocks") == json::array({"ntm-nang-cao", "ntm-kieu-mau"}));
  CHECK(advanced.at("criteria")[0].at("indicators")[0].at("value").is_null());

  const json& findings = j.at("findings");
  REQUIRE(findings.size() == 4);
  CHECK(str(findings[0].at("severity")) == "error");
  CHECK(str(findings[0].at("code")) == "self-assessment-mismatch");
  CHECK(str(findings[0].at("message")) ==
        "chỉ tiêu xa-ntm 10: xã tự đánh giá 'không đạt' nhưng số liệu cho kết quả 'đạt'");
  CHECK(str(findings[0].at("indicator")) == "10");
  CHECK(str(findings[0].at("location").at("file")) == "commune.xml");
  CHECK(findings[0].at("location").at("line").get<int>() == 7); // after the <claim> line
  CHECK(findings[0].at("location").at("column").get<int>() == 5);
  CHECK(str(findings[1].at("severity")) == "warning");
  CHECK(str(findings[1].at("code")) == "missing-value");
  CHECK(str(findings[3].at("code")) == "claim-not-supported");
  CHECK(findings[3].at("indicator").is_null());
  CHECK(findings[3].at("set").is_null());
}

TEST_CASE("the English JSON report gives English names and messages")
{
  SubmissionText text = income_short("self-assessment=\"dat\"");
  const json j = json::parse(ntm::report::evaluation_json(evaluate(text), book(), Lang::en));
  CHECK(str(j.at("status")) == "chua-dat"); // codes never change with the language
  CHECK(str(j.at("status_name")) == "Not yet recognised");
  CHECK(j.at("claimed_status").is_null());
  const json& income_criterion = j.at("sets")[0].at("criteria")[1];
  CHECK(str(income_criterion.at("name")) == "Income");
  CHECK(str(income_criterion.at("result")) == "not-met");
  CHECK(income_criterion.at("blocks") == json::array({"ntm", "ntm-nang-cao", "ntm-kieu-mau"}));
  const json& income = income_criterion.at("indicators")[0];
  CHECK(str(income.at("name")) == "Average income per person");
  CHECK(str(income.at("result")) == "not-met");
  CHECK(income.at("gap").get<double>() == 4.0);
  CHECK(income.at("margin").get<double>() == -4.0);
  CHECK(str(j.at("sets")[0].at("name")) == "National criteria for new-rural communes, 2021-2025");
  CHECK(str(j.at("findings")[0].at("message")) ==
        "indicator xa-ntm 10: self-assessed as 'met' but the data give 'not met'");
}

TEST_CASE("the JSON report shows how a derived target was computed")
{
  SubmissionText text;
  text.set("xa-ntm", {value("10", "80")})
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  const json j = json::parse(ntm::report::evaluation_json(evaluate(text), book(), Lang::vi));
  REQUIRE(j.at("sets").size() == 3);
  const json& income = j.at("sets")[2].at("criteria")[0].at("indicators")[0];
  CHECK(str(income.at("code")) == "1");
  CHECK(str(income.at("derived_from")) == "xa-ntm:10");
  CHECK(income.at("value").get<double>() == 80.0);
  CHECK(income.at("target").at("value").get<double>() == Approx(72.6));
  const json& derived = income.at("target").at("derived");
  CHECK(derived.at("factor").get<double>() == 1.1);
  CHECK(str(derived.at("of")) == "xa-ntm-nang-cao:10");
  CHECK(str(derived.at("version")) == "xa-ntm-nang-cao@318-2022");
  CHECK(derived.at("base").get<double>() == 66.0);
}

TEST_CASE("several evaluations are one JSON array")
{
  SubmissionText met;
  met.set("xa-ntm", ntm::test::national_all_met());
  const json all =
      json::parse(ntm::report::evaluations_json({evaluate(met), evaluate(income_short())}, book(), Lang::vi));
  REQUIRE(all.is_array());
  REQUIRE(all.size() == 2);
  CHECK(str(all[0].at("status")) == "ntm");
  CHECK(str(all[1].at("status")) == "chua-dat");
  CHECK(json::parse(ntm::report::evaluations_json({}, book(), Lang::vi)) == json::array());
}

TEST_CASE("JSON strings written as text are what nlohmann writes, escapes and UTF-8 in any place")
{
  std::vector<std::string> texts = {"",
                                    "Xã An Quảng Hữu",
                                    "a\"b\\c",
                                    "tab\there",
                                    "CR\rLF\n",
                                    "\b\f",
                                    std::string("nul\0in", 6),
                                    "\x01\x1f\x7f",
                                    "𝄞 four bytes",
                                    "Huyện Trà Cú, tỉnh Trà Vinh — 100%",
                                    std::string(62, 'x'),
                                    std::string(63, 'x'),
                                    std::string(100, 'x') + "\"Ơ\""};
  // Each escape and each character of several bytes at every place of an eight-byte run.
  for (const std::string piece : {"\"", "\\", "\n", "\x1f", "ệ", "𝄞", "\x7f"}) {
    for (std::size_t at = 0; at <= 17; ++at) {
      texts.push_back(std::string(at, 'x') + piece + std::string(17 - at, 'y'));
    }
  }
  for (const std::string& text : texts) {
    CAPTURE(text);
    std::string out = "before";
    ntm::report::append_json_string(out, text);
    CHECK(out == "before" + nlohmann::json(text).dump());
    CHECK(ntm::report::json_string(text) == nlohmann::json(text).dump());
    // Plain text is what is written as it is.
    CHECK(ntm::report::plain_json_characters(text) == (out == "before\"" + text + "\""));
  }
  // Text that is not UTF-8 is not plain, at any place of an eight-byte run.
  for (const std::string piece : {"\xff", "\xe1\xbb", "\xc3"}) {
    for (std::size_t at = 0; at <= 17; ++at) {
      CAPTURE(at);
      CHECK_FALSE(
          ntm::report::plain_json_characters(std::string(at, 'x') + piece + std::string(17 - at, 'y')));
    }
  }
}

namespace {

/// How many of `texts` append_json_string writes, or refuses, otherwise than nlohmann's dump.
std::size_t json_strings_unlike_nlohmann(const std::vector<std::string>& texts)
{
  std::size_t unlike = 0;
  for (const std::string& text : texts) {
    std::string want;
    try {
      want = "kept" + nlohmann::json(text).dump();
    } catch (const nlohmann::json::exception& error) {
      want = std::string("kept") + error.what();
    }
    std::string out = "kept";
    try {
      ntm::report::append_json_string(out, text);
    } catch (const nlohmann::json::exception& error) {
      out += error.what();
    }
    if (out != want) {
      UNSCOPED_INFO(text);
      ++unlike;
    }
  }
  return unlike;
}

} // namespace

TEST_CASE("JSON strings of any two bytes, or UTF-8 lead and continuation bytes, are those of nlohmann")
{
  // Every pair of bytes at the start of an eight-byte run and across two, then the first bytes of
  // three- and four-byte characters with continuations at and past their limits.
  std::vector<std::string> texts;
  for (const std::size_t at : {std::size_t{0}, std::size_t{7}}) {
    for (int a = 0; a < 256; ++a) {
      for (int b = 0; b < 256; ++b) {
        texts.push_back(std::string(at, 'x') + static_cast<char>(a) + static_cast<char>(b) + "yz ệ");
      }
    }
  }
  CHECK(json_strings_unlike_nlohmann(texts) == 0);
  texts.clear();
  for (int lead = 0xE0; lead <= 0xF5; ++lead) {
    for (const int second : {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0}) {
      for (const int third : {0x7F, 0x80, 0xBF, 0xC0}) {
        for (const std::string& rest :
             {std::string(), std::string("\x80"), std::string("\xbf z"), std::string("z")}) {
          std::string text = "ab";
          text += static_cast<char>(lead);
          text += static_cast<char>(second);
          text += static_cast<char>(third);
          texts.push_back(text + rest);
        }
      }
    }
  }
  CHECK(json_strings_unlike_nlohmann(texts) == 0);
}

TEST_CASE("numbers written as text are what nlohmann writes for number_json, at every magnitude")
{
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.5,
                                1e-7,
                                -1e-7,
                                4e-10,    // rounds to zero
                                -4e-10,   // rounds to negative zero
                                6e-10,    // rounds to 1e-9
                                1.1 * 50, // 55.00000000000001
                                62.66,
                                100.0 / 3.0,
                                1e15 + 0.5,
                                9007199254740991.0,
                                9007199254740992.0, // the first that is not written as an integer
                                -9007199254740992.0,
                                1e16,
                                1.5e17,
                                1e300,
                                std::numeric_limits<double>::max(), // × 1e9 overflows: null
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
  // Random doubles from 1e-12 to 1e20, of both signs; the same ones at each run.
  std::mt19937_64 random(20261127);
  std::uniform_real_distribution<double> mantissa(1.0, 10.0);
  for (int exponent = -12; exponent <= 20; ++exponent) {
    for (int i = 0; i < 300; ++i) {
      const double x = mantissa(random) * std::pow(10.0, exponent);
      values.push_back(i % 2 == 0 ? x : -x);
    }
  }
  // Decimals as submissions hold them (one to four places) and whole numbers, near and far.
  std::uniform_int_distribution<std::int64_t> whole(-2000000000000, 2000000000000);
  for (int i = 0; i < 3000; ++i) {
    const auto n = static_cast<double>(whole(random));
    values.push_back(n);
    values.push_back(n / 10.0);
    values.push_back(n / 10000.0);
  }
  for (const double x : values) {
    CAPTURE(x);
    std::string out = "before";
    ntm::report::append_number_json(out, x);
    CHECK(out == "before" + ntm::report::number_json(x).dump());
  }
  // Numbers number_json leaves as they are are written as nlohmann writes any double.
  for (const double x : {0.25, -1.5, 62.66, 1e-5, 123.456789, 1.5e17}) {
    CAPTURE(x);
    std::string out;
    ntm::report::append_number_json(out, x);
    CHECK(out == nlohmann::json(x).dump());
  }
}

TEST_CASE("numbers of up to nine decimals are written as Grisu2 writes them, longer ones too")
{
  // Grisu2 writes one such number in about 600 with more digits than it has; a few of them, and the
  // edges of the range written without Grisu2 (1e-4 to 1e6, fifteen digits).
  std::vector<double> values = {30.115540588, 66.076886322, 36.1383896, -19.563230699,    1.540816327,
                                0.0001,       -0.0001,      0.00009999, 999999.999999999, 1000000.5,
                                0.5,          1.0 + 1e-9,   2.0 - 1e-9, 4.000000001,      0.25};
  // Decimals of six to fifteen digits with nine places, of both signs, and sums that leave noise;
  // the same ones at each run.
  std::mt19937_64 random(20261128);
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t limit = 100000;
    for (std::uint64_t digits = 6 + random() % 10; digits > 6; --digits) {
      limit *= 10;
    }
    const auto decimal = static_cast<double>(random() % (limit * 10)) / 1e9;
    values.push_back(i % 2 == 0 ? decimal : -decimal);
    values.push_back(decimal * 1.1);
  }
  std::size_t longer = 0;
  for (const double x : values) {
    CAPTURE(x);
    std::string out = "before";
    ntm::report::append_number_json(out, x);
    const std::string expected = ntm::report::number_json(x).dump();
    CHECK(out == "before" + expected);
    const std::size_t point = expected.find('.');
    if (point != std::string::npos && expected.size() - point - 1 > 9) {
      ++longer;
    }
  }
  // Numbers Grisu2 writes longer than their nine places are among them.
  CHECK(longer > 100);
}

TEST_CASE("sets written as text are what nlohmann's dump(2) gives for sets_json, at any depth")
{
  // Values met and not, counts, grades, none, self-assessments, a claim, a derived target with its
  // base and one without a source, and a set not submitted.
  SubmissionText claimed = income_short("self-assessment=\"dat\"");
  claimed.claim = "ntm-nang-cao";
  SubmissionText counted;
  counted.set("xa-ntm", {value("1.1", "dat"), value("10", "62.66", "self-assessment=\"khong-dat\""),
                         counts("11", "168", "4200"), value("13.1", "kha"), value("13.2", "khong-co")});
  SubmissionText derived;
  derived.set("xa-ntm", {value("10", "80")})
      .set("xa-ntm-nang-cao", ntm::test::advanced_all_met())
      .set("xa-ntm-kieu-mau", {value("2", "dat")});
  SubmissionText without_source;
  without_source.set("xa-ntm-kieu-mau", {value("2", "dat")});
  SubmissionText blank;
  blank.set("xa-ntm", {value("1.1", "khong-dat")});
  blank.province = "Trà Vinh";
  // Texts kept from one document to the next, as the audit's roll-ups keep them: the documents
  // differ, so that some places hold the same text as before and others another.
  ntm::report::RecentStrings recent;
  for (const SubmissionText& text : {claimed, counted, derived, without_source, blank}) {
    const ntm::eval::Evaluation evaluation = evaluate(text);
    for (const Lang lang : {Lang::vi, Lang::en}) {
      // 70: further in than the indents written in one append; 50 to 60, nested further, across
      // that limit.
      for (const std::size_t indent : {0U, 6U, 50U, 55U, 58U, 60U, 70U}) {
        for (ntm::report::RecentStrings* texts :
             {static_cast<ntm::report::RecentStrings*>(nullptr), &recent}) {
          CAPTURE(indent, texts != nullptr);
          recent.rewind();
          std::string out = "before";
          ntm::report::PrettyText pretty(out, indent, true, texts);
          ntm::report::append_sets_text(pretty, evaluation, lang);
          // The dump, each line after the first as far in as `indent`.
          std::string expected = "before";
          for (const char c : ntm::report::sets_json(evaluation, lang).dump(2)) {
            expected += c;
            expected.append(c == '\n' ? indent : 0, ' ');
          }
          CHECK(out == expected);
        }
      }
    }
  }
  ntm::eval::Evaluation none = evaluate(blank);
  none.sets.clear();
  std::string out;
  ntm::report::PrettyText pretty(out, 2);
  ntm::report::append_sets_text(pretty, none, Lang::vi);
  CHECK(out == "[]");
}

TEST_CASE("integers keyed by the data's text are what nlohmann's dump(2) gives, at any depth")
{
  // Keys to escape, and one so long that its member is not gathered in one append.
  nlohmann::json object = nlohmann::json::object();
  object["1.1"] = 0;
  object["10"] = 12;
  object["a\"b\\c"] = -7;
  object["Xã"] = 2147483647;
  object[std::string(80, 'k')] = 3;
  ntm::report::RecentStrings recent;
  for (const std::size_t indent : {0U, 6U, 58U, 70U}) {
    for (ntm::report::RecentStrings* texts : {static_cast<ntm::report::RecentStrings*>(nullptr), &recent}) {
      CAPTURE(indent, texts != nullptr);
      recent.rewind();
      std::string out = "before";
      ntm::report::PrettyText pretty(out, indent, true, texts);
      pretty.open('{');
      for (const auto& [key, value] : object.items()) {
        pretty.keyed_integer(key, value.get<int>());
      }
      pretty.close('}');
      std::string expected = "before";
      for (const char c : object.dump(2)) {
        expected += c;
        expected.append(c == '\n' ? indent : 0, ' ');
      }
      CHECK(out == expected);
    }
  }
}

TEST_CASE("a JSON string that is not UTF-8 fails as nlohmann fails, and adds nothing")
{
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"abc\xff", "[json.exception.type_error.316] invalid UTF-8 byte at index 3: 0xFF"},
      {"12345678\xc3", "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0xC3"},
      {"\xed\xa0\x80 surrogate", "[json.exception.type_error.316] invalid UTF-8 byte at index 1: 0xA0"},
      {"\xc0\xaf overlong", "[json.exception.type_error.316] invalid UTF-8 byte at index 0: 0xC0"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    std::string out = "kept";
    CHECK_THROWS_WITH(ntm::report::append_json_string(out, text), message);
    CHECK(out == "kept");
  }
}
