#include "eval/parallel.hpp"
#include "load/number.hpp"
#include "report/audit_report.hpp"
#include "report/text_report.hpp"

#include <algorithm>
#include <sstream>
#include <string>

namespace ntm::report {

namespace {

struct Words {
  const char* audited;
  const char* files;
  const char* evaluated;
  const char* bad_files;
  const char* findings;
  const char* errors;
  const char* warnings;
  const char* infos;
  const char* whole_batch;
  const char* communes;
  const char* year;
  const char* meet;
  const char* criteria;
  const char* by_count;
  const char* with_set;
  const char* range;
  const char* to;
  const char* by_status;
  const char* buckets;
  const char* under;
  const char* bottlenecks;
  const char* district_conditions;
  const char* to_review;
  const char* more;
  const char* more_after;
};

const Words k_vi = {"Thẩm định",
                    "hồ sơ",
                    "xã đánh giá được",
                    "tệp lỗi",
                    "Phát hiện",
                    "lỗi",
                    "cảnh báo",
                    "thông tin",
                    "Toàn bộ",
                    "xã",
                    "năm",
                    "đạt",
                    "tiêu chí",
                    "Theo số tiêu chí đạt",
                    "xã có số liệu",
                    "đạt từ",
                    "đến",
                    "Theo mức đạt chuẩn",
                    "Theo nhóm",
                    "dưới",
                    "Tiêu chí ít xã đạt nhất",
                    "Điều kiện huyện",
                    "Phát hiện cần xem",
                    "và còn",
                    "phát hiện khác: xem báo cáo --json hoặc --report"};
const Words k_en = {"Audited",
                    "files",
                    "communes evaluated",
                    "bad files",
                    "Findings",
                    "errors",
                    "warnings",
                    "info",
                    "Whole batch",
                    "communes",
                    "year",
                    "meet",
                    "criteria",
                    "By criteria met",
                    "communes with data",
                    "meeting",
                    "to",
                    "By status",
                    "Buckets",
                    "under",
                    "Criteria the fewest communes meet",
                    "District conditions",
                    "Findings to review",
                    "and",
                    "more findings: see the --json or --report output"};

const Words& words(Lang lang)
{
  return lang == Lang::vi ? k_vi : k_en;
}

/// " " before the first item of a line, "; " before the others.
class Separator {
public:
  const char* next()
  {
    const char* text = m_first ? " " : "; ";
    m_first = false;
    return text;
  }

private:
  bool m_first = true;
};

void write_rollup(std::ostream& out, const eval::Rollup& rollup, const std::string& main_ref,
                  const model::RuleBook& book, Lang lang)
{
  const Words& w = words(lang);
  for (const std::string& ref : book.levels.required_refs()) {
    auto counts = rollup.by_criteria_met.find(ref);
    if (counts == rollup.by_criteria_met.end() || counts->second.empty()) {
      continue;
    }
    const model::RuleSet* version = book.first_version(ref);
    const int total = static_cast<int>(version->criteria.size());
    const std::string name = pick(version->name, version->name_en, lang);
    if (ref == main_ref) {
      out << "  " << w.by_count << " (" << name << "): ";
      bool first = true;
      for (const CountGroup& group : paired_counts(counts->second, total)) {
        out << (first ? "" : ", ") << group.communes << " " << w.communes << " " << w.meet << " "
            << range_text(group.low, group.high) << " " << w.criteria;
        first = false;
      }
      out << "\n";
      out << "  " << w.buckets << ":";
      Separator separator;
      for (const eval::Bucket& bucket : eval::criteria_buckets(total)) {
        const int communes = eval::communes_in(counts->second, bucket);
        const std::string label = bucket.low == 0
                                      ? std::string(w.under) + " " + std::to_string(bucket.high + 1)
                                      : range_text(bucket.low, bucket.high);
        out << separator.next() << label << ": " << communes;
      }
      out << "\n";
    } else {
      const int low = counts->second.begin()->first;
      const int high = counts->second.rbegin()->first;
      out << "  " << name << ": " << rollup.set_communes.at(ref) << " " << w.with_set << ", " << w.range
          << " "
          << (low == high ? std::to_string(low)
                          : std::to_string(low) + " " + w.to + " " + std::to_string(high))
          << "/" << total << " " << w.criteria << "\n";
    }
  }
  out << "  " << w.by_status << ":";
  Separator status_separator;
  auto status = [&](const std::string& id) {
    auto it = rollup.by_status.find(id);
    out << status_separator.next() << level_label(book.levels, id, lang) << " "
        << (it == rollup.by_status.end() ? 0 : it->second);
  };
  status(book.levels.none_id);
  for (const model::Level& level : book.levels.levels) {
    status(level.id);
  }
  out << "\n";
  if (auto met = rollup.criterion_met.find(main_ref); met != rollup.criterion_met.end()) {
    const model::RuleSet* version = book.first_version(main_ref);
    std::vector<std::pair<int, const model::Criterion*>> rates;
    for (const model::Criterion& criterion : version->criteria) {
      auto it = met->second.find(criterion.id);
      rates.emplace_back(it == met->second.end() ? 0 : it->second, &criterion);
    }
    std::stable_sort(rates.begin(), rates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const int communes = rollup.set_communes.count(main_ref) ? rollup.set_communes.at(main_ref) : 0;
    out << "  " << w.bottlenecks << ":";
    Separator separator;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, rates.size()); ++i) {
      out << separator.next() << rates[i].second->id << " "
          << pick(rates[i].second->name, rates[i].second->name_en, lang) << " " << rates[i].first << "/"
          << communes;
    }
    out << "\n";
  }
  if (rollup.district_evaluation) {
    for (const eval::SetResult& set : rollup.district_evaluation->sets) {
      out << "  " << w.district_conditions << " (" << set.version->legal.decision << "):";
      Separator separator;
      for (const eval::CriterionResult& criterion : set.criteria) {
        for (const eval::IndicatorResult& indicator : criterion.indicators) {
          out << separator.next() << pick(criterion.rule->name, criterion.rule->name_en, lang) << " "
              << value_text(indicator, lang) << " (" << target_text(indicator, lang) << ") "
              << outcome_label(indicator.outcome, lang);
        }
      }
      out << "\n";
    }
  }
}

} // namespace

