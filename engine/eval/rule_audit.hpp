#pragma once

#include "eval/rule_base.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ntm::eval {

/// Indicators of one commune set version that no level depends on, directly or through a derived
/// value or target: whatever they say changes no status.
struct UnusedIndicators {
  std::size_t set_index = 0;
  std::vector<std::string> codes; // in file order
  std::size_t total = 0;          // indicators of the version
};

/// The regions and years of a version's period for which one indicator resolves to no target: a
/// commune judged there gets a `no-target` error.
struct TargetGap {
  std::size_t set_index = 0;
  std::string code;
  Location where; // the indicator, or the <override> that replaced its targets
  std::vector<std::pair<model::Region, std::vector<int>>>
      missing; // by region (k_regions order), ascending years
};

/// A provincial version and a national version of the same set whose years meet: in the shared
/// years the communes of the province are judged by the provincial one. Expected, but worth seeing.
struct ShadowedVersion {
  std::size_t provincial = 0;
  std::size_t national = 0;
  int from_year = 0; // the shared years
  int to_year = 0;
};

/// What `audit_rules` found; every list is in the order of the rule files.
struct RuleAudit {
  std::vector<UnusedIndicators> unused;
  std::vector<TargetGap> gaps;
  std::vector<ShadowedVersion> shadowed;
};

/// Looks through loaded rules for what the loader accepts but is probably a mistake. Checks:
/// 1. indicators of commune sets that no level depends on (district sets are judged by
///    `ntm audit`, not by a level, and are left out);
/// 2. every region × every year of a version's period resolves to a target for each indicator;
///    an indicator whose rows a provincial version inherits unchanged is checked once, in the
///    version that writes them;
/// 3. provincial versions that shadow a national version of their set in some years.
/// It never fails: its findings are warnings (1, 2) and information (3), not errors.
RuleAudit audit_rules(const RuleBase& rules);

} // namespace ntm::eval
