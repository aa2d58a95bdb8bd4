#include "load/submission_values.hpp"

#include "load/number.hpp"
#include "load/source_text.hpp"
#include "load/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace ntm::load {

namespace {

using model::IndicatorType;

/// A decimal as a spreadsheet may write it: one mark, `.` or `,` (`62,66` in a Vietnamese-locale
/// Excel). Two marks, or one twice, mean a thousands separator, which is refused as in XML.
ParsedNumber parse_spreadsheet_decimal(std::string text)
{
  const auto commas = std::count(text.begin(), text.end(), ',');
  const auto points = std::count(text.begin(), text.end(), '.');
  if (commas + points > 1) {
    return {std::nullopt, "is not a number: use one decimal mark ('.' or ',') and no thousands separator"};
  }
  if (!text.empty() && text.back() == '%') {
    return {std::nullopt, "is not a number: write the percent without '%'"};
  }
  std::replace(text.begin(), text.end(), ',', '.');
  return parse_decimal(text);
}

/// `to = text`, by clearing and appending: the same result without the general replace that
/// assigning a view takes, which costs about twice as much for the short texts of every indicator.
void assign(std::string& to, std::string_view text)
{
  to.clear();
  to.append(text);
}

} // namespace

SubmissionChecks::SubmissionChecks(const model::RuleBook& book, Diagnostics& errors, ValueSyntax syntax)
    : m_book(book), m_errors(errors), m_syntax(std::move(syntax))
{
}

void SubmissionChecks::error(const Location& where, std::string message, std::string code)
{
  // A message may quote a value refused for holding a lone surrogate (&#xD800;).
  if (find_invalid_utf8(message) != std::string::npos) {
    message = valid_text(message);
  }
  m_errors.push_back({where, std::move(message), std::move(code)});
}

std::optional<model::Region> SubmissionChecks::region(const std::string& text, const Location& where)
{
  if (auto parsed = model::parse_region(text)) {
    return parsed;
  }
  std::vector<std::string> codes;
  for (auto r : model::k_regions) {
    codes.emplace_back(model::region_code(r));
  }
  error(where, "unknown region '" + text + "'" + did_you_mean(text, codes) +
                   " (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)");
  return std::nullopt;
}

void SubmissionChecks::commune_code(const std::string& code, const Location& where, const std::string& hint)
{
  const bool five_digits = code.size() == 5 && std::all_of(code.begin(), code.end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) != 0;
                           });
  if (!code.empty() && !five_digits) {
    error(where, "commune code '" + code + "' must be 5 digits" + hint);
  }
}

void SubmissionChecks::province(const std::string& province, const Location& where)
{
  if (province.empty()) {
    return;
  }
  const std::string* spelt_otherwise = nullptr;
  for (const model::RuleSet& set : m_book.sets) {
    for (const std::string& known : set.provinces) {
      if (known == province) {
        return;
      }
      spelt_otherwise = !spelt_otherwise && same_when_folded(known, province) ? &known : spelt_otherwise;
    }
  }
  if (spelt_otherwise) {
    error(where,
          "province '" + province + "' is spelt '" + *spelt_otherwise +
              "' in the rules; write it so, or the national sets apply instead of the province's own",
          "province-spelling");
  }
}

void SubmissionChecks::claim(const std::string& level, const Location& where)
{
  if (m_book.levels.find(level)) {
    return;
  }
  std::vector<std::string> ids;
  for (const auto& l : m_book.levels.levels) {
    ids.push_back(l.id);
  }
  error(where, "unknown level '" + level + "'" + did_you_mean(level, ids));
}

bool SubmissionChecks::set_ref(const std::string& ref, const Location& where)
{
  if (!m_book.has_ref(ref)) {
    error(where, "unknown set '" + ref + "'" + did_you_mean(ref, m_book.refs()), "unknown-set");
    return false;
  }
  if (m_book.scope_of(ref) != model::Scope::commune) {
    error(where,
          "set '" + ref + "' judges districts from their communes' results; a commune cannot submit it",
          "unknown-set");
    return false;
  }
  return true;
}

const model::RuleSet* SubmissionChecks::version(const std::string& ref, const model::Submission& submission,
                                                const Location& where)
{
  const model::RuleSet* version = m_book.select(ref, submission.commune.province, submission.year);
  if (version) {
    return version;
  }
  std::string periods;
  for (const auto& candidate : m_book.sets) {
    const std::string period = std::to_string(candidate.from_year) + "–" + std::to_string(candidate.to_year);
    if (candidate.ref == ref && periods.find(period) == std::string::npos) {
      periods += (periods.empty() ? "" : ", ") + period;
    }
  }
  error(where, "no version of set '" + ref + "' covers year " + std::to_string(submission.year) +
                   " (its versions cover " + periods + ")");
  return nullptr;
}

