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

  /// Makes this indicator what a fresh one is, but for the room its strings have (a field added
  /// above is reset here too).
  void clear()
  {
    code.clear();
    raw_value.clear();
    number.reset();
    symbol.clear();
    not_applicable = false;
    numerator.reset();
    denominator.reset();
    self_assessment.reset();
    where = Location();
  }
  friend bool operator==(const SubmittedIndicator&, const SubmittedIndicator&) = default;
};

struct SubmittedSet {
  std::string ref;
  std::vector<SubmittedIndicator> indicators;
  Location where;

  const SubmittedIndicator* find(std::string_view code) const;
  friend bool operator==(const SubmittedSet&, const SubmittedSet&) = default;
};

struct Commune {
  std::string code;
  std::string name;
  std::string district;
  std::string province;
  friend bool operator==(const Commune&, const Commune&) = default;
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

  /// Makes this submission what a fresh one is, but for the room its strings and list of sets have
  /// (a field added above is reset here too).
  void clear()
  {
    source.clear();
    year = 0;
    region = Region::dbscl;
    special_difficulty = false;
    scope = Scope::commune;
    commune.code.clear();
    commune.name.clear();
    commune.district.clear();
    commune.province.clear();
    claim.reset();
    claim_where = Location();
    sets.clear();
    where = Location();
  }

  const SubmittedSet* find_set(std::string_view ref) const;
  /// The region whose targets apply: TDMNPB for specially difficult communes (318/QĐ-TTg, Art. 1).
  Region target_region() const { return special_difficulty ? Region::tdmnpb : region; }
  friend bool operator==(const Submission&, const Submission&) = default;
};

} // namespace ntm::model
