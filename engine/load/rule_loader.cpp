#include "load/rule_loader.hpp"

#include "load/number.hpp"
#include "load/suggest.hpp"
#include "load/xml_reader.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <sstream>

namespace ntm::load {

namespace {

using model::Criterion;
using model::Indicator;
using model::IndicatorType;
using model::RuleSet;
using model::Target;

bool matches_pattern(const std::string& text, std::string_view extra)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos;
  });
}

std::vector<std::string> split_words(const std::string& text)
{
  std::istringstream in(text);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) {
    words.push_back(word);
  }
  return words;
}

std::vector<std::string> region_codes()
{
  std::vector<std::string> codes;
  for (auto region : model::k_regions) {
    codes.emplace_back(model::region_code(region));
  }
  return codes;
}

/// Interprets a target's written value for `indicator`'s type; the problem (and whether it lies
/// in the op rather than the value) when it does not fit.
std::optional<std::pair<std::string, bool>> interpret_target_value(const Indicator& indicator,
                                                                   const std::string& value, Target& target)
{
  switch (indicator.type) {
  case IndicatorType::boolean:
    if (value != "dat") {
      return std::pair{"target of a bool indicator must be 'dat', not '" + value + "'", false};
    }
    if (target.op != model::Op::eq) {
      return std::pair{std::string("target of a bool indicator must use op 'eq'"), true};
    }
    target.symbol = value;
    return std::nullopt;
  case IndicatorType::grade:
    if (!indicator.grade_rank(value)) {
      std::vector<std::string> ids;
      for (const auto& grade : indicator.grades) {
        ids.push_back(grade.id);
      }
      return std::pair{"unknown grade '" + value + "'" + did_you_mean(value, ids), false};
    }
    target.symbol = value;
    return std::nullopt;
  case IndicatorType::number:
  case IndicatorType::percent:
    break;
  }
  const ParsedNumber parsed = parse_decimal(value);
  if (!parsed.value) {
    return std::pair{"target value '" + value + "' " + parsed.problem, false};
  }
  if (indicator.type == IndicatorType::percent &&
      (compare_decimal(value, 0) < 0 || compare_decimal(value, 100) > 0)) {
    return std::pair{"target value '" + value + "' is outside 0–100 for a percent", false};
  }
  target.number = *parsed.value;
  return std::nullopt;
}

/// Reads one rule file; the parts of the rule book it holds are appended to `book`.
class RuleFileParser {
public:
  RuleFileParser(const SourceText& source, Diagnostics& errors, model::RuleBook& book, bool& have_levels)
      : m_reader(source, errors), m_book(book), m_have_levels(have_levels)
  {
  }

