#pragma once

#include "eval/rule_base.hpp"

#include <iosfwd>
#include <string>

namespace ntm::serve {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;       // 0: any free port
  unsigned threads = 32; // connections served at once (each keeps its thread while kept alive)
  unsigned slots = 2;    // evaluations run at once
};

/// Serves the pages and the API of docs/api.md until SIGINT or SIGTERM. Prints the URL it listens
/// on as the first line of `out` once it listens. Returns false, with a message in `error`, when it
/// cannot bind.
bool serve(const eval::RuleBase& rules, const ServerOptions& options, std::ostream& out, std::string& error);

} // namespace ntm::serve
