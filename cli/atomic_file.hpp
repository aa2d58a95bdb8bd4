#pragma once

#include <filesystem>
#include <fstream>

namespace ntm::cli {

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
  std::ofstream m_stream;
  bool m_committed = false;
};

} // namespace ntm::cli