  void parse()
  {
    if (!m_reader.parse()) {
      return;
    }
    const pugi::xml_node root = m_reader.root();
    const std::string name = root.name();
    if (name == "rule-set") {
      parse_rule_set(root);
    } else if (name == "levels") {
      parse_levels(root);
    } else {
      m_reader.error(m_reader.at(root),
                     "unknown root element <" + name + ">, expected <rule-set> or <levels>");
    }
  }

private:
  void parse_rule_set(pugi::xml_node node)
  {
    m_reader.check_element(node, {"id", "ref", "name", "name-en", "from-year", "to-year", "extends", "scope"},
                           {"legal-basis", "applies-to", "criterion", "override"});
    RuleSet set;
    set.where = m_reader.at(node);
    set.id = m_reader.required(node, "id").value_or("");
    set.ref = m_reader.required(node, "ref").value_or("");
    set.name = m_reader.required(node, "name").value_or("");
    set.name_en = m_reader.optional(node, "name-en").value_or("");
    set.extends = m_reader.optional(node, "extends").value_or("");
    if (auto scope = m_reader.optional(node, "scope")) {
      if (*scope == "district") {
        set.scope = model::Scope::district;
      } else if (*scope != "commune") {
        m_reader.error(m_reader.at(node, "scope"),
                       "scope must be 'commune' or 'district', not '" + *scope + "'");
      }
    }
    if (!set.ref.empty() && !matches_pattern(set.ref, "-")) {
      m_reader.error(m_reader.at(node, "ref"), "set ref '" + set.ref + "' may hold only a-z, 0-9 and '-'");
    }
    if (!set.id.empty() && (!matches_pattern(set.id, "-.@") || set.id.rfind(set.ref + "@", 0) != 0 ||
                            set.id.size() == set.ref.size() + 1)) {
      m_reader.error(m_reader.at(node, "id"),
                     "set id '" + set.id + "' must be '" + set.ref + "@VERSION' (a-z, 0-9, '-', '.')");
    }
    const auto from = m_reader.year(node, "from-year");
    const auto to = m_reader.year(node, "to-year");
    set.from_year = from.value_or(0);
    set.to_year = to.value_or(0);
    if (from && to && *from > *to) {
      m_reader.error(m_reader.at(node, "to-year"),
                     "to-year " + std::to_string(*to) + " is before from-year " + std::to_string(*from));
    }

    int legal_bases = 0;
    std::set<std::string> criterion_ids;
    std::map<std::string, Location> codes;
    for (pugi::xml_node child : node.children()) {
      const std::string name = child.name();
      if (name == "legal-basis") {
        ++legal_bases;
        parse_legal_basis(child, set.legal);
      } else if (name == "applies-to") {
        m_reader.check_element(child, {"province"}, {});
        if (auto province = m_reader.required(child, "province")) {
          set.provinces.push_back(*province);
        }
      } else if (name == "criterion") {
        Criterion criterion = parse_criterion(child, set);
        if (!criterion.id.empty() && !criterion_ids.insert(criterion.id).second) {
          m_reader.error(criterion.where,
                         "duplicate criterion '" + criterion.id + "' in set '" + set.id + "'");
        }
        for (const Indicator& indicator : criterion.indicators) {
          const auto [it, inserted] = codes.emplace(indicator.code, indicator.where);
          if (!inserted) {
            m_reader.error(indicator.where, "duplicate indicator '" + indicator.code +
                                                "', first defined at " + it->second.str());
          }
        }
        set.criteria.push_back(std::move(criterion));
      } else if (name == "override") {
        parse_override(child, set);
      }
    }
    if (legal_bases != 1) {
      m_reader.error(set.where, "set '" + set.id + "' must have exactly one <legal-basis>, found " +
                                    std::to_string(legal_bases));
    }
    if (set.extends.empty() && set.criteria.empty()) {
      m_reader.error(set.where, "set '" + set.id + "' has no <criterion>");
    }
    if (!set.extends.empty() && !set.criteria.empty()) {
      m_reader.error(set.criteria.front().where, "set '" + set.id + "' extends '" + set.extends +
                                                     "': it may only override targets, not define criteria");
    }
    if (set.extends.empty() && !set.overrides.empty()) {
      m_reader.error(set.overrides.front().where, "<override> is allowed only in a set that extends another");
    }
    m_book.sets.push_back(std::move(set));
  }

