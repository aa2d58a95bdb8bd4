#pragma once

#include "eval/evaluation.hpp"
#include "eval/evaluator.hpp"
#include "model/submission.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ntm::eval {

/// One indicator standing in the way of a level.
struct PlanItem {
  std::size_t set = 0;       // into Plan::evaluation.sets
  std::size_t criterion = 0; // into that set's criteria
  std::size_t indicator = 0; // into that criterion's indicators
  /// For a percent given as counts: how many more (positive) or fewer (negative) counted things
  /// would meet the target with the same denominator.
  std::optional<double> count_change;
  /// The target in the submission's own year, when the plan is for another year and it differs.
  std::optional<ResolvedTarget> own_year_target;
  /// Met in the submission's own year, not met against the plan year's targets.
  bool newly_blocking = false;
};

/// What stands between a commune and one level of the chain to the target.
struct LevelPlan {
  const model::Level* level = nullptr;
  bool reached = false;
  int not_met = 0;
  int missing = 0;
  std::vector<PlanItem> items; // by criterion, then indicator, in the rules' order

  /// Nothing is known to fail: only data are missing.
  bool only_missing_data() const { return not_met == 0 && missing > 0; }
};

/// A readiness plan: for the target level and each level below it that is not reached, every
/// indicator not met or missing, with its gap, lowest level first.
struct Plan {
  Evaluation evaluation; // against the plan year's targets
  std::string target;    // level id
  int own_year = 0;      // the submission's year
  int plan_year = 0;     // the year whose targets the plan uses
  std::vector<LevelPlan> levels;
};

/// Makes the plan for `submission` towards `target` (default: the level above its status; the
/// top level when it has reached it) against the targets of `year` (default: its own year).
/// Fails (empty, with a message in `error`) on an unknown level or a year no set version covers.
std::optional<Plan> make_plan(const Evaluator& evaluator, const model::RuleBook& book,
                              const model::Submission& submission, const std::optional<std::string>& target,
                              const std::optional<int>& year, std::string& error);

} // namespace ntm::eval
