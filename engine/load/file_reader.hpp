#pragma once

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace ntm::load {

/// Reads whole files as bytes, one after the other, for a thread that reads a batch in the order of
/// its paths (`read_file` is a batch of one). Rules it keeps:
/// 1. a missing, unreadable or non-regular file fails, and so does one larger than the limit,
///    which is refused from its size alone;
/// 2. a file is opened by its name in its folder, which is opened once for the files of it that
///    come one after another, so that the kernel does not walk the whole path for each;
/// 3. a folder that cannot be opened is not tried again for its next files: they are opened by
///    their whole paths, which fail as an open in the folder would, with the same messages;
/// 4. the bytes are read into storage kept from file to file (up to 1 MiB), then copied once into
///    the text.
/// Not for use from two threads at once: each has its own.
class FileReader {
public:
  FileReader() = default;
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  /// The bytes of the file at `path`, or why they cannot be read (rule 1).
  Loaded<std::string> read(const std::string& path, std::size_t max_bytes = k_max_file_bytes);

private:
  /// A descriptor of the file at `path`, opened read-only, or -1 with `errno` set.
  int open(const std::string& path);
  /// The bytes of `fd`, opened from `path`.
  Loaded<std::string> read(int fd, const std::string& path, std::size_t max_bytes);

  std::string m_folder; // the folder of the last file, up to and with its last '/'
  int m_folder_fd = -1; // m_folder opened, or -1 when it could not be
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_buffer_size = 0;
};

} // namespace ntm::load
