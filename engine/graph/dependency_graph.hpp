#pragma once

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntm::graph {

enum class NodeKind { indicator, criterion, set, level };

/// A vertex: an indicator or criterion of one set version, a set version, or a level.
struct Node {
  NodeKind kind = NodeKind::indicator;
  std::size_t set_index = 0; // into RuleBook::sets; unused for levels
  std::string key;           // indicator code, criterion id, set id or level id
  Location where;
};

using Edge = std::pair<std::size_t, std::size_t>; // first needs second

/// A path `a -> b -> … -> a` when the "needs" relation has a cycle; empty otherwise.
std::vector<std::size_t> find_cycle(std::size_t node_count, const std::vector<Edge>& edges);

/// Orders the set versions of `book` so that each comes after the version it extends; an
/// `extends` cycle is an error naming its path.
Loaded<std::vector<std::size_t>> extension_order(const model::RuleBook& book);

/// The dependency graph of a rule book. "Needs" edges: a criterion needs its indicators, a set
/// its criteria and the set it extends, a level its sets and lower levels, a derived value or
/// derived target the indicator it is taken from (in every version of that set), and a district
/// indicator the commune level whose share it counts.
/// Rules it enforces: the relation has no cycle; the error names the cycle's path.
class DependencyGraph {
public:
  /// Builds the graph of a loaded, merged rule book; fails with the path of a cycle.
  static Loaded<DependencyGraph> build(const model::RuleBook& book);

  std::size_t size() const;
  const Node& node(std::size_t index) const;
  /// A readable name: `xa-ntm@318-2022:10`, `xa-ntm@318-2022 criterion 10`, `level ntm`.
  std::string label(std::size_t index) const;
  /// Every node, each after all it needs: the evaluation order.
  const std::vector<std::size_t>& order() const;
  /// What `index` needs directly.
  const std::vector<std::size_t>& needs(std::size_t index) const;
  /// Everything that needs `index`, directly or not ("what its failure blocks"), sorted.
  std::vector<std::size_t> blocks(std::size_t index) const;
  /// The ids of the levels that need criterion `index`, directly or not, in node order; empty for
  /// other nodes. Worked out once, so evaluations may view them for as long as the graph lives.
  std::span<const std::string> blocked_levels(std::size_t index) const;

  std::optional<std::size_t> find_indicator(std::size_t set_index, std::string_view code) const;
  std::optional<std::size_t> find_criterion(std::size_t set_index, std::string_view id) const;
  std::optional<std::size_t> find_set(std::size_t set_index) const;
  std::optional<std::size_t> find_level(std::string_view id) const;

private:
  struct Impl;
  std::shared_ptr<const Impl> m_impl;
};

} // namespace ntm::graph
