#include "eval/rule_diff.hpp"

#include "load/suggest.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ntm::eval {

namespace {

std::vector<std::pair<int, int>> compared_years(const model::RuleSet& a, const model::RuleSet& b)
{
  std::vector<std::pair<int, int>> years;
  for (int year = std::max(a.from_year, b.from_year); year <= std::min(a.to_year, b.to_year); ++year) {
    years.emplace_back(year, year);
  }
  if (years.empty()) {
    // No year in common, as when a new period replaces an old one: compare the years on either
    // side of the change.
    years.emplace_back(a.to_year < b.from_year ? std::pair(a.to_year, b.from_year)
                                               : std::pair(a.from_year, b.to_year));
  }
  return years;
}

bool same_row(const model::Target* a, const model::Target* b)
{
  return (!a && !b) || (a && b && same_target(*a, *b));
}

std::vector<std::string> version_ids(const model::RuleBook& book)
{
  std::vector<std::string> ids;
  for (const model::RuleSet& set : book.sets) {
    ids.push_back(set.id);
  }
  return ids;
}

// A problem with the versions asked for, which have no place in a file.
Diagnostic problem(std::string message)
{
  Diagnostic diagnostic;
  diagnostic.message = std::move(message);
  return diagnostic;
}

const IndicatorResult* find_result(const Evaluation& evaluation, const std::string& ref,
                                   const std::string& code)
{
  const SetResult* set = evaluation.find_set(ref);
  return set ? set->find(code) : nullptr;
}

} // namespace

bool same_target(const model::Target& a, const model::Target& b)
{
  if (a.op != b.op || a.provenance.verified != b.provenance.verified ||
      a.derived.has_value() != b.derived.has_value()) {
    return false;
  }
  if (a.derived) {
    return a.derived->set_ref == b.derived->set_ref && a.derived->code == b.derived->code &&
           a.derived->factor == b.derived->factor;
  }
  return a.number == b.number && a.symbol == b.symbol;
}

Loaded<RuleDiff> diff_versions(const model::RuleBook& book, std::string_view a, std::string_view b)
{
  Loaded<RuleDiff> result;
  RuleDiff diff;
  diff.a = book.find_version(a);
  diff.b = book.find_version(b);
  for (const auto& [id, found] : {std::pair(a, diff.a), std::pair(b, diff.b)}) {
    if (!found) {
      result.errors.push_back(problem("unknown set version '" + std::string(id) + "'" +
                                      load::did_you_mean(id, version_ids(book))));
    }
  }
  if (!result.errors.empty()) {
    return result;
  }
  if (diff.a->ref != diff.b->ref) {
    result.errors.push_back(problem("'" + diff.a->id + "' and '" + diff.b->id +
                                    "' are versions of different sets ('" + diff.a->ref + "' and '" +
                                    diff.b->ref + "'): compare two versions of one set"));
    return result;
  }
  diff.years = compared_years(*diff.a, *diff.b);
  for (const std::string& code : diff.b->indicator_codes()) {
    if (!diff.a->find_indicator(code)) {
      diff.added.push_back(code);
    }
  }
  for (const std::string& code : diff.a->indicator_codes()) {
    const model::Indicator* in_a = diff.a->find_indicator(code);
    const model::Indicator* in_b = diff.b->find_indicator(code);
    if (!in_b) {
      diff.removed.push_back(code);
      continue;
    }
    IndicatorDiff changed{in_a, in_b, {}};
    for (model::Region region : model::k_regions) {
      for (const auto& [year_a, year_b] : diff.years) {
        const model::Target* row_a = in_a->target_for(region, year_a);
        const model::Target* row_b = in_b->target_for(region, year_b);
        if (!same_row(row_a, row_b)) {
          changed.cells.push_back({region, year_a, year_b, row_a, row_b});
        }
      }
    }
    if (!changed.cells.empty()) {
      diff.changed.push_back(std::move(changed));
    }
  }
  result.value = std::move(diff);
  return result;
}

VersionComparer::VersionComparer(const RuleBase& rules, const RuleDiff& diff)
    : m_rules(rules)
    , m_diff(diff)
    , m_under_a(rules, {{diff.a->ref, diff.a->id}})
    , m_under_b(rules, {{diff.b->ref, diff.b->id}})
{
}

SubmissionComparison VersionComparer::compare(const model::Submission& submission) const
{
  SubmissionComparison comparison;
  comparison.under_a = m_under_a.evaluate(submission);
  comparison.under_b = m_under_b.evaluate(submission);
  comparison.in_force = m_rules.book().select(m_diff.a->ref, submission.commune.province, submission.year);
  comparison.a_covers_year = m_diff.a->covers(submission.year);
  comparison.b_covers_year = m_diff.b->covers(submission.year);

  // Every indicator either evaluation reports: A's sets in order, then sets only B reports; in each
  // set A's indicators, then those only B has.
  std::vector<std::pair<std::string, std::vector<std::string>>> indicators;
  auto add = [&](const SetResult& set) {
    auto it = std::find_if(indicators.begin(), indicators.end(),
                           [&](const auto& entry) { return entry.first == set.version->ref; });
    if (it == indicators.end()) {
      indicators.emplace_back(set.version->ref, std::vector<std::string>{});
      it = std::prev(indicators.end());
    }
    for (const std::string& code : set.version->indicator_codes()) {
      if (std::find(it->second.begin(), it->second.end(), code) == it->second.end()) {
        it->second.push_back(code);
      }
    }
  };
  for (const SetResult& set : comparison.under_a.sets) {
    add(set);
  }
  for (const SetResult& set : comparison.under_b.sets) {
    add(set);
  }
  for (const auto& [ref, codes] : indicators) {
    for (const std::string& code : codes) {
      const IndicatorResult* a = find_result(comparison.under_a, ref, code);
      const IndicatorResult* b = find_result(comparison.under_b, ref, code);
      if (!a || !b || a->outcome != b->outcome) {
        OutcomeChange change{ref, std::nullopt, std::nullopt};
        if (a) {
          change.a = *a;
        }
        if (b) {
          change.b = *b;
        }
        comparison.changes.push_back(std::move(change));
      }
    }
  }
  return comparison;
}

} // namespace ntm::eval
