#include "atomic_file.hpp"
#include "fixtures.hpp"
#include "options.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

/// A folder of its own for one test, removed with it.
struct Scratch {
  explicit Scratch(const std::string& name)
      : path(fs::temp_directory_path() / ("ntm-atomic-file-" + name + "-" + std::to_string(::getpid())))
  {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
  fs::path path;
};

std::string read(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The names in `folder`, sorted.
std::vector<std::string> names(const fs::path& folder)
{
  std::vector<std::string> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    found.push_back(entry.path().filename().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

} // namespace

TEST_CASE("a report is written whole, in small pieces and large ones, past several starts of writeback")
{
  const Scratch scratch("whole");
  std::string expected;
  {
    ntm::cli::AtomicFile file(scratch.path / "report.json");
    // Single characters, pieces smaller than the buffer, and pieces of up to 1.5 MB that are
    // written as they come, to 20 MB: every way text reaches the file, and two starts of writeback.
    for (std::size_t i = 0; expected.size() < (std::size_t{20} << 20); ++i) {
      const std::size_t size = i % 3 == 0   ? 1
                               : i % 3 == 1 ? 1 + (i * 7919) % 70'000
                                            : (i * 104'729) % 1'500'000;
      const std::string piece(size, static_cast<char>('a' + i % 26));
      if (size == 1) {
        file.stream().put(piece[0]);
      } else {
        file.stream() << piece;
      }
      expected += piece;
    }
    file.commit();
  }
  CHECK(names(scratch.path) == std::vector<std::string>{"report.json"});
  // Where the file first differs, not the 20 MB of each in a failure message.
  const std::string written = read(scratch.path / "report.json");
  CHECK(written.size() == expected.size());
  const auto differs = std::mismatch(expected.begin(), expected.end(), written.begin(), written.end()).first;
  CHECK(differs - expected.begin() == static_cast<std::ptrdiff_t>(expected.size()));
}

TEST_CASE("an existing file is untouched until the new one is committed")
{
  const Scratch scratch("replace");
  std::ofstream(scratch.path / "report.csv") << "old";
  ntm::cli::AtomicFile file(scratch.path / "report.csv");
  file.stream() << "new";
  file.stream().flush();
  CHECK(read(scratch.path / "report.csv") == "old");
  file.commit();
  CHECK(read(scratch.path / "report.csv") == "new");
  CHECK(names(scratch.path) == std::vector<std::string>{"report.csv"});
}

TEST_CASE("a file never committed leaves nothing behind, and the old one as it was")
{
  const Scratch scratch("abandon");
  std::ofstream(scratch.path / "report.html") << "old";
  {
    ntm::cli::AtomicFile file(scratch.path / "report.html");
    file.stream() << std::string(std::size_t{1} << 20, 'x');
    CHECK(names(scratch.path).size() == 2);
  }
  CHECK(names(scratch.path) == std::vector<std::string>{"report.html"});
  CHECK(read(scratch.path / "report.html") == "old");
}

TEST_CASE("a write that fails is an error at the commit, and the old file is kept")
{
  // Files are limited to 1 MB in a child process, where the write of the second megabyte fails
  // with EFBIG (SIGXFSZ ignored); the child sends back the commit's message.
  const Scratch scratch("fails");
  const fs::path target = scratch.path / "report.json";
  std::ofstream(target) << "old";
  const std::string message = ntm::test::in_child_process([&] {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1 << 20, 1 << 20};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      ntm::cli::AtomicFile file(target);
      file.stream() << std::string(std::size_t{3} << 19, 'x') << "end";
      file.commit();
    } catch (const ntm::cli::UsageError& error) {
      return error.message;
    }
    return std::string("committed");
  });
  CHECK(message == "cannot write '" + target.string() + "': File too large");
  CHECK(names(scratch.path) == std::vector<std::string>{"report.json"});
  CHECK(read(target) == "old");
}
