#include "graph/graph_export.hpp"

#include "report/json_text.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace ntm::graph {

namespace {

constexpr std::size_t k_wrap_columns = 28;
constexpr std::size_t k_wrap_lines = 4;

const model::Indicator& indicator_rule(const model::RuleBook& book, const Node& node)
{
  const model::Indicator* rule = book.sets[node.set_index].find_indicator(node.key);
  assert(rule);
  return *rule;
}

const model::Criterion& criterion_rule(const model::RuleBook& book, const Node& node)
{
  for (const model::Criterion& criterion : book.sets[node.set_index].criteria) {
    if (criterion.id == node.key) {
      return criterion;
    }
  }
  assert(false && "a criterion node names a criterion of its set");
  return book.sets[node.set_index].criteria.front();
}

const std::string& pick(const std::string& vi, const std::string& en, bool english)
{
  return english && !en.empty() ? en : vi;
}

std::size_t code_points(std::string_view text)
{
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Breaks `text` at spaces into lines of at most k_wrap_columns characters (a longer word keeps its
// own line) and keeps the first k_wrap_lines, the last one ending in `…` when text was left out.
std::vector<std::string> wrap(std::string_view text)
{
  std::vector<std::string> lines;
  std::istringstream words{std::string(text)};
  std::string word;
  bool cut = false;
  while (words >> word) {
    if (!lines.empty() && code_points(lines.back()) + 1 + code_points(word) <= k_wrap_columns) {
      lines.back() += " " + word;
    } else if (lines.size() < k_wrap_lines) {
      lines.push_back(word);
    } else {
      cut = true;
      break;
    }
  }
  if (cut) {
    lines.back() += " …";
  }
  return lines;
}

// A DOT quoted string: quotes and backslashes escaped, `lines` joined with centred line breaks.
std::string dot_string(const std::vector<std::string>& lines)
{
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      out += "\\n";
    }
    for (char c : lines[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c == '\n' ? ' ' : c;
    }
  }
  return out + "\"";
}

std::string dot_string(std::string_view text)
{
  return dot_string(std::vector<std::string>{std::string(text)});
}

// Factors as the rules write them: `1.1`, `2`, never `1.1000000000000001`.
std::string factor_text(double factor)
{
  std::ostringstream out;
  out.precision(6);
  out << factor;
  return out.str();
}

std::string years_text(const model::RuleSet& set)
{
  return set.from_year == set.to_year ? std::to_string(set.from_year)
                                      : std::to_string(set.from_year) + "–" + std::to_string(set.to_year);
}

// Every node in display order: levels by rank, then each version's nodes in file order.
std::vector<std::size_t> all_nodes(const DependencyGraph& graph, const model::RuleBook& book)
{
  std::vector<std::size_t> out;
  for (const model::Level& level : book.levels.levels) {
    if (auto node = graph.find_level(level.id)) {
      out.push_back(*node);
    }
  }
  std::vector<std::vector<std::size_t>> per_set(book.sets.size());
  for (std::size_t node = 0; node < graph.size(); ++node) {
    if (graph.node(node).kind != NodeKind::level) {
      per_set[graph.node(node).set_index].push_back(node);
    }
  }
  for (std::size_t s : display_order(book)) {
    out.insert(out.end(), per_set[s].begin(), per_set[s].end());
  }
  return out;
}

std::map<std::size_t, std::size_t> positions(const std::vector<std::size_t>& nodes)
{
  std::map<std::size_t, std::size_t> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out[nodes[i]] = i;
  }
  return out;
}

struct EdgeStyle {
  const char* attributes;
  std::string label;
};

EdgeStyle edge_style(const ExportEdge& edge, bool english)
{
  switch (edge.kind) {
  case EdgeKind::contains:
    return {"color=\"#636363\"", ""};
  case EdgeKind::extends:
    return {"style=bold, color=\"#3182bd\", fontcolor=\"#3182bd\"", english ? "extends" : "kế thừa"};
  case EdgeKind::requires_set:
  case EdgeKind::requires_level:
    return {"color=\"#e6550d\"", ""};
  case EdgeKind::value_from:
    return {"style=dashed, color=\"#756bb1\", fontcolor=\"#756bb1\"", english ? "value" : "giá trị"};
  case EdgeKind::derived_target:
    return {"style=dashed, color=\"#756bb1\", fontcolor=\"#756bb1\"", "× " + factor_text(edge.factor)};
  case EdgeKind::share_of_level:
    return {"style=dotted, color=\"#e6550d\", fontcolor=\"#e6550d\"", english ? "share" : "tỷ lệ xã"};
  }
  return {"", ""};
}

std::string node_attributes(const DependencyGraph& graph, const model::RuleBook& book, std::size_t index,
                            bool english)
{
  const Node& node = graph.node(index);
  const std::string& name = node_name(graph, book, index, english);
  std::vector<std::string> lines;
  std::string shape;
  switch (node.kind) {
  case NodeKind::level:
    lines = {node.key};
    shape = "shape=house, fillcolor=\"#fdd49e\"";
    break;
  case NodeKind::set:
    shape = "shape=folder, fillcolor=\"#9ecae1\"";
    break;
  case NodeKind::criterion:
    lines = {(english ? "Criterion " : "Tiêu chí ") + node.key};
    shape = "shape=box, style=\"rounded,filled\", fillcolor=\"#c7e9c0\"";
    break;
  case NodeKind::indicator:
    lines = {node.key};
    shape = "shape=ellipse, fillcolor=\"#ffffff\"";
    break;
  }
  for (std::string& line : wrap(name)) {
    lines.push_back(std::move(line));
  }
  return "[label=" + dot_string(lines) + ", tooltip=" + dot_string(name) + ", " + shape + "]";
}

} // namespace

