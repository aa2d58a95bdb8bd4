// ntm plan: what a commune must still do to reach a level; ntm explain: the trace of one verdict.
#include "eval/evaluator.hpp"
#include "eval/explain.hpp"
#include "eval/plan.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "load/what_if.hpp"
#include "options.hpp"
#include "report/plan_report.hpp"

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace ntm::cli {

int run_plan(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm plan FILE [--target LEVEL] [--year Y] [--format text|json] [--lang vi|en] [--rules DIR]\n\n"
      "Lists every indicator that stands between the commune and LEVEL (default: the level above its\n"
      "status), lowest level first: value, target, the gap in its unit (in counts where counts were\n"
      "given) and what meeting it unblocks. --year Y uses the targets of year Y (income rises "
      "yearly).\n\noptions");
  std::string format = "text";
  std::string lang = "vi";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("target", po::value<std::string>(), "level to plan for: ntm, ntm-nang-cao, ntm-kieu-mau")
    ("year", po::value<int>(), "use the targets of this year")
    ("set", po::value<std::vector<std::string>>()->composing(), "what if: CODE=VALUE or SET:CODE=VALUE (repeatable)")
    ("format", po::value(&format), "text (default) or json")
    ("lang", po::value(&lang), "vi (default) or en")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"file", -1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("file") || vm["file"].as<std::vector<std::string>>().size() != 1) {
    throw UsageError{"'ntm plan' takes one submission file (see 'ntm plan --help')"};
  }
  if (format != "text" && format != "json") {
    throw UsageError{"--format must be 'text' or 'json', not '" + format + "'"};
  }
  const report::Lang language = lang_option(lang);
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  auto submission =
      load_submission_file(vm["file"].as<std::vector<std::string>>().front(), rules->book(), std::cerr);
  if (!submission) {
    return k_exit_failed;
  }
  const eval::Evaluator evaluator(*rules);
  const std::vector<std::string> assignments =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  std::optional<eval::Evaluation> before;
  if (!assignments.empty()) {
    before = evaluator.evaluate(*submission);
    const Diagnostics problems = load::apply_what_if(rules->book(), *submission, assignments);
    for (const Diagnostic& diagnostic : problems) {
      std::cerr << diagnostic.str() << "\n";
    }
    if (!problems.empty()) {
      return k_exit_failed;
    }
  }
  std::string error;
  const auto plan =
      eval::make_plan(evaluator, rules->book(), *submission,
                      vm.count("target") ? std::optional(vm["target"].as<std::string>()) : std::nullopt,
                      vm.count("year") ? std::optional(vm["year"].as<int>()) : std::nullopt, error);
  if (!plan) {
    throw UsageError{error};
  }
  std::ostringstream out;
  if (format == "json") {
    out << report::plan_json(*plan, language);
  } else {
    if (before) {
      report::write_comparison(out, eval::compare(*before, evaluator.evaluate(*submission)), assignments,
                               rules->book(), language);
    }
    report::write_plan_text(out, *plan, rules->book(), language);
  }
  emit(std::nullopt, out.str());
  return k_exit_ok;
}

int run_explain(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm explain FILE CODE [--lang vi|en] [--rules DIR]\n\n"
      "Explains one indicator (or criterion) of a submission: where its value came from, which set\n"
      "version, region and year chose its target, the legal basis and whether it is verified, the\n"
      "comparison, and what depends on it. CODE is an indicator code or criterion id, optionally\n"
      "with its set: 11, 17, xa-ntm-nang-cao:10.\n\noptions");
  std::string lang = "vi";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("lang", po::value(&lang), "vi (default) or en")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"file", 1}, {"code", 1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("file") || !vm.count("code")) {
    throw UsageError{"'ntm explain' takes a submission file and a code (see 'ntm explain --help')"};
  }
  const report::Lang language = lang_option(lang);
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const auto submission = load_submission_file(vm["file"].as<std::string>(), rules->book(), std::cerr);
  if (!submission) {
    return k_exit_failed;
  }
  const eval::Evaluator evaluator(*rules);
  // Every commune set is evaluated, so that an indicator of a set not submitted can be explained too.
  const auto& levels = rules->book().levels.levels;
  const eval::Evaluation evaluation = evaluator.evaluate(*submission, levels.empty() ? "" : levels.back().id);
  std::string error;
  const auto explanation = eval::explain(*rules, evaluation, vm["code"].as<std::string>(), error);
  if (!explanation) {
    throw UsageError{error};
  }
  std::ostringstream out;
  report::write_explanation(out, *explanation, evaluation, language);
  emit(std::nullopt, out.str());
  return k_exit_ok;
}

} // namespace ntm::cli
