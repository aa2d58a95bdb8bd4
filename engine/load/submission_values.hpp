#pragma once
// Internal to engine/load: the checks a submission's values get whatever file format they come in.
// The XML loader (submission_loader.cpp) and the CSV loader (csv_loader.cpp) read their syntax,
// then hand each value with its location to these functions, so the two formats accept the same
// values and word the same problems the same way.

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::load {

/// One field of an indicator as the file gives it: its text (empty when the field is absent or
/// blank) and where it is (the indicator itself when the field is absent). The text is a view
/// into the loader's own copy, which outlives the checks: nothing is copied per field.
struct RawField {
  std::optional<std::string_view> text;
  LazyLocation where;
};

/// One indicator as the file gives it, before any check; its texts are views, as in RawField.
struct RawIndicator {
  std::string_view code;
  LazyLocation where;      // the indicator as a whole (XML element, CSV row)
  LazyLocation code_where; // its code
  RawField value;
  RawField numerator;
  RawField denominator;
  RawField self_assessment;
};

/// What differs between formats in reading values: the decimal mark and how messages name the
/// fields (`value=` in XML, `value` for a CSV column).
struct ValueSyntax {
  bool decimal_comma = false; // CSV: `62,66` is read as 62.66
  std::string value = "value=";
  std::string numerator = "numerator=";
  std::string denominator = "denominator=";
};

/// Checks the values of one submission against a rule book, adding a diagnostic for each problem.
/// Rules it enforces:
/// 1. the region is one of the seven codes, the commune code has 5 digits, a claim names a level;
/// 2. a set ref names a commune set of the book that has a version for the province and year;
/// 3. an indicator code belongs to that version and is not derived from another indicator;
/// 4. a value fits the indicator's type: `dat`/`khong-dat`, a grade id, a plain decimal within
///    0–100 for a percent and within the indicator's range, `khong-co` only when "nếu có";
/// 5. counts are for percents only, come in pairs, are whole, the denominator non-zero and not
///    below the numerator; a value and counts are not both given;
/// 6. a self-assessment is `dat` or `khong-dat`.
class SubmissionChecks {
public:
  SubmissionChecks(const model::RuleBook& book, Diagnostics& errors, ValueSyntax syntax = {});

  /// The region coded `text`; reports an unknown code with a did-you-mean and the list of codes.
  std::optional<model::Region> region(const std::string& text, const Location& where);
  /// Reports a commune code that is not 5 digits, adding `hint` to the message.
  void commune_code(const std::string& code, const Location& where, const std::string& hint = "");
  /// Reports a province that the rules spell otherwise (`Tra Vinh` for `Trà Vinh`): with that
  /// spelling the province's own versions of the sets would silently not apply.
  void province(const std::string& province, const Location& where);
  /// Reports a claimed level the book does not define.
  void claim(const std::string& level, const Location& where);
  /// False, reported at `where`, when `ref` is not a set of the book a commune can submit.
  bool set_ref(const std::string& ref, const Location& where);
  /// The version of set `ref` in force for the submission's province and year; reports, at
  /// `where`, that none covers the year.
  const model::RuleSet* version(const std::string& ref, const model::Submission& submission,
                                const Location& where);
  /// Checks `raw` against `version` and fills `out`; false when something was reported.
  bool indicator(const RawIndicator& raw, const model::RuleSet& version, const model::Submission& submission,
                 model::SubmittedIndicator& out);
  /// Where an indicator's rule is in its version: the index of its criterion, and one past its own
  /// index there. Places of rules listed later compare greater; a default place, before all.
  struct RulePlace {
    std::size_t criterion = 0;
    std::size_t after = 0;
    friend auto operator<=>(const RulePlace&, const RulePlace&) = default;
  };
  /// The place of the rule that the last call of `indicator` found; meant after one that returned true.
  RulePlace last_found() const { return {m_cursor.criterion, m_cursor.indicator}; }

  void error(const Location& where, std::string message, std::string code = "format-error");
  std::size_t error_count() const { return m_errors.size(); }

private:
  void read_value(const model::Indicator& rule, const RawField& value, model::SubmittedIndicator& out);
  /// read_value of any value, with every check. Not inline: the usual value needs none of the frame
  /// that building messages takes.
  [[gnu::noinline]] void check_value(const model::Indicator& rule, const RawField& value,
                                     model::SubmittedIndicator& out);
  /// `version.find_indicator(code)`, searched from m_cursor. Inline up to the search: the usual
  /// file gives next the indicator at the cursor, or the first of the next criterion when the
  /// cursor is past the last of its own, which is one comparison.
  const model::Indicator* find_indicator(const model::RuleSet& version, std::string_view code)
  {
    if (m_cursor.version == &version) {
      std::size_t criterion = m_cursor.criterion;
      std::size_t next = m_cursor.indicator;
      if (criterion < version.criteria.size() && next == version.criteria[criterion].indicators.size()) {
        ++criterion;
        next = 0;
      }
      if (criterion < version.criteria.size()) {
        const std::vector<model::Indicator>& indicators = version.criteria[criterion].indicators;
        if (next < indicators.size() && same_text(indicators[next].code, code)) {
          m_cursor = {&version, criterion, next + 1};
          return &indicators[next];
        }
      }
    }
    return search_indicator(version, code);
  }
  /// find_indicator past its first comparison.
  const model::Indicator* search_indicator(const model::RuleSet& version, std::string_view code);
  void read_counts(const model::Indicator& rule, const RawIndicator& raw, model::SubmittedIndicator& out);

  const model::RuleBook& m_book;
  Diagnostics& m_errors;
  ValueSyntax m_syntax;
  /// Where the last indicator was found: files list indicators in the rules' order, so the next
  /// one is searched from there.
  struct Cursor {
    const model::RuleSet* version = nullptr;
    std::size_t criterion = 0;
    std::size_t indicator = 0;
  } m_cursor;
};

} // namespace ntm::load
