#include "atomic_file.hpp"

#include "options.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ntm::cli {

namespace {

// Small pieces (a CSV cell, an HTML tag) are gathered into one write; larger ones are written as
// they come.
constexpr std::size_t k_buffer_size = std::size_t{64} << 10;
// A report's writeback is started every this many bytes: the disk then writes while the rest is
// rendered, instead of all of it during the fsync of the commit (about 200 ms for 218 MB).
constexpr std::size_t k_writeback_every = std::size_t{8} << 20;

/// Creates the temporary file beside `target`, sets `temporary` to its path and returns it open.
int create_temporary(const std::filesystem::path& target, std::filesystem::path& temporary)
{
  std::error_code ec;
  if (std::filesystem::is_directory(target, ec)) {
    throw UsageError{"cannot write '" + target.string() + "': it is a directory"};
  }
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  std::string pattern = (directory / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw UsageError{"cannot write '" + target.string() + "': " + std::strerror(errno)};
  }
  // mkstemp makes the file private; a report should get the permissions any new file gets.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  temporary = pattern;
  return fd;
}

} // namespace

FileBuffer::FileBuffer(int fd) : m_fd(fd), m_buffer(std::make_unique_for_overwrite<char[]>(k_buffer_size))
{
  setp(m_buffer.get(), m_buffer.get() + k_buffer_size);
}

FileBuffer::int_type FileBuffer::overflow(int_type c)
{
  if (!drain()) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FileBuffer::xsputn(const char* data, std::streamsize size)
{
  const auto length = static_cast<std::size_t>(size);
  if (length > static_cast<std::size_t>(epptr() - pptr())) {
    if (!drain()) {
      return 0;
    }
    if (length >= k_buffer_size) {
      return write_out(data, length) ? size : 0;
    }
  }
  std::memcpy(pptr(), data, length);
  pbump(static_cast<int>(length));
  return size;
}

int FileBuffer::sync()
{
  return drain() ? 0 : -1;
}

bool FileBuffer::drain()
{
  const auto pending = static_cast<std::size_t>(pptr() - pbase());
  setp(m_buffer.get(), m_buffer.get() + k_buffer_size);
  return pending == 0 || write_out(m_buffer.get(), pending);
}

bool FileBuffer::write_out(const char* data, std::size_t size)
{
  if (m_error != 0) {
    return false;
  }
  while (size > 0) {
    const ssize_t written = ::write(m_fd, data, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      m_error = errno;
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
    m_written += static_cast<std::size_t>(written);
  }
  if (m_written - m_written_back >= k_writeback_every) {
    // Only a start: an error of the writeback is the fsync's to report.
    ::sync_file_range(m_fd, static_cast<off_t>(m_written_back),
                      static_cast<off_t>(m_written - m_written_back), SYNC_FILE_RANGE_WRITE);
    m_written_back = m_written;
  }
  return true;
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : m_target(std::move(target))
    , m_fd(create_temporary(m_target, m_temporary))
    , m_buffer(m_fd)
    , m_stream(&m_buffer)
{
}

AtomicFile::~AtomicFile()
{
  if (!m_committed) {
    ::close(m_fd);
    std::remove(m_temporary.c_str());
  }
}

void AtomicFile::commit()
{
  m_stream.flush();
  bool done = static_cast<bool>(m_stream);
  int error = m_buffer.error();
  if (done && ::fsync(m_fd) != 0) {
    done = false;
    error = errno;
  }
  ::close(m_fd);
  if (done && std::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
    done = false;
    error = errno;
  }
  m_committed = true; // closed, and renamed or removed below: nothing left to clean
  if (!done) {
    std::remove(m_temporary.c_str());
    throw UsageError{"cannot write '" + m_target.string() + "': " + std::strerror(error)};
  }
}

} // namespace ntm::cli
