#pragma once

#include "eval/evaluation.hpp"
#include "eval/evaluator.hpp"
#include "eval/rule_base.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntm::eval {

/// One region and year whose target differs between two versions.
struct TargetCell {
  model::Region region = model::Region::dbscl;
  int year_a = 0;                   // the year looked up in version A
  int year_b = 0;                   // and in version B (the same, unless the versions share no year)
  const model::Target* a = nullptr; // the row chosen in A; null when none applies
  const model::Target* b = nullptr;
};

/// An indicator of both versions whose targets differ somewhere.
struct IndicatorDiff {
  const model::Indicator* a = nullptr;
  const model::Indicator* b = nullptr;
  std::vector<TargetCell> cells; // by region (k_regions order), then year
};

/// What changes from version A to version B of one set.
struct RuleDiff {
  const model::RuleSet* a = nullptr;
  const model::RuleSet* b = nullptr;
  /// The years compared, (year of A, year of B): each year both cover, or, when they share none,
  /// A's last year with B's first (or A's first with B's last when B comes first).
  std::vector<std::pair<int, int>> years;
  std::vector<std::string> added;     // indicator codes of B only, in B's order
  std::vector<std::string> removed;   // of A only, in A's order
  std::vector<IndicatorDiff> changed; // in A's order

  bool shares_years() const { return !years.empty() && years.front().first == years.front().second; }
};

/// Two target rows say the same: op, value (or factor and base of a derived target) and verified.
bool same_target(const model::Target& a, const model::Target& b);

/// Compares versions `a` and `b` (ids) of one set: indicators added and removed, and for each
/// indicator of both, the target each resolves to in every region and compared year. Fails when an
/// id names no version (with a did-you-mean) or the two are versions of different sets.
Loaded<RuleDiff> diff_versions(const model::RuleBook& book, std::string_view a, std::string_view b);

/// One indicator whose outcome differs when the set is judged by A and by B.
struct OutcomeChange {
  std::string set_ref;
  std::optional<IndicatorResult> a; // empty when the indicator is not in the version used
  std::optional<IndicatorResult> b;
};

/// One submission judged twice: with the diff's set forced to version A, then to version B.
struct SubmissionComparison {
  Evaluation under_a;
  Evaluation under_b;
  const model::RuleSet* in_force = nullptr; // the version its province and year select; null if none
  bool a_covers_year = true;                // A's years contain the submission's year
  bool b_covers_year = true;
  std::vector<OutcomeChange> changes; // every indicator whose outcome differs, in report order

  bool status_changed() const { return under_a.status != under_b.status; }
};

/// Judges submissions by both versions of a diff. The diff and the rules must outlive it.
class VersionComparer {
public:
  VersionComparer(const RuleBase& rules, const RuleDiff& diff);

  SubmissionComparison compare(const model::Submission& submission) const;

private:
  const RuleBase& m_rules;
  const RuleDiff& m_diff;
  Evaluator m_under_a;
  Evaluator m_under_b;
};

} // namespace ntm::eval
