#include "options.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace ntm::cli {

std::filesystem::path rules_dir(const std::optional<std::string> &option, const char *argv0)
{
  if (option) {
    return *option;
  }
  if (const char *env = std::getenv("NTM_RULES"); env && *env) {
    return env;
  }
  std::error_code ec;
  const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  const auto base = ec ? std::filesystem::path(argv0).parent_path() : exe.parent_path();
  const auto installed = base.parent_path() / "share" / "ntm" / "rules";
  if (std::filesystem::is_directory(installed, ec)) {
    return installed;
  }
  return NTM_DEFAULT_RULES_DIR;
}

std::optional<eval::RuleBase> load_rules(const std::filesystem::path &dir, std::ostream &err)
{
  const auto start = std::chrono::steady_clock::now();
  auto loaded = eval::RuleBase::load(dir);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  if (!loaded.value) {
    for (const Diagnostic &diagnostic : loaded.errors) {
      err << diagnostic.str() << "\n";
    }
    err << "ntm: error: the rules in " << dir.string() << " could not be loaded (" << loaded.errors.size()
        << (loaded.errors.size() == 1 ? " error)" : " errors)") << "\n";
    return std::nullopt;
  }
  spdlog::debug("loaded {} set versions and {} levels from {} in {:.1f} ms ({} graph nodes)",
                loaded.value->book().sets.size(), loaded.value->book().levels.levels.size(), dir.string(),
                elapsed.count(), loaded.value->graph().size());
  return std::move(*loaded.value);
}

report::Lang lang_option(const std::string &value)
{
  if (auto lang = report::parse_lang(value)) {
    return *lang;
  }
  throw UsageError{"--lang must be 'vi' or 'en', not '" + value + "'"};
}

void write_atomically(const std::filesystem::path &path, const std::string &text)
{
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::string pattern = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw UsageError{"cannot write '" + path.string() + "': " + std::strerror(errno)};
  }
  const char *data = text.data();
  std::size_t left = text.size();
  bool ok = true;
  while (left > 0 && ok) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      ok = errno == EINTR;
      continue;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  const int saved = errno;
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(pattern.c_str(), path.c_str()) != 0) {
    const int error = ok ? errno : saved;
    std::remove(pattern.c_str());
    throw UsageError{"cannot write '" + path.string() + "': " + std::strerror(error)};
  }
}

void emit(const std::optional<std::string> &output, const std::string &text)
{
  if (output) {
    write_atomically(*output, text);
  } else {
    std::cout << text;
    std::cout.flush();
  }
}

} // namespace ntm::cli