std::vector<CountGroup> paired_counts(const eval::Counts<int>& by_count, int total)
{
  std::vector<CountGroup> groups;
  for (auto it = by_count.rbegin(); it != by_count.rend(); ++it) {
    const auto [met, communes] = *it;
    int low = met;
    int high = met;
    if (met < total) {
      low = met - met % 2;
      high = std::min(low + 1, total - 1);
    }
    if (!groups.empty() && groups.back().low == low) {
      groups.back().communes += communes;
    } else {
      groups.push_back({low, high, communes});
    }
  }
  return groups;
}

void write_audit_text(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, std::size_t max_findings, unsigned jobs)
{
  const Words& w = words(lang);
  const std::size_t bad = result.bad_files();
  out << w.audited << " " << result.rows.size() << " " << w.files << ": " << result.total.communes << " "
      << w.evaluated << ", " << bad << " " << w.bad_files << "\n";
  out << w.findings << ": " << result.count(eval::Severity::error) << " " << w.errors << ", "
      << result.count(eval::Severity::warning) << " " << w.warnings << ", "
      << result.count(eval::Severity::info) << " " << w.infos << "\n";
  // A batch of 100,000 submissions has about 10,000 districts and years: they are rendered on the
  // --jobs threads, in blocks, and written in order.
  eval::render_in_order(
      result.districts.size(), jobs, 16, 4 * std::size_t{std::max(1U, jobs)},
      [&](std::size_t i, std::string& text) {
        const eval::Rollup& rollup = result.districts[i];
        std::ostringstream district;
        district << "\n"
                 << rollup.district << ", " << rollup.province << ", " << w.year << " " << rollup.year << " ("
                 << rollup.communes << " " << w.communes << ")\n";
        write_rollup(district, rollup, result.main_ref, book, lang);
        text += std::move(district).str();
      },
      [&out](const std::string& text) { out << text; });
  if (result.districts.size() != 1) {
    out << "\n" << w.whole_batch << " (" << result.total.communes << " " << w.communes << ")\n";
    write_rollup(out, result.total, result.main_ref, book, lang);
  }
  // The first errors and warnings in file order; the rest are only counted.
  std::size_t shown = 0;
  for (std::size_t i = 0; i < result.rows.size() && shown < max_findings; ++i) {
    for (const eval::Finding& finding : result.rows[i].findings) {
      if (finding.severity == eval::Severity::info || shown == max_findings) {
        continue;
      }
      if (shown == 0) {
        out << "\n" << w.to_review << ":\n";
      }
      ++shown;
      out << "  " << fit(severity_label(finding.severity, lang), 9) << " " << finding.where.str() << ": "
          << finding_message(finding, book.levels, lang) << " [" << finding.code << "]\n";
    }
  }
  const std::size_t hidden =
      result.count(eval::Severity::error) + result.count(eval::Severity::warning) - shown;
  if (hidden > 0) {
    out << "  " << w.more << " " << hidden << " " << w.more_after << "\n";
  }
}

} // namespace ntm::report
