#include "serve/submission_text.hpp"

#include "load/number.hpp"
#include "options.hpp"
#include "report/labels.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace ntm::serve {

namespace {

/// An indicator's value as a file writes it: its symbol, `khong-co`, or the number as written
/// (with `.` as the decimal mark); empty when counts or nothing were given.
std::string value_text(const model::SubmittedIndicator& indicator)
{
  if (indicator.not_applicable) {
    return "khong-co";
  }
  if (!indicator.symbol.empty()) {
    return indicator.symbol;
  }
  if (indicator.numerator || !indicator.number) {
    return "";
  }
  if (indicator.raw_value.empty()) {
    return load::format_number(*indicator.number, 6);
  }
  std::string written = indicator.raw_value;
  std::replace(written.begin(), written.end(), ',', '.');
  return written;
}

std::string count_text(const std::optional<double>& count)
{
  return count ? load::format_number(*count, 0) : "";
}

std::string assessment_text(const model::SubmittedIndicator& indicator)
{
  return indicator.self_assessment ? (*indicator.self_assessment ? "dat" : "khong-dat") : "";
}

} // namespace

std::string submission_xml(const model::Submission& submission)
{
  using report::escape_markup;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<submission year=\"" << submission.year << "\" region=\"" << model::region_code(submission.region)
      << "\"" << (submission.special_difficulty ? " special-difficulty=\"true\"" : "") << ">\n";
  const model::Commune& commune = submission.commune;
  out << "  <commune code=\"" << escape_markup(commune.code) << "\" name=\"" << escape_markup(commune.name)
      << "\" district=\"" << escape_markup(commune.district) << "\" province=\""
      << escape_markup(commune.province) << "\"/>\n";
  if (submission.claim) {
    out << "  <claim level=\"" << escape_markup(*submission.claim) << "\"/>\n";
  }
  for (const model::SubmittedSet& set : submission.sets) {
    out << "  <set ref=\"" << escape_markup(set.ref) << "\">\n";
    for (const model::SubmittedIndicator& indicator : set.indicators) {
      out << "    <indicator code=\"" << escape_markup(indicator.code) << "\"";
      if (indicator.numerator && indicator.denominator) {
        out << " numerator=\"" << count_text(indicator.numerator) << "\" denominator=\""
            << count_text(indicator.denominator) << "\"";
      } else {
        out << " value=\"" << escape_markup(value_text(indicator)) << "\"";
      }
      if (const std::string assessment = assessment_text(indicator); !assessment.empty()) {
        out << " self-assessment=\"" << assessment << "\"";
      }
      out << "/>\n";
    }
    out << "  </set>\n";
  }
  out << "</submission>\n";
  return out.str();
}

std::string submission_csv(const model::Submission& submission)
{
  std::ostringstream out;
  out << "\xEF\xBB\xBF"; // so that Excel reads it as UTF-8
  const model::Commune& commune = submission.commune;
  cli::csv_row(out, {"year", std::to_string(submission.year)});
  cli::csv_row(out, {"region", std::string(model::region_code(submission.region))});
  cli::csv_row(out, {"special-difficulty", submission.special_difficulty ? "true" : "false"});
  cli::csv_row(out, {"commune-code", commune.code});
  cli::csv_row(out, {"commune-name", commune.name});
  cli::csv_row(out, {"district", commune.district});
  cli::csv_row(out, {"province", commune.province});
  cli::csv_row(out, {"claim", submission.claim.value_or("")});
  out << "\r\n";
  cli::csv_row(out, {"set", "code", "value", "numerator", "denominator", "self-assessment"});
  for (const model::SubmittedSet& set : submission.sets) {
    for (const model::SubmittedIndicator& indicator : set.indicators) {
      cli::csv_row(out, {set.ref, indicator.code, value_text(indicator), count_text(indicator.numerator),
                         count_text(indicator.denominator), assessment_text(indicator)});
    }
  }
  return out.str();
}

std::string submission_json(const model::Submission& submission)
{
  nlohmann::ordered_json out;
  out["year"] = submission.year;
  out["region"] = model::region_code(submission.region);
  out["special-difficulty"] = submission.special_difficulty;
  const model::Commune& commune = submission.commune;
  out["commune"] = {{"code", commune.code},
                    {"name", commune.name},
                    {"district", commune.district},
                    {"province", commune.province}};
  out["claim"] = submission.claim ? nlohmann::ordered_json(*submission.claim) : nlohmann::ordered_json();
  out["sets"] = nlohmann::ordered_json::object();
  for (const model::SubmittedSet& set : submission.sets) {
    nlohmann::ordered_json indicators = nlohmann::ordered_json::object();
    for (const model::SubmittedIndicator& indicator : set.indicators) {
      const bool counts = indicator.numerator && indicator.denominator;
      const std::string assessment = assessment_text(indicator);
      if (assessment.empty()) {
        indicators[indicator.code] =
            counts ? count_text(indicator.numerator) + "/" + count_text(indicator.denominator)
                   : value_text(indicator);
        continue;
      }
      nlohmann::ordered_json fields;
      if (counts) {
        fields["numerator"] = count_text(indicator.numerator);
        fields["denominator"] = count_text(indicator.denominator);
      } else {
        fields["value"] = value_text(indicator);
      }
      fields["self-assessment"] = assessment;
      indicators[indicator.code] = std::move(fields);
    }
    out["sets"][set.ref] = std::move(indicators);
  }
  return out.dump(2) + "\n";
}

} // namespace ntm::serve
