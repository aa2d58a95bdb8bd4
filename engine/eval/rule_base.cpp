#include "eval/rule_base.hpp"

namespace ntm::eval {

Loaded<RuleBase> RuleBase::load(const std::filesystem::path& dir)
{
  auto files = load::read_rule_dir(dir);
  if (!files.value) {
    return {std::nullopt, files.errors};
  }
  return load(*files.value);
}

Loaded<RuleBase> RuleBase::load(const std::vector<load::NamedText>& files)
{
  Loaded<RuleBase> result;
  auto parsed = load::parse_rule_files(files);
  if (!parsed.value) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  model::RuleBook book = std::move(*parsed.value);
  load::check_extends(book, result.errors);
  if (!result.errors.empty()) {
    return result;
  }
  auto order = graph::extension_order(book);
  if (!order.value) {
    result.errors = std::move(order.errors);
    return result;
  }
  load::apply_extensions(book, *order.value, result.errors);
  load::check_references(book, result.errors);
  if (!result.errors.empty()) {
    return result;
  }
  auto graph = graph::DependencyGraph::build(book);
  if (!graph.value) {
    result.errors = std::move(graph.errors);
    return result;
  }
  RuleBase base;
  base.m_book = std::make_shared<const model::RuleBook>(std::move(book));
  base.m_graph = std::make_shared<const graph::DependencyGraph>(std::move(*graph.value));
  result.value = std::move(base);
  return result;
}

} // namespace ntm::eval
