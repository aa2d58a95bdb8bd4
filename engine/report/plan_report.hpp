#pragma once

#include "eval/compare.hpp"
#include "eval/explain.hpp"
#include "eval/plan.hpp"
#include "model/rule_set.hpp"
#include "report/labels.hpp"

#include <ostream>
#include <string>

namespace ntm::report {

/// The readiness plan in words: per level still to reach, each indicator in the way with its value,
/// target, gap (in counts where counts were given) and what meeting it unblocks; a plain sentence
/// when only missing data stand in the way.
void write_plan_text(std::ostream& out, const eval::Plan& plan, const model::RuleBook& book, Lang lang);

/// The plan as JSON: target, years, and per level the items with their numbers.
std::string plan_json(const eval::Plan& plan, Lang lang);

/// The trace of one indicator or criterion for an official: where the value came from, which set
/// version, region and year chose the target, its legal basis and whether it is verified, the
/// comparison, and what depends on it.
void write_explanation(std::ostream& out, const eval::Explanation& explanation,
                       const eval::Evaluation& evaluation, Lang lang);

/// What a what-if run changed: status, criteria met per set, criteria that changed, findings that
/// disappeared or appeared. `assignments` are the --set arguments as given.
void write_comparison(std::ostream& out, const eval::Comparison& comparison,
                      const std::vector<std::string>& assignments, const model::RuleBook& book, Lang lang);

} // namespace ntm::report
