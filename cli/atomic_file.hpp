#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <ostream>
#include <streambuf>

namespace ntm::cli {

/// A stream buffer that writes to the open file `fd` and starts the disk's writeback of every
/// few megabytes as soon as they are written, so that a final fsync of a large file has little
/// left to wait for. A failed write stops the writing (the stream goes bad) and keeps its errno
/// for `error`. It does not close `fd`.
class FileBuffer : public std::streambuf {
public:
  explicit FileBuffer(int fd);
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;

  /// The errno of the write that failed; 0 while none has.
  int error() const { return m_error; }

protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

private:
  bool drain();
  bool write_out(const char* data, std::size_t size);

  int m_fd;
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_written = 0;      // bytes handed to the file
  std::size_t m_written_back = 0; // bytes whose writeback has been started
  int m_error = 0;
};

/// An output file that appears whole or not at all: text goes to a temporary file beside the
/// target, and `commit` renames it over the target. Until then an existing file is untouched; a
/// file never committed is removed. Creating it is the check that the target can be written, so
/// commands create their outputs before they start work. Throws UsageError when it cannot.
class AtomicFile {
public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  std::ostream& stream() { return m_stream; }
  /// Flushes to disk and renames over the target.
  void commit();

private:
  std::filesystem::path m_target;
  std::filesystem::path m_temporary;
  int m_fd; // the temporary file, open until committed or removed
  FileBuffer m_buffer;
  std::ostream m_stream;
  bool m_committed = false;
};

} // namespace ntm::cli
