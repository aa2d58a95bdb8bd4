#include "load/what_if.hpp"

#include "load/submission_values.hpp"
#include "load/suggest.hpp"

#include <algorithm>

namespace ntm::load {

namespace {

/// The set ref that holds `code`: a submitted set first, then any commune set in force.
std::string find_ref(const model::RuleBook& book, const model::Submission& submission,
                     const std::string& code)
{
  for (const model::SubmittedSet& set : submission.sets) {
    const model::RuleSet* version = book.select(set.ref, submission.commune.province, submission.year);
    if (version && version->find_indicator(code)) {
      return set.ref;
    }
  }
  for (const std::string& ref : book.levels.required_refs()) {
    const model::RuleSet* version = book.select(ref, submission.commune.province, submission.year);
    if (version && version->find_indicator(code)) {
      return ref;
    }
  }
  return "";
}

} // namespace

Diagnostics apply_what_if(const model::RuleBook& book, model::Submission& submission,
                          const std::vector<std::string>& assignments)
{
  Diagnostics errors;
  model::Submission changed = submission;
  for (const std::string& assignment : assignments) {
    const Location where{"--set " + assignment, 0, 0};
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      errors.push_back({where, "expected CODE=VALUE or SET:CODE=VALUE"});
      continue;
    }
    std::string code = assignment.substr(0, equals);
    const std::string value = assignment.substr(equals + 1);
    std::string ref;
    if (const auto colon = code.find(':'); colon != std::string::npos) {
      ref = code.substr(0, colon);
      code = code.substr(colon + 1);
    } else {
      ref = find_ref(book, changed, code);
      if (ref.empty()) {
        std::vector<std::string> codes;
        for (const model::SubmittedSet& set : changed.sets) {
          if (const model::RuleSet* version = book.select(set.ref, changed.commune.province, changed.year)) {
            const auto more = version->indicator_codes();
            codes.insert(codes.end(), more.begin(), more.end());
          }
        }
        errors.push_back(
            {where, "no set in force holds indicator '" + code + "'" + did_you_mean(code, codes)});
        continue;
      }
    }
    SubmissionChecks checks(book, errors);
    if (!checks.set_ref(ref, where)) {
      continue;
    }
    const model::RuleSet* version = checks.version(ref, changed, where);
    if (!version) {
      continue;
    }
    RawIndicator raw;
    raw.code = code;
    raw.where = where;
    raw.code_where = where;
    const auto slash = value.find('/');
    if (slash != std::string::npos) {
      // Views into `value`, which outlives the checks (a std::string's substr would not).
      const std::string_view counts = value;
      raw.numerator = {counts.substr(0, slash), where};
      raw.denominator = {counts.substr(slash + 1), where};
      raw.value = {std::nullopt, where};
    } else {
      raw.value = {value, where};
    }
    model::SubmittedIndicator indicator;
    if (!checks.indicator(raw, *version, changed, indicator)) {
      continue;
    }
    auto set = std::find_if(changed.sets.begin(), changed.sets.end(),
                            [&](const model::SubmittedSet& s) { return s.ref == ref; });
    if (set == changed.sets.end()) {
      changed.sets.push_back({ref, {}, where});
      set = changed.sets.end() - 1;
    }
    auto existing = std::find_if(set->indicators.begin(), set->indicators.end(),
                                 [&](const model::SubmittedIndicator& i) { return i.code == code; });
    if (existing != set->indicators.end()) {
      // The commune's self-assessment was of its own figure, not of the assumed one: drop it.
      *existing = std::move(indicator);
    } else {
      set->indicators.push_back(std::move(indicator));
    }
  }
  if (errors.empty()) {
    submission = std::move(changed);
  }
  return errors;
}

} // namespace ntm::load
