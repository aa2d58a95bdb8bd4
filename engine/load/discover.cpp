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

} // namespace

std::vector<InputFile> discover(const std::vector<std::filesystem::path>& paths)
{
  std::vector<InputFile> inputs;
  for (const std::filesystem::path& path : paths) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
      inputs.push_back({path, "no such file or folder"});
      continue;
    }
    if (!std::filesystem::is_directory(status)) {
      inputs.push_back({path, ""});
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
        found.push_back({it->path(), "is a directory, not a file"});
        it.disable_recursion_pending();
      } else {
        found.push_back({it->path(), ""});
      }
    }
    if (ec) {
      found.push_back({path, "cannot list the folder: " + ec.message()});
    }
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  return inputs;
}

} // namespace ntm::load
