#pragma once
// Internal to engine/report: JSON pieces shared by the evaluation and audit writers.

#include "eval/compare.hpp"
#include "eval/evaluation.hpp"
#include "model/rule_set.hpp"
#include "report/json_text.hpp"
#include "report/labels.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace ntm::report {

/// A number without floating-point noise; whole numbers as integers.
nlohmann::json number_json(double value);
/// Appends `number_json(value).dump()` to `out`, without building a document.
void append_number_json(std::string& out, double value);
nlohmann::json location_json(const Location& where);
nlohmann::json finding_json(const eval::Finding& finding, const model::Levels& levels, Lang lang);
nlohmann::json comparison_json(const eval::Comparison& comparison,
                               const std::vector<std::string>& assignments, const model::RuleBook& book,
                               Lang lang);
/// The `sets` member of an evaluation's object: each set's criteria and indicators.
nlohmann::json sets_json(const eval::Evaluation& evaluation, Lang lang);
/// The same as text at the level of `text`, as `sets_json(evaluation, lang).dump(2)` writes it there.
void append_sets_text(PrettyText& text, const eval::Evaluation& evaluation, Lang lang);
nlohmann::json evaluation_object(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang);

} // namespace ntm::report
