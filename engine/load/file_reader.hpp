#pragma once

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"

#include <cstddef>
#include <memory>
#include <optional>
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
///    the text;
/// 5. a file that its folder's listing found regular is read without asking its size first, which
///    spares a system call per file: a read that returns less than the storage holds is its end
///    (POSIX: fewer bytes were left). Only a file that fills the storage, or fails to read, is read
///    again as any other, so that every message is the same.
/// Not for use from two threads at once: each has its own.
class FileReader {
public:
  FileReader() = default;
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  /// The bytes of the file at `path`, or why they cannot be read (rule 1). `regular`: a listing
  /// found a regular file there (rule 5).
  Loaded<std::string> read(const std::string& path, std::size_t max_bytes = k_max_file_bytes,
                           bool regular = false);

private:
  /// A descriptor of the file at `path`, opened read-only, or -1 with `errno` set.
  int open(const std::string& path);
  /// The bytes of `fd`, opened from `path`.
  Loaded<std::string> read(int fd, const std::string& path, std::size_t max_bytes);
  /// The bytes of `fd`, a file a listing found regular, read without asking its size; nothing when
  /// that does not tell them (rule 5), with `fd` back at its start.
  std::optional<std::string> read_listed(int fd, std::size_t max_bytes);

  std::string m_folder; // the folder of the last file, up to and with its last '/'
  int m_folder_fd = -1; // m_folder opened, or -1 when it could not be
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_buffer_size = 0;
};

} // namespace ntm::load
