#include "eval/parallel.hpp"
#include "load/number.hpp"
#include "report/audit_report.hpp"
#include "report/json_text.hpp"
#include "report/text_report.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ntm::report {

namespace {

struct Words {
  std::string_view audited;
  std::string_view files;
  std::string_view evaluated;
  std::string_view bad_files;
  std::string_view findings;
  std::string_view errors;
  std::string_view warnings;
  std::string_view infos;
  std::string_view whole_batch;
  std::string_view communes;
  std::string_view year;
  std::string_view meet;
  std::string_view criteria;
  std::string_view by_count;
  std::string_view with_set;
  std::string_view range;
  std::string_view to;
  std::string_view by_status;
  std::string_view buckets;
  std::string_view under;
  std::string_view bottlenecks;
  std::string_view district_conditions;
  std::string_view to_review;
  std::string_view more;
  std::string_view more_after;
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
  std::string_view next()
  {
    const std::string_view text = m_first ? " " : "; ";
    m_first = false;
    return text;
  }

private:
  bool m_first = true;
};

/// Appends each of `pieces` to `out`: a roll-up's lines are built in a string, as a stream would
/// cost more than the counting behind them.
void append(std::string& out, std::initializer_list<std::string_view> pieces)
{
  for (const std::string_view piece : pieces) {
    out += piece;
  }
}

void write_rollup(std::string& out, const eval::Rollup& rollup, const std::string& main_ref,
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
    const std::string& name = pick(version->name, version->name_en, lang);
    if (ref == main_ref) {
      append(out, {"  ", w.by_count, " (", name, "): "});
      bool first = true;
      for (const CountGroup& group : paired_counts(counts->second, total)) {
        out += first ? "" : ", ";
        append_integer(out, group.communes);
        append(out, {" ", w.communes, " ", w.meet, " "});
        append_range(out, group.low, group.high);
        append(out, {" ", w.criteria});
        first = false;
      }
      append(out, {"\n  ", w.buckets, ":"});
      Separator separator;
      for (const eval::Bucket& bucket : eval::criteria_buckets(total)) {
        out += separator.next();
        if (bucket.low == 0) {
          append(out, {w.under, " "});
          append_integer(out, bucket.high + 1);
        } else {
          append_range(out, bucket.low, bucket.high);
        }
        out += ": ";
        append_integer(out, eval::communes_in(counts->second, bucket));
      }
      out += '\n';
    } else {
      const int low = counts->second.begin()->first;
      const int high = counts->second.rbegin()->first;
      append(out, {"  ", name, ": "});
      append_integer(out, rollup.set_communes.at(ref));
      append(out, {" ", w.with_set, ", ", w.range, " "});
      append_integer(out, low);
      if (low != high) {
        append(out, {" ", w.to, " "});
        append_integer(out, high);
      }
      out += '/';
      append_integer(out, total);
      append(out, {" ", w.criteria, "\n"});
    }
  }
  append(out, {"  ", w.by_status, ":"});
  Separator status_separator;
  auto status = [&](const std::string& id) {
    auto it = rollup.by_status.find(id);
    append(out, {status_separator.next(), level_label(book.levels, id, lang), " "});
    append_integer(out, it == rollup.by_status.end() ? 0 : it->second);
  };
  status(book.levels.none_id);
  for (const model::Level& level : book.levels.levels) {
    status(level.id);
  }
  out += '\n';
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
    append(out, {"  ", w.bottlenecks, ":"});
    Separator separator;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, rates.size()); ++i) {
      append(out, {separator.next(), rates[i].second->id, " ",
                   pick(rates[i].second->name, rates[i].second->name_en, lang), " "});
      append_integer(out, rates[i].first);
      out += '/';
      append_integer(out, communes);
    }
    out += '\n';
  }
  if (rollup.district_evaluation) {
    for (const eval::SetResult& set : rollup.district_evaluation->sets) {
      append(out, {"  ", w.district_conditions, " (", set.version->legal.decision, "):"});
      Separator separator;
      for (const eval::CriterionResult& criterion : set.criteria) {
        for (const eval::IndicatorResult& indicator : criterion.indicators) {
          append(out, {separator.next(), pick(criterion.rule->name, criterion.rule->name_en, lang), " ",
                       value_text(indicator, lang), " (", target_text(indicator, lang), ") ",
                       outcome_label(indicator.outcome, lang)});
        }
      }
      out += '\n';
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
        append(text, {"\n", rollup.district, ", ", rollup.province, ", ", w.year, " "});
        append_integer(text, rollup.year);
        text += " (";
        append_integer(text, rollup.communes);
        append(text, {" ", w.communes, ")\n"});
        write_rollup(text, rollup, result.main_ref, book, lang);
      },
      [&out](const std::string& text) { out << text; });
  if (result.districts.size() != 1) {
    out << "\n" << w.whole_batch << " (" << result.total.communes << " " << w.communes << ")\n";
    std::string total;
    write_rollup(total, result.total, result.main_ref, book, lang);
    out << total;
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
