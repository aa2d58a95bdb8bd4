// ntm diff-rules: what changes between two versions of a set, and which communes it would flip.
#include "eval/rule_diff.hpp"
#include "load/number.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "options.hpp"
#include "report/labels.hpp"
#include "report/text_report.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <sstream>

namespace po = boost::program_options;

namespace ntm::cli {

namespace {

struct Words {
  const char* set;
  const char* comparing;
  const char* with;
  const char* national;
  const char* years_compared;
  const char* of_a;
  const char* of_b;
  const char* added;
  const char* removed;
  const char* differ;
  const char* indicator_one;
  const char* indicator_many;
  const char* none;
  const char* no_target;
  const char* all_regions;
  const char* unverified_mark;
  const char* flips;
  const char* of;
  const char* code;
  const char* year;
  const char* in_force;
  const char* no_version;
  const char* target;
  const char* not_in;
  const char* same_status;
  const char* not_compared;
  const char* outside;
};

const Words k_vi = {"Bộ tiêu chí",
                    "so sánh",
                    "với",
                    "toàn quốc",
                    "Năm so sánh",
                    "của A",
                    "của B",
                    "Chỉ tiêu thêm ở B",
                    "Chỉ tiêu bỏ ở B",
                    "Mức yêu cầu khác nhau",
                    "chỉ tiêu",
                    "chỉ tiêu",
                    "không có",
                    "không có mức yêu cầu",
                    "mọi vùng",
                    "* mức yêu cầu chưa được đối chiếu với văn bản gốc (chưa xác minh)",
                    "Xã có kết quả thay đổi",
                    "trong số",
                    "mã",
                    "năm",
                    "đang áp dụng",
                    "không có phiên bản áp dụng",
                    "mức",
                    "không có trong",
                    "Xã có chỉ tiêu thay đổi nhưng giữ nguyên kết quả",
                    "Không so sánh",
                    "nằm ngoài"};
const Words k_en = {"Set",
                    "comparing",
                    "with",
                    "national",
                    "Years compared",
                    "of A",
                    "of B",
                    "Indicators added in B",
                    "Indicators removed in B",
                    "Targets that differ",
                    "indicator",
                    "indicators",
                    "none",
                    "no target",
                    "all regions",
                    "* threshold not yet checked against the legal text (unverified)",
                    "Communes whose status changes",
                    "of",
                    "code",
                    "year",
                    "in force",
                    "no version in force",
                    "target",
                    "not in",
                    "Communes whose indicators change but not their status",
                    "Not compared",
                    "is outside"};

const Words& words(report::Lang lang)
{
  return lang == report::Lang::vi ? k_vi : k_en;
}

std::string symbol_text(const model::Indicator& indicator, const std::string& symbol, report::Lang lang)
{
  for (const model::Grade& grade : indicator.grades) {
    if (grade.id == symbol) {
      return report::pick(grade.name, grade.name_en, lang);
    }
  }
  if (symbol == "dat") {
    return lang == report::Lang::vi ? "đạt" : "yes";
  }
  return symbol;
}

// `≥ 50 triệu đồng/người/năm *`, `= đạt`, `≥ 1.1 × xa-ntm:10`, or "no target".
std::string row_text(const model::Indicator& indicator, const model::Target* row, report::Lang lang)
{
  if (!row) {
    return words(lang).no_target;
  }
  std::string value;
  if (row->derived) {
    value = load::format_number(row->derived->factor, 4) + " × " + row->derived->set_ref + ":" +
            row->derived->code;
  } else if (!row->symbol.empty()) {
    value = symbol_text(indicator, row->symbol, lang);
  } else {
    value = report::with_unit(load::format_number(row->number, 4), report::unit_text(indicator, lang));
  }
  return std::string(model::op_symbol(row->op)) + " " + value + (row->provenance.verified ? "" : " *");
}

std::string applies_text(const model::RuleSet& set, report::Lang lang)
{
  std::string out;
  for (const std::string& province : set.provinces) {
    out += (out.empty() ? "" : ", ") + province;
  }
  return out.empty() ? words(lang).national : out;
}

// One line per distinct change, the regions and years where it happens gathered:
// `dbscl 2023: ≥ 50 * → ≥ 60 *`, `tdmnpb dbsh 2024–2025: ≤ 3 → no target`.
std::vector<std::string> cell_lines(const eval::RuleDiff& diff, const eval::IndicatorDiff& changed,
                                    report::Lang lang)
{
  struct Change {
    std::string text;
    std::vector<std::pair<model::Region, std::vector<int>>> where; // by region, the years of A
  };
  std::vector<Change> changes;
  for (const eval::TargetCell& cell : changed.cells) {
    const std::string text = row_text(*changed.a, cell.a, lang) + " → " + row_text(*changed.b, cell.b, lang);
    auto change =
        std::find_if(changes.begin(), changes.end(), [&](const Change& c) { return c.text == text; });
    if (change == changes.end()) {
      changes.push_back({text, {}});
      change = std::prev(changes.end());
    }
    if (change->where.empty() || change->where.back().first != cell.region) {
      change->where.emplace_back(cell.region, std::vector<int>{});
    }
    change->where.back().second.push_back(cell.year_a);
  }
  std::vector<std::string> lines;
  for (const Change& change : changes) {
    std::vector<std::pair<std::string, std::string>> groups; // regions, years
    for (const auto& [region, years] : change.where) {
      const std::string year_list = diff.shares_years() ? report::years_text(years) : "";
      auto group =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.second == year_list; });
      if (group == groups.end()) {
        groups.emplace_back(std::string(model::region_code(region)), year_list);
      } else {
        group->first += " " + std::string(model::region_code(region));
      }
    }
    if (groups.size() == 1 && change.where.size() == model::k_regions.size()) {
      groups.front().first = words(lang).all_regions;
    }
    std::string where;
    for (const auto& [regions, years] : groups) {
      where += (where.empty() ? "" : "; ") + regions + (years.empty() ? "" : " " + years);
    }
    lines.push_back(where + ": " + change.text);
  }
  return lines;
}

