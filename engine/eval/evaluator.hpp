#pragma once

#include "eval/evaluation.hpp"
#include "eval/rule_base.hpp"
#include "model/submission.hpp"

#include <map>
#include <string>
#include <vector>

namespace ntm::eval {

/// Scores submissions against a rule base. Rules it applies:
/// 1. each set ref is judged by the version in force for the commune's province and year;
/// 2. targets come from the commune's region column (TDMNPB when specially difficult) and year,
///    the most specific row winning; derived values and targets follow the dependency graph;
/// 3. an indicator is met, not met, missing (no usable value: never a default) or not applicable;
///    a criterion is met when all its applicable indicators are met, not met when any is not,
///    missing otherwise;
/// 4. the status is the highest level whose sets are wholly met and whose lower levels are reached;
/// 5. a self-assessment or claim that the data contradict is an error finding.
/// Evaluating never fails: problems the data cannot settle become findings.
class Evaluator {
public:
  explicit Evaluator(const RuleBase& rules);

  Evaluation evaluate(const model::Submission& submission) const;

private:
  const RuleBase& m_rules;
  std::map<std::size_t, std::vector<std::string>> m_blocked_levels; // criterion node -> level ids
};

} // namespace ntm::eval