  void parse_legal_basis(pugi::xml_node node, model::LegalBasis& legal)
  {
    m_reader.check_element(node, {"decision", "date", "issuer", "verified", "source", "note"}, {});
    legal.decision = m_reader.required(node, "decision").value_or("");
    legal.date = m_reader.required(node, "date").value_or("");
    legal.issuer = m_reader.optional(node, "issuer").value_or("");
    parse_provenance(node, legal.provenance);
    const std::string& date = legal.date;
    const bool iso =
        date.size() == 10 && date[4] == '-' && date[7] == '-' &&
        std::all_of(date.begin(), date.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
    if (!date.empty() && !iso) {
      m_reader.error(m_reader.at(node, "date"), "date '" + date + "' must be written YYYY-MM-DD");
    }
  }

  void parse_provenance(pugi::xml_node node, model::Provenance& provenance)
  {
    provenance.source = m_reader.required(node, "source").value_or("");
    if (!node.attribute("verified")) {
      m_reader.error(m_reader.at(node), std::string("missing attribute 'verified' on <") + node.name() +
                                            ">: say whether the value was checked");
    } else {
      provenance.verified = m_reader.boolean(node, "verified", false).value_or(false);
    }
    provenance.note = m_reader.optional(node, "note").value_or("");
  }

  Criterion parse_criterion(pugi::xml_node node, const RuleSet& set)
  {
    m_reader.check_element(node, {"id", "group", "name", "name-en"}, {"indicator"});
    Criterion criterion;
    criterion.where = m_reader.at(node);
    criterion.id = m_reader.required(node, "id").value_or("");
    criterion.group = m_reader.optional(node, "group").value_or("");
    criterion.name = m_reader.required(node, "name").value_or("");
    criterion.name_en = m_reader.optional(node, "name-en").value_or("");
    for (pugi::xml_node child : node.children("indicator")) {
      criterion.indicators.push_back(parse_indicator(child, set));
    }
    if (criterion.indicators.empty()) {
      m_reader.error(criterion.where, "criterion '" + criterion.id + "' has no <indicator>");
    }
    return criterion;
  }

  Indicator parse_indicator(pugi::xml_node node, const RuleSet& set)
  {
    m_reader.check_element(node,
                           {"code", "type", "name", "name-en", "unit", "unit-en", "count-unit",
                            "count-unit-en", "if-any", "whole", "min", "max", "value-from", "share-of-level"},
                           {"grade", "target"});
    Indicator indicator;
    indicator.where = m_reader.at(node);
    indicator.code = m_reader.required(node, "code").value_or("");
    if (!indicator.code.empty() && !matches_pattern(indicator.code, ".-")) {
      m_reader.error(m_reader.at(node, "code"),
                     "indicator code '" + indicator.code + "' may hold only a-z, 0-9, '.' and '-'");
    }
    indicator.name = m_reader.required(node, "name").value_or("");
    indicator.name_en = m_reader.optional(node, "name-en").value_or("");
    indicator.unit = m_reader.optional(node, "unit").value_or("");
    indicator.unit_en = m_reader.optional(node, "unit-en").value_or("");
    indicator.count_unit = m_reader.optional(node, "count-unit").value_or("");
    indicator.count_unit_en = m_reader.optional(node, "count-unit-en").value_or("");
    indicator.if_any = m_reader.boolean(node, "if-any", false).value_or(false);
    indicator.whole = m_reader.boolean(node, "whole", false).value_or(false);
    if (auto type = m_reader.required(node, "type")) {
      if (auto parsed = model::parse_type(*type)) {
        indicator.type = *parsed;
      } else {
        m_reader.error(m_reader.at(node, "type"),
                       "unknown indicator type '" + *type + "', expected bool, number, percent or grade");
      }
    }
    if (indicator.type == IndicatorType::percent && indicator.unit.empty()) {
      indicator.unit = "%";
    }
    if (indicator.whole && indicator.type != IndicatorType::number) {
      m_reader.error(m_reader.at(node, "whole"), "attribute 'whole' is allowed only on number indicators");
    }
    indicator.min = bound(node, "min", indicator);
    indicator.max = bound(node, "max", indicator);
    if (indicator.min && indicator.max && *indicator.min > *indicator.max) {
      m_reader.error(m_reader.at(node, "max"), "max " + format_number(*indicator.max, 6) + " is below min " +
                                                   format_number(*indicator.min, 6));
    }
    if (auto level = m_reader.optional(node, "share-of-level")) {
      if (set.scope != model::Scope::district || indicator.type != IndicatorType::percent) {
        m_reader.error(m_reader.at(node, "share-of-level"),
                       "share-of-level is allowed only on percent indicators of a district set");
      }
      indicator.share_of_level = *level;
    }
    if (auto from = m_reader.optional(node, "value-from")) {
      indicator.value_from = parse_indicator_ref(node, "value-from", *from);
    }
    for (pugi::xml_node child : node.children("grade")) {
      m_reader.check_element(child, {"id", "name", "name-en"}, {});
      model::Grade grade;
      grade.id = m_reader.required(child, "id").value_or("");
      grade.name = m_reader.required(child, "name").value_or("");
      grade.name_en = m_reader.optional(child, "name-en").value_or("");
      if (indicator.grade_rank(grade.id)) {
        m_reader.error(m_reader.at(child, "id"), "duplicate grade '" + grade.id + "'");
      }
      indicator.grades.push_back(std::move(grade));
    }
    if (indicator.type == IndicatorType::grade && indicator.grades.size() < 2) {
      m_reader.error(indicator.where,
                     "grade indicator '" + indicator.code + "' needs at least two <grade> elements");
    }
    if (indicator.type != IndicatorType::grade && !indicator.grades.empty()) {
      m_reader.error(m_reader.at(node.child("grade")),
                     "<grade> is allowed only in an indicator of type grade");
    }
    for (pugi::xml_node child : node.children("target")) {
      indicator.targets.push_back(parse_target(child, indicator, set));
    }
    if (indicator.targets.empty()) {
      m_reader.error(indicator.where, "indicator '" + indicator.code + "' has no <target>");
    }
    return indicator;
  }

  std::optional<double> bound(pugi::xml_node node, const char* attribute, const Indicator& indicator)
  {
    const auto text = m_reader.optional(node, attribute);
    if (!text) {
      return std::nullopt;
    }
    if (indicator.type != IndicatorType::number) {
      m_reader.error(m_reader.at(node, attribute),
                     std::string("attribute '") + attribute + "' is allowed only on number indicators");
      return std::nullopt;
    }
    const ParsedNumber parsed = parse_decimal(*text);
    if (!parsed.value) {
      m_reader.error(m_reader.at(node, attribute),
                     std::string(attribute) + " '" + *text + "' " + parsed.problem);
    }
    return parsed.value;
  }

  std::optional<model::IndicatorRef> parse_indicator_ref(pugi::xml_node node, const char* attribute,
                                                         const std::string& text)
  {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
      m_reader.error(m_reader.at(node, attribute),
                     std::string(attribute) + " '" + text + "' must be SET-REF:CODE, such as 'xa-ntm:10'");
      return std::nullopt;
    }
    return model::IndicatorRef{text.substr(0, colon), text.substr(colon + 1)};
  }

