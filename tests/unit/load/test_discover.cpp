#include "load/discover.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

TEST_CASE("a folder stands for its XML and CSV submissions, in any case, recursively")
{
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "sub");
  for (const char* name : {"a.xml", "b.csv", "C.CSV", "d.txt", "e.json", "sub/f.csv", "sub/G.XML"}) {
    std::ofstream(root / name) << "x";
  }
  fs::create_directory(root / "folder.csv");
  std::vector<std::string> found;
  for (const ntm::load::InputFile& input : ntm::load::discover({root})) {
    found.push_back(fs::relative(input.path, root).string() +
                    (input.problem.empty() ? "" : ": " + input.problem));
  }
  fs::remove_all(root);
  CHECK(found == std::vector<std::string>{"C.CSV", "a.xml", "b.csv", "folder.csv: is a directory, not a file",
                                          "sub/G.XML", "sub/f.csv"});
}
