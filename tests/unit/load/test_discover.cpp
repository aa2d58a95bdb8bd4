#include "fixtures.hpp"
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

TEST_CASE("the order of a folder listed on several threads is the order of the paths")
{
  // Three levels of folders, each with submissions and other files around its subfolders; a
  // thread takes whichever folder is waiting, so listings finish in any order.
  const unsigned jobs = GENERATE(1U, 2U, 3U, 8U);
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-threads-" + std::to_string(::getpid()));
  fs::remove_all(root);
  std::vector<fs::path> expected;
  const std::vector<std::string> names = {"a", "a-b", "a.b", "b", "B", "c.d"};
  for (const std::string& one : names) {
    for (const std::string& two : names) {
      for (const std::string three : {"x", "x-y", "y"}) {
        const fs::path folder = root / one / two / three;
        fs::create_directories(folder);
        for (const fs::path& file : {folder / "s.xml", folder.parent_path() / (three + ".CSV"),
                                     folder.parent_path().parent_path() / (two + ".xml")}) {
          if (!fs::exists(file)) {
            std::ofstream(file) << "x";
            expected.push_back(file);
          }
        }
        std::ofstream(folder / "notes.txt") << "x";
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  std::vector<fs::path> found;
  for (const ntm::load::InputFile& input : ntm::load::discover({root}, jobs)) {
    found.emplace_back(input.path);
  }
  fs::remove_all(root);
  CHECK(found.size() == expected.size());
  CHECK(found == expected);
}

namespace {

/// The paths `discover` lists below `root`, relative to it, each with its problem if it has one.
/// Run by a user without root's right to read any folder: root's would make every folder
/// listable, so when the test runs as root the listing is made in a child process that has
/// become `nobody` (65534) first.
std::vector<std::string> listed_without_privileges(const fs::path& root)
{
  const auto list = [&] {
    std::string lines;
    for (const ntm::load::InputFile& input : ntm::load::discover({root})) {
      lines += fs::relative(input.path, root).string() + (input.problem.empty() ? "" : ": " + input.problem) +
               "\n";
    }
    return lines;
  };
  std::string lines;
  if (::geteuid() != 0) {
    lines = list();
  } else {
    lines = ntm::test::in_child_process([&] {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
        ::_exit(3);
      }
      return list();
    });
  }
  std::vector<std::string> found;
  for (std::size_t start = 0, end; (end = lines.find('\n', start)) != std::string::npos; start = end + 1) {
    found.push_back(lines.substr(start, end - start));
  }
  return found;
}

} // namespace

TEST_CASE("a folder that cannot be listed is an input with a problem, and the walk goes on")
{
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-locked-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "b-locked");
  for (const char* name : {"a.xml", "b-locked/hidden.xml", "c.xml"}) {
    std::ofstream(root / name) << "x";
  }
  fs::permissions(root / "b-locked", fs::perms::none);
  const std::vector<std::string> found = listed_without_privileges(root);
  fs::permissions(root / "b-locked", fs::perms::owner_all);
  fs::remove_all(root);
  CHECK(found ==
        std::vector<std::string>{"a.xml", "b-locked: cannot list the folder: Permission denied", "c.xml"});
}

TEST_CASE("a link to a folder is not followed, unless it is named like a submission")
{
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-links-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "real");
  std::ofstream(root / "real" / "x.xml") << "x";
  std::ofstream(root / "y.xml") << "x";
  fs::create_directory_symlink(root / "real", root / "link");
  fs::create_directory_symlink(root / "real", root / "link.xml");
  fs::create_symlink(root / "y.xml", root / "z.xml");
  std::vector<std::string> found;
  for (const ntm::load::InputFile& input : ntm::load::discover({root})) {
    // Not fs::relative, which would follow the links.
    found.push_back(input.path.substr(root.string().size() + 1) +
                    (input.problem.empty() ? "" : ": " + input.problem));
  }
  fs::remove_all(root);
  CHECK(found ==
        std::vector<std::string>{"link.xml: is a directory, not a file", "real/x.xml", "y.xml", "z.xml"});
}

TEST_CASE("a file is marked regular only when its folder's listing says so")
{
  // A link to a file is listed as a link: it is read as a file given by name is, size asked first.
  const fs::path root = fs::temp_directory_path() / ("ntm-discover-regular-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "folder.xml");
  std::ofstream(root / "a.xml") << "x";
  fs::create_symlink(root / "a.xml", root / "b.xml");
  std::vector<std::string> found;
  for (const ntm::load::InputFile& input : ntm::load::discover({root, root / "a.xml"})) {
    found.push_back(input.path.substr(root.string().size() + 1) + (input.regular ? " regular" : ""));
  }
  fs::remove_all(root);
  CHECK(found == std::vector<std::string>{"a.xml regular", "b.xml", "folder.xml", "a.xml"});
}