  Target parse_target(pugi::xml_node node, const Indicator& indicator, const RuleSet& set)
  {
    m_reader.check_element(
        node, {"op", "value", "factor", "of", "region", "year", "verified", "source", "note"}, {});
    Target target;
    target.where = m_reader.at(node);
    if (auto op = m_reader.required(node, "op")) {
      if (auto parsed = model::parse_op(*op)) {
        target.op = *parsed;
      } else {
        m_reader.error(m_reader.at(node, "op"), "unknown op '" + *op + "', expected ge, le, eq, gt or lt");
      }
    }
    parse_provenance(node, target.provenance);
    const auto value = m_reader.optional(node, "value");
    const auto of = m_reader.optional(node, "of");
    const auto factor = m_reader.optional(node, "factor");
    if (value && (of || factor)) {
      m_reader.error(m_reader.at(node, "value"), "a target has either value= or factor= and of=, not both");
    } else if (value) {
      target.raw = *value;
      if (!m_deferred) {
        parse_target_value(node, *value, indicator, target);
      }
    } else if (of) {
      if (!m_deferred && indicator.type != IndicatorType::number &&
          indicator.type != IndicatorType::percent) {
        m_reader.error(m_reader.at(node, "of"), "a derived target needs a number or percent indicator");
      }
      if (auto ref = parse_indicator_ref(node, "of", *of)) {
        model::DerivedTarget derived{ref->set_ref, ref->code, 1.0};
        if (factor) {
          const ParsedNumber parsed = parse_decimal(*factor);
          if (parsed.value && *parsed.value <= 0) {
            m_reader.error(m_reader.at(node, "factor"), "factor '" + *factor + "' must be positive");
          } else if (parsed.value) {
            derived.factor = *parsed.value;
          } else {
            m_reader.error(m_reader.at(node, "factor"), "factor '" + *factor + "' " + parsed.problem);
          }
        }
        target.derived = derived;
      }
    } else {
      m_reader.error(target.where, "<target> needs value= or of=");
    }
    if (auto regions = m_reader.optional(node, "region")) {
      const auto known = region_codes();
      for (const std::string& code : split_words(*regions)) {
        if (auto region = model::parse_region(code)) {
          target.regions.push_back(*region);
        } else {
          m_reader.error(m_reader.at(node, "region"), "unknown region '" + code + "'" +
                                                          did_you_mean(code, known) +
                                                          " (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)");
        }
      }
    }
    if (auto years = m_reader.optional(node, "year")) {
      for (const std::string& word : split_words(*years)) {
        const ParsedNumber parsed = parse_count(word);
        if (!parsed.value || word.size() != 4) {
          m_reader.error(m_reader.at(node, "year"), "year '" + word + "' must be a year such as 2024");
          continue;
        }
        const int year = static_cast<int>(*parsed.value);
        if (set.from_year != 0 && !set.covers(year)) {
          m_reader.error(m_reader.at(node, "year"), "year " + word + " is outside the set's years " +
                                                        std::to_string(set.from_year) + "–" +
                                                        std::to_string(set.to_year));
        }
        target.years.push_back(year);
      }
    }
    return target;
  }