std::string_view edge_kind_code(EdgeKind kind)
{
  switch (kind) {
  case EdgeKind::contains:
    return "contains";
  case EdgeKind::extends:
    return "extends";
  case EdgeKind::requires_set:
    return "requires-set";
  case EdgeKind::requires_level:
    return "requires-level";
  case EdgeKind::value_from:
    return "value-from";
  case EdgeKind::derived_target:
    return "derived-target";
  case EdgeKind::share_of_level:
    return "share-of-level";
  }
  return "contains";
}

std::string_view node_kind_code(NodeKind kind)
{
  switch (kind) {
  case NodeKind::indicator:
    return "indicator";
  case NodeKind::criterion:
    return "criterion";
  case NodeKind::set:
    return "set";
  case NodeKind::level:
    return "level";
  }
  return "indicator";
}

std::string node_id(const DependencyGraph& graph, const model::RuleBook& book, std::size_t node)
{
  const Node& n = graph.node(node);
  switch (n.kind) {
  case NodeKind::indicator:
  case NodeKind::criterion:
    return std::string(node_kind_code(n.kind)) + ":" + book.sets[n.set_index].id + ":" + n.key;
  case NodeKind::set:
  case NodeKind::level:
    return std::string(node_kind_code(n.kind)) + ":" + n.key;
  }
  return n.key;
}

const std::string& node_name(const DependencyGraph& graph, const model::RuleBook& book, std::size_t node,
                             bool english)
{
  const Node& n = graph.node(node);
  switch (n.kind) {
  case NodeKind::indicator: {
    const model::Indicator& rule = indicator_rule(book, n);
    return pick(rule.name, rule.name_en, english);
  }
  case NodeKind::criterion: {
    const model::Criterion& rule = criterion_rule(book, n);
    return pick(rule.name, rule.name_en, english);
  }
  case NodeKind::set: {
    const model::RuleSet& set = book.sets[n.set_index];
    return pick(set.name, set.name_en, english);
  }
  case NodeKind::level:
    break;
  }
  const model::Level* level = book.levels.find(n.key);
  assert(level);
  return pick(level->name, level->name_en, english);
}

std::vector<std::size_t> display_order(const model::RuleBook& book)
{
  std::vector<std::size_t> order(book.sets.size());
  for (std::size_t s = 0; s < order.size(); ++s) {
    order[s] = s;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const model::RuleSet& x = book.sets[a];
    const model::RuleSet& y = book.sets[b];
    return std::tuple(x.ref, !x.national(), x.from_year, x.id) <
           std::tuple(y.ref, !y.national(), y.from_year, y.id);
  });
  return order;
}

