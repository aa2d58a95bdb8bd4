#pragma once

#include "eval/compare.hpp"
#include "eval/evaluation.hpp"
#include "model/rule_set.hpp"
#include "report/labels.hpp"

#include <string>
#include <vector>

namespace ntm::report {

/// The evaluation as JSON text (the contract of `ntm evaluate --format json`, see
/// docs/submission-format.md): status, claim, commune, year, region, every set with every
/// criterion and indicator (value, target with its provenance, gap), and the findings.
std::string evaluation_json(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang);

/// A what-if run: the evaluation with the changed values, and what changed (`"what_if"`).
struct WhatIf {
  const eval::Comparison* comparison = nullptr;
  std::vector<std::string> assignments;
};

/// The evaluation JSON of a what-if run, with a `"what_if"` member.
std::string evaluation_json(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang,
                            const WhatIf& what_if);

/// Several evaluations as one JSON array.
std::string evaluations_json(const std::vector<eval::Evaluation>& evaluations, const model::RuleBook& book,
                             Lang lang);

} // namespace ntm::report
