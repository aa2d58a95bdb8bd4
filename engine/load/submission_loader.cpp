#include "load/submission_loader.hpp"

#include "load/number.hpp"
#include "load/suggest.hpp"
#include "load/xml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace ntm::load {

namespace {

using model::IndicatorType;

class SubmissionParser {
public:
  SubmissionParser(const SourceText& source, Diagnostics& errors, const model::RuleBook& book)
      : m_reader(source, errors), m_book(book)
  {
  }

  std::optional<model::Submission> parse(const std::string& name)
  {
    if (!m_reader.parse()) {
      return std::nullopt;
    }
    const pugi::xml_node root = m_reader.root();
    if (std::string(root.name()) != "submission") {
      m_reader.error(m_reader.at(root),
                     "unknown root element <" + std::string(root.name()) + ">, expected <submission>");
      return std::nullopt;
    }
    const std::size_t errors_before = m_reader.error_count();
    model::Submission submission;
    submission.source = name;
    submission.where = m_reader.at(root);
    m_reader.check_element(root, {"year", "region", "special-difficulty"}, {"commune", "claim", "set"});
    const auto year = m_reader.year(root, "year");
    submission.year = year.value_or(0);
    if (auto region = m_reader.required(root, "region")) {
      if (auto parsed = model::parse_region(*region)) {
        submission.region = *parsed;
      } else {
        std::vector<std::string> codes;
        for (auto r : model::k_regions) {
          codes.emplace_back(model::region_code(r));
        }
        m_reader.error(m_reader.at(root, "region"), "unknown region '" + *region + "'" +
                                                        did_you_mean(*region, codes) +
                                                        " (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)");
      }
    }
    submission.special_difficulty = m_reader.boolean(root, "special-difficulty", false).value_or(false);

    const pugi::xml_node commune = root.child("commune");
    if (!commune) {
      m_reader.error(submission.where, "missing <commune> in <submission>");
    } else {
      parse_commune(commune, submission.commune);
      if (commune.next_sibling("commune")) {
        m_reader.error(m_reader.at(commune.next_sibling("commune")),
                       "a second <commune>; a submission is for one commune");
      }
    }
    if (const pugi::xml_node claim = root.child("claim")) {
      m_reader.check_element(claim, {"level"}, {});
      submission.claim_where = m_reader.at(claim, "level");
      if (auto level = m_reader.required(claim, "level")) {
        if (!m_book.levels.find(*level)) {
          std::vector<std::string> ids;
          for (const auto& l : m_book.levels.levels) {
            ids.push_back(l.id);
          }
          m_reader.error(m_reader.at(claim, "level"),
                         "unknown level '" + *level + "'" + did_you_mean(*level, ids));
        }
        submission.claim = *level;
      }
      if (claim.next_sibling("claim")) {
        m_reader.error(m_reader.at(claim.next_sibling("claim")), "a second <claim>");
      }
    }
    const bool can_select = year.has_value() && !submission.commune.province.empty();
    for (pugi::xml_node set : root.children("set")) {
      parse_set(set, submission, can_select);
    }
    if (m_reader.error_count() != errors_before) {
      return std::nullopt;
    }
    return submission;
  }

private:
  void parse_commune(pugi::xml_node node, model::Commune& commune)
  {
    m_reader.check_element(node, {"code", "name", "district", "province"}, {});
    commune.code = m_reader.required(node, "code").value_or("");
    commune.name = m_reader.required(node, "name").value_or("");
    commune.district = m_reader.required(node, "district").value_or("");
    commune.province = m_reader.required(node, "province").value_or("");
    const std::string& code = commune.code;
    const bool five_digits = code.size() == 5 && std::all_of(code.begin(), code.end(), [](char c) {
                               return std::isdigit(static_cast<unsigned char>(c)) != 0;
                             });
    if (!code.empty() && !five_digits) {
      m_reader.error(m_reader.at(node, "code"), "commune code '" + code + "' must be 5 digits");
    }
  }