  void parse_target_value(pugi::xml_node node, const std::string& value, const Indicator& indicator,
                          Target& target)
  {
    if (auto problem = interpret_target_value(indicator, value, target)) {
      m_reader.error(m_reader.at(node, problem->second ? "op" : "value"), problem->first);
    }
  }

  void parse_override(pugi::xml_node node, RuleSet& set)
  {
    m_reader.check_element(node, {"indicator"}, {"target"});
    model::Override override_;
    override_.where = m_reader.at(node);
    override_.indicator = m_reader.required(node, "indicator").value_or("");
    // The indicator's type is known only after merging: values are interpreted then.
    m_deferred = true;
    for (pugi::xml_node child : node.children("target")) {
      override_.targets.push_back(parse_target(child, Indicator{}, set));
    }
    m_deferred = false;
    if (override_.targets.empty()) {
      m_reader.error(override_.where, "<override> of '" + override_.indicator + "' has no <target>");
    }
    set.overrides.push_back(std::move(override_));
  }

  void parse_levels(pugi::xml_node node)
  {
    m_reader.check_element(node, {"none-id", "none-name", "none-name-en"}, {"level"});
    if (m_have_levels) {
      m_reader.error(m_reader.at(node), "a second <levels> file; the rules may hold only one");
      return;
    }
    m_have_levels = true;
    model::Levels& levels = m_book.levels;
    levels.where = m_reader.at(node);
    levels.none_id = m_reader.required(node, "none-id").value_or("");
    levels.none_name = m_reader.required(node, "none-name").value_or("");
    levels.none_name_en = m_reader.optional(node, "none-name-en").value_or("");
    for (pugi::xml_node child : node.children("level")) {
      m_reader.check_element(child, {"id", "rank", "name", "name-en"}, {"requires"});
      model::Level level;
      level.where = m_reader.at(child);
      level.id = m_reader.required(child, "id").value_or("");
      level.name = m_reader.required(child, "name").value_or("");
      level.name_en = m_reader.optional(child, "name-en").value_or("");
      if (auto rank = m_reader.required(child, "rank")) {
        const ParsedNumber parsed = parse_count(*rank);
        if (parsed.value && *parsed.value >= 1 && *parsed.value <= 100) {
          level.rank = static_cast<int>(*parsed.value);
        } else {
          m_reader.error(m_reader.at(child, "rank"),
                         "rank '" + *rank + "' must be a whole number from 1 to 100");
        }
      }
      for (pugi::xml_node requires_ : child.children("requires")) {
        m_reader.check_element(requires_, {"set", "level"}, {});
        const auto set = m_reader.optional(requires_, "set");
        const auto required_level = m_reader.optional(requires_, "level");
        if (set.has_value() == required_level.has_value()) {
          m_reader.error(m_reader.at(requires_), "<requires> names either set= or level=");
        } else if (set) {
          level.required_sets.push_back(*set);
        } else {
          level.required_levels.push_back(*required_level);
        }
      }
      if (levels.find(level.id)) {
        m_reader.error(level.where, "duplicate level '" + level.id + "'");
      }
      levels.levels.push_back(std::move(level));
    }
    std::stable_sort(levels.levels.begin(), levels.levels.end(),
                     [](const model::Level& a, const model::Level& b) { return a.rank < b.rank; });
  }

