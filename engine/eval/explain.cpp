#include "eval/explain.hpp"

#include "load/suggest.hpp"

#include <algorithm>

namespace ntm::eval {

namespace {

Dependent describe(const RuleBase& rules, std::size_t node)
{
  const model::RuleBook& book = rules.book();
  const graph::Node& n = rules.graph().node(node);
  Dependent dependent;
  dependent.kind = n.kind;
  dependent.key = n.key;
  if (n.kind == graph::NodeKind::level) {
    if (const model::Level* level = book.levels.find(n.key)) {
      dependent.name = level->name;
      dependent.name_en = level->name_en;
    }
    return dependent;
  }
  const model::RuleSet& set = book.sets[n.set_index];
  dependent.set_id = set.id;
  switch (n.kind) {
  case graph::NodeKind::indicator:
    if (const model::Indicator* indicator = set.find_indicator(n.key)) {
      dependent.name = indicator->name;
      dependent.name_en = indicator->name_en;
    }
    break;
  case graph::NodeKind::criterion:
    for (const model::Criterion& criterion : set.criteria) {
      if (criterion.id == n.key) {
        dependent.name = criterion.name;
        dependent.name_en = criterion.name_en;
      }
    }
    break;
  case graph::NodeKind::set:
  case graph::NodeKind::level:
    dependent.name = set.name;
    dependent.name_en = set.name_en;
    break;
  }
  return dependent;
}

int kind_order(graph::NodeKind kind)
{
  switch (kind) {
  case graph::NodeKind::criterion:
    return 0;
  case graph::NodeKind::set:
    return 1;
  case graph::NodeKind::level:
    return 2;
  case graph::NodeKind::indicator:
    return 3;
  }
  return 4;
}

} // namespace

std::optional<Explanation> explain(const RuleBase& rules, const Evaluation& evaluation, std::string_view code,
                                   std::string& error)
{
  std::string_view ref;
  if (const auto colon = code.find(':'); colon != std::string_view::npos) {
    ref = code.substr(0, colon);
    code = code.substr(colon + 1);
  }
  Explanation explanation;
  std::vector<std::string> known;
  for (const SetResult& set : evaluation.sets) {
    if (!ref.empty() && set.version->ref != ref) {
      continue;
    }
    for (const CriterionResult& criterion : set.criteria) {
      known.push_back(criterion.rule->id);
      for (const IndicatorResult& indicator : criterion.indicators) {
        known.push_back(indicator.rule->code);
        if (!explanation.indicator && indicator.rule->code == code) {
          explanation = {&set, &criterion, &indicator, {}};
        }
      }
    }
  }
  if (!explanation.indicator) {
    for (const SetResult& set : evaluation.sets) {
      for (const CriterionResult& criterion : set.criteria) {
        if (!explanation.criterion && (ref.empty() || set.version->ref == ref) &&
            criterion.rule->id == code) {
          explanation = {&set, &criterion, nullptr, {}};
        }
      }
    }
  }
  if (!explanation.criterion) {
    error = "no indicator or criterion '" + std::string(code) + "' in " +
            (ref.empty() ? std::string("the sets of this submission") : "set '" + std::string(ref) + "'") +
            load::did_you_mean(code, known);
    return std::nullopt;
  }
  const graph::DependencyGraph& graph = rules.graph();
  const auto set_index = static_cast<std::size_t>(explanation.set->version - rules.book().sets.data());
  const auto node = explanation.indicator ? graph.find_indicator(set_index, explanation.indicator->rule->code)
                                          : graph.find_criterion(set_index, explanation.criterion->rule->id);
  if (node) {
    std::vector<std::size_t> blocked = graph.blocks(*node);
    // The explained set's own criterion and set first, then levels, then other sets' parts.
    auto rank = [&](std::size_t n) {
      const graph::Node& node_info = graph.node(n);
      const bool other_set = node_info.kind != graph::NodeKind::level && node_info.set_index != set_index;
      return std::pair(other_set, kind_order(node_info.kind));
    };
    std::stable_sort(blocked.begin(), blocked.end(),
                     [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
    for (std::size_t dependent : blocked) {
      explanation.dependents.push_back(describe(rules, dependent));
    }
  }
  return explanation;
}

} // namespace ntm::eval
