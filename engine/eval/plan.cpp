#include "eval/plan.hpp"

#include <algorithm>
#include <cmath>

namespace ntm::eval {

namespace {

/// For `n` of `d` counted things, the change to `n` that meets `op target%` (0 when met).
std::optional<double> count_change(const IndicatorResult& result)
{
  if (!result.numerator || !result.denominator || !result.target || result.outcome != Outcome::not_met) {
    return std::nullopt;
  }
  const double n = *result.numerator;
  const double d = *result.denominator;
  const double bound = result.target->number * d / 100.0;
  switch (result.target->op) {
  case model::Op::ge:
    return std::ceil(bound - 1e-9) - n;
  case model::Op::gt:
    return std::floor(bound + 1e-9) + 1 - n;
  case model::Op::le:
    return std::floor(bound + 1e-9) - n;
  case model::Op::lt:
    return std::ceil(bound - 1e-9) - 1 - n;
  case model::Op::eq:
    return std::nullopt;
  }
  return std::nullopt;
}

/// The chain of levels up to `target`, lowest first.
std::vector<const model::Level*> chain_to(const model::Levels& levels, const model::Level& target)
{
  std::vector<const model::Level*> chain;
  std::vector<const model::Level*> pending{&target};
  while (!pending.empty()) {
    const model::Level* level = pending.back();
    pending.pop_back();
    if (std::find(chain.begin(), chain.end(), level) != chain.end()) {
      continue;
    }
    chain.push_back(level);
    for (const std::string& id : level->required_levels) {
      if (const model::Level* below = levels.find(id)) {
        pending.push_back(below);
      }
    }
  }
  std::sort(chain.begin(), chain.end(),
            [](const model::Level* a, const model::Level* b) { return a->rank < b->rank; });
  return chain;
}

} // namespace

std::optional<Plan> make_plan(const Evaluator& evaluator, const model::RuleBook& book,
                              const model::Submission& submission, const std::optional<std::string>& target,
                              const std::optional<int>& year, std::string& error)
{
  const model::Levels& levels = book.levels;
  if (levels.levels.empty()) {
    error = "the rules define no level";
    return std::nullopt;
  }
  Plan plan;
  plan.own_year = submission.year;
  plan.plan_year = year.value_or(submission.year);
  model::Submission planned = submission;
  planned.year = plan.plan_year;
  for (const model::SubmittedSet& set : submission.sets) {
    if (!book.select(set.ref, submission.commune.province, plan.plan_year)) {
      error = "no version of set '" + set.ref + "' covers year " + std::to_string(plan.plan_year);
      return std::nullopt;
    }
  }

  const model::Level* goal = nullptr;
  if (target) {
    goal = levels.find(*target);
    if (!goal) {
      error = "unknown level '" + *target + "'";
      return std::nullopt;
    }
  } else {
    // The level above the current status (in the submission's own year), or the top one.
    const Evaluation now = evaluator.evaluate(submission);
    goal = &levels.levels.front();
    for (std::size_t i = 0; i < levels.levels.size(); ++i) {
      if (levels.levels[i].id == now.status) {
        goal = &levels.levels[std::min(i + 1, levels.levels.size() - 1)];
      }
    }
  }
  plan.target = goal->id;
  plan.evaluation = evaluator.evaluate(planned, goal->id);
  std::optional<Evaluation> own_year;
  if (plan.plan_year != plan.own_year) {
    own_year = evaluator.evaluate(submission, goal->id);
  }

  for (const model::Level* level : chain_to(levels, *goal)) {
    LevelPlan level_plan;
    level_plan.level = level;
    for (const LevelResult& result : plan.evaluation.levels) {
      if (result.level == level) {
        level_plan.reached = result.reached;
      }
    }
    for (std::size_t s = 0; s < plan.evaluation.sets.size(); ++s) {
      const SetResult& set = plan.evaluation.sets[s];
      const auto& required = level->required_sets;
      if (std::find(required.begin(), required.end(), set.version->ref) == required.end()) {
        continue;
      }
      const SetResult* then = own_year ? own_year->find_set(set.version->ref) : nullptr;
      for (std::size_t c = 0; c < set.criteria.size(); ++c) {
        const CriterionResult& criterion = set.criteria[c];
        if (criterion.outcome == Outcome::met) {
          continue;
        }
        for (std::size_t i = 0; i < criterion.indicators.size(); ++i) {
          const IndicatorResult& indicator = criterion.indicators[i];
          if (indicator.outcome != Outcome::not_met && indicator.outcome != Outcome::missing) {
            continue;
          }
          PlanItem item{s, c, i, count_change(indicator), std::nullopt, false};
          if (then) {
            if (const IndicatorResult* before = then->find(indicator.rule->code)) {
              if (before->target && indicator.target && before->target->number != indicator.target->number) {
                item.own_year_target = before->target;
              }
              item.newly_blocking = before->outcome == Outcome::met && indicator.outcome == Outcome::not_met;
            }
          }
          (indicator.outcome == Outcome::not_met ? level_plan.not_met : level_plan.missing) += 1;
          level_plan.items.push_back(std::move(item));
        }
      }
    }
    plan.levels.push_back(std::move(level_plan));
  }
  return plan;
}

} // namespace ntm::eval
