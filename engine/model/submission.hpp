#pragma once

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ntm::model {

/// What a submission says of one indicator, already checked against the indicator's type.
struct SubmittedIndicator {
  // Not `= default`: value-initialisation (`emplace_back()`) would zero all 184 bytes before the
  // members' own initialisers run, with a `rep stos` that took 40% of the submission parser's
  // time in a profile of `ntm audit`.
  SubmittedIndicator() noexcept {}

  std::string code;
  std::string raw_value;           // as written, for messages
  std::optional<double> number;    // number and percent
  std::string symbol;              // dat | khong-dat | grade id
  bool not_applicable = false;     // value="khong-co"
  std::optional<double> numerator; // percent given as counts
  std::optional<double> denominator;
  std::optional<bool> self_assessment; // true: "dat"
  Location where;
};

struct SubmittedSet {
  std::string ref;
  std::vector<SubmittedIndicator> indicators;
  Location where;

  const SubmittedIndicator* find(std::string_view code) const;
};

struct Commune {
  std::string code;
  std::string name;
  std::string district;
  std::string province;
};

/// One commune's self-assessment for one year, as its file says.
struct Submission {
  std::string source;
  int year = 0;
  Region region = Region::dbscl;
  bool special_difficulty = false;
  Scope scope = Scope::commune; // district: built by an audit from its communes' results
  Commune commune;
  std::optional<std::string> claim; // level id
  Location claim_where;
  std::vector<SubmittedSet> sets;
  Location where;

  const SubmittedSet* find_set(std::string_view ref) const;
  /// The region whose targets apply: TDMNPB for specially difficult communes (318/QĐ-TTg, Art. 1).
  Region target_region() const { return special_difficulty ? Region::tdmnpb : region; }
};

} // namespace ntm::model
