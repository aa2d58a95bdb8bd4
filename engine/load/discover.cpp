#include "load/discover.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <string_view>
#include <system_error>

#include <dirent.h>
#include <sys/stat.h>

namespace ntm::load {

namespace {

/// A submission's name: `*.xml` or `*.csv`, in any case (Windows saves `SHEET.CSV`). The
/// extension is what std::filesystem::path::extension() gives: from the last dot, unless the name
/// starts with it (`.xml` is a hidden file without one).
bool is_submission_name(std::string_view name)
{
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name.size() - dot != 4) {
    return false;
  }
  std::string extension(name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == "xml" || extension == "csv";
}

struct Entry {
  std::string name;
  unsigned char type; // d_type: DT_DIR, DT_REG, DT_LNK, DT_UNKNOWN, ...
};

/// `path` names a folder, symbolic links followed (`follow`) or not.
bool is_folder(const std::string& path, bool follow)
{
  struct stat status {};
  return (follow ? ::stat(path.c_str(), &status) : ::lstat(path.c_str(), &status)) == 0 &&
         S_ISDIR(status.st_mode);
}

/// Adds the submissions below folder `folder` to `found`, in the order of their paths.
///
/// Each folder's names are sorted on their own and walked in that order, which lists the paths in
/// the order std::filesystem::path gives them (name by name) without sorting the whole batch: of
/// two names in one folder, the lesser one's path and every path below it come first, since a
/// separator sorts before any other character. A folder that cannot be listed is an input with a
/// problem, and the walk goes on. Symbolic links to folders are not followed, unless named like a
/// submission (they are then a folder where a file was expected).
void walk(const std::string& folder, std::vector<InputFile>& found)
{
  DIR* stream = ::opendir(folder.c_str());
  if (!stream) {
    found.push_back({folder, "cannot list the folder: " + std::generic_category().message(errno)});
    return;
  }
  std::vector<Entry> entries;
  errno = 0;
  while (const dirent* entry = ::readdir(stream)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      entries.push_back({std::string(name), entry->d_type});
    }
  }
  const int error = errno;
  ::closedir(stream);
  if (error != 0) {
    found.push_back({folder, "cannot list the folder: " + std::generic_category().message(error)});
    return;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  const bool separated = !folder.empty() && folder.back() == '/';
  for (const Entry& entry : entries) {
    std::string path = folder;
    if (!separated) {
      path += '/';
    }
    path += entry.name;
    if (is_submission_name(entry.name)) {
      const bool directory = entry.type == DT_DIR ||
                             ((entry.type == DT_LNK || entry.type == DT_UNKNOWN) && is_folder(path, true));
      found.push_back({std::move(path), directory ? "is a directory, not a file" : ""});
    } else if (entry.type == DT_DIR || (entry.type == DT_UNKNOWN && is_folder(path, false))) {
      walk(path, found);
    }
  }
}

} // namespace

std::vector<InputFile> discover(const std::vector<std::filesystem::path>& paths)
{
  std::vector<InputFile> inputs;
  for (const std::filesystem::path& path : paths) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
      inputs.push_back({path.string(), "no such file or folder"});
    } else if (!std::filesystem::is_directory(status)) {
      inputs.push_back({path.string(), ""});
    } else {
      walk(path.string(), inputs);
    }
  }
  // The list lives through the whole audit: without the room its growth left (up to half again).
  inputs.shrink_to_fit();
  return inputs;
}

} // namespace ntm::load
