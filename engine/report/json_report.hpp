#pragma once

#include "eval/evaluation.hpp"
#include "model/rule_set.hpp"
#include "report/labels.hpp"

#include <string>

namespace ntm::report {

/// The evaluation as JSON text (the contract of `ntm evaluate --format json`, see
/// docs/submission-format.md): status, claim, commune, year, region, every set with every
/// criterion and indicator (value, target with its provenance, gap), and the findings.
std::string evaluation_json(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang);

/// Several evaluations as one JSON array.
std::string evaluations_json(const std::vector<eval::Evaluation>& evaluations, const model::RuleBook& book,
                             Lang lang);

} // namespace ntm::report
