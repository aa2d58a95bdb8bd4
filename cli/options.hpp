#pragma once

#include "eval/rule_base.hpp"
#include "model/submission.hpp"
#include "report/labels.hpp"

#include <boost/program_options.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ntm::cli {

/// Exit statuses shared by every subcommand.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_failed = 2;
inline constexpr int k_exit_interrupted = 130; // 128 + SIGINT, as shells report it

/// A mistake in the command line: printed as `ntm: error: …` with exit status 2.
struct UsageError {
  std::string message;
};

/// What the main of each program does around its command: logging to stderr (at debug with
/// `--verbose`, which is taken out of the arguments), and every error thrown turned into
/// `ntm: error: …` and exit status 2. `command` gets the arguments after the program's name.
int run_program(int argc, char** argv, const std::function<int(const std::vector<std::string>&)>& command);

/// Runs the program `name` that is installed beside this one, in this one's place (exec), with
/// `args` and `--verbose` when it was given: `ntm serve` is the program `ntm-serve`, so that the
/// other commands start without loading its HTTP, TLS and zip libraries. Returns only by throwing
/// UsageError, when the program cannot be run.
[[noreturn]] void run_beside(const std::string& name, const std::vector<std::string>& args);

/// A positional argument: its name and how many it takes (-1: any number, kept as a list).
struct Positional {
  const char* name;
  int count;
};

/// Parses a subcommand's arguments against `visible` plus `positionals`. Prints `visible` and
/// returns nothing when --help was given; throws program_options errors on bad arguments.
std::optional<boost::program_options::variables_map>
parse_command(const std::vector<std::string>& args,
              const boost::program_options::options_description& visible,
              const std::vector<Positional>& positionals = {});

/// The rules directory: `--rules`, else $NTM_RULES, else the installed or source `rules/`.
std::filesystem::path rules_dir(const std::optional<std::string>& option, const char* argv0);
/// The same, `--rules` taken from a command's parsed options.
std::filesystem::path rules_dir(const boost::program_options::variables_map& vm, const char* argv0);

/// Loads the rules, printing every error to `err`; empty on failure.
std::optional<eval::RuleBase> load_rules(const std::filesystem::path& dir, std::ostream& err);

/// Reads and loads one submission file (XML, or CSV by its extension), printing every problem to
/// `err`; empty on failure.
std::optional<model::Submission> load_submission_file(const std::string& path, const model::RuleBook& book,
                                                      std::ostream& err);

/// Parses `--lang`; throws UsageError on anything but vi or en.
report::Lang lang_option(const std::string& value);

/// Writes `text` to `path` atomically: a temporary file beside it, then a rename, so a reader
/// never sees half a file and an old file survives a failed write. Throws UsageError on failure.
void write_atomically(const std::filesystem::path& path, const std::string& text);

/// One CSV row of `cells`, ';'-separated, ended by CRLF as spreadsheets write them.
void csv_row(std::ostream& out, const std::vector<std::string>& cells);

/// Writes to stdout, or atomically to `output` when given.
void emit(const std::optional<std::string>& output, const std::string& text);

int run_evaluate(const std::vector<std::string>& args, const char* argv0);
int run_rules(const std::vector<std::string>& args, const char* argv0);
int run_plan(const std::vector<std::string>& args, const char* argv0);
int run_explain(const std::vector<std::string>& args, const char* argv0);
int run_audit(const std::vector<std::string>& args, const char* argv0);
int run_template(const std::vector<std::string>& args, const char* argv0);
int run_graph(const std::vector<std::string>& args, const char* argv0);
int run_diff_rules(const std::vector<std::string>& args, const char* argv0);
int run_serve(const std::vector<std::string>& args, const char* argv0);

} // namespace ntm::cli
