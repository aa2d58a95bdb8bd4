#include "serve/zip_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace ntm::serve {

namespace {

std::optional<Format> submission_format(const std::string& path)
{
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.ends_with(".xml")) {
    return Format::xml;
  }
  if (lower.ends_with(".csv")) {
    return Format::csv;
  }
  return std::nullopt;
}

Response unreadable(const Upload& archive, const std::string& why)
{
  return error_response(400, "bad-archive", "archive '" + archive.name + "' cannot be read: " + why);
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

} // namespace

std::vector<Upload> unzip(const Upload& archive, Response& refusal)
{
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.text.data(), archive.text.size(), 0, &error);
  if (!source) {
    refusal = unreadable(archive, zip_error_strerror(&error));
    zip_error_fini(&error);
    return {};
  }
  const std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(source);
    refusal = unreadable(archive, zip_error_strerror(&error));
    zip_error_fini(&error);
    return {};
  }
  zip_error_fini(&error);
  std::vector<Upload> uploads;
  std::size_t total = 0;
  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* name = zip_get_name(zip.get(), index, 0);
    const auto format = name ? submission_format(name) : std::nullopt;
    if (!format) {
      continue; // a folder, or not a submission
    }
    if (uploads.size() == k_max_audit_files) {
      refusal =
          error_response(413, "too-large",
                         "the archive holds more than " + std::to_string(k_max_audit_files) + " submissions");
      return {};
    }
    const std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(zip.get(), index, 0));
    if (!file) {
      refusal = unreadable(archive, std::string(name) + ": " + zip_strerror(zip.get()));
      return {};
    }
    Upload upload{name, *format, ""};
    char buffer[64 * 1024];
    for (;;) {
      const zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
      if (got < 0) {
        refusal = unreadable(archive, std::string(name) + ": " + zip_file_strerror(file.get()));
        return {};
      }
      if (got == 0) {
        break;
      }
      total += static_cast<std::size_t>(got);
      if (total > k_max_audit_bytes) {
        refusal =
            error_response(413, "too-large",
                           "the archive holds more than " +
                               std::to_string(k_max_audit_bytes / (1024 * 1024)) + " MiB of submissions");
        return {};
      }
      upload.text.append(buffer, static_cast<std::size_t>(got));
    }
    uploads.push_back(std::move(upload));
  }
  std::sort(uploads.begin(), uploads.end(), [](const Upload& a, const Upload& b) { return a.name < b.name; });
  return uploads;
}

} // namespace ntm::serve
