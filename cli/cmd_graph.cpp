// ntm graph: exports the dependency graph (DOT, JSON) or lists what depends on one indicator.
#include "graph/graph_export.hpp"
#include "load/suggest.hpp"
#include "options.hpp"
#include "report/text_report.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <set>
#include <sstream>

namespace po = boost::program_options;

namespace ntm::cli {

namespace {

constexpr std::size_t k_label_width = 40;

void require_ref(const model::RuleBook& book, const std::string& ref)
{
  if (!book.has_ref(ref)) {
    throw UsageError{"unknown set '" + ref + "'" + load::did_you_mean(ref, book.refs())};
  }
}

// `xa-ntm:10`, `10` (of `default_ref`) -> the set ref and the indicator code.
std::pair<std::string, std::string> split_indicator(const std::string& text, const std::string& default_ref)
{
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    return {default_ref, text};
  }
  return {text.substr(0, colon), text.substr(colon + 1)};
}

std::string impact_label(const graph::DependencyGraph& graph, const model::RuleBook& book, std::size_t node)
{
  const graph::Node& n = graph.node(node);
  switch (n.kind) {
  case graph::NodeKind::indicator:
    return book.sets[n.set_index].id + ":" + n.key;
  case graph::NodeKind::criterion:
    return book.sets[n.set_index].id + " " + n.key;
  case graph::NodeKind::set:
  case graph::NodeKind::level:
    break;
  }
  return n.key;
}

int impact(const eval::RuleBase& rules, const std::string& ref, const std::string& code, bool english)
{
  const model::RuleBook& book = rules.book();
  const graph::DependencyGraph& graph = rules.graph();
  require_ref(book, ref);
  const graph::Impact found = graph::impact_of(graph, book, ref, code);
  if (found.sources.empty()) {
    std::set<std::string> codes;
    for (const model::RuleSet& set : book.sets) {
      if (set.ref == ref) {
        const auto set_codes = set.indicator_codes();
        codes.insert(set_codes.begin(), set_codes.end());
      }
    }
    throw UsageError{"set '" + ref + "' has no indicator '" + code + "'" +
                     load::did_you_mean(code, {codes.begin(), codes.end()})};
  }
  std::ostringstream out;
  out << "impact of " << ref << ":" << code << " ("
      << graph::node_name(graph, book, found.sources.front(), english) << ")\nin";
  for (std::size_t i = 0; i < found.sources.size(); ++i) {
    out << (i == 0 ? " " : ", ") << book.sets[graph.node(found.sources[i]).set_index].id;
  }
  out << "\nneeded, directly or not, by " << found.needed_by.size() << " node"
      << (found.needed_by.size() == 1 ? "" : "s") << "\n";

  // Groups, from the nearest to the farthest: what takes its value or target from the indicator,
  // the criteria and versions holding them, the levels, and the district conditions that count
  // communes at those levels.
  struct Group {
    const char* title;
    std::vector<std::size_t> nodes;
  };
  std::vector<Group> groups = {{"derived indicators (value or target taken from it)", {}},
                               {"criteria", {}},
                               {"set versions", {}},
                               {"levels", {}},
                               {"district indicators (share of communes at a level)", {}}};
  for (std::size_t node : found.needed_by) {
    const graph::Node& n = graph.node(node);
    switch (n.kind) {
    case graph::NodeKind::indicator:
      groups[book.sets[n.set_index].scope == model::Scope::district ? 4 : 0].nodes.push_back(node);
      break;
    case graph::NodeKind::criterion:
      groups[1].nodes.push_back(node);
      break;
    case graph::NodeKind::set:
      groups[2].nodes.push_back(node);
      break;
    case graph::NodeKind::level:
      groups[3].nodes.push_back(node);
      break;
    }
  }
  for (const Group& group : groups) {
    if (group.nodes.empty()) {
      continue;
    }
    out << "\n" << group.title << ": " << group.nodes.size() << "\n";
    for (std::size_t node : group.nodes) {
      out << "  " << report::fit(impact_label(graph, book, node), k_label_width) << " "
          << graph::node_name(graph, book, node, english) << "\n";
    }
  }
  std::cout << out.str();
  return k_exit_ok;
}

} // namespace

int run_graph(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm graph [--set REF] [--format dot|json] [--lang vi|en] [--rules DIR] [--output FILE]\n"
      "       ntm graph --impact [REF:]CODE [--set REF] [--lang vi|en] [--rules DIR]\n\n"
      "Exports the dependency graph of the criteria sets and levels, in Graphviz DOT (render it with\n"
      "'dot -Tsvg -o graph.svg') or JSON. --set keeps the versions of one set and all they need.\n"
      "--impact lists everything that needs one indicator (of set REF, default --set or xa-ntm),\n"
      "directly or not: criteria, set versions, levels, derived and district indicators.\n\noptions");
  std::string format = "dot";
  std::string lang = "vi";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("set", po::value<std::string>(), "only the versions of this set and what they need")
    ("format", po::value(&format), "dot (default) or json")
    ("impact", po::value<std::string>(), "list what needs indicator [REF:]CODE")
    ("lang", po::value(&lang), "names in vi (default) or en")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)")
    ("output,o", po::value<std::string>(), "write the export to FILE (atomically) instead of stdout");
  // clang-format on
  const auto parsed = parse_command(args, visible);
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (format != "dot" && format != "json") {
    throw UsageError{"--format must be 'dot' or 'json', not '" + format + "'"};
  }
  const bool english = lang_option(lang) == report::Lang::en;
  if (vm.count("impact") && (vm.count("format") || vm.count("output"))) {
    throw UsageError{"--impact prints a list: --format and --output do not apply"};
  }
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const std::string set_ref = vm.count("set") ? vm["set"].as<std::string>() : "";
  if (vm.count("impact")) {
    const auto [ref, code] =
        split_indicator(vm["impact"].as<std::string>(), set_ref.empty() ? "xa-ntm" : set_ref);
    if (!set_ref.empty() && ref != set_ref) {
      throw UsageError{"--impact names set '" + ref + "' but --set names '" + set_ref + "'"};
    }
    return impact(*rules, ref, code, english);
  }
  if (!set_ref.empty()) {
    require_ref(rules->book(), set_ref);
  }
  const graph::ExportOptions options{set_ref, english};
  emit(vm.count("output") ? std::optional(vm["output"].as<std::string>()) : std::nullopt,
       format == "json" ? graph::to_json(rules->graph(), rules->book(), options)
                        : graph::to_dot(rules->graph(), rules->book(), options));
  return k_exit_ok;
}

} // namespace ntm::cli
