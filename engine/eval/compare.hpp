#pragma once

#include "eval/evaluation.hpp"

#include <string>
#include <vector>

namespace ntm::eval {

/// What changed between two evaluations of the same commune (a what-if run, another year).
struct Comparison {
  struct SetChange {
    std::string ref;
    int met_before = 0;
    int met_after = 0;
    int total = 0;
  };
  struct CriterionChange {
    std::string ref;
    const model::Criterion* criterion = nullptr;
    Outcome before = Outcome::missing;
    Outcome after = Outcome::missing;
  };
  std::string status_before;
  std::string status_after;
  std::vector<SetChange> sets;            // every set of `after`
  std::vector<CriterionChange> criteria;  // only those whose outcome changed
  std::vector<Finding> findings_resolved; // in `before`, not in `after`
  std::vector<Finding> findings_new;      // in `after`, not in `before`
};

/// Compares `before` and `after`; findings are matched by code, set, indicator and criterion.
Comparison compare(const Evaluation& before, const Evaluation& after);

} // namespace ntm::eval