  void parse_set(pugi::xml_node node, model::Submission& submission, bool can_select)
  {
    m_reader.check_element(node, {"ref"}, {"indicator"});
    model::SubmittedSet set;
    set.where = m_reader.at(node);
    const auto ref = m_reader.required(node, "ref");
    if (!ref) {
      return;
    }
    set.ref = *ref;
    if (!m_book.has_ref(set.ref)) {
      m_reader.error(m_reader.at(node, "ref"),
                     "unknown set '" + set.ref + "'" + did_you_mean(set.ref, m_book.refs()), "unknown-set");
      return;
    }
    if (m_book.scope_of(set.ref) != model::Scope::commune) {
      m_reader.error(m_reader.at(node, "ref"),
                     "set '" + set.ref +
                         "' judges districts from their communes' results; a commune cannot submit it",
                     "unknown-set");
      return;
    }
    if (const model::SubmittedSet* earlier = submission.find_set(set.ref)) {
      m_reader.error(set.where, "set '" + set.ref + "' given twice, first at " + earlier->where.str());
      return;
    }
    if (!can_select) {
      return; // year or province missing: already reported
    }
    const model::RuleSet* version = m_book.select(set.ref, submission.commune.province, submission.year);
    if (!version) {
      std::string periods;
      for (const auto& candidate : m_book.sets) {
        const std::string period =
            std::to_string(candidate.from_year) + "–" + std::to_string(candidate.to_year);
        if (candidate.ref == set.ref && periods.find(period) == std::string::npos) {
          periods += (periods.empty() ? "" : ", ") + period;
        }
      }
      m_reader.error(set.where, "no version of set '" + set.ref + "' covers year " +
                                    std::to_string(submission.year) + " (its versions cover " + periods +
                                    ")");
      return;
    }
    std::map<std::string, Location> seen;
    for (pugi::xml_node child : node.children("indicator")) {
      model::SubmittedIndicator indicator;
      if (!parse_indicator(child, *version, submission, indicator)) {
        continue;
      }
      const auto [it, inserted] = seen.emplace(indicator.code, indicator.where);
      if (!inserted) {
        m_reader.error(indicator.where,
                       "duplicate indicator '" + indicator.code + "', first given at " + it->second.str(),
                       "duplicate-indicator");
        continue;
      }
      set.indicators.push_back(std::move(indicator));
    }
    submission.sets.push_back(std::move(set));
  }

  bool parse_indicator(pugi::xml_node node, const model::RuleSet& version,
                       const model::Submission& submission, model::SubmittedIndicator& out)
  {
    const std::size_t before = m_reader.error_count();
    m_reader.check_element(node, {"code", "value", "numerator", "denominator", "self-assessment"}, {});
    out.where = m_reader.at(node);
    const auto code = m_reader.required(node, "code");
    if (!code) {
      return false;
    }
    out.code = *code;
    const model::Indicator* rule = version.find_indicator(out.code);
    if (!rule) {
      // A code of another set is the likelier mistake than a typo.
      std::string hint;
      for (const std::string& other_ref : m_book.refs()) {
        const model::RuleSet* other = m_book.select(other_ref, submission.commune.province, submission.year);
        if (other && other->ref != version.ref && other->scope == model::Scope::commune &&
            other->find_indicator(out.code)) {
          hint = " (it belongs to set '" + other_ref + "')";
          break;
        }
      }
      if (hint.empty()) {
        hint = did_you_mean(out.code, version.indicator_codes());
      }
      m_reader.error(m_reader.at(node, "code"),
                     "unknown indicator '" + out.code + "' in set '" + version.ref + "'" + hint,
                     "unknown-indicator");
      return false;
    }
    if (rule->value_from) {
      m_reader.error(m_reader.at(node, "code"), "indicator '" + out.code + "' is derived from '" +
                                                    rule->value_from->str() + "' and must not be given");
      return false;
    }
    if (auto assessment = m_reader.optional(node, "self-assessment")) {
      if (*assessment == "dat" || *assessment == "khong-dat") {
        out.self_assessment = *assessment == "dat";
      } else {
        m_reader.error(m_reader.at(node, "self-assessment"),
                       "self-assessment must be 'dat' or 'khong-dat', not '" + *assessment + "'");
      }
    }
    auto value = m_reader.optional(node, "value");
    if (value && value->empty()) {
      value.reset(); // value="" is a blank left to fill in
    }
    const auto numerator = m_reader.optional(node, "numerator");
    const auto denominator = m_reader.optional(node, "denominator");
    if (value && (numerator || denominator)) {
      m_reader.error(m_reader.at(node, "numerator"),
                     "indicator '" + out.code + "' has both value= and numerator=/denominator=; give one");
    } else if (value) {
      out.raw_value = *value;
      read_value(node, *rule, *value, out);
    } else if (numerator || denominator) {
      read_counts(node, *rule, numerator, denominator, out);
    }
    // Neither, or value="" (a blank template): listed without a value, which evaluation reports as
    // missing.
    return m_reader.error_count() == before;
  }

