#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ntm::load {

/// One input of a batch: a file to read, or a path that cannot be one (`problem` says why).
struct InputFile {
  std::string path;    // as a string: a batch holds one per file, and a path object is several times larger
  std::string problem; // empty when the path is a file to read
  bool regular = false; // its folder's listing said it is a regular file (see FileReader::read)
};

/// Expands files and folders into the inputs of a batch: a file stands for itself, a folder for
/// every `*.xml` and `*.csv` below it, in any case (sorted, recursively). A `*.xml` or `*.csv` that
/// is a folder and a path that does not exist become inputs with a problem, so that a batch reports
/// them instead of skipping them. Folders are listed on `jobs` threads; the order does not depend on it.
std::vector<InputFile> discover(const std::vector<std::filesystem::path>& paths, unsigned jobs = 1);

} // namespace ntm::load
