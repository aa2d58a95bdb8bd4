// ntm audit: a province's batch check of many submissions, with roll-ups and reports.
#include "atomic_file.hpp"
#include "eval/audit.hpp"
#include "load/discover.hpp"
#include "options.hpp"
#include "report/audit_report.hpp"

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

namespace po = boost::program_options;

namespace ntm::cli {

namespace {

std::atomic<bool> g_interrupted{false};

/// Milliseconds since `start`, for --verbose.
double since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

extern "C" void on_signal(int)
{
  g_interrupted = true;
}

/// Ctrl-C and SIGTERM stop the audit between files; reports not yet complete are not written.
void catch_interrupts()
{
  struct sigaction action = {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

/// A one-line progress bar on stderr, redrawn in place; only for a terminal.
void show_progress(std::size_t done, std::size_t total)
{
  const std::size_t width = 30;
  const std::size_t filled = total == 0 ? width : width * done / total;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/"
            << total << (done == total ? "\n" : "") << std::flush;
}

} // namespace

int run_audit(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm audit PATH... [--jobs N] [--report FILE.html] [--json FILE] [--csv FILE] [--lang vi|en]\n\n"
      "Audits every submission given or found below the folders given (*.xml, *.csv): evaluates each,\n"
      "checks self-assessments, claims, duplicates, thin margins and year-on-year changes, and rolls the\n"
      "results up per district and for the whole batch. A bad file is a finding; the batch always finishes.\n"
      "Exit status: 0 no error findings, 1 error findings, 2 could not run.\n\noptions");
  std::string lang = "vi";
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  eval::AuditOptions options;
  std::size_t max_findings = 50;
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("jobs,j", po::value(&jobs), "threads to evaluate with (default: all cores)")
    ("report", po::value<std::string>(), "write a self-contained HTML report to FILE")
    ("json", po::value<std::string>(), "write everything as JSON to FILE")
    ("csv", po::value<std::string>(), "write one CSV row per commune to FILE")
    ("lang", po::value(&lang), "vi (default) or en")
    ("thin-margin", po::value(&options.thin_margin_percent), "list targets passed by < PCT% (default 5)")
    ("jump", po::value(&options.jump_percent), "flag year-on-year changes > PCT% (default 25)")
    ("max-findings", po::value(&max_findings), "findings listed here (default 50)")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"path", -1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("path")) {
    throw UsageError{"no file or folder given (see 'ntm audit --help')"};
  }
  if (jobs == 0) {
    throw UsageError{"--jobs must be at least 1"};
  }
  if (options.thin_margin_percent < 0 || options.jump_percent < 0) {
    throw UsageError{"--thin-margin and --jump must not be negative"};
  }
  options.jobs = jobs;
  options.cancel = &g_interrupted;
  catch_interrupts();
  const report::Lang language = lang_option(lang);

  // Reports are opened before any work, so that an unwritable path fails at once.
  std::unique_ptr<AtomicFile> html;
  std::unique_ptr<AtomicFile> json;
  std::unique_ptr<AtomicFile> csv;
  if (vm.count("report")) {
    html = std::make_unique<AtomicFile>(vm["report"].as<std::string>());
  }
  if (vm.count("json")) {
    json = std::make_unique<AtomicFile>(vm["json"].as<std::string>());
  }
  if (vm.count("csv")) {
    csv = std::make_unique<AtomicFile>(vm["csv"].as<std::string>());
  }
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  std::vector<std::filesystem::path> paths;
  for (const std::string& path : vm["path"].as<std::vector<std::string>>()) {
    paths.emplace_back(path);
  }
  const auto listing = std::chrono::steady_clock::now();
  auto inputs = load::discover(paths, jobs);
  spdlog::debug("found {} files in {:.1f} ms", inputs.size(), since(listing));
  if (vm.count("csv")) {
    // A folder holding last run's --csv report would offer it as a spreadsheet submission.
    std::error_code ec;
    const auto report_path = std::filesystem::weakly_canonical(vm["csv"].as<std::string>(), ec);
    std::erase_if(inputs, [&](const load::InputFile& input) {
      std::error_code input_ec;
      return !ec && std::filesystem::weakly_canonical(input.path, input_ec) == report_path && !input_ec;
    });
  }
  const std::size_t files = inputs.size();
  spdlog::debug("auditing {} files on {} threads", files, jobs);
  const auto start = std::chrono::steady_clock::now();
  const eval::Auditor auditor(*rules, options);
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const eval::AuditResult result = auditor.run(
      std::move(inputs), terminal ? eval::Auditor::Progress(show_progress) : eval::Auditor::Progress());
  spdlog::debug("audited {} files in {:.1f} ms", files, since(start));

  if (result.cancelled || g_interrupted) {
    // The unfinished reports' temporary files are removed as they go out of scope.
    std::cerr << "ntm: interrupted: no report written\n";
    return k_exit_interrupted;
  }
  // Each report is committed (flushed to disk, then renamed over its target) on a thread of its
  // own while the next one is written; all are committed before the program ends. A failed commit
  // is an error (exit 2) once the others are done; the report that failed is left as it was.
  std::vector<std::future<void>> commits;
  const auto commit_all = [&] {
    for (std::future<void>& commit : commits) {
      commit.get();
    }
    commits.clear();
  };
  const auto write = [&](AtomicFile& file, std::string_view what, const auto& render) {
    const auto began = std::chrono::steady_clock::now();
    render(file.stream());
    spdlog::debug("wrote the {} report in {:.1f} ms", what, since(began));
    if (g_interrupted) {
      return false;
    }
    commits.push_back(std::async(std::launch::async, [&file, what] {
      const auto committing = std::chrono::steady_clock::now();
      file.commit();
      spdlog::debug("committed the {} report in {:.1f} ms", what, since(committing));
    }));
    return true;
  };
  if (html && !write(*html, "HTML", [&](std::ostream& out) {
        report::write_audit_html(out, result, rules->book(), language);
      })) {
    std::cerr << "ntm: interrupted: no report written\n";
    return k_exit_interrupted;
  }
  if ((json && !write(*json, "JSON",
                      [&](std::ostream& out) {
                        report::write_audit_json(out, result, rules->book(), language, jobs);
                      })) ||
      (csv && !write(*csv, "CSV", [&](std::ostream& out) {
         report::write_audit_csv(out, result, rules->book(), language);
       }))) {
    commit_all();
    std::cerr << "ntm: interrupted: reports written before the interruption are complete\n";
    return k_exit_interrupted;
  }
  const auto began = std::chrono::steady_clock::now();
  report::write_audit_text(std::cout, result, rules->book(), language, max_findings, jobs);
  std::cout.flush();
  spdlog::debug("wrote the text report in {:.1f} ms", since(began));
  commit_all();
  // Everything is written and committed: the process ends here, as ninja's main does, leaving the
  // rows, roll-ups and rules to the system instead of freeing them piece by piece (100,000 files:
  // 20 ms, a district's evaluation and a block of rows at a time).
  std::exit(result.has_errors() ? k_exit_findings : k_exit_ok);
}

} // namespace ntm::cli
