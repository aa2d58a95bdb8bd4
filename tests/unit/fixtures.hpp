#pragma once
// A small, complete rule book given as inline XML, and helpers to build and load submissions.
//
// The book (levels ntm < ntm-nang-cao < ntm-kieu-mau, years 2022-2025):
//   xa-ntm@318-2022            national:  1.1 bool; 10 number (income, by region and year);
//                                         11 percent ≤ (poverty, by region and year);
//                                         13.1 grade ≥ kha; 13.2 bool, if-any
//   xa-ntm@tra-vinh-1306-2022  Trà Vinh:  extends xa-ntm@318-2022, overrides the targets of 10
//   xa-ntm-nang-cao@318-2022   national:  10 number (income); 17.7 bool
//   xa-ntm-kieu-mau@319-2022   national:  1 number, value from xa-ntm:10, target 1.1 × xa-ntm-nang-cao:10;
//                                         2 bool
// Income targets (xa-ntm 10): dbscl 2023 ≥ 50, dbscl 2024 ≥ 54, dbscl other years ≥ 48, tdmnpb ≥ 36,
// elsewhere ≥ 45; Trà Vinh: dbscl 2024 ≥ 52, otherwise ≥ 47.
// Poverty targets (xa-ntm 11): dbsh and dnb in 2024-2025 ≤ 3, tdmnpb ≤ 6, 2022 ≤ 5, otherwise ≤ 4.
// Advanced income (xa-ntm-nang-cao 10): dbscl 2024 ≥ 66, otherwise ≥ 60.

#include "eval/evaluation.hpp"
#include "eval/rule_base.hpp"
#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/submission.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ntm::test {

extern const char* const k_levels_xml;
extern const char* const k_national_xml;
extern const char* const k_tra_vinh_xml;
extern const char* const k_advanced_xml;
extern const char* const k_model_xml;

/// The rule book's files, named as in a rules directory (`2021-2025/xa-ntm.xml`).
std::vector<load::NamedText> rule_files();

/// The rule book loaded once; throws with the diagnostics when it does not load.
const eval::RuleBase& rule_base();

/// Every diagnostic as `file:line:column: message`.
std::vector<std::string> messages(const Diagnostics& errors);

/// `<indicator code="…" value="…"/>`, with `extra` attributes appended when given.
std::string value(const std::string& code, const std::string& value, const std::string& extra = "");
/// `<indicator code="…" numerator="…" denominator="…"/>`.
std::string counts(const std::string& code, const std::string& numerator, const std::string& denominator);

/// Builds the text of a submission. Its lines: 1 the XML declaration, 2 <submission>, 3 <commune>,
/// 4 <claim> when there is one, then each set: <set>, one line per indicator, </set>.
struct SubmissionText {
  std::string year = "2024";
  std::string region = "dbscl";
  std::string province = "Bến Tre";
  std::string code = "83001";
  bool special_difficulty = false;
  std::string claim; // level id; empty: no claim
  std::vector<std::pair<std::string, std::vector<std::string>>> sets;

  SubmissionText& set(const std::string& ref, std::vector<std::string> indicators);
  std::string str() const;
};

/// Indicator values meeting every target of xa-ntm in dbscl 2024 for a commune outside Trà Vinh.
std::vector<std::string> national_all_met();
/// Indicator values meeting every target of xa-ntm-nang-cao in dbscl 2024.
std::vector<std::string> advanced_all_met();

/// Loads `text` against the fixture rule book; throws with the diagnostics when it does not load.
model::Submission load_submission(const SubmissionText& text);
/// Loads and evaluates `text` against the fixture rule book.
eval::Evaluation evaluate(const SubmissionText& text);

/// The finding codes of an evaluation, in order.
std::vector<std::string> finding_codes(const eval::Evaluation& evaluation);

/// What `work` returns when run in a child process, for work that must not change this one (its
/// user, its limits); throws when the child does not end normally.
std::string in_child_process(const std::function<std::string()>& work);

} // namespace ntm::test
