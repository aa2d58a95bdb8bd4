#include "eval/rule_audit.hpp"

#include <algorithm>

namespace ntm::eval {

namespace {

// Everything some level needs, directly or not: walk the "needs" edges down from every level.
std::vector<bool> needed_by_levels(const graph::DependencyGraph& graph, const model::RuleBook& book)
{
  std::vector<bool> needed(graph.size(), false);
  std::vector<std::size_t> pending;
  for (const model::Level& level : book.levels.levels) {
    if (auto node = graph.find_level(level.id)) {
      pending.push_back(*node);
    }
  }
  while (!pending.empty()) {
    const std::size_t node = pending.back();
    pending.pop_back();
    if (needed[node]) {
      continue;
    }
    needed[node] = true;
    for (std::size_t input : graph.needs(node)) {
      pending.push_back(input);
    }
  }
  return needed;
}

void find_unused(const RuleBase& rules, RuleAudit& audit)
{
  const model::RuleBook& book = rules.book();
  const std::vector<bool> needed = needed_by_levels(rules.graph(), book);
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    const model::RuleSet& set = book.sets[s];
    if (set.scope != model::Scope::commune) {
      continue;
    }
    UnusedIndicators unused{s, {}, 0};
    for (const std::string& code : set.indicator_codes()) {
      ++unused.total;
      if (!needed[*rules.graph().find_indicator(s, code)]) {
        unused.codes.push_back(code);
      }
    }
    if (!unused.codes.empty()) {
      audit.unused.push_back(std::move(unused));
    }
  }
}

void find_gaps(const model::RuleBook& book, RuleAudit& audit)
{
  for (std::size_t s = 0; s < book.sets.size(); ++s) {
    const model::RuleSet& set = book.sets[s];
    for (const model::Criterion& criterion : set.criteria) {
      for (const model::Indicator& indicator : criterion.indicators) {
        const bool written_here =
            indicator.targets.empty() ||
            std::any_of(indicator.targets.begin(), indicator.targets.end(),
                        [&](const model::Target& target) { return target.where.source == set.where.source; });
        // Rows inherited unchanged were checked in the version that writes them, for its years: only
        // the years this version adds to its parent's can have new gaps.
        const model::RuleSet* parent = written_here ? nullptr : book.find_version(set.extends);
        auto checked_in_parent = [&](int year) { return parent && parent->covers(year); };
        TargetGap gap{s, indicator.code, written_here ? indicator.where : set.where, {}};
        for (const model::Override& override_ : set.overrides) {
          if (override_.indicator == indicator.code) {
            gap.where = override_.where;
          }
        }
        for (model::Region region : model::k_regions) {
          std::vector<int> years;
          for (int year = set.from_year; year <= set.to_year; ++year) {
            if (!checked_in_parent(year) && !indicator.target_for(region, year)) {
              years.push_back(year);
            }
          }
          if (!years.empty()) {
            gap.missing.emplace_back(region, std::move(years));
          }
        }
        if (!gap.missing.empty()) {
          audit.gaps.push_back(std::move(gap));
        }
      }
    }
  }
}

void find_shadowed(const model::RuleBook& book, RuleAudit& audit)
{
  for (std::size_t p = 0; p < book.sets.size(); ++p) {
    const model::RuleSet& provincial = book.sets[p];
    if (provincial.national()) {
      continue;
    }
    for (std::size_t n = 0; n < book.sets.size(); ++n) {
      const model::RuleSet& national = book.sets[n];
      const int from = std::max(provincial.from_year, national.from_year);
      const int to = std::min(provincial.to_year, national.to_year);
      if (national.national() && national.ref == provincial.ref && from <= to) {
        audit.shadowed.push_back({p, n, from, to});
      }
    }
  }
}

} // namespace

RuleAudit audit_rules(const RuleBase& rules)
{
  RuleAudit audit;
  find_unused(rules, audit);
  find_gaps(rules.book(), audit);
  find_shadowed(rules.book(), audit);
  return audit;
}

} // namespace ntm::eval