const model::Indicator* SubmissionChecks::search_indicator(const model::RuleSet& version,
                                                           std::string_view code)
{
  if (m_cursor.version != &version) {
    m_cursor = {&version, 0, 0};
  }
  // From the cursor to the end, then from the start to the cursor.
  const std::size_t criteria = version.criteria.size();
  for (std::size_t k = 0; k <= criteria; ++k) {
    const std::size_t c = (m_cursor.criterion + k) % std::max<std::size_t>(criteria, 1);
    if (c >= criteria) {
      break;
    }
    const std::vector<model::Indicator>& indicators = version.criteria[c].indicators;
    const std::size_t first = k == 0 ? m_cursor.indicator : 0;
    const std::size_t last = k == criteria ? m_cursor.indicator : indicators.size();
    for (std::size_t i = first; i < last && i < indicators.size(); ++i) {
      if (indicators[i].code == code) {
        m_cursor = {&version, c, i + 1};
        return &indicators[i];
      }
    }
  }
  return nullptr;
}

bool SubmissionChecks::indicator(const RawIndicator& raw, const model::RuleSet& version,
                                 const model::Submission& submission, model::SubmittedIndicator& out)
{
  const std::size_t before = m_errors.size();
  out.where = raw.where;
  out.code = raw.code;
  const model::Indicator* rule = find_indicator(version, out.code);
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
    error(raw.code_where, "unknown indicator '" + out.code + "' in set '" + version.ref + "'" + hint,
          "unknown-indicator");
    return false;
  }
  if (rule->value_from) {
    error(raw.code_where, "indicator '" + out.code + "' is derived from '" + rule->value_from->str() +
                              "' and must not be given");
    return false;
  }
  if (const auto& assessment = raw.self_assessment.text) {
    if (*assessment == "dat" || *assessment == "khong-dat") {
      out.self_assessment = *assessment == "dat";
    } else {
      error(raw.self_assessment.where,
            "self-assessment must be 'dat' or 'khong-dat', not '" + std::string(*assessment) + "'");
    }
  }
  const bool counts = raw.numerator.text || raw.denominator.text;
  if (raw.value.text && counts) {
    error(raw.numerator.where, "indicator '" + out.code + "' has both " + m_syntax.value + " and " +
                                   m_syntax.numerator + "/" + m_syntax.denominator + "; give one");
  } else if (raw.value.text) {
    assign(out.raw_value, *raw.value.text);
    read_value(*rule, raw.value, out);
  } else if (counts) {
    read_counts(*rule, raw, out);
  }
  // Neither: listed without a value, which evaluation reports as missing.
  return m_errors.size() == before;
}

void SubmissionChecks::read_value(const model::Indicator& rule, const RawField& field,
                                  model::SubmittedIndicator& out)
{
  // The usual value, which passes every check of check_value, is taken here; any other is checked
  // there in full, and refused with its message.
  const std::string_view value = *field.text;
  switch (rule.type) {
  case IndicatorType::boolean:
    if (value == "dat" || value == "khong-dat") {
      assign(out.symbol, value);
      return;
    }
    break;
  case IndicatorType::grade:
    if (value != "khong-co" && rule.grade_rank(value)) {
      assign(out.symbol, value);
      return;
    }
    break;
  case IndicatorType::number:
  case IndicatorType::percent:
    // A plain decimal of at most 15 digits, within its bounds as a double (see compare_decimal);
    // counts and decimal commas are read in full.
    if (const auto number =
            rule.whole || m_syntax.decimal_comma ? std::nullopt : parse_short_decimal(value)) {
      const bool in_range = (rule.type != IndicatorType::percent || (*number >= 0 && *number <= 100)) &&
                            (!rule.min || *number >= *rule.min) && (!rule.max || *number <= *rule.max);
      if (in_range) {
        out.number = number;
        return;
      }
    }
    break;
  }
  check_value(rule, field, out);
}

