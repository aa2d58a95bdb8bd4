// ntm: hands the command line to one subcommand; `ntm serve` is the program ntm-serve beside it.
#include "options.hpp"

#include <iostream>
#include <string>
#include <vector>

namespace {

const char* const k_usage = R"(usage: ntm COMMAND [OPTIONS]

Decides whether a commune meets the New Rural Development (nông thôn mới) standard.

commands:
  evaluate FILE...     score commune submissions and explain the verdict
  plan FILE            what the commune must still do to reach a level, with the gaps
  explain FILE CODE    the whole trace of one indicator or criterion
  audit PATH...        check a batch of submissions; roll up per district; write reports
  rules check [DIR]    load and validate the criteria sets; list unverified thresholds
  rules list           list the criteria set versions and levels
  graph                export the dependency graph (DOT, JSON) or list what needs an indicator
  diff-rules A B       compare two versions of a set; which communes would change status
  template             write a blank submission for a set, province, year and region
  serve                the commune and province pages and their HTTP API, on this machine

  --verbose            log what ntm does (rules loaded, timings) on stderr

'ntm COMMAND --help' describes each command.
)";

} // namespace

int main(int argc, char** argv)
{
  using namespace ntm::cli;
  return run_program(argc, argv, [&](const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << k_usage;
      return args.empty() ? k_exit_failed : k_exit_ok;
    }
    if (args[0] == "--version") {
      std::cout << "ntm " << NTM_VERSION << "\n";
      return k_exit_ok;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "evaluate") {
      return run_evaluate(rest, argv[0]);
    }
    if (args[0] == "plan") {
      return run_plan(rest, argv[0]);
    }
    if (args[0] == "explain") {
      return run_explain(rest, argv[0]);
    }
    if (args[0] == "audit") {
      return run_audit(rest, argv[0]);
    }
    if (args[0] == "rules") {
      return run_rules(rest, argv[0]);
    }
    if (args[0] == "graph") {
      return run_graph(rest, argv[0]);
    }
    if (args[0] == "diff-rules") {
      return run_diff_rules(rest, argv[0]);
    }
    if (args[0] == "template") {
      return run_template(rest, argv[0]);
    }
    if (args[0] == "serve") {
      run_beside("ntm-serve", rest);
    }
    throw UsageError{"unknown command '" + args[0] +
                     "' (commands: evaluate, plan, explain, audit, rules, graph, diff-rules, template, serve)"};
  });
}
