#include "load/number.hpp"
#include "report/audit_report.hpp"
#include "report/text_report.hpp"

#include <algorithm>

namespace ntm::report {

namespace {

struct Words {
  const char* lang;
  const char* title;
  const char* summary;
  const char* files;
  const char* evaluated;
  const char* bad_files;
  const char* errors;
  const char* warnings;
  const char* infos;
  const char* by_status;
  const char* buckets;
  const char* pass_rates;
  const char* districts;
  const char* province;
  const char* district;
  const char* year;
  const char* communes;
  const char* conditions;
  const char* findings;
  const char* severity;
  const char* file;
  const char* message;
  const char* code;
  const char* details;
  const char* status;
  const char* claimed;
  const char* criteria;
  const char* none;
  const char* meet;
  const char* under;
  const char* unverified;
};

const Words k_vi = {"vi",
                    "Báo cáo thẩm định hồ sơ xây dựng nông thôn mới",
                    "Tổng hợp",
                    "Số hồ sơ",
                    "Xã đánh giá được",
                    "Tệp lỗi",
                    "Lỗi",
                    "Cảnh báo",
                    "Thông tin",
                    "Số xã theo mức đạt chuẩn",
                    "Số xã theo nhóm số tiêu chí đạt",
                    "Tỷ lệ xã đạt từng tiêu chí",
                    "Theo huyện",
                    "Tỉnh",
                    "Huyện",
                    "Năm",
                    "Số xã",
                    "Điều kiện huyện",
                    "Phát hiện",
                    "Mức độ",
                    "Tệp",
                    "Nội dung",
                    "Mã",
                    "Chi tiết từng xã",
                    "Kết quả",
                    "Xã đề nghị",
                    "Tiêu chí",
                    "Không có",
                    "đạt",
                    "dưới",
                    "Phần lớn mức yêu cầu chưa được đối chiếu với văn bản gốc (xem ntm rules check)."};
const Words k_en = {"en",
                    "New rural development audit report",
                    "Summary",
                    "Files",
                    "Communes evaluated",
                    "Bad files",
                    "Errors",
                    "Warnings",
                    "Info",
                    "Communes by status",
                    "Communes by criteria met",
                    "Share of communes meeting each criterion",
                    "By district",
                    "Province",
                    "District",
                    "Year",
                    "Communes",
                    "District conditions",
                    "Findings",
                    "Severity",
                    "File",
                    "Message",
                    "Code",
                    "Commune details",
                    "Result",
                    "Claimed",
                    "Criteria",
                    "None",
                    "meet",
                    "under",
                    "Most thresholds are not yet checked against the legal text (see ntm rules check)."};

const char* const k_style = R"(
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:2em}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#eee}.num{text-align:right}.met{background:#dff0d8}.not-met{background:#f2dede}.missing{background:#fcf8e3}
.error{color:#a00;font-weight:bold}.warning{color:#8a6d00}.note{color:#555;font-size:.9em}
svg.chart{display:block;margin:.5em 0}svg.chart text{font-size:12px;fill:#222}svg.chart rect.bar{fill:#3a7bbf}
.grid td{text-align:center;min-width:1.6em}
@media print{body{margin:0;max-width:none}section.commune{page-break-inside:avoid}a{color:inherit;text-decoration:none}}
)";

struct Bar {
  std::string label;
  int value;
  int max;
};

void bar_chart(std::ostream& out, const std::string& id, const std::string& title,
               const std::vector<Bar>& bars)
{
  const int row = 22;
  const int label_width = 290;
  const int bar_width = 360;
  const int height = row * static_cast<int>(bars.size()) + 10;
  out << "<svg class=\"chart\" id=\"" << id << "\" role=\"img\" width=\"" << label_width + bar_width + 80
      << "\" height=\"" << height << "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" << escape_markup(title)
      << "</title>\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int y = 5 + row * static_cast<int>(i);
    const int width = bar.max > 0 ? bar_width * bar.value / bar.max : 0;
    std::string label = fit(bar.label, 40);
    label.erase(label.find_last_not_of(' ') + 1);
    out << "<text x=\"0\" y=\"" << y + 15 << "\">" << escape_markup(label) << "</text>";
    out << "<rect class=\"bar\" x=\"" << label_width << "\" y=\"" << y + 3 << "\" width=\"" << width
        << "\" height=\"" << row - 6 << "\"/>";
    out << "<text x=\"" << label_width + width + 5 << "\" y=\"" << y + 15 << "\">" << bar.value
        << (bar.max > 0 ? "/" + std::to_string(bar.max) : "") << "</text>\n";
  }
  out << "</svg>\n";
}

const char* severity_class(eval::Severity severity)
{
  return severity == eval::Severity::error     ? "error"
         : severity == eval::Severity::warning ? "warning"
                                               : "info";
}

const char* outcome_class(eval::Outcome outcome)
{
  switch (outcome) {
  case eval::Outcome::met:
    return "met";
  case eval::Outcome::not_met:
    return "not-met";
  case eval::Outcome::missing:
    return "missing";
  case eval::Outcome::not_applicable:
    return "na";
  }
  return "";
}

} // namespace