  XmlReader m_reader;
  bool m_deferred = false; // reading an override's targets
  model::RuleBook& m_book;
  bool& m_have_levels;
};

std::string year_range(int from, int to)
{
  return from == to ? std::to_string(from) : std::to_string(from) + "–" + std::to_string(to);
}

bool years_overlap(const RuleSet& a, const RuleSet& b)
{
  return a.from_year <= b.to_year && b.from_year <= a.to_year;
}

std::optional<std::string> shared_scope(const RuleSet& a, const RuleSet& b)
{
  if (a.national() && b.national()) {
    return std::string("every province");
  }
  for (const std::string& province : a.provinces) {
    if (b.applies_to(province)) {
      return province;
    }
  }
  return std::nullopt;
}

template <typename T>
bool intersects(const std::vector<T>& a, const std::vector<T>& b)
{
  if (a.empty() || b.empty()) {
    return true;
  }
  return std::any_of(a.begin(), a.end(),
                     [&](const T& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

void check_indicator_ref(const model::RuleBook& book, const model::IndicatorRef& ref, const Location& where,
                         std::string_view what, Diagnostics& errors)
{
  if (!book.has_ref(ref.set_ref)) {
    errors.push_back({where, std::string(what) + " names unknown set '" + ref.set_ref + "'" +
                                 did_you_mean(ref.set_ref, book.refs())});
    return;
  }
  std::vector<std::string> codes;
  for (const RuleSet& set : book.sets) {
    if (set.ref == ref.set_ref) {
      if (set.find_indicator(ref.code)) {
        return;
      }
      const auto more = set.indicator_codes();
      codes.insert(codes.end(), more.begin(), more.end());
    }
  }
  errors.push_back({where, std::string(what) + " names unknown indicator '" + ref.code + "' of set '" +
                               ref.set_ref + "'" + did_you_mean(ref.code, codes)});
}

void check_target_overlaps(const Indicator& indicator, Diagnostics& errors)
{
  for (std::size_t i = 0; i < indicator.targets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const Target& a = indicator.targets[j];
      const Target& b = indicator.targets[i];
      if (a.specificity() == b.specificity() && intersects(a.regions, b.regions) &&
          intersects(a.years, b.years)) {
        errors.push_back({b.where, "target overlaps the target at " + a.where.str() + " of indicator '" +
                                       indicator.code + "': both apply to the same region and year"});
      }
    }
  }
}

} // namespace

Loaded<std::vector<NamedText>> read_rule_dir(const std::filesystem::path& dir)
{
  Loaded<std::vector<NamedText>> result;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    result.errors.push_back({{dir.string(), 0, 0}, "rules directory not found"});
    return result;
  }
  std::vector<std::filesystem::path> paths;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".xml" && !it->is_directory()) {
      paths.push_back(it->path());
    }
  }
  if (ec) {
    result.errors.push_back({{dir.string(), 0, 0}, "cannot list: " + ec.message()});
    return result;
  }
  std::sort(paths.begin(), paths.end());
  std::vector<NamedText> files;
  for (const auto& path : paths) {
    auto text = read_file(path);
    if (!text.value) {
      result.errors.insert(result.errors.end(), text.errors.begin(), text.errors.end());
      continue;
    }
    files.push_back({path.string(), std::move(*text.value)});
  }
  if (result.errors.empty()) {
    result.value = std::move(files);
  }
  return result;
}