void write_diff(std::ostream& out, const eval::RuleDiff& diff, report::Lang lang)
{
  const Words& w = words(lang);
  out << w.set << " " << diff.a->ref << ": " << w.comparing << " A = " << diff.a->id << " " << w.with
      << " B = " << diff.b->id << "\n";
  for (const auto& [letter, set] : {std::pair("A", diff.a), std::pair("B", diff.b)}) {
    out << "  " << letter << "  " << report::fit(set->id, 36) << " "
        << report::fit(report::range_text(set->from_year, set->to_year), 10) << " "
        << report::fit(applies_text(*set, lang), 14) << " " << set->legal.decision << " " << set->legal.date
        << "\n";
  }
  if (diff.shares_years()) {
    out << w.years_compared << ": " << report::range_text(diff.years.front().first, diff.years.back().first)
        << "\n";
  } else {
    out << w.years_compared << ": " << diff.years.front().first << " " << w.of_a << ", "
        << diff.years.front().second << " " << w.of_b << "\n";
  }

  auto list = [&](const char* title, const std::vector<std::string>& codes, const model::RuleSet& set) {
    out << title << ": " << (codes.empty() ? std::string(w.none) : std::to_string(codes.size())) << "\n";
    for (const std::string& code : codes) {
      const model::Indicator* indicator = set.find_indicator(code);
      out << "  " << report::fit(code, 6) << report::pick(indicator->name, indicator->name_en, lang) << "\n";
    }
  };
  out << "\n";
  list(w.added, diff.added, *diff.b);
  list(w.removed, diff.removed, *diff.a);

  out << w.differ << ": ";
  if (diff.changed.empty()) {
    out << w.none << "\n";
    return;
  }
  out << diff.changed.size() << " " << (diff.changed.size() == 1 ? w.indicator_one : w.indicator_many)
      << "\n";
  bool marked = false;
  for (const eval::IndicatorDiff& changed : diff.changed) {
    out << "  " << report::fit(changed.a->code, 6) << report::pick(changed.a->name, changed.a->name_en, lang)
        << "\n";
    for (const std::string& line : cell_lines(diff, changed, lang)) {
      out << "        " << line << "\n";
      marked = marked || line.find(" *") != std::string::npos;
    }
  }
  if (marked) {
    out << w.unverified_mark << "\n";
  }
}

// `đạt, mức ≥ 50 triệu đồng/người/năm`, `thiếu số liệu, không có mức yêu cầu`, or
// `— (không có trong xa-demo@2026)`.
std::string outcome_text(const std::optional<eval::IndicatorResult>& result, const model::RuleSet& version,
                         report::Lang lang)
{
  const Words& w = words(lang);
  if (!result) {
    return std::string("— (") + w.not_in + " " + version.id + ")";
  }
  const std::string target = report::target_text(*result, lang);
  return std::string(report::outcome_label(result->outcome, lang)) + ", " +
         (target.empty() ? std::string(w.no_target) : std::string(w.target) + " " + target);
}

std::string status_text(const model::RuleBook& book, const std::string& status, report::Lang lang)
{
  return report::level_label(book.levels, status, lang) + " [" + status + "]";
}

