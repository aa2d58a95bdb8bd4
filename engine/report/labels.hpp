#pragma once

#include "eval/audit_rows.hpp"
#include "eval/evaluation.hpp"
#include "model/rule_set.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::report {

/// The language of a report: Vietnamese by default, English on request.
enum class Lang { vi, en };
/// Parses `vi` or `en`.
std::optional<Lang> parse_lang(std::string_view code);

/// Words of the user interface. Names of criteria, indicators and levels come from the rules.
std::string_view outcome_label(eval::Outcome outcome, Lang lang);
std::string_view severity_label(eval::Severity severity, Lang lang);
std::string_view region_label(model::Region region, Lang lang);

/// `16–17`, or `19` when both ends are the same.
std::string range_text(int low, int high);
/// Appends `range_text(low, high)` to `out`.
void append_range(std::string& out, int low, int high);
/// Ascending years as runs: `2022–2025`, `2022 2024–2025`.
std::string years_text(const std::vector<int>& years);
/// Text made safe inside XML or HTML elements and quoted attributes.
std::string escape_markup(std::string_view text);

/// The rules' name for a level id (or the none id), in `lang`, falling back to Vietnamese.
std::string level_label(const model::Levels& levels, std::string_view id, Lang lang);

/// A name in `lang`: the English one when asked for and present, else the Vietnamese one.
const std::string& pick(const std::string& vi, const std::string& en, Lang lang);

/// The indicator's unit in `lang` (`triệu đồng/người/năm`, `million VND/person/year`).
const std::string& unit_text(const model::Indicator& indicator, Lang lang);
/// `80%`, `62.5 triệu đồng/người/năm`: a number with its unit as reports write it.
std::string with_unit(const std::string& number, const std::string& unit);

/// A value as an official would write it: `62.66`, `đạt`, a grade's name, or `—` when none.
std::string value_text(const eval::IndicatorResult& result, Lang lang);
/// `≥ 50 triệu đồng/người/năm`, or empty when no target applied.
std::string target_text(const eval::IndicatorResult& result, Lang lang);

/// The kind of problem a file had (`malformed-xml` → "tệp XML hỏng"), in `lang`.
std::string_view file_problem_label(std::string_view code, Lang lang);

/// The sentence for a finding, in `lang`.
std::string finding_message(const eval::Finding& finding, const model::Levels& levels, Lang lang);
std::string finding_message(const eval::FindingView& finding, const model::Levels& levels, Lang lang);
/// Appends `finding_message(finding, levels, lang)` as append_json_string writes it, and fails as
/// it fails.
void append_finding_message_json(std::string& out, const eval::Finding& finding, const model::Levels& levels,
                                 Lang lang);
void append_finding_message_json(std::string& out, const eval::FindingView& finding,
                                 const model::Levels& levels, Lang lang);

} // namespace ntm::report
