// ntm serve: the commune and province pages and their API, on this machine.
#include "options.hpp"
#include "serve/server.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <thread>

namespace po = boost::program_options;

namespace ntm::cli {

int run_serve(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm serve [--bind ADDRESS] [--port N] [--rules DIR] [--threads N] [--slots N]\n\n"
      "Serves the commune page (fill in, evaluate, plan, save and load submissions), the province\n"
      "page (audit many submissions) and their API (docs/api.md) over HTTP, with the rules loaded\n"
      "once. Listens on 127.0.0.1 unless told otherwise; --port 0 takes any free port. The first\n"
      "line on stdout is the address it listens on. Stops on Ctrl-C or SIGTERM.\n\noptions");
  serve::ServerOptions options;
  options.slots = std::max(1U, std::thread::hardware_concurrency());
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("bind", po::value(&options.bind), "address to listen on (default 127.0.0.1: this machine only)")
    ("port", po::value(&options.port), "port (default 8080; 0: any free port)")
    ("threads", po::value(&options.threads), "connections served at once (default 32)")
    ("slots", po::value(&options.slots), "evaluations run at once (default: the number of cores)")
    ("rules", po::value<std::string>(), "rules directory (default: the bundled rules/)");
  // clang-format on
  const auto parsed = parse_command(args, visible);
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (options.port < 0 || options.port > 65535) {
    throw UsageError{"--port must be from 0 to 65535, not " + std::to_string(options.port)};
  }
  if (options.threads == 0 || options.slots == 0) {
    throw UsageError{"--threads and --slots must be at least 1"};
  }
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  std::string error;
  if (!serve::serve(*rules, options, std::cout, error)) {
    throw UsageError{error};
  }
  return k_exit_ok;
}

} // namespace ntm::cli
