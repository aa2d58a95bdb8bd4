#pragma once

#include "eval/evaluation.hpp"
#include "eval/rule_base.hpp"
#include "graph/dependency_graph.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::eval {

/// Something that needs the explained indicator or criterion, directly or not.
struct Dependent {
  graph::NodeKind kind = graph::NodeKind::indicator;
  std::string set_id; // empty for levels
  std::string key;    // code, criterion id, set id or level id
  std::string name;
  std::string name_en;
};

/// The trace of one indicator (or criterion) of an evaluation, with what depends on it.
struct Explanation {
  const SetResult* set = nullptr;
  const CriterionResult* criterion = nullptr;
  const IndicatorResult* indicator = nullptr; // null when a criterion is explained
  std::vector<Dependent> dependents;          // criteria, sets and levels first, in graph order
};

/// Finds `code` (`10`, `17`, or `xa-ntm-nang-cao:10`) among the sets of `evaluation`: an
/// indicator code first, else a criterion id. Fails with a message (and a did-you-mean) in `error`.
std::optional<Explanation> explain(const RuleBase& rules, const Evaluation& evaluation, std::string_view code,
                                   std::string& error);

} // namespace ntm::eval