  void read_value(pugi::xml_node node, const model::Indicator& rule, const std::string& value,
                  model::SubmittedIndicator& out)
  {
    const Location where = m_reader.at(node, "value");
    if (value == "khong-co") {
      if (!rule.if_any) {
        m_reader.error(where, "indicator '" + rule.code +
                                  "' is not 'nếu có': 'khong-co' (not applicable) is not allowed");
      }
      out.not_applicable = true;
      return;
    }
    switch (rule.type) {
    case IndicatorType::boolean:
      if (value != "dat" && value != "khong-dat") {
        m_reader.error(where, "value '" + value + "' of indicator '" + rule.code +
                                  "' must be 'dat' or 'khong-dat'" + (rule.if_any ? " (or 'khong-co')" : ""));
      }
      out.symbol = value;
      return;
    case IndicatorType::grade:
      if (!rule.grade_rank(value)) {
        std::vector<std::string> ids;
        for (const auto& grade : rule.grades) {
          ids.push_back(grade.id);
        }
        std::string list;
        for (const auto& id : ids) {
          list += (list.empty() ? "" : ", ") + id;
        }
        m_reader.error(where, "unknown grade '" + value + "' of indicator '" + rule.code + "'" +
                                  did_you_mean(value, ids) + " (grades: " + list + ")");
      }
      out.symbol = value;
      return;
    case IndicatorType::number:
    case IndicatorType::percent:
      break;
    }
    const ParsedNumber parsed = parse_decimal(value);
    if (!parsed.value) {
      m_reader.error(where, "value '" + value + "' of indicator '" + rule.code + "' " + parsed.problem,
                     "not-a-number");
      return;
    }
    const double number = *parsed.value;
    if (rule.type == IndicatorType::percent && (number < 0 || number > 100)) {
      m_reader.error(where,
                     "value '" + value + "' of indicator '" + rule.code + "' is a percent outside 0–100",
                     "value-out-of-range");
      return;
    }
    if ((rule.min && number < *rule.min) || (rule.max && number > *rule.max)) {
      m_reader.error(where,
                     "value '" + value + "' of indicator '" + rule.code + "' is outside its range " +
                         (rule.min ? format_number(*rule.min, 6) : "") + "–" +
                         (rule.max ? format_number(*rule.max, 6) : ""),
                     "value-out-of-range");
      return;
    }
    out.number = number;
  }

  void read_counts(pugi::xml_node node, const model::Indicator& rule,
                   const std::optional<std::string>& numerator, const std::optional<std::string>& denominator,
                   model::SubmittedIndicator& out)
  {
    if (rule.type != IndicatorType::percent) {
      m_reader.error(m_reader.at(node, numerator ? "numerator" : "denominator"),
                     "indicator '" + rule.code +
                         "' is not a percent: give value=, not numerator=/denominator=");
      return;
    }
    if (!numerator || !denominator) {
      m_reader.error(m_reader.at(node),
                     std::string("indicator '") + rule.code + "' needs both numerator= and denominator=");
      return;
    }
    const ParsedNumber top = parse_count(*numerator);
    const ParsedNumber bottom = parse_count(*denominator);
    if (!top.value) {
      m_reader.error(m_reader.at(node, "numerator"), "numerator '" + *numerator + "' " + top.problem,
                     "value-out-of-range");
    }
    if (!bottom.value) {
      m_reader.error(m_reader.at(node, "denominator"), "denominator '" + *denominator + "' " + bottom.problem,
                     "value-out-of-range");
    }
    if (!top.value || !bottom.value) {
      return;
    }
    if (*bottom.value == 0) {
      m_reader.error(m_reader.at(node, "denominator"), "denominator of indicator '" + rule.code + "' is zero",
                     "value-out-of-range");
      return;
    }
    if (*top.value > *bottom.value) {
      m_reader.error(m_reader.at(node, "numerator"),
                     "numerator " + *numerator + " is larger than denominator " + *denominator +
                         " for indicator '" + rule.code + "'",
                     "value-out-of-range");
      return;
    }
    out.numerator = top.value;
    out.denominator = bottom.value;
    out.number = (*top.value * 100.0) / *bottom.value;
  }

  XmlReader m_reader;
  const model::RuleBook& m_book;
};

} // namespace

Loaded<model::Submission> load_submission(const NamedText& file, const model::RuleBook& book)
{
  Loaded<model::Submission> result;
  const SourceText source(file.name, file.text);
  result.value = SubmissionParser(source, result.errors, book).parse(file.name);
  sort_by_position(result.errors);
  if (!result.errors.empty()) {
    result.value.reset();
  }
  return result;
}

} // namespace ntm::load
