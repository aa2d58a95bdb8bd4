#pragma once

#include "graph/dependency_graph.hpp"
#include "model/rule_set.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::graph {

/// What an export of the dependency graph shows.
struct ExportOptions {
  std::string set_ref;  // empty: the whole graph; else the versions of this ref and all they need
  bool english = false; // names (and the few words on edges) in English where the rules give them
};

/// Why one node needs another, read back from the rules for each edge of the graph.
enum class EdgeKind {
  contains,       // a set version its criteria, a criterion its indicators
  extends,        // a provincial version the version it localises
  requires_set,   // a level every version of a set it requires
  requires_level, // a level a lower level
  value_from,     // a derived value the indicator it is taken from
  derived_target, // a derived target the indicator whose target it multiplies
  share_of_level, // a district indicator the level whose share of communes it counts
};
/// `contains`, `extends`, `requires-set`, `requires-level`, `value-from`, `derived-target`,
/// `share-of-level`.
std::string_view edge_kind_code(EdgeKind kind);

struct ExportEdge {
  std::size_t from = 0; // needs `to`
  std::size_t to = 0;
  EdgeKind kind = EdgeKind::contains;
  double factor = 1.0; // derived_target only
};

/// `indicator`, `criterion`, `set`, `level`.
std::string_view node_kind_code(NodeKind kind);

/// The stable id of a node in exports: `indicator:xa-ntm@318-2022:10`, `criterion:xa-ntm@318-2022:10`,
/// `set:xa-ntm@318-2022`, `level:ntm`.
std::string node_id(const DependencyGraph& graph, const model::RuleBook& book, std::size_t node);

/// The rules' name of a node (indicator, criterion, set or level), in English when asked for and
/// given, else in Vietnamese.
const std::string& node_name(const DependencyGraph& graph, const model::RuleBook& book, std::size_t node,
                             bool english);

/// The set versions in display order: by ref, the national version first, then by first year.
std::vector<std::size_t> display_order(const model::RuleBook& book);

/// The nodes an export shows, in display order: the levels by rank, then each set version (in
/// display_order) with its criteria and indicators in file order. With `set_ref`, only the versions
/// of that ref and every node they need, directly or not. `set_ref` must be empty or a known ref.
std::vector<std::size_t> export_nodes(const DependencyGraph& graph, const model::RuleBook& book,
                                      std::string_view set_ref);

/// Every edge between `nodes`, with its kind, ordered by the position of its ends in `nodes`.
/// An indicator that both takes its value from and derives its target from the same indicator
/// gives two edges.
std::vector<ExportEdge> export_edges(const DependencyGraph& graph, const model::RuleBook& book,
                                     const std::vector<std::size_t>& nodes);

/// The graph in Graphviz DOT (`dot -Tsvg` renders it). Each set version is a cluster; levels,
/// sets, criteria and indicators have their own shape and colour and are labelled with their
/// names, long names wrapped and cut (the full name is the node's tooltip). Edges point from what
/// needs to what is needed; the extends, derived and share-of-level edges are drawn and labelled
/// apart from the containment edges. The same rules give the same text.
std::string to_dot(const DependencyGraph& graph, const model::RuleBook& book,
                   const ExportOptions& options = {});

/// The graph as JSON: `{"set": REF|null, "nodes": [...], "edges": [...]}`, one node or edge per
/// line. A node has `id`, `kind`, `key`, `set` (null for a level), `name`, `name_en` and `where`
/// (`file:line:column`); an edge has `from`, `to`, `kind` and, for a derived target, `factor`.
std::string to_json(const DependencyGraph& graph, const model::RuleBook& book,
                    const ExportOptions& options = {});

/// What depends on one indicator of a set, in every version of the set.
struct Impact {
  std::vector<std::size_t> sources;   // the indicator's node in each version that has it
  std::vector<std::size_t> needed_by; // everything that needs one of them, directly or not, in display order
};

/// The impact of indicator `code` of set `ref`: the union of DependencyGraph::blocks over the
/// versions that have it. `sources` is empty when no version of `ref` has the indicator.
Impact impact_of(const DependencyGraph& graph, const model::RuleBook& book, std::string_view ref,
                 std::string_view code);

} // namespace ntm::graph