void SubmissionChecks::check_value(const model::Indicator& rule, const RawField& field,
                                   model::SubmittedIndicator& out)
{
  const std::string_view value = *field.text;
  const LazyLocation& where = field.where;
  if (value == "khong-co") {
    if (!rule.if_any) {
      error(where,
            "indicator '" + rule.code + "' is not 'nếu có': 'khong-co' (not applicable) is not allowed");
    }
    out.not_applicable = true;
    return;
  }
  switch (rule.type) {
  case IndicatorType::boolean:
    if (value != "dat" && value != "khong-dat") {
      error(where, "value '" + std::string(value) + "' of indicator '" + rule.code +
                       "' must be 'dat' or 'khong-dat'" + (rule.if_any ? " (or 'khong-co')" : ""));
    }
    assign(out.symbol, value);
    return;
  case IndicatorType::grade:
    if (!rule.grade_rank(value)) {
      std::vector<std::string> ids;
      std::string list;
      for (const auto& grade : rule.grades) {
        ids.push_back(grade.id);
        list += (list.empty() ? "" : ", ") + grade.id;
      }
      error(where, "unknown grade '" + std::string(value) + "' of indicator '" + rule.code + "'" +
                       did_you_mean(value, ids) + " (grades: " + list + ")");
    }
    assign(out.symbol, value);
    return;
  case IndicatorType::number:
  case IndicatorType::percent:
    break;
  }
  // A count (9.1 houses) is whole: `4.200` is four thousand two hundred written the Vietnamese
  // way, not 4.2, and is refused rather than misread.
  const ParsedNumber parsed = rule.whole               ? parse_count(value)
                              : m_syntax.decimal_comma ? parse_spreadsheet_decimal(std::string(value))
                                                       : parse_decimal(value);
  if (!parsed.value) {
    error(where, "value '" + std::string(value) + "' of indicator '" + rule.code + "' " + parsed.problem,
          "not-a-number");
    return;
  }
  const double number = *parsed.value;
  // Bounds are compared with the number as written, which rounding to a double could move onto them.
  // `number` is what that text reads as, a decimal comma made a point.
  std::string_view written = value;
  std::string with_point;
  if (value.find(',') != std::string::npos) {
    with_point = value;
    std::replace(with_point.begin(), with_point.end(), ',', '.');
    written = with_point;
  }
  const auto below = [&](double bound) { return compare_decimal(written, number, bound) < 0; };
  const auto above = [&](double bound) { return compare_decimal(written, number, bound) > 0; };
  if (rule.type == IndicatorType::percent && (below(0) || above(100))) {
    error(where,
          "value '" + std::string(value) + "' of indicator '" + rule.code + "' is a percent outside 0–100",
          "value-out-of-range");
    return;
  }
  if ((rule.min && below(*rule.min)) || (rule.max && above(*rule.max))) {
    error(where,
          "value '" + std::string(value) + "' of indicator '" + rule.code + "' is outside its range " +
              (rule.min ? format_number(*rule.min, 6) : "") + "–" +
              (rule.max ? format_number(*rule.max, 6) : ""),
          "value-out-of-range");
    return;
  }
  out.number = number;
}

void SubmissionChecks::read_counts(const model::Indicator& rule, const RawIndicator& raw,
                                   model::SubmittedIndicator& out)
{
  const std::optional<std::string_view>& numerator = raw.numerator.text;
  const std::optional<std::string_view>& denominator = raw.denominator.text;
  if (rule.type != IndicatorType::percent) {
    error(numerator ? raw.numerator.where : raw.denominator.where,
          "indicator '" + rule.code + "' is not a percent: give " + m_syntax.value + ", not " +
              m_syntax.numerator + "/" + m_syntax.denominator);
    return;
  }
  if (!numerator || !denominator) {
    error(raw.where,
          "indicator '" + rule.code + "' needs both " + m_syntax.numerator + " and " + m_syntax.denominator);
    return;
  }
  const ParsedNumber top = parse_count(*numerator);
  const ParsedNumber bottom = parse_count(*denominator);
  if (!top.value) {
    error(raw.numerator.where, "numerator '" + std::string(*numerator) + "' " + top.problem,
          "value-out-of-range");
  }
  if (!bottom.value) {
    error(raw.denominator.where, "denominator '" + std::string(*denominator) + "' " + bottom.problem,
          "value-out-of-range");
  }
  if (!top.value || !bottom.value) {
    return;
  }
  if (*bottom.value == 0) {
    error(raw.denominator.where, "denominator of indicator '" + rule.code + "' is zero",
          "value-out-of-range");
    return;
  }
  if (*top.value > *bottom.value) {
    error(raw.numerator.where,
          "numerator " + std::string(*numerator) + " is larger than denominator " +
              std::string(*denominator) + " for indicator '" + rule.code + "'",
          "value-out-of-range");
    return;
  }
  out.numerator = top.value;
  out.denominator = bottom.value;
  out.number = (*top.value * 100.0) / *bottom.value;
}

} // namespace ntm::load
