#include "model/rule_set.hpp"

#include <algorithm>
#include <set>

namespace ntm::model {

namespace {

/// Of the versions `for_each_version` gives to the function it is called with (those of one ref,
/// in the book's order), the one in force for `province` in `year`, as RuleBook::select says.
/// A visitor rather than a range view: clang 14, which builds the fuzz targets, cannot compile
/// libstdc++ 12's views.
template <typename ForEachVersion>
const RuleSet* in_force(ForEachVersion for_each_version, std::string_view province, int year)
{
  const RuleSet* provincial = nullptr;
  const RuleSet* national = nullptr;
  for_each_version([&](const RuleSet& set) {
    if (provincial || !set.covers(year)) {
      return;
    }
    if (set.applies_to(province)) {
      provincial = &set; // the loader guarantees at most one per province and year
    } else if (set.national() && !national) {
      national = &set;
    }
  });
  return provincial ? provincial : national;
}

constexpr std::array<std::string_view, 7> k_region_codes = {"tdmnpb", "dbsh", "btb",  "dhntb",
                                                            "tn",     "dnb",  "dbscl"};

} // namespace

std::string_view region_code(Region region)
{
  return k_region_codes[static_cast<std::size_t>(region)];
}

std::optional<Region> parse_region(std::string_view code)
{
  for (Region region : k_regions) {
    if (region_code(region) == code) {
      return region;
    }
  }
  return std::nullopt;
}

std::string_view type_code(IndicatorType type)
{
  switch (type) {
  case IndicatorType::boolean:
    return "bool";
  case IndicatorType::number:
    return "number";
  case IndicatorType::percent:
    return "percent";
  case IndicatorType::grade:
    return "grade";
  }
  return "bool";
}

std::optional<IndicatorType> parse_type(std::string_view code)
{
  for (auto type :
       {IndicatorType::boolean, IndicatorType::number, IndicatorType::percent, IndicatorType::grade}) {
    if (type_code(type) == code) {
      return type;
    }
  }
  return std::nullopt;
}

std::string_view op_code(Op op)
{
  switch (op) {
  case Op::ge:
    return "ge";
  case Op::le:
    return "le";
  case Op::eq:
    return "eq";
  case Op::gt:
    return "gt";
  case Op::lt:
    return "lt";
  }
  return "ge";
}

std::string_view op_symbol(Op op)
{
  switch (op) {
  case Op::ge:
    return "≥";
  case Op::le:
    return "≤";
  case Op::eq:
    return "=";
  case Op::gt:
    return ">";
  case Op::lt:
    return "<";
  }
  return "≥";
}

std::optional<Op> parse_op(std::string_view code)
{
  for (auto op : {Op::ge, Op::le, Op::eq, Op::gt, Op::lt}) {
    if (op_code(op) == code) {
      return op;
    }
  }
  return std::nullopt;
}

bool Target::matches(Region region, int year) const
{
  const bool region_ok =
      regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
  const bool year_ok = years.empty() || std::find(years.begin(), years.end(), year) != years.end();
  return region_ok && year_ok;
}

int Target::specificity() const
{
  return (regions.empty() ? 0 : 2) + (years.empty() ? 0 : 1);
}

std::optional<int> Indicator::grade_rank(std::string_view grade_id) const
{
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].id == grade_id) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

const Target* Indicator::target_for(Region region, int year) const
{
  const Target* best = nullptr;
  for (const Target& target : targets) {
    if (target.matches(region, year) && (!best || target.specificity() > best->specificity())) {
      best = &target;
    }
  }
  return best;
}

bool RuleSet::applies_to(std::string_view province) const
{
  return std::find(provinces.begin(), provinces.end(), province) != provinces.end();
}

const Indicator* RuleSet::find_indicator(std::string_view code) const
{
  for (const Criterion& criterion : criteria) {
    for (const Indicator& indicator : criterion.indicators) {
      if (indicator.code == code) {
        return &indicator;
      }
    }
  }
  return nullptr;
}

const Criterion* RuleSet::criterion_of(std::string_view code) const
{
  for (const Criterion& criterion : criteria) {
    for (const Indicator& indicator : criterion.indicators) {
      if (indicator.code == code) {
        return &criterion;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> RuleSet::indicator_codes() const
{
  std::vector<std::string> codes;
  for (const Criterion& criterion : criteria) {
    for (const Indicator& indicator : criterion.indicators) {
      codes.push_back(indicator.code);
    }
  }
  return codes;
}

const Level* Levels::find(std::string_view id) const
{
  for (const Level& level : levels) {
    if (level.id == id) {
      return &level;
    }
  }
  return nullptr;
}

std::vector<std::string> Levels::required_refs() const
{
  std::vector<std::string> refs;
  for (const Level& level : levels) {
    for (const std::string& ref : level.required_sets) {
      if (std::find(refs.begin(), refs.end(), ref) == refs.end()) {
        refs.push_back(ref);
      }
    }
  }
  return refs;
}

const RuleSet* RuleBook::find_version(std::string_view id) const
{
  for (const RuleSet& set : sets) {
    if (set.id == id) {
      return &set;
    }
  }
  return nullptr;
}

const RuleSet* RuleBook::first_version(std::string_view ref) const
{
  for (const RuleSet& set : sets) {
    if (set.ref == ref) {
      return &set;
    }
  }
  return nullptr;
}

bool RuleBook::has_ref(std::string_view ref) const
{
  return std::any_of(sets.begin(), sets.end(), [&](const RuleSet& set) { return set.ref == ref; });
}

const RuleSet* RuleBook::select(std::string_view ref, std::string_view province, int year) const
{
  return in_force(
      [&](const auto& visit) {
        for (const RuleSet& set : sets) {
          if (set.ref == ref) {
            visit(set);
          }
        }
      },
      province, year);
}

const RuleSet* RuleBook::select(std::span<const std::size_t> versions, std::string_view province,
                                int year) const
{
  return in_force(
      [&](const auto& visit) {
        for (const std::size_t index : versions) {
          visit(sets[index]);
        }
      },
      province, year);
}

Scope RuleBook::scope_of(std::string_view ref) const
{
  for (const RuleSet& set : sets) {
    if (set.ref == ref) {
      return set.scope;
    }
  }
  return Scope::commune;
}

std::vector<std::string> RuleBook::refs() const
{
  std::set<std::string> unique;
  for (const RuleSet& set : sets) {
    unique.insert(set.ref);
  }
  return {unique.begin(), unique.end()};
}

} // namespace ntm::model