Loaded<model::RuleBook> parse_rule_files(const std::vector<NamedText>& files)
{
  Loaded<model::RuleBook> result;
  model::RuleBook book;
  bool have_levels = false;
  for (const NamedText& file : files) {
    const SourceText source(file.name, file.text);
    RuleFileParser(source, result.errors, book, have_levels).parse();
  }
  if (files.empty()) {
    result.errors.push_back({{}, "no rule files (*.xml) found"});
  } else if (!have_levels && result.errors.empty()) {
    result.errors.push_back({{}, "no <levels> file among the rules (rules/levels.xml)"});
  }
  std::map<std::string, Location> ids;
  for (const RuleSet& set : book.sets) {
    const auto [it, inserted] = ids.emplace(set.id, set.where);
    if (!inserted && !set.id.empty()) {
      result.errors.push_back(
          {set.where, "duplicate set id '" + set.id + "', first defined at " + it->second.str()});
    }
  }
  sort_by_position(result.errors);
  if (result.errors.empty()) {
    result.value = std::move(book);
  }
  return result;
}

void check_extends(const model::RuleBook& book, Diagnostics& errors)
{
  std::vector<std::string> ids;
  for (const RuleSet& set : book.sets) {
    ids.push_back(set.id);
  }
  for (const RuleSet& set : book.sets) {
    if (set.extends.empty()) {
      continue;
    }
    const RuleSet* parent = book.find_version(set.extends);
    if (!parent) {
      errors.push_back({set.where, "set '" + set.id + "' extends unknown set '" + set.extends + "'" +
                                       did_you_mean(set.extends, ids)});
    } else if (parent->ref != set.ref) {
      errors.push_back({set.where, "set '" + set.id + "' (ref '" + set.ref + "') extends '" + parent->id +
                                       "' of another ref '" + parent->ref + "'"});
    }
  }
}

void apply_extensions(model::RuleBook& book, const std::vector<std::size_t>& order, Diagnostics& errors)
{
  for (std::size_t index : order) {
    RuleSet& set = book.sets[index];
    if (set.extends.empty()) {
      continue;
    }
    const RuleSet* parent = book.find_version(set.extends);
    assert(parent != nullptr);
    set.criteria = parent->criteria;
    std::map<std::string, Location> overridden;
    for (const model::Override& override_ : set.overrides) {
      if (const auto [first, inserted] = overridden.emplace(override_.indicator, override_.where);
          !inserted) {
        errors.push_back({override_.where, "indicator '" + override_.indicator +
                                               "' is overridden twice, first at " + first->second.str()});
        continue;
      }
      Indicator* indicator = nullptr;
      for (Criterion& criterion : set.criteria) {
        for (Indicator& candidate : criterion.indicators) {
          if (candidate.code == override_.indicator) {
            indicator = &candidate;
          }
        }
      }
      if (!indicator) {
        // An indicator of another set is the likelier mistake than a typo.
        std::string hint = did_you_mean(override_.indicator, parent->indicator_codes());
        for (const RuleSet& other : book.sets) {
          if (other.ref != set.ref && other.find_indicator(override_.indicator)) {
            hint = " (it belongs to set '" + other.ref + "')";
            break;
          }
        }
        errors.push_back({override_.where, "override names unknown indicator '" + override_.indicator +
                                               "' of set '" + parent->id + "'" + hint});
        continue;
      }
      std::vector<Target> targets = override_.targets;
      for (Target& target : targets) {
        if (target.derived) {
          continue;
        }
        if (auto problem = interpret_target_value(*indicator, target.raw, target)) {
          errors.push_back({target.where, problem->first});
        }
      }
      indicator->targets = std::move(targets);
    }
  }
}

