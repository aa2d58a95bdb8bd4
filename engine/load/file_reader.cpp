#include "load/file_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ntm::load {

namespace {

/// The most storage kept from one file to the next.
constexpr std::size_t k_kept_bytes = 1 << 20;
/// The storage a file a listing found regular is read into at once: a submission is a few kB.
constexpr std::size_t k_listed_bytes = 64 << 10;

} // namespace

FileReader::~FileReader()
{
  if (m_folder_fd >= 0) {
    ::close(m_folder_fd);
  }
}

int FileReader::open(const std::string& path)
{
  // Read-only; non-blocking so that a FIFO is refused instead of waiting for a writer.
  constexpr int k_flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash + 1 == path.size()) {
    return ::open(path.c_str(), k_flags);
  }
  const std::string_view folder(path.data(), slash + 1);
  if (folder != m_folder) {
    if (m_folder_fd >= 0) {
      ::close(m_folder_fd);
    }
    m_folder = folder;
    // Opened only to look names up in: that needs no permission to read the folder.
    m_folder_fd = ::open(m_folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  if (m_folder_fd < 0) {
    return ::open(path.c_str(), k_flags);
  }
  return ::openat(m_folder_fd, path.c_str() + slash + 1, k_flags);
}

Loaded<std::string> FileReader::read(const std::string& path, std::size_t max_bytes, bool regular)
{
  const int fd = open(path);
  if (fd < 0) {
    Loaded<std::string> result;
    result.errors.push_back({{path, 0, 0},
                             errno == ENOENT || errno == ENOTDIR || errno == ELOOP
                                 ? "no such file"
                                 : std::string("cannot read: ") + std::strerror(errno),
                             "unreadable"});
    return result;
  }
  // Closed however the reading ends, a thrown std::bad_alloc included: the batch goes on.
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (regular) {
    if (auto text = read_listed(fd, max_bytes)) {
      Loaded<std::string> result;
      result.value = std::move(text);
      return result;
    }
  }
  return read(fd, path, max_bytes);
}

std::optional<std::string> FileReader::read_listed(int fd, std::size_t max_bytes)
{
  if (m_buffer_size < k_listed_bytes) {
    m_buffer = std::make_unique_for_overwrite<char[]>(k_listed_bytes);
    m_buffer_size = k_listed_bytes;
  }
  // One byte past the limit, so that a file over it fills what is asked for.
  const std::size_t wanted = std::min(m_buffer_size, max_bytes + 1);
  ssize_t n = 0;
  do {
    n = ::read(fd, m_buffer.get(), wanted);
  } while (n < 0 && errno == EINTR);
  if (n >= 0 && static_cast<std::size_t>(n) < wanted) {
    return std::string(m_buffer.get(), static_cast<std::size_t>(n));
  }
  // A large file, or one that is not what the listing said (it may have changed since): read
  // again from its start as any other. A regular file can be rewound; anything else is refused
  // from its fstat before a byte is read.
  if (n > 0) {
    ::lseek(fd, 0, SEEK_SET);
  }
  return std::nullopt;
}

Loaded<std::string> FileReader::read(int fd, const std::string& path, std::size_t max_bytes)
{
  Loaded<std::string> result;
  const auto fail = [&](std::string message, std::string code) {
    result.errors.push_back({{path, 0, 0}, std::move(message), std::move(code)});
    return result;
  };
  const auto failed_read = [&] {
    return fail(std::string("cannot read: ") + std::strerror(errno), "unreadable");
  };
  struct stat status = {};
  if (::fstat(fd, &status) != 0) {
    return failed_read();
  }
  if (!S_ISREG(status.st_mode)) {
    return fail(S_ISDIR(status.st_mode) ? "is a directory, not a file" : "is not a regular file",
                "unreadable");
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  if (size > max_bytes) {
    return fail("file is too large (" + std::to_string(size) + " bytes; the limit is " +
                    std::to_string(max_bytes) + " bytes)",
                "too-large");
  }
  // The storage of a usual file is kept for the next; that of a rare large one is let go after it.
  std::unique_ptr<char[]> large;
  char* bytes = m_buffer.get();
  if (size > m_buffer_size) {
    if (size > k_kept_bytes) {
      large = std::make_unique_for_overwrite<char[]>(size);
      bytes = large.get();
    } else {
      m_buffer = std::make_unique_for_overwrite<char[]>(size);
      m_buffer_size = size;
      bytes = m_buffer.get();
    }
  }
  // Up to the size found above: a file that has grown since is read as it was then.
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, bytes + done, size - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n == 0) {
      return fail("cannot read: file changed while being read", "unreadable");
    } else if (errno != EINTR) {
      return failed_read();
    }
  }
  result.value.emplace(bytes, size);
  return result;
}

} // namespace ntm::load
