#pragma once

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::eval {

/// The verdict on one indicator or criterion.
enum class Outcome : std::uint8_t { met, not_met, missing, not_applicable };
/// `met`, `not-met`, `missing`, `not-applicable`.
std::string_view outcome_code(Outcome outcome);

/// The target that applied to one commune: which row of the rules was chosen and why.
struct ResolvedTarget {
  // Not `= default`: value-initialisation (`emplace()`, `resize`) would zero all 120 bytes before
  // the members' own initialisers run, with a `rep stos` (slow to start on short lengths): in a
  // profile of `ntm audit`, a fifth of the evaluator's time went to zeroing results.
  ResolvedTarget() noexcept {}

  model::Op op = model::Op::ge;
  double number = 0;
  std::string symbol;
  model::Region region = model::Region::dbscl; // the region column used
  int year = 0;
  const model::Target* rule = nullptr;
  bool verified = false;      // the row, and for a derived target the row it derives from too
  std::optional<double> base; // for a derived target: the referenced target's value
  std::string base_version;   // and the set version it came from
};

struct IndicatorResult {
  // Not `= default`, like ResolvedTarget's: `resize` would zero all 320 bytes of each result first.
  IndicatorResult() noexcept {}

  const model::Indicator* rule = nullptr;
  Outcome outcome = Outcome::missing;
  std::optional<double> number; // number and percent values
  std::string symbol;           // bool and grade values
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::string derived_from; // `xa-ntm:10` when the value is taken from another set
  std::optional<ResolvedTarget> target;
  std::optional<double> gap;    // shortfall in the indicator's unit, 0 when met
  std::optional<double> margin; // signed distance past the target (negative: short)
  std::optional<bool> self_assessment;
  Location where; // the submission element, when given

  bool has_value() const { return number.has_value() || !symbol.empty(); }
};

struct CriterionResult {
  const model::Criterion* rule = nullptr;
  Outcome outcome = Outcome::missing;
  std::vector<IndicatorResult> indicators;
  // Level ids that cannot be reached while it is not met, viewed in the rule base's graph: valid
  // as long as the rules are, like `rule`.
  std::span<const std::string> blocks;
};

struct SetResult {
  const model::RuleSet* version = nullptr;
  bool submitted = false;
  std::vector<CriterionResult> criteria;
  int criteria_met = 0;

  int criteria_total() const { return static_cast<int>(criteria.size()); }
  bool all_met() const { return criteria_met == criteria_total(); }
  const IndicatorResult* find(std::string_view code) const;
};

enum class Severity { error, warning, info };
std::string_view severity_code(Severity severity);

/// Something an appraiser should look at. `code` is stable; the message is built per language
/// by the report writers from the other fields.
struct Finding {
  Severity severity = Severity::error;
  std::string code; // self-assessment-mismatch, claim-not-supported, missing-value, no-target
  std::string set_ref;
  std::string indicator;
  std::string claimed; // what the commune said (dat, khong-dat, a level id)
  std::string actual;  // what the data show (an outcome code, a level id)
  Location where;
  std::string criterion{};         // for findings on a criterion (year-on-year)
  std::string detail{};            // a loader's message, another file's name
  std::optional<double> amount{};  // thin margin: by how much the target is passed, in its unit
  std::optional<double> percent{}; // thin margin: that as a % of the target; jump: % change of a value
};

struct LevelResult {
  const model::Level* level = nullptr;
  bool reached = false;
};

/// Everything known about one submission after evaluation.
struct Evaluation {
  std::string source;
  model::Commune commune;
  int year = 0;
  model::Region region = model::Region::dbscl;
  model::Region target_region = model::Region::dbscl;
  bool special_difficulty = false;
  std::string status; // the highest level reached, or the rules' none id (chua-dat)
  std::optional<std::string> claimed;
  std::vector<SetResult> sets; // submitted sets and those the claim needs
  std::vector<LevelResult> levels;
  std::vector<Finding> findings;

  bool has_errors() const;
  const SetResult* find_set(std::string_view ref) const;
};

} // namespace ntm::eval