void check_references(const model::RuleBook& book, Diagnostics& errors)
{
  for (std::size_t i = 0; i < book.sets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const RuleSet& a = book.sets[j];
      const RuleSet& b = book.sets[i];
      if (a.ref != b.ref || !years_overlap(a, b)) {
        continue;
      }
      if (auto scope = shared_scope(a, b)) {
        errors.push_back(
            {b.where, "versions '" + a.id + "' and '" + b.id + "' of set '" + a.ref +
                          "' overlap: both apply to " + *scope + " in " +
                          year_range(std::max(a.from_year, b.from_year), std::min(a.to_year, b.to_year))});
      }
    }
  }
  for (const RuleSet& set : book.sets) {
    for (const Criterion& criterion : set.criteria) {
      for (const Indicator& indicator : criterion.indicators) {
        // A provincial version holds copies of its parent's indicators and targets: check each
        // where it is written, so that one mistake is reported once.
        const auto written_here = [&](const Location& where) { return where.source == set.where.source; };
        if (!indicator.targets.empty() && written_here(indicator.targets.front().where)) {
          check_target_overlaps(indicator, errors);
        }
        if (!written_here(indicator.where)) {
          continue;
        }
        if (indicator.value_from) {
          check_indicator_ref(book, *indicator.value_from, indicator.where, "value-from", errors);
        }
        if (!indicator.share_of_level.empty() && !book.levels.find(indicator.share_of_level)) {
          errors.push_back(
              {indicator.where, "share-of-level names unknown level '" + indicator.share_of_level + "'"});
        }
        for (const Target& target : indicator.targets) {
          if (target.derived) {
            check_indicator_ref(book, {target.derived->set_ref, target.derived->code}, target.where,
                                "derived target", errors);
          }
        }
      }
    }
  }
  const model::Levels& levels = book.levels;
  std::vector<std::string> level_ids;
  for (const model::Level& level : levels.levels) {
    level_ids.push_back(level.id);
  }
  for (const model::Level& level : levels.levels) {
    for (const std::string& ref : level.required_sets) {
      if (book.has_ref(ref) && book.scope_of(ref) == model::Scope::district) {
        errors.push_back({level.where, "level '" + level.id + "' requires district set '" + ref +
                                           "'; levels are reached by communes"});
      }
      if (!book.has_ref(ref)) {
        errors.push_back({level.where, "level '" + level.id + "' requires unknown set '" + ref + "'" +
                                           did_you_mean(ref, book.refs())});
      }
    }
    for (const std::string& id : level.required_levels) {
      if (const model::Level* required = levels.find(id); required && required->rank >= level.rank) {
        errors.push_back({level.where, "level '" + level.id + "' (rank " + std::to_string(level.rank) +
                                           ") requires level '" + id + "' of rank " +
                                           std::to_string(required->rank) +
                                           ": a level may require only lower ranks"});
      }
      if (!levels.find(id)) {
        errors.push_back({level.where, "level '" + level.id + "' requires unknown level '" + id + "'" +
                                           did_you_mean(id, level_ids)});
      }
    }
  }
}

} // namespace ntm::load