std::vector<std::size_t> export_nodes(const DependencyGraph& graph, const model::RuleBook& book,
                                      std::string_view set_ref)
{
  std::vector<std::size_t> nodes = all_nodes(graph, book);
  if (set_ref.empty()) {
    return nodes;
  }
  assert(book.has_ref(set_ref));
  std::vector<bool> keep(graph.size(), false);
  std::vector<std::size_t> pending;
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    if (book.sets[s].ref == set_ref) {
      pending.push_back(*graph.find_set(s));
    }
  }
  while (!pending.empty()) {
    const std::size_t node = pending.back();
    pending.pop_back();
    if (keep[node]) {
      continue;
    }
    keep[node] = true;
    for (std::size_t needed : graph.needs(node)) {
      pending.push_back(needed);
    }
  }
  nodes.erase(std::remove_if(nodes.begin(), nodes.end(), [&](std::size_t node) { return !keep[node]; }),
              nodes.end());
  return nodes;
}

std::vector<ExportEdge> export_edges(const DependencyGraph& graph, const model::RuleBook& book,
                                     const std::vector<std::size_t>& nodes)
{
  const auto position = positions(nodes);
  std::vector<ExportEdge> edges;
  for (std::size_t from : nodes) {
    const Node& a = graph.node(from);
    for (std::size_t to : graph.needs(from)) {
      if (!position.count(to)) {
        continue;
      }
      const Node& b = graph.node(to);
      switch (a.kind) {
      case NodeKind::set:
        edges.push_back({from, to, b.kind == NodeKind::set ? EdgeKind::extends : EdgeKind::contains});
        break;
      case NodeKind::criterion:
        edges.push_back({from, to, EdgeKind::contains});
        break;
      case NodeKind::level:
        edges.push_back(
            {from, to, b.kind == NodeKind::level ? EdgeKind::requires_level : EdgeKind::requires_set});
        break;
      case NodeKind::indicator: {
        if (b.kind == NodeKind::level) {
          edges.push_back({from, to, EdgeKind::share_of_level});
          break;
        }
        const model::Indicator& rule = indicator_rule(book, a);
        const std::string& ref = book.sets[b.set_index].ref;
        if (rule.value_from && rule.value_from->set_ref == ref && rule.value_from->code == b.key) {
          edges.push_back({from, to, EdgeKind::value_from});
        }
        std::set<double> factors;
        for (const model::Target& target : rule.targets) {
          if (target.derived && target.derived->set_ref == ref && target.derived->code == b.key &&
              factors.insert(target.derived->factor).second) {
            edges.push_back({from, to, EdgeKind::derived_target, target.derived->factor});
          }
        }
        break;
      }
      }
    }
  }
  std::stable_sort(edges.begin(), edges.end(), [&](const ExportEdge& x, const ExportEdge& y) {
    return std::tuple(position.at(x.from), position.at(x.to), x.kind, x.factor) <
           std::tuple(position.at(y.from), position.at(y.to), y.kind, y.factor);
  });
  return edges;
}

