#pragma once

#include "graph/dependency_graph.hpp"
#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace ntm::eval {

/// The rules as the engine uses them: parsed, checked, merged with what they extend, and their
/// dependency graph built. Loading stops at the first stage that reports errors.
class RuleBase {
public:
  /// Loads every rule file below `dir`.
  static Loaded<RuleBase> load(const std::filesystem::path& dir);
  /// Loads rule files given as texts.
  static Loaded<RuleBase> load(const std::vector<load::NamedText>& files);

  const model::RuleBook& book() const { return *m_book; }
  const graph::DependencyGraph& graph() const { return *m_graph; }

private:
  std::shared_ptr<const model::RuleBook> m_book;
  std::shared_ptr<const graph::DependencyGraph> m_graph;
};

} // namespace ntm::eval