void write_comparisons(std::ostream& out, const eval::RuleDiff& diff,
                       const std::vector<eval::SubmissionComparison>& comparisons,
                       const model::RuleBook& book, report::Lang lang)
{
  const Words& w = words(lang);
  std::vector<const eval::SubmissionComparison*> flipped;
  std::vector<const eval::SubmissionComparison*> skipped;
  std::size_t changed_only = 0;
  for (const eval::SubmissionComparison& comparison : comparisons) {
    if (!comparison.a_covers_year || !comparison.b_covers_year) {
      skipped.push_back(&comparison);
    } else if (comparison.status_changed()) {
      flipped.push_back(&comparison);
    } else if (!comparison.changes.empty()) {
      ++changed_only;
    }
  }
  const std::size_t compared = comparisons.size() - skipped.size();
  out << "\n" << w.flips << ": " << flipped.size() << " " << w.of << " " << compared << "\n";
  for (const eval::SubmissionComparison* comparison : flipped) {
    const eval::Evaluation& a = comparison->under_a;
    out << "  " << a.source << ": " << a.commune.name << " (" << w.code << " " << a.commune.code << ") · "
        << a.commune.province << " · " << w.year << " " << a.year << " · "
        << (comparison->in_force ? std::string(w.in_force) + ": " + comparison->in_force->id : w.no_version)
        << "\n";
    out << "    A: " << status_text(book, a.status, lang)
        << "  →  B: " << status_text(book, comparison->under_b.status, lang) << "\n";
    for (const eval::OutcomeChange& change : comparison->changes) {
      const eval::IndicatorResult& any = change.a ? *change.a : *change.b;
      out << "    " << change.set_ref << " " << any.rule->code << "  "
          << report::pick(any.rule->name, any.rule->name_en, lang) << ": " << report::value_text(any, lang)
          << "\n"
          << "      A: " << outcome_text(change.a, *diff.a, lang) << "\n"
          << "      B: " << outcome_text(change.b, *diff.b, lang) << "\n";
    }
  }
  if (changed_only > 0) {
    out << w.same_status << ": " << changed_only << "\n";
  }
  if (!skipped.empty()) {
    out << w.not_compared << ": " << skipped.size() << "\n";
    for (const eval::SubmissionComparison* comparison : skipped) {
      const model::RuleSet& outside = comparison->a_covers_year ? *diff.b : *diff.a;
      out << "  " << comparison->under_a.source << ": " << w.year << " " << comparison->under_a.year << " "
          << w.outside << " " << outside.id << " (" << report::range_text(outside.from_year, outside.to_year)
          << ")\n";
    }
  }
}

} // namespace

int run_diff_rules(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm diff-rules A B [SUBMISSION...] [--lang vi|en] [--rules DIR]\n\n"
      "Compares two versions A and B of one criteria set (ids such as xa-ntm@318-2022): the\n"
      "indicators added and removed, and every target that differs for a region and year both cover.\n"
      "Given submissions, judges each commune by A and by B and lists those whose status changes,\n"
      "with the indicators responsible. Exit status: 0 compared, 2 could not compare.\n\noptions");
  std::string lang = "vi";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("lang", po::value(&lang), "vi (default) or en")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"a", 1}, {"b", 1}, {"file", -1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("a") || !vm.count("b")) {
    throw UsageError{"'ntm diff-rules' needs two set versions (see 'ntm diff-rules --help')"};
  }
  const report::Lang language = lang_option(lang);
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const auto diff = eval::diff_versions(rules->book(), vm["a"].as<std::string>(), vm["b"].as<std::string>());
  if (!diff.value) {
    for (const Diagnostic& error : diff.errors) {
      std::cerr << "ntm: error: " << error.message << "\n";
    }
    return k_exit_failed;
  }
  const std::vector<std::string> files =
      vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (!files.empty() && diff.value->a->scope != model::Scope::commune) {
    throw UsageError{"set '" + diff.value->a->ref +
                     "' judges districts, not communes: compare it without submissions"};
  }

  std::ostringstream out;
  write_diff(out, *diff.value, language);
  bool failed = false;
  if (!files.empty()) {
    const eval::VersionComparer comparer(*rules, *diff.value);
    std::vector<eval::SubmissionComparison> comparisons;
    for (const std::string& path : files) {
      const auto submission = load_submission_file(path, rules->book(), std::cerr);
      if (!submission) {
        failed = true;
        continue;
      }
      comparisons.push_back(comparer.compare(*submission));
    }
    write_comparisons(out, *diff.value, comparisons, rules->book(), language);
  }
  std::cout << out.str();
  return failed ? k_exit_failed : k_exit_ok;
}

} // namespace ntm::cli
