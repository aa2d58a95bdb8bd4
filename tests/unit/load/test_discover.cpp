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

TEST_CASE("files are listed in the order of their paths, folder by folder")
{
  // As strings, "a-b/x.xml" < "a/x.xml" ('-' < '/'); as paths, folder "a" comes before "a-b".
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-order-" + std::to_string(::getpid()));
  fs::remove_all(root);
  for (const char* folder : {"a", "a-b", "a.b", "ab", "a/z"}) {
    fs::create_directories(root / folder);
  }
  for (const char* name : {"a/x.xml", "a/z/y.xml", "a-b/x.xml", "a.b/x.xml", "ab/x.xml", "a.xml", "a0.xml"}) {
    std::ofstream(root / name) << "x";
  }
  std::vector<std::string> found;
  for (const ntm::load::InputFile& input : ntm::load::discover({root})) {
    found.push_back(fs::relative(input.path, root).string());
  }
  fs::remove_all(root);
  CHECK(found == std::vector<std::string>{"a/x.xml", "a/z/y.xml", "a-b/x.xml", "a.b/x.xml", "a.xml", "a0.xml",
                                          "ab/x.xml"});
}
