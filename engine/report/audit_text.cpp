#include "eval/parallel.hpp"
#include "load/number.hpp"
#include "report/audit_report.hpp"
#include "report/json_text.hpp"
#include "report/text_report.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <numeric>
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

/// What every roll-up's text takes from the rules, worked out once per report instead of once per
/// district.
struct RollupText {
  struct Set {
    std::string ref;
    const model::RuleSet* version; // the ref's first: its name and criteria total are shown
  };
  struct Status {
    const std::string* id;
    std::string label;
  };

  RollupText(const model::RuleBook& book, const std::string& main, Lang language)
      : main_ref(main), lang(language)
  {
    for (std::string& ref : book.levels.required_refs()) {
      const model::RuleSet* version = book.first_version(ref);
      sets.push_back({std::move(ref), version});
    }
    statuses.push_back({&book.levels.none_id, level_label(book.levels, book.levels.none_id, language)});
    for (const model::Level& level : book.levels.levels) {
      statuses.push_back({&level.id, level_label(book.levels, level.id, language)});
    }
    main_version = book.first_version(main);
    if (main_version) {
      buckets = eval::criteria_buckets(static_cast<int>(main_version->criteria.size()));
      by_id.resize(main_version->criteria.size());
      std::iota(by_id.begin(), by_id.end(), std::size_t{0});
      std::sort(by_id.begin(), by_id.end(), [&](std::size_t a, std::size_t b) {
        return main_version->criteria[a].id < main_version->criteria[b].id;
      });
    }
  }

  const std::string& main_ref;
  Lang lang;
  std::vector<Set> sets; // the sets the levels require, in their order
  std::vector<Status> statuses; // none, then each level's
  const model::RuleSet* main_version = nullptr;
  std::vector<eval::Bucket> buckets; // of the main set's criteria
  std::vector<std::size_t> by_id; // the main set's criteria in the order of their ids as text
};

/// The communes that meet each criterion of the main set, in its order, from `met` (criterion id ->
/// communes, in the order of the ids), into `counts`: the two are walked together in the order of
/// the ids, where looking each criterion up compared its id with several others.
void criterion_counts(const RollupText& context, const eval::Counts<std::string_view>& met,
                      std::vector<int>& counts)
{
  const std::vector<model::Criterion>& criteria = context.main_version->criteria;
  counts.assign(criteria.size(), 0);
  auto at = met.begin();
  for (const std::size_t c : context.by_id) {
    const std::string& id = criteria[c].id;
    // The roll-ups' keys view the rules' own ids: the same text is mostly the same place.
    while (at != met.end() && at->first.data() != id.data() && at->first < id) {
      ++at;
    }
    if (at != met.end() && (at->first.data() == id.data() || at->first == id)) {
      counts[c] = at->second;
      ++at;
    }
  }
}

void write_rollup(std::string& out, const eval::Rollup& rollup, const RollupText& context)
{
  const Lang lang = context.lang;
  const Words& w = words(lang);
  for (const RollupText::Set& set : context.sets) {
    auto counts = rollup.by_criteria_met.find(set.ref);
    if (counts == rollup.by_criteria_met.end() || counts->second.empty()) {
      continue;
    }
    const int total = static_cast<int>(set.version->criteria.size());
    const std::string& name = pick(set.version->name, set.version->name_en, lang);
    if (set.ref == context.main_ref) {
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
      for (const eval::Bucket& bucket : context.buckets) {
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
      append_integer(out, rollup.set_communes.at(set.ref));
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
  for (const RollupText::Status& status : context.statuses) {
    auto it = rollup.by_status.find(*status.id);
    append(out, {status_separator.next(), status.label, " "});
    append_integer(out, it == rollup.by_status.end() ? 0 : it->second);
  }
  out += '\n';
  if (auto met = rollup.criterion_met.find(context.main_ref); met != rollup.criterion_met.end()) {
    const std::vector<model::Criterion>& criteria = context.main_version->criteria;
    std::vector<int> counts; // by criterion
    criterion_counts(context, met->second, counts);
    // The five criteria the fewest communes meet, in the rules' order among equal counts: kept
    // in order as the criteria are read, instead of sorting them all.
    std::array<std::size_t, 5> lowest{};
    std::size_t kept = 0;
    for (std::size_t c = 0; c < criteria.size(); ++c) {
      std::size_t at = kept;
      while (at > 0 && counts[lowest[at - 1]] > counts[c]) {
        --at;
      }
      if (at == lowest.size()) {
        continue;
      }
      kept = std::min(kept + 1, lowest.size());
      std::copy_backward(lowest.begin() + static_cast<std::ptrdiff_t>(at),
                         lowest.begin() + static_cast<std::ptrdiff_t>(kept - 1),
                         lowest.begin() + static_cast<std::ptrdiff_t>(kept));
      lowest[at] = c;
    }
    const int communes = rollup.set_communes.count(context.main_ref) ? rollup.set_communes.at(context.main_ref) : 0;
    append(out, {"  ", w.bottlenecks, ":"});
    Separator separator;
    for (std::size_t i = 0; i < kept; ++i) {
      const model::Criterion& criterion = criteria[lowest[i]];
      append(out, {separator.next(), criterion.id, " ", pick(criterion.name, criterion.name_en, lang), " "});
      append_integer(out, counts[lowest[i]]);
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
  const RollupText context(book, result.main_ref, lang);
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
        write_rollup(text, rollup, context);
      },
      [&out](const std::string& text) { out << text; });
  if (result.districts.size() != 1) {
    out << "\n" << w.whole_batch << " (" << result.total.communes << " " << w.communes << ")\n";
    std::string total;
    write_rollup(total, result.total, context);
    out << total;
  }
  // The first errors and warnings in file order; the rest are only counted.
  // Rows are read in place, and only one with such a finding is unpacked for its messages.
  std::size_t shown = 0;
  eval::RowView row;
  for (std::size_t i = 0; i < result.rows.size() && shown < max_findings; ++i) {
    result.rows.view(i, row);
    if (std::all_of(row.findings.begin(), row.findings.end(),
                    [](const eval::FindingView& finding) { return finding.severity == eval::Severity::info; })) {
      continue;
    }
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