std::string to_dot(const DependencyGraph& graph, const model::RuleBook& book, const ExportOptions& options)
{
  const std::vector<std::size_t> nodes = export_nodes(graph, book, options.set_ref);
  const bool english = options.english;
  std::ostringstream out;
  out << "digraph ntm {\n"
      << "  graph [rankdir=LR, fontsize=11, label="
      << dot_string(options.set_ref.empty()
                        ? std::string(english ? "ntm: dependency graph" : "ntm: đồ thị phụ thuộc")
                        : (english ? "ntm: dependency graph of " : "ntm: đồ thị phụ thuộc của ") +
                              options.set_ref)
      << ", labelloc=t];\n"
      << "  node [style=filled, fontsize=10];\n"
      << "  edge [fontsize=9];\n";
  std::size_t i = 0;
  for (; i < nodes.size() && graph.node(nodes[i]).kind == NodeKind::level; ++i) {
    out << "  " << dot_string(node_id(graph, book, nodes[i])) << " "
        << node_attributes(graph, book, nodes[i], english) << ";\n";
  }
  while (i < nodes.size()) {
    const std::size_t s = graph.node(nodes[i]).set_index;
    const model::RuleSet& set = book.sets[s];
    std::string applies;
    for (const std::string& province : set.provinces) {
      applies += (applies.empty() ? "" : ", ") + province;
    }
    if (applies.empty()) {
      applies = english ? "national" : "toàn quốc";
    }
    if (set.scope == model::Scope::district) {
      applies += english ? ", districts" : ", cấp huyện";
    }
    out << "  subgraph " << dot_string("cluster_" + set.id) << " {\n"
        << "    label="
        << dot_string(set.id + " · " + set.legal.decision + " · " + years_text(set) + " · " + applies)
        << ";\n"
        << "    style=" << (set.scope == model::Scope::district ? "\"rounded,dashed\"" : "rounded")
        << "; color=\"#6baed6\";\n";
    for (; i < nodes.size() && graph.node(nodes[i]).set_index == s &&
           graph.node(nodes[i]).kind != NodeKind::level;
         ++i) {
      out << "    " << dot_string(node_id(graph, book, nodes[i])) << " "
          << node_attributes(graph, book, nodes[i], english) << ";\n";
    }
    out << "  }\n";
  }
  for (const ExportEdge& edge : export_edges(graph, book, nodes)) {
    const EdgeStyle style = edge_style(edge, english);
    out << "  " << dot_string(node_id(graph, book, edge.from)) << " -> "
        << dot_string(node_id(graph, book, edge.to)) << " [" << style.attributes
        << (style.label.empty() ? "" : ", label=" + dot_string(style.label)) << "];\n";
  }
  out << "}\n";
  return out.str();
}

std::string to_json(const DependencyGraph& graph, const model::RuleBook& book, const ExportOptions& options)
{
  const std::vector<std::size_t> nodes = export_nodes(graph, book, options.set_ref);
  std::ostringstream out;
  out << "{\n  \"set\": " << (options.set_ref.empty() ? "null" : report::json_string(options.set_ref))
      << ",\n  \"nodes\": [";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = graph.node(nodes[i]);
    const bool in_set = node.kind != NodeKind::level;
    out << (i == 0 ? "\n" : ",\n") << "    {\"id\": " << report::json_string(node_id(graph, book, nodes[i]))
        << ", \"kind\": " << report::json_string(node_kind_code(node.kind))
        << ", \"key\": " << report::json_string(node.key)
        << ", \"set\": " << (in_set ? report::json_string(book.sets[node.set_index].id) : "null")
        << ", \"name\": " << report::json_string(node_name(graph, book, nodes[i], false))
        << ", \"name_en\": " << report::json_string(node_name(graph, book, nodes[i], true))
        << ", \"where\": " << report::json_string(node.where.str()) << "}";
  }
  out << (nodes.empty() ? "]" : "\n  ]") << ",\n  \"edges\": [";
  const std::vector<ExportEdge> edges = export_edges(graph, book, nodes);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    out << (i == 0 ? "\n" : ",\n")
        << "    {\"from\": " << report::json_string(node_id(graph, book, edges[i].from))
        << ", \"to\": " << report::json_string(node_id(graph, book, edges[i].to))
        << ", \"kind\": " << report::json_string(edge_kind_code(edges[i].kind));
    if (edges[i].kind == EdgeKind::derived_target) {
      out << ", \"factor\": " << factor_text(edges[i].factor);
    }
    out << "}";
  }
  out << (edges.empty() ? "]" : "\n  ]") << "\n}\n";
  return out.str();
}

Impact impact_of(const DependencyGraph& graph, const model::RuleBook& book, std::string_view ref,
                 std::string_view code)
{
  Impact impact;
  std::set<std::size_t> reached;
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    if (book.sets[s].ref != ref) {
      continue;
    }
    if (auto node = graph.find_indicator(s, code)) {
      impact.sources.push_back(*node);
      const std::vector<std::size_t> blocked = graph.blocks(*node);
      reached.insert(blocked.begin(), blocked.end());
    }
  }
  for (std::size_t source : impact.sources) {
    reached.erase(source);
  }
  for (std::size_t node : all_nodes(graph, book)) {
    if (reached.count(node)) {
      impact.needed_by.push_back(node);
    }
  }
  const auto position = positions(all_nodes(graph, book));
  std::sort(impact.sources.begin(), impact.sources.end(),
            [&](std::size_t a, std::size_t b) { return position.at(a) < position.at(b); });
  return impact;
}

} // namespace ntm::graph
