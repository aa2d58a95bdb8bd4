#include "graph/dependency_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <map>

namespace ntm::graph {

namespace {

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = boost::graph_traits<BoostGraph>::vertex_descriptor;

BoostGraph make_graph(std::size_t node_count, const std::vector<Edge>& edges)
{
  BoostGraph graph(node_count);
  for (const auto& [from, to] : edges) {
    boost::add_edge(from, to, graph);
  }
  return graph;
}

struct CycleFound {};

// Depth-first search keeps the current path on a stack; the first back edge u -> v closes a
// cycle v -> … -> u -> v. Example: edges a->b, b->c, c->a; the path is [a, b, c] when the back
// edge c->a is seen, so the cycle is a -> b -> c -> a.
class CycleRecorder : public boost::default_dfs_visitor {
public:
  explicit CycleRecorder(std::vector<std::size_t>& stack, std::vector<std::size_t>& cycle)
      : m_stack(&stack), m_cycle(&cycle)
  {
  }
  void discover_vertex(Vertex v, const BoostGraph&) { m_stack->push_back(v); }
  void finish_vertex(Vertex, const BoostGraph&) { m_stack->pop_back(); }
  void back_edge(boost::graph_traits<BoostGraph>::edge_descriptor e, const BoostGraph& graph)
  {
    const Vertex target = boost::target(e, graph);
    auto start = std::find(m_stack->begin(), m_stack->end(), target);
    m_cycle->assign(start, m_stack->end());
    m_cycle->push_back(target);
    throw CycleFound{};
  }

private:
  std::vector<std::size_t>* m_stack;
  std::vector<std::size_t>* m_cycle;
};

std::vector<std::size_t> inputs_first(const BoostGraph& graph)
{
  // topological_sort emits a vertex after everything it points to: inputs first.
  std::vector<Vertex> order;
  boost::topological_sort(graph, std::back_inserter(order));
  return {order.begin(), order.end()};
}

} // namespace

std::vector<std::size_t> find_cycle(std::size_t node_count, const std::vector<Edge>& edges)
{
  const BoostGraph graph = make_graph(node_count, edges);
  std::vector<std::size_t> stack;
  std::vector<std::size_t> cycle;
  try {
    boost::depth_first_search(graph, boost::visitor(CycleRecorder(stack, cycle)));
  } catch (const CycleFound&) {
    return cycle;
  }
  return {};
}

Loaded<std::vector<std::size_t>> extension_order(const model::RuleBook& book)
{
  Loaded<std::vector<std::size_t>> result;
  std::vector<Edge> edges;
  for (std::size_t i = 0; i < book.sets.size(); ++i) {
    const std::string& parent = book.sets[i].extends;
    for (std::size_t j = 0; j < book.sets.size() && !parent.empty(); ++j) {
      if (book.sets[j].id == parent) {
        edges.emplace_back(i, j);
      }
    }
  }
  const auto cycle = find_cycle(book.sets.size(), edges);
  if (!cycle.empty()) {
    std::string path;
    for (std::size_t index : cycle) {
      path += (path.empty() ? "" : " -> ") + book.sets[index].id;
    }
    result.errors.push_back({book.sets[cycle.front()].where, "dependency cycle: " + path});
    return result;
  }
  result.value = inputs_first(make_graph(book.sets.size(), edges));
  return result;
}

struct DependencyGraph::Impl {
  std::vector<Node> nodes;
  std::vector<std::vector<std::size_t>> needs;
  std::vector<std::size_t> order;
  std::vector<std::vector<std::string>> blocked_levels;
  BoostGraph graph;
  std::map<std::pair<std::size_t, std::string>, std::size_t> indicators;
  std::map<std::pair<std::size_t, std::string>, std::size_t> criteria;
  std::map<std::size_t, std::size_t> sets;
  std::map<std::string, std::size_t> levels;
  std::vector<std::string> set_ids;
};

Loaded<DependencyGraph> DependencyGraph::build(const model::RuleBook& book)
{
  auto impl = std::make_shared<Impl>();
  auto add = [&](NodeKind kind, std::size_t set_index, std::string key, Location where) {
    impl->nodes.push_back({kind, set_index, std::move(key), std::move(where)});
    return impl->nodes.size() - 1;
  };
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    const model::RuleSet& set = book.sets[s];
    impl->set_ids.push_back(set.id);
    impl->sets[s] = add(NodeKind::set, s, set.id, set.where);
    for (const model::Criterion& criterion : set.criteria) {
      impl->criteria[{s, criterion.id}] = add(NodeKind::criterion, s, criterion.id, criterion.where);
      for (const model::Indicator& indicator : criterion.indicators) {
        impl->indicators[{s, indicator.code}] = add(NodeKind::indicator, s, indicator.code, indicator.where);
      }
    }
  }
  for (const model::Level& level : book.levels.levels) {
    impl->levels[level.id] = add(NodeKind::level, 0, level.id, level.where);
  }