void write_audit_html(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang)
{
  const Words& w = lang == Lang::vi ? k_vi : k_en;
  const eval::Rollup& total = result.total;
  const model::RuleSet* main = book.first_version(result.main_ref);
  const int criteria_total = main ? static_cast<int>(main->criteria.size()) : 0;
  const std::size_t bad = result.bad_files();

  out << "<!DOCTYPE html>\n<html lang=\"" << w.lang << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << w.title << "</title>\n<style>" << k_style << "</style>\n</head>\n<body>\n";
  out << "<h1>" << w.title << "</h1>\n<p class=\"note\">" << w.unverified << "</p>\n";

  out << "<h2 id=\"summary\">" << w.summary << "</h2>\n<table>\n";
  auto summary_row = [&](const char* label, std::size_t value) {
    out << "<tr><th>" << label << "</th><td class=\"num\">" << value << "</td></tr>\n";
  };
  summary_row(w.files, result.rows.size());
  summary_row(w.evaluated, static_cast<std::size_t>(total.communes));
  summary_row(w.bad_files, static_cast<std::size_t>(bad));
  summary_row(w.errors, result.count(eval::Severity::error));
  summary_row(w.warnings, result.count(eval::Severity::warning));
  summary_row(w.infos, result.count(eval::Severity::info));
  out << "</table>\n";
  if (auto counts = total.by_criteria_met.find(result.main_ref); counts != total.by_criteria_met.end()) {
    out << "<p>";
    bool first = true;
    for (const CountGroup& group : paired_counts(counts->second, criteria_total)) {
      out << (first ? "" : ", ") << group.communes << " " << (lang == Lang::vi ? "xã" : "communes") << " "
          << w.meet << " " << range_text(group.low, group.high) << " "
          << (lang == Lang::vi ? "tiêu chí" : "criteria");
      first = false;
    }
    out << ".</p>\n";
  }

  std::vector<Bar> statuses;
  statuses.push_back(
      {level_label(book.levels, book.levels.none_id, lang),
       total.by_status.count(book.levels.none_id) ? total.by_status.at(book.levels.none_id) : 0,
       total.communes});
  for (const model::Level& level : book.levels.levels) {
    statuses.push_back({level_label(book.levels, level.id, lang),
                        total.by_status.count(level.id) ? total.by_status.at(level.id) : 0, total.communes});
  }
  out << "<h3>" << w.by_status << "</h3>\n";
  bar_chart(out, "chart-status", w.by_status, statuses);

  if (auto counts = total.by_criteria_met.find(result.main_ref); counts != total.by_criteria_met.end()) {
    std::vector<Bar> buckets;
    for (const eval::Bucket& bucket : eval::criteria_buckets(criteria_total)) {
      const int communes = eval::communes_in(counts->second, bucket);
      buckets.push_back({bucket.low == 0 ? std::string(w.under) + " " + std::to_string(bucket.high + 1)
                                         : range_text(bucket.low, bucket.high) + " " +
                                               (lang == Lang::vi ? "tiêu chí" : "criteria"),
                         communes, total.communes});
    }
    out << "<h3>" << w.buckets << "</h3>\n";
    bar_chart(out, "chart-buckets", w.buckets, buckets);
  }
  if (main && total.criterion_met.count(result.main_ref)) {
    const auto& met = total.criterion_met.at(result.main_ref);
    const int communes = total.set_communes.at(result.main_ref);
    std::vector<Bar> rates;
    for (const model::Criterion& criterion : main->criteria) {
      rates.push_back({criterion.id + ". " + pick(criterion.name, criterion.name_en, lang),
                       met.count(criterion.id) ? met.at(criterion.id) : 0, communes});
    }
    out << "<h3>" << w.pass_rates << "</h3>\n";
    bar_chart(out, "chart-criteria", w.pass_rates, rates);
  }

  out << "<h2 id=\"districts\">" << w.districts << "</h2>\n<table>\n<tr><th>" << w.province << "</th><th>"
      << w.district << "</th><th>" << w.year << "</th><th>" << w.communes << "</th>";
  out << "<th>" << escape_markup(level_label(book.levels, book.levels.none_id, lang)) << "</th>";
  for (const model::Level& level : book.levels.levels) {
    out << "<th>" << escape_markup(pick(level.name, level.name_en, lang)) << "</th>";
  }
  for (const eval::Bucket& bucket : eval::criteria_buckets(criteria_total)) {
    out << "<th>"
        << (bucket.low == 0 ? std::string(w.under) + " " + std::to_string(bucket.high + 1)
                            : range_text(bucket.low, bucket.high))
        << "</th>";
  }
  out << "<th>" << w.conditions << "</th></tr>\n";
  for (const eval::Rollup& rollup : result.districts) {
    out << "<tr><td>" << escape_markup(rollup.province) << "</td><td>" << escape_markup(rollup.district)
        << "</td><td>" << rollup.year << "</td><td class=\"num\">" << rollup.communes << "</td>";
    auto count = [&](const std::string& id) {
      return rollup.by_status.count(id) ? rollup.by_status.at(id) : 0;
    };
    out << "<td class=\"num\">" << count(book.levels.none_id) << "</td>";
    for (const model::Level& level : book.levels.levels) {
      out << "<td class=\"num\">" << count(level.id) << "</td>";
    }
    const auto counts = rollup.by_criteria_met.find(result.main_ref);
    for (const eval::Bucket& bucket : eval::criteria_buckets(criteria_total)) {
      const int communes =
          counts == rollup.by_criteria_met.end() ? 0 : eval::communes_in(counts->second, bucket);
      out << "<td class=\"num\">" << communes << "</td>";
    }
    out << "<td>";
    if (rollup.district_evaluation) {
      for (const eval::SetResult& set : rollup.district_evaluation->sets) {
        for (const eval::CriterionResult& criterion : set.criteria) {
          for (const eval::IndicatorResult& indicator : criterion.indicators) {
            out << "<div class=\"" << outcome_class(indicator.outcome) << "\">"
                << escape_markup(pick(criterion.rule->name, criterion.rule->name_en, lang)) << ": "
                << escape_markup(value_text(indicator, lang)) << " ("
                << escape_markup(target_text(indicator, lang)) << ") "
                << outcome_label(indicator.outcome, lang) << "</div>";
          }
        }
      }
    }
    out << "</td></tr>\n";
  }
  out << "</table>\n";

  out << "<h2 id=\"findings\">" << w.findings << "</h2>\n";
  bool any = false;
  for (eval::Severity severity : {eval::Severity::error, eval::Severity::warning, eval::Severity::info}) {
    for (const eval::CommuneRow& row : result.rows) {
      for (const eval::Finding& finding : row.findings) {
        if (finding.severity != severity) {
          continue;
        }
        if (!any) {
          out << "<table>\n<tr><th>" << w.severity << "</th><th>" << w.file << "</th><th>" << w.message
              << "</th><th>" << w.code << "</th></tr>\n";
          any = true;
        }
        out << "<tr><td class=\"" << severity_class(severity) << "\">" << severity_label(severity, lang)
            << "</td><td><a href=\"#c" << row.index << "\">" << escape_markup(finding.where.str())
            << "</a></td><td>" << escape_markup(finding_message(finding, book.levels, lang)) << "</td><td>"
            << escape_markup(finding.code) << "</td></tr>\n";
      }
    }
  }
  out << (any ? "</table>\n" : "<p>" + std::string(w.none) + "</p>\n");

  out << "<h2 id=\"communes\">" << w.details << "</h2>\n";
  for (const eval::CommuneRow& row : result.rows) {
    out << "<section class=\"commune\" id=\"c" << row.index << "\">\n<h3>";
    if (row.evaluated) {
      out << escape_markup(row.commune.name) << " (" << escape_markup(row.commune.code) << ") · "
          << escape_markup(row.commune.district) << " · " << escape_markup(row.commune.province) << " · "
          << row.year;
    } else {
      out << escape_markup(row.file);
    }
    out << "</h3>\n<p class=\"note\">" << escape_markup(row.file) << "</p>\n";
    if (row.evaluated) {
      out << "<p>" << w.status << ": <b>" << escape_markup(level_label(book.levels, row.status, lang))
          << "</b>";
      if (row.claimed) {
        out << " · " << w.claimed << ": " << escape_markup(level_label(book.levels, *row.claimed, lang));
      }
      for (const eval::SetSummary& set : row.sets) {
        out << " · " << escape_markup(set.version->ref) << " " << set.criteria_met << "/"
            << set.criteria_total();
      }
      out << "</p>\n";
      for (const eval::SetSummary& set : row.sets) {
        out << "<table class=\"grid\"><tr><th>" << escape_markup(set.version->ref) << "</th>";
        for (const model::Criterion& criterion : set.version->criteria) {
          out << "<th title=\"" << escape_markup(pick(criterion.name, criterion.name_en, lang)) << "\">"
              << escape_markup(criterion.id) << "</th>";
        }
        out << "</tr><tr><td>" << w.criteria << "</td>";
        for (eval::Outcome outcome : set.criteria) {
          out << "<td class=\"" << outcome_class(outcome) << "\" title=\"" << outcome_label(outcome, lang)
              << "\">"
              << (outcome == eval::Outcome::met       ? "✓"
                  : outcome == eval::Outcome::not_met ? "✗"
                                                      : "?")
              << "</td>";
        }
        out << "</tr></table>\n";
      }
    }
    if (!row.findings.empty()) {
      out << "<ul>\n";
      for (const eval::Finding& finding : row.findings) {
        out << "<li class=\"" << severity_class(finding.severity) << "\">"
            << escape_markup(finding.where.str()) << ": "
            << escape_markup(finding_message(finding, book.levels, lang)) << "</li>\n";
      }
      out << "</ul>\n";
    }
    out << "</section>\n";
  }
  out << "</body>\n</html>\n";
}

} // namespace ntm::report
