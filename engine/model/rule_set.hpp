#pragma once

#include "model/diagnostic.hpp"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::model {

/// The seven socio-economic regions whose targets can differ.
enum class Region { tdmnpb, dbsh, btb, dhntb, tn, dnb, dbscl };

inline constexpr std::array<Region, 7> k_regions = {Region::tdmnpb, Region::dbsh, Region::btb,  Region::dhntb,
                                                    Region::tn,     Region::dnb,  Region::dbscl};

/// The code used in files (`dbscl`).
std::string_view region_code(Region region);
/// Parses a region code; empty when unknown.
std::optional<Region> parse_region(std::string_view code);

enum class IndicatorType { boolean, number, percent, grade };
std::string_view type_code(IndicatorType type);
std::optional<IndicatorType> parse_type(std::string_view code);

/// Comparison of a value against its target.
enum class Op { ge, le, eq, gt, lt };
std::string_view op_code(Op op);   // ge
std::string_view op_symbol(Op op); // ≥
std::optional<Op> parse_op(std::string_view code);

/// Where a threshold comes from, and whether anybody checked it against the legal text.
struct Provenance {
  std::string source;
  bool verified = false;
  std::string note;
};

/// A target defined from another set's target: `factor` × target of `set_ref`:`code`.
struct DerivedTarget {
  std::string set_ref;
  std::string code;
  double factor = 1.0;
};

/// One target row: applies to `regions` (empty: all) in `years` (empty: all).
struct Target {
  Op op = Op::ge;
  double number = 0;  // number and percent indicators
  std::string symbol; // bool (`dat`) and grade (grade id) indicators
  std::string raw;    // the value as written
  std::optional<DerivedTarget> derived;
  std::vector<Region> regions;
  std::vector<int> years;
  Provenance provenance;
  Location where;

  bool matches(Region region, int year) const;
  /// 3 region and year given, 2 region only, 1 year only, 0 neither.
  int specificity() const;
};

struct Grade {
  std::string id;
  std::string name;
  std::string name_en;
};

/// A reference to an indicator of another set, by set ref (not version): `xa-ntm:10`.
struct IndicatorRef {
  std::string set_ref;
  std::string code;

  std::string str() const { return set_ref + ":" + code; }
};

struct Indicator {
  std::string code;
  std::string name;
  std::string name_en;
  std::string unit;
  std::string unit_en;
  std::string count_unit; // percent indicators: what numerator and denominator count (hộ)
  std::string count_unit_en;
  IndicatorType type = IndicatorType::boolean;
  bool if_any = false; // "nếu có": may be reported as not applicable
  bool whole = false;  // number indicators: a count of things, written as a whole number
  std::optional<double> min;
  std::optional<double> max;
  std::optional<IndicatorRef> value_from;
  std::string share_of_level; // district sets: % of the district's communes that reached this level
  std::vector<Grade> grades;  // lowest first
  std::vector<Target> targets;
  Location where;

  /// Position of `grade_id` in `grades`, empty when unknown.
  std::optional<int> grade_rank(std::string_view grade_id) const;
  /// The most specific target for `region` and `year`, null when none applies.
  const Target* target_for(Region region, int year) const;
};

struct Criterion {
  std::string id;
  std::string group;
  std::string name;
  std::string name_en;
  std::vector<Indicator> indicators;
  Location where;
};

struct LegalBasis {
  std::string decision;
  std::string date;
  std::string issuer;
  Provenance provenance;
};

/// Targets of one inherited indicator replaced by a provincial version.
struct Override {
  std::string indicator;
  std::vector<Target> targets;
  Location where;
};

/// Whom a set judges: a commune (from its submission) or a district (from its communes' results).
enum class Scope { commune, district };

/// One version of one criteria set. A provincial version (`extends`) holds, after loading,
/// the parent's criteria with its overrides applied.
struct RuleSet {
  std::string id;
  std::string ref;
  std::string name;
  std::string name_en;
  int from_year = 0;
  int to_year = 0;
  std::string extends;
  Scope scope = Scope::commune;
  LegalBasis legal;
  std::vector<std::string> provinces; // empty: national
  std::vector<Criterion> criteria;
  std::vector<Override> overrides;
  Location where;

  bool national() const { return provinces.empty(); }
  bool covers(int year) const { return year >= from_year && year <= to_year; }
  bool applies_to(std::string_view province) const;
  const Indicator* find_indicator(std::string_view code) const;
  const Criterion* criterion_of(std::string_view code) const;
  std::vector<std::string> indicator_codes() const;
};

struct Level {
  std::string id;
  std::string name;
  std::string name_en;
  int rank = 0;
  std::vector<std::string> required_sets;   // set refs
  std::vector<std::string> required_levels; // level ids
  Location where;
};

struct Levels {
  std::string none_id;
  std::string none_name;
  std::string none_name_en;
  std::vector<Level> levels; // by rank, lowest first
  Location where;

  const Level* find(std::string_view id) const;
  /// The set refs the levels require, in level order, each once.
  std::vector<std::string> required_refs() const;
};

/// Everything loaded from a rules directory.
struct RuleBook {
  std::vector<RuleSet> sets;
  Levels levels;

  const RuleSet* find_version(std::string_view id) const;
  /// Some version of `ref` (for what all its versions share: criteria ids, names); null if none.
  const RuleSet* first_version(std::string_view ref) const;
  bool has_ref(std::string_view ref) const;
  /// The version of `ref` in force for `province` in `year`: a provincial version naming the
  /// province wins over the national one; null when none covers the year.
  const RuleSet* select(std::string_view ref, std::string_view province, int year) const;
  /// The same among `versions`, indexes into `sets` of the versions of one ref in their order: what
  /// a caller that looks up many submissions' versions keeps, sparing the comparisons of refs.
  const RuleSet* select(std::span<const std::size_t> versions, std::string_view province, int year) const;
  /// The scope of the versions of `ref` (all versions of one ref share it).
  Scope scope_of(std::string_view ref) const;
  /// All set refs, sorted.
  std::vector<std::string> refs() const;
};

} // namespace ntm::model
