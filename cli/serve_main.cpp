// ntm-serve: `ntm serve`, a program of its own so that only it loads the HTTP, TLS and zip
// libraries (2.7 ms of every other command's start on the benchmark's machine); `ntm serve`
// runs it.
#include "options.hpp"

int main(int argc, char** argv)
{
  return ntm::cli::run_program(argc, argv, [&](const std::vector<std::string>& args) {
    return ntm::cli::run_serve(args, argv[0]);
  });
}
