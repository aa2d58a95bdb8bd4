#include "atomic_file.hpp"

#include "options.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ntm::cli {

AtomicFile::AtomicFile(std::filesystem::path target) : m_target(std::move(target))
{
  std::error_code ec;
  if (std::filesystem::is_directory(m_target, ec)) {
    throw UsageError{"cannot write '" + m_target.string() + "': it is a directory"};
  }
  const std::filesystem::path directory = m_target.has_parent_path() ? m_target.parent_path() : ".";
  std::string pattern = (directory / ("." + m_target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw UsageError{"cannot write '" + m_target.string() + "': " + std::strerror(errno)};
  }
  // mkstemp makes the file private; a report should get the permissions any new file gets.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  m_temporary = pattern;
  m_stream.open(m_temporary, std::ios::binary | std::ios::trunc);
  if (!m_stream) {
    std::remove(m_temporary.c_str());
    throw UsageError{"cannot write '" + m_target.string() + "'"};
  }
}

AtomicFile::~AtomicFile()
{
  if (!m_committed) {
    m_stream.close();
    std::remove(m_temporary.c_str());
  }
}

void AtomicFile::commit()
{
  m_stream.flush();
  const bool written = static_cast<bool>(m_stream);
  m_stream.close();
  bool synced = false;
  if (const int fd = ::open(m_temporary.c_str(), O_RDONLY); fd >= 0) {
    synced = ::fsync(fd) == 0;
    ::close(fd);
  }
  if (!written || !synced || std::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
    const int error = errno;
    std::remove(m_temporary.c_str());
    m_committed = true; // nothing left to clean
    throw UsageError{"cannot write '" + m_target.string() + "': " + std::strerror(error)};
  }
  m_committed = true;
}

} // namespace ntm::cli
