#include "load/discover.hpp"

#include <algorithm>
#include <cctype>

namespace ntm::load {

namespace {

/// A submission's name: `*.xml` or `*.csv`, in any case (Windows saves `SHEET.CSV`).
bool is_submission_name(const std::filesystem::path& path)
{
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".xml" || extension == ".csv";
}

/// Orders paths as std::filesystem::path does, name by name, without building one per file: a
/// separator sorts before any other character. The first byte that differs decides (paths below
/// one folder share a long start, compared as plain bytes); a path that starts the other is less.
bool path_less(const InputFile& a, const InputFile& b)
{
  const auto rank = [](char c) { return c == '/' ? 0U : static_cast<unsigned char>(c) + 1U; };
  const std::size_t common = std::min(a.path.size(), b.path.size());
  const auto [x, y] =
      std::mismatch(a.path.begin(), a.path.begin() + static_cast<std::ptrdiff_t>(common), b.path.begin());
  if (x == a.path.begin() + static_cast<std::ptrdiff_t>(common)) {
    return a.path.size() < b.path.size();
  }
  return rank(*x) < rank(*y);
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
      continue;
    }
    if (!std::filesystem::is_directory(status)) {
      inputs.push_back({path.string(), ""});
      continue;
    }
    std::vector<InputFile> found;
    auto it = std::filesystem::recursive_directory_iterator(
        path, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!is_submission_name(it->path())) {
        continue;
      }
      std::error_code type_error;
      if (it->is_directory(type_error)) {
        found.push_back({it->path().string(), "is a directory, not a file"});
        it.disable_recursion_pending();
      } else {
        found.push_back({it->path().string(), ""});
      }
    }
    if (ec) {
      found.push_back({path.string(), "cannot list the folder: " + ec.message()});
    }
    std::sort(found.begin(), found.end(), path_less);
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  return inputs;
}

} // namespace ntm::load
