#include "eval/compare.hpp"

#include <algorithm>
#include <tuple>

namespace ntm::eval {

namespace {

bool same_finding(const Finding& a, const Finding& b)
{
  return std::tie(a.code, a.set_ref, a.indicator, a.criterion) ==
         std::tie(b.code, b.set_ref, b.indicator, b.criterion);
}

std::vector<Finding> missing_from(const std::vector<Finding>& from, const std::vector<Finding>& in)
{
  std::vector<Finding> out;
  for (const Finding& finding : from) {
    if (std::none_of(in.begin(), in.end(),
                     [&](const Finding& other) { return same_finding(finding, other); })) {
      out.push_back(finding);
    }
  }
  return out;
}

} // namespace

Comparison compare(const Evaluation& before, const Evaluation& after)
{
  Comparison comparison;
  comparison.status_before = before.status;
  comparison.status_after = after.status;
  for (const SetResult& now : after.sets) {
    const SetResult* then = before.find_set(now.version->ref);
    comparison.sets.push_back(
        {now.version->ref, then ? then->criteria_met : 0, now.criteria_met, now.criteria_total()});
    for (const CriterionResult& criterion : now.criteria) {
      Outcome was = Outcome::missing;
      if (then) {
        for (const CriterionResult& old : then->criteria) {
          if (old.rule->id == criterion.rule->id) {
            was = old.outcome;
          }
        }
      }
      if (was != criterion.outcome) {
        comparison.criteria.push_back({now.version->ref, criterion.rule, was, criterion.outcome});
      }
    }
  }
  comparison.findings_resolved = missing_from(before.findings, after.findings);
  comparison.findings_new = missing_from(after.findings, before.findings);
  return comparison;
}

} // namespace ntm::eval
