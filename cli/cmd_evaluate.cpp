// ntm evaluate: scores each submission file and prints the verdict.
#include "eval/compare.hpp"
#include "eval/evaluator.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "load/what_if.hpp"
#include "options.hpp"
#include "report/json_report.hpp"
#include "report/plan_report.hpp"
#include "report/text_report.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace ntm::cli {

int run_evaluate(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm evaluate FILE... [--format text|json] [--lang vi|en] [--rules DIR] [--output FILE]\n\n"
      "Scores each commune submission against the criteria sets in force for its province and year.\n"
      "Exit status: 0 evaluated with no error finding, 1 error findings, 2 could not evaluate.\n\noptions");
  std::string format = "text";
  std::string lang = "vi";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("format", po::value(&format), "text (default) or json")
    ("lang", po::value(&lang), "vi (default) or en")
    ("set", po::value<std::vector<std::string>>()->composing(), "what if: CODE=VALUE or SET:CODE=VALUE (repeatable)")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)")
    ("output,o", po::value<std::string>(), "write the report to FILE (atomically) instead of stdout");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"file", -1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("file")) {
    throw UsageError{"no submission file given (see 'ntm evaluate --help')"};
  }
  if (format != "text" && format != "json") {
    throw UsageError{"--format must be 'text' or 'json', not '" + format + "'"};
  }
  const report::Lang language = lang_option(lang);
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const eval::Evaluator evaluator(*rules);
  const std::vector<std::string> assignments =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (!assignments.empty() && vm["file"].as<std::vector<std::string>>().size() != 1) {
    throw UsageError{"--set works on one submission at a time"};
  }
  std::optional<eval::Evaluation> before; // a what-if run: the evaluation without the changes
  std::vector<eval::Evaluation> evaluations;
  bool failed = false;
  for (const std::string& path : vm["file"].as<std::vector<std::string>>()) {
    auto submission = load_submission_file(path, rules->book(), std::cerr);
    if (!submission) {
      failed = true;
      continue;
    }
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
    evaluations.push_back(evaluator.evaluate(*submission));
  }
  std::optional<eval::Comparison> comparison;
  if (before && !evaluations.empty()) {
    comparison = eval::compare(*before, evaluations.front());
  }

  std::ostringstream out;
  if (format == "json") {
    if (comparison) {
      out << report::evaluation_json(evaluations.front(), rules->book(), language,
                                     {&*comparison, assignments});
    } else {
      out << (evaluations.size() == 1 && vm["file"].as<std::vector<std::string>>().size() == 1
                  ? report::evaluation_json(evaluations.front(), rules->book(), language)
                  : report::evaluations_json(evaluations, rules->book(), language));
    }
  } else {
    if (comparison) {
      report::write_comparison(out, *comparison, assignments, rules->book(), language);
    }
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
      if (i > 0) {
        out << "\n" << std::string(78, '-') << "\n\n";
      }
      report::write_text(out, evaluations[i], rules->book(), language);
    }
    if (evaluations.size() > 1) {
      out << "\n" << std::string(78, '=') << "\n";
      report::write_text_summary(out, evaluations, rules->book(), language);
    }
  }
  const bool several = vm["file"].as<std::vector<std::string>>().size() > 1;
  if (!evaluations.empty() || (format == "json" && several)) {
    emit(vm.count("output") ? std::optional(vm["output"].as<std::string>()) : std::nullopt, out.str());
  }
  if (failed) {
    return k_exit_failed;
  }
  for (const eval::Evaluation& evaluation : evaluations) {
    if (evaluation.has_errors()) {
      return k_exit_findings;
    }
  }
  return k_exit_ok;
}

} // namespace ntm::cli
