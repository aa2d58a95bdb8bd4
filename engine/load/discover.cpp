#include "load/discover.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

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

/// `path` names a folder, symbolic links followed (`follow`) or not.
bool is_folder(const std::string& path, bool follow)
{
  struct stat status {};
  return (follow ? ::stat(path.c_str(), &status) : ::lstat(path.c_str(), &status)) == 0 &&
         S_ISDIR(status.st_mode);
}

/// One folder's part of the batch: its inputs in order, and where the inputs of each of its
/// subfolders go among them.
struct Listing {
  std::string folder;
  std::vector<InputFile> inputs;
  struct Subfolder {
    std::size_t inputs_before; // of `inputs`, those that come before the subfolder's
    std::size_t listing;       // the subfolder's listing
  };
  std::vector<Subfolder> subfolders; // in order
};

/// A folder's entries, the names kept in one string rather than one string each.
class Entries {
public:
  void add(std::string_view name, unsigned char type)
  {
    m_entries.push_back(
        {static_cast<std::uint32_t>(m_names.size()), static_cast<std::uint32_t>(name.size()), type});
    m_names += name;
  }
  /// In the order of their names.
  void sort()
  {
    std::sort(m_entries.begin(), m_entries.end(),
              [this](const Entry& a, const Entry& b) { return name(a) < name(b); });
  }
  template <typename Visit>
  void for_each(Visit visit) const
  {
    for (const Entry& entry : m_entries) {
      visit(name(entry), entry.type);
    }
  }

private:
  struct Entry {
    std::uint32_t offset;
    std::uint32_t size;
    unsigned char type; // d_type: DT_DIR, DT_REG, DT_LNK, DT_UNKNOWN, ...
  };
  std::string_view name(const Entry& entry) const { return {m_names.data() + entry.offset, entry.size}; }

  std::string m_names;
  std::vector<Entry> m_entries;
};

/// Lists folder `listing.folder` into `listing.inputs`, and its subfolders into `subfolders`
/// (paired with the inputs before each), leaving them to be listed in turn.
///
/// Each folder's names are sorted on their own, which lists the paths in the order
/// std::filesystem::path gives them (name by name) without sorting the whole batch: of two names
/// in one folder, the lesser one's path and every path below it come first, since a separator
/// sorts before any other character. A folder that cannot be listed is an input with a problem.
/// Symbolic links to folders are not followed, unless named like a submission (they are then a
/// folder where a file was expected).
void list(Listing& listing, std::vector<std::pair<std::size_t, std::string>>& subfolders)
{
  const std::string& folder = listing.folder;
  DIR* stream = ::opendir(folder.c_str());
  if (!stream) {
    listing.inputs.push_back({folder, "cannot list the folder: " + std::generic_category().message(errno)});
    return;
  }
  Entries entries;
  errno = 0;
  while (const dirent* entry = ::readdir(stream)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      entries.add(name, entry->d_type);
    }
  }
  const int error = errno;
  ::closedir(stream);
  if (error != 0) {
    listing.inputs.push_back({folder, "cannot list the folder: " + std::generic_category().message(error)});
    return;
  }
  entries.sort();
  const bool separated = !folder.empty() && folder.back() == '/';
  entries.for_each([&](std::string_view name, unsigned char type) {
    std::string path;
    path.reserve(folder.size() + 1 + name.size());
    path += folder;
    if (!separated) {
      path += '/';
    }
    path += name;
    if (is_submission_name(name)) {
      const bool directory =
          type == DT_DIR || ((type == DT_LNK || type == DT_UNKNOWN) && is_folder(path, true));
      listing.inputs.push_back({std::move(path), directory ? "is a directory, not a file" : "", type == DT_REG});
    } else if (type == DT_DIR || (type == DT_UNKNOWN && is_folder(path, false))) {
      subfolders.emplace_back(listing.inputs.size(), std::move(path));
    }
  });
}

/// Lists a folder and every folder below it on `jobs` threads (the calling one among them): a
/// thread takes any folder not yet listed, and the folders it finds are left for any thread to
/// take. The listings are then put together in order.
class Walk {
public:
  explicit Walk(std::string folder) { add(std::move(folder)); }

  void run(unsigned jobs)
  {
    std::vector<std::jthread> helpers;
    for (unsigned i = 1; i < jobs; ++i) {
      helpers.emplace_back([this] { work(); });
    }
    work();
    helpers.clear();
    if (m_failure) {
      std::rethrow_exception(m_failure);
    }
  }

  /// Appends the inputs of every folder to `found`, in the order of their paths.
  void collect(std::vector<InputFile>& found)
  {
    std::size_t count = 0;
    for (const std::unique_ptr<Listing>& listing : m_listings) {
      count += listing->inputs.size();
    }
    found.reserve(found.size() + count);
    collect(0, found);
  }

private:
  // With m_mutex held, or before the threads start.
  void add(std::string folder)
  {
    m_waiting.push_back(m_listings.size());
    m_listings.push_back(std::make_unique<Listing>(Listing{std::move(folder), {}, {}}));
  }

  void work()
  {
    std::vector<std::pair<std::size_t, std::string>> subfolders;
    std::unique_lock lock(m_mutex);
    while (true) {
      m_changed.wait(lock, [this] { return !m_waiting.empty() || m_busy == 0 || m_failure; });
      if (m_waiting.empty() || m_failure) {
        return;
      }
      const std::size_t id = m_waiting.back();
      m_waiting.pop_back();
      Listing& listing = *m_listings[id];
      ++m_busy;
      lock.unlock();
      try {
        list(listing, subfolders);
      } catch (...) {
        lock.lock();
        m_failure = std::current_exception();
        m_changed.notify_all();
        return;
      }
      lock.lock();
      for (auto& [inputs_before, folder] : subfolders) {
        listing.subfolders.push_back({inputs_before, m_listings.size()});
        add(std::move(folder));
      }
      subfolders.clear();
      --m_busy;
      m_changed.notify_all();
    }
  }

  void collect(std::size_t id, std::vector<InputFile>& found)
  {
    Listing& listing = *m_listings[id];
    auto next = listing.inputs.begin();
    for (const Listing::Subfolder& subfolder : listing.subfolders) {
      const auto end = listing.inputs.begin() + static_cast<std::ptrdiff_t>(subfolder.inputs_before);
      std::move(next, end, std::back_inserter(found));
      next = end;
      collect(subfolder.listing, found);
    }
    std::move(next, listing.inputs.end(), std::back_inserter(found));
    m_listings[id].reset();
  }

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<std::unique_ptr<Listing>> m_listings; // the first is the folder walked
  std::vector<std::size_t> m_waiting;               // listings not yet taken
  unsigned m_busy = 0;                              // listings taken but not done
  std::exception_ptr m_failure;
};

} // namespace

std::vector<InputFile> discover(const std::vector<std::filesystem::path>& paths, unsigned jobs)
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
      Walk walk(path.string());
      walk.run(jobs);
      walk.collect(inputs);
    }
  }
  // The list lives through the whole audit: without the room its growth left (up to half again).
  inputs.shrink_to_fit();
  return inputs;
}

} // namespace ntm::load