  std::vector<Edge> edges;
  std::vector<std::pair<std::size_t, std::string>> share_edges;
  auto versions_of = [&](const std::string& ref) {
    std::vector<std::size_t> found;
    for (std::size_t s = 0; s < book.sets.size(); ++s) {
      if (book.sets[s].ref == ref) {
        found.push_back(s);
      }
    }
    return found;
  };
  auto need_indicator = [&](std::size_t from, const model::IndicatorRef& ref) {
    for (std::size_t s : versions_of(ref.set_ref)) {
      if (auto it = impl->indicators.find({s, ref.code}); it != impl->indicators.end()) {
        edges.emplace_back(from, it->second);
      }
    }
  };
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    const model::RuleSet& set = book.sets[s];
    const std::size_t set_node = impl->sets[s];
    if (const model::RuleSet* parent = book.find_version(set.extends)) {
      edges.emplace_back(set_node, impl->sets[static_cast<std::size_t>(parent - book.sets.data())]);
    }
    for (const model::Criterion& criterion : set.criteria) {
      const std::size_t criterion_node = impl->criteria[{s, criterion.id}];
      edges.emplace_back(set_node, criterion_node);
      for (const model::Indicator& indicator : criterion.indicators) {
        const std::size_t indicator_node = impl->indicators[{s, indicator.code}];
        edges.emplace_back(criterion_node, indicator_node);
        if (indicator.value_from) {
          need_indicator(indicator_node, *indicator.value_from);
        }
        if (!indicator.share_of_level.empty()) {
          share_edges.emplace_back(indicator_node, indicator.share_of_level); // a cross-level edge
        }
        for (const model::Target& target : indicator.targets) {
          if (target.derived) {
            need_indicator(indicator_node, {target.derived->set_ref, target.derived->code});
          }
        }
      }
    }
  }
  for (const model::Level& level : book.levels.levels) {
    const std::size_t level_node = impl->levels[level.id];
    for (const std::string& ref : level.required_sets) {
      for (std::size_t s : versions_of(ref)) {
        edges.emplace_back(level_node, impl->sets[s]);
      }
    }
    for (const std::string& id : level.required_levels) {
      if (auto it = impl->levels.find(id); it != impl->levels.end()) {
        edges.emplace_back(level_node, it->second);
      }
    }
  }
  for (const auto& [from, level] : share_edges) {
    if (auto it = impl->levels.find(level); it != impl->levels.end()) {
      edges.emplace_back(from, it->second);
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  Loaded<DependencyGraph> result;
  DependencyGraph graph;
  graph.m_impl = impl;
  const auto cycle = find_cycle(impl->nodes.size(), edges);
  if (!cycle.empty()) {
    std::string path;
    for (std::size_t index : cycle) {
      path += (path.empty() ? "" : " -> ") + graph.label(index);
    }
    result.errors.push_back({impl->nodes[cycle.front()].where, "dependency cycle: " + path});
    return result;
  }
  impl->needs.resize(impl->nodes.size());
  for (const auto& [from, to] : edges) {
    impl->needs[from].push_back(to);
  }
  impl->graph = make_graph(impl->nodes.size(), edges);
  impl->order = inputs_first(impl->graph);
  impl->blocked_levels.resize(impl->nodes.size());
  for (std::size_t index = 0; index < impl->nodes.size(); ++index) {
    if (impl->nodes[index].kind == NodeKind::criterion) {
      for (std::size_t blocked : graph.blocks(index)) {
        if (impl->nodes[blocked].kind == NodeKind::level) {
          impl->blocked_levels[index].push_back(impl->nodes[blocked].key);
        }
      }
    }
  }
  result.value = std::move(graph);
  return result;
}

std::size_t DependencyGraph::size() const
{
  return m_impl->nodes.size();
}

const Node& DependencyGraph::node(std::size_t index) const
{
  return m_impl->nodes.at(index);
}

std::string DependencyGraph::label(std::size_t index) const
{
  const Node& n = node(index);
  switch (n.kind) {
  case NodeKind::indicator:
    return m_impl->set_ids[n.set_index] + ":" + n.key;
  case NodeKind::criterion:
    return m_impl->set_ids[n.set_index] + " criterion " + n.key;
  case NodeKind::set:
    return n.key;
  case NodeKind::level:
    return "level " + n.key;
  }
  return n.key;
}

const std::vector<std::size_t>& DependencyGraph::order() const
{
  return m_impl->order;
}

const std::vector<std::size_t>& DependencyGraph::needs(std::size_t index) const
{
  return m_impl->needs.at(index);
}

std::vector<std::size_t> DependencyGraph::blocks(std::size_t index) const
{
  // Walk the reversed "needs" edges from `index`: everything reached needs it.
  const auto reversed = boost::make_reverse_graph(m_impl->graph);
  std::vector<boost::default_color_type> colors(size(), boost::white_color);
  std::vector<std::size_t> reached;
  struct Recorder : boost::default_bfs_visitor {
    std::vector<std::size_t>* out;
    void discover_vertex(Vertex v, const boost::reverse_graph<BoostGraph>&) const { out->push_back(v); }
  } recorder;
  recorder.out = &reached;
  boost::breadth_first_search(reversed, index,
                              boost::visitor(recorder).color_map(boost::make_iterator_property_map(
                                  colors.begin(), boost::get(boost::vertex_index, reversed))));
  reached.erase(std::remove(reached.begin(), reached.end(), index), reached.end());
  std::sort(reached.begin(), reached.end());
  return reached;
}

std::span<const std::string> DependencyGraph::blocked_levels(std::size_t index) const
{
  return m_impl->blocked_levels.at(index);
}

std::optional<std::size_t> DependencyGraph::find_indicator(std::size_t set_index, std::string_view code) const
{
  auto it = m_impl->indicators.find({set_index, std::string(code)});
  return it == m_impl->indicators.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> DependencyGraph::find_criterion(std::size_t set_index, std::string_view id) const
{
  auto it = m_impl->criteria.find({set_index, std::string(id)});
  return it == m_impl->criteria.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> DependencyGraph::find_set(std::size_t set_index) const
{
  auto it = m_impl->sets.find(set_index);
  return it == m_impl->sets.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> DependencyGraph::find_level(std::string_view id) const
{
  auto it = m_impl->levels.find(std::string(id));
  return it == m_impl->levels.end() ? std::nullopt : std::optional(it->second);
}

} // namespace ntm::graph
