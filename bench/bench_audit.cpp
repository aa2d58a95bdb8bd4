// ntm_bench_audit: times `ntm audit` on synthetic batches against the floor of any XML-based tool,
// reading and parsing the same files with pugixml on one thread, measured in the same run.
#include "eval/rule_base.hpp"
#include "synthetic.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* k_usage =
    "usage: ntm_bench_audit --ntm PATH --work DIR [--sizes 10000,100000] [--runs 3] [--jobs 2]\n"
    "                       [--seed S] [--out FILE.md] [--reports json[,csv,html]] [--rules DIR] [--keep]\n"
    "Generates synthetic submissions for each size in DIR, then times `ntm audit` (with --jobs J and\n"
    "--jobs 1) against reading and parsing the same files with pugixml on one thread. Prints a\n"
    "Markdown report and writes it to FILE.md (atomically) when --out is given.\n";

#ifdef __clang__
constexpr const char* k_compiler = "clang " __clang_version__;
#else
constexpr const char* k_compiler = "GCC " __VERSION__;
#endif

/// A failure that ends the benchmark: printed as `ntm_bench_audit: error: …`, exit status 2.
struct BenchError {
  std::string message;
};

struct Options {
  std::string ntm;
  fs::path work;
  std::vector<std::size_t> sizes{10000, 100000};
  int runs = 3;
  unsigned jobs = 2;
  std::uint64_t seed = ntm::bench::k_default_seed;
  std::optional<fs::path> out;
  std::vector<std::string> reports{"json"};
  fs::path rules = NTM_BENCH_RULES_DIR;
  bool keep = false;
  std::string command;
};

std::uint64_t whole_number(std::string_view text, std::string_view option)
{
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    throw BenchError{std::string(option) + " '" + std::string(text) + "' is not a whole number"};
  }
  return std::strtoull(std::string(text).c_str(), nullptr, 10);
}

std::vector<std::string> split(std::string_view text, char separator)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string shell_quoted(std::string_view word)
{
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                              "-_./=,:+@") == std::string_view::npos) {
    return std::string(word);
  }
  std::string out = "'";
  for (char c : word) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

Options parse_options(int argc, char** argv)
{
  Options options;
  for (int i = 0; i < argc; ++i) {
    options.command += (i ? " " : "") + shell_quoted(argv[i]);
  }
  bool have_ntm = false;
  bool have_work = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << k_usage;
      std::exit(0);
    }
    if (arg == "--keep") {
      options.keep = true;
      continue;
    }
    if (i + 1 >= argc) {
      throw BenchError{"unknown option or missing value '" + std::string(arg) + "'\n" + k_usage};
    }
    const std::string_view value = argv[++i];
    if (arg == "--ntm") {
      options.ntm = value;
      have_ntm = true;
    } else if (arg == "--work") {
      options.work = value;
      have_work = true;
    } else if (arg == "--sizes") {
      options.sizes.clear();
      for (const std::string& size : split(value, ',')) {
        options.sizes.push_back(static_cast<std::size_t>(whole_number(size, "--sizes")));
      }
    } else if (arg == "--runs") {
      options.runs = static_cast<int>(std::min<std::uint64_t>(whole_number(value, arg), 1000));
    } else if (arg == "--jobs") {
      options.jobs = static_cast<unsigned>(std::min<std::uint64_t>(whole_number(value, arg), 1024));
    } else if (arg == "--seed") {
      options.seed = whole_number(value, arg);
    } else if (arg == "--out") {
      options.out = fs::path(value);
    } else if (arg == "--reports") {
      options.reports = split(value, ',');
    } else if (arg == "--rules") {
      options.rules = value;
    } else {
      throw BenchError{"unknown option '" + std::string(arg) + "'\n" + k_usage};
    }
  }
  if (!have_ntm || !have_work) {
    throw BenchError{std::string("--ntm and --work are required\n") + k_usage};
  }
  if (options.runs < 1 || options.jobs < 1 || options.sizes.empty() ||
      std::find(options.sizes.begin(), options.sizes.end(), 0U) != options.sizes.end()) {
    throw BenchError{"--runs, --jobs and every size must be at least 1"};
  }
  for (const std::string& report : options.reports) {
    if (report != "json" && report != "csv" && report != "html") {
      throw BenchError{"--reports takes json, csv and html, not '" + report + "'"};
    }
  }
  std::sort(options.sizes.begin(), options.sizes.end());
  options.sizes.erase(std::unique(options.sizes.begin(), options.sizes.end()), options.sizes.end());
  return options;
}

/// One timed measurement.
struct Sample {
  double seconds = 0;
  double cpu_seconds = 0; // user + system
  long peak_rss_kb = 0;   // audits only: the child's ru_maxrss
  long disk_reads = 0;    // ru_inblock: 512-byte blocks read from the disk, 0 with a warm page cache
};

double cpu_seconds(const rusage& usage)
{
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The floor: list the files as `ntm audit` does, read each whole and parse it with pugixml,
/// on one thread. A document is reused, which is the cheapest way pugixml offers. Without
/// `parse` it only reads, to bring the files into the page cache.
Sample read_and_parse(const fs::path& dir, std::size_t expected, bool parse = true)
{
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  const auto start = Clock::now();
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().extension() == ".xml" && !it->is_directory()) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<char> buffer;
  pugi::xml_document document;
  std::size_t parsed = 0;
  for (const fs::path& file : files) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (fd < 0 || ::fstat(fd, &info) != 0) {
      throw BenchError{file.string() + ": cannot read: " + std::strerror(errno)};
    }
    const auto size = static_cast<std::size_t>(info.st_size);
    buffer.resize(size);
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::read(fd, buffer.data() + done, size - done);
      if (n <= 0) {
        ::close(fd);
        throw BenchError{file.string() + ": short read"};
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    parsed += !parse || document.load_buffer(buffer.data(), size, pugi::parse_default) ? 1U : 0U;
  }
  Sample sample;
  sample.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  sample.cpu_seconds = cpu_seconds(after) - cpu_seconds(before);
  sample.disk_reads = after.ru_inblock - before.ru_inblock;
  if (parsed != expected) {
    throw BenchError{"baseline parsed " + std::to_string(parsed) + " of " + std::to_string(expected) +
                     " files"};
  }
  return sample;
}

std::string read_head(const fs::path& path, std::size_t bytes)
{
  std::ifstream in(path, std::ios::binary);
  std::string text(bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(bytes));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

/// The number after `"key": ` at or after `from` in a JSON text, or -1.
long json_number(const std::string& text, const std::string& key, std::size_t from = 0)
{
  const std::size_t at = text.find("\"" + key + "\": ", from);
  return at == std::string::npos ? -1 : std::strtol(text.c_str() + at + key.size() + 4, nullptr, 10);
}

/// What the audit's JSON head says: files, and findings by severity.
struct AuditCounts {
  long files = -1;
  long errors = -1;
  long warnings = -1;
  long infos = -1;
};

AuditCounts audit_counts(const fs::path& json)
{
  // The top-level keys are sorted, so "files" and "findings" follow the districts, which can be
  // long: look for the first top-level "files" key, a block at a time.
  const std::string key = "\n  \"files\": ";
  std::ifstream in(json, std::ios::binary);
  std::string window;
  std::vector<char> block(1 << 20);
  std::size_t at = std::string::npos;
  while (at == std::string::npos && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    window.append(block.data(), static_cast<std::size_t>(in.gcount()));
    at = window.find(key);
    if (at == std::string::npos && window.size() > key.size()) {
      window.erase(0, window.size() - key.size());
    }
  }
  AuditCounts counts;
  if (at == std::string::npos) {
    return counts;
  }
  window.erase(0, at);
  while (window.size() < 512 && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    window.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  counts.files = json_number(window, "files");
  const std::size_t findings = window.find("\"findings\"");
  if (findings != std::string::npos) {
    counts.errors = json_number(window, "error", findings);
    counts.warnings = json_number(window, "warning", findings);
    counts.infos = json_number(window, "info", findings);
  }
  return counts;
}

/// Runs `ntm audit DIR --jobs J --json …` as a child process and times it from spawn to exit.
Sample audit(const Options& options, const fs::path& dir, unsigned jobs, std::size_t expected,
             AuditCounts* counts = nullptr)
{
  const fs::path out = options.work / "audit-stdout.txt";
  const fs::path err = options.work / "audit-stderr.txt";
  std::vector<std::string> args = {options.ntm, "audit", dir.string(), "--jobs", std::to_string(jobs)};
  for (const std::string& report : options.reports) {
    args.push_back(report == "html" ? "--report" : "--" + report);
    args.push_back((options.work / ("audit." + report)).string());
  }
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  const auto start = Clock::now();
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, options.ntm.c_str(), &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw BenchError{"cannot run '" + options.ntm + "': " + std::strerror(spawned)};
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      throw BenchError{std::string("wait4: ") + std::strerror(errno)};
    }
  }
  Sample sample;
  sample.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  sample.cpu_seconds = cpu_seconds(usage);
  sample.peak_rss_kb = usage.ru_maxrss;
  sample.disk_reads = usage.ru_inblock;
  // 0: no error findings, 1: error findings (the batch has deliberate problems); else it failed.
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    throw BenchError{"ntm audit failed (status " + std::to_string(status) + "): " + read_head(err, 2000)};
  }
  if (std::find(options.reports.begin(), options.reports.end(), "json") != options.reports.end()) {
    const AuditCounts found = audit_counts(options.work / "audit.json");
    if (found.files != static_cast<long>(expected)) {
      throw BenchError{"ntm audit reported " + std::to_string(found.files) + " files, expected " +
                       std::to_string(expected)};
    }
    if (counts) {
      *counts = found;
    }
  }
  return sample;
}

/// One thing measured per run: the baseline, or the audit with some number of threads.
struct Config {
  std::string name;
  unsigned jobs = 0; // 0: the baseline
};

struct SizeResult {
  std::size_t files = 0;
  ntm::bench::GenerateSummary generated;
  double generate_seconds = 0;
  AuditCounts counts;
  std::vector<std::vector<Sample>> samples; // per config, per run
};

double median(std::vector<double> values)
{
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double median_of(const std::vector<Sample>& samples, double Sample::*field)
{
  std::vector<double> values;
  for (const Sample& sample : samples) {
    values.push_back(sample.*field);
  }
  return median(values);
}

double median_rss_mb(const std::vector<Sample>& samples)
{
  std::vector<double> values;
  for (const Sample& sample : samples) {
    values.push_back(static_cast<double>(sample.peak_rss_kb) * 1024.0 / 1e6);
  }
  return median(values);
}

std::string fixed(double value, int decimals)
{
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string first_line(const std::string& command)
{
  std::string line;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    if (std::fgets(buffer, sizeof buffer, pipe)) {
      line = buffer;
    }
    ::pclose(pipe);
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  return line;
}

std::string count_lines(const std::string& command)
{
  std::size_t lines = 0;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    for (int c = std::fgetc(pipe); c != EOF; c = std::fgetc(pipe)) {
      lines += c == '\n' ? 1 : 0;
    }
    ::pclose(pipe);
  }
  return std::to_string(lines);
}

/// The value after `key` up to the end of the line in a `key: value` text file.
std::string field(const fs::path& file, const std::string& key)
{
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key)) {
      const std::size_t colon = line.find_first_of(":=", key.size());
      if (colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        return value;
      }
    }
  }
  return "";
}

/// The first line of a small file (a sysfs value), empty when it cannot be read.
std::string line_of(const fs::path& file)
{
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

/// Proactive reclaim by DAMON (`pageout` of memory idle for a while) takes files out of the page
/// cache between measurements; empty when no such scheme is on.
std::string proactive_reclaim()
{
  const fs::path admin = "/sys/kernel/mm/damon/admin/kdamonds";
  std::error_code ec;
  for (const auto& kdamond : fs::directory_iterator(admin, ec)) {
    if (!kdamond.is_directory() || line_of(kdamond.path() / "state") != "on") {
      continue;
    }
    for (const auto& context : fs::directory_iterator(kdamond.path() / "contexts", ec)) {
      const double aggregation_us =
          std::strtod(line_of(context.path() / "monitoring_attrs/intervals/aggr_us").c_str(), nullptr);
      for (const auto& scheme : fs::directory_iterator(context.path() / "schemes", ec)) {
        if (scheme.is_directory() && line_of(scheme.path() / "action") == "pageout") {
          const double age = std::strtod(line_of(scheme.path() / "access_pattern/age/min").c_str(), nullptr);
          return "DAMON pages out memory idle for " + fixed(age * aggregation_us / 1e6, 0) + " s or more";
        }
      }
    }
  }
  return "";
}

std::string machine_section(const Options& options)
{
  std::ostringstream out;
  utsname name{};
  ::uname(&name);
  const std::string memory = field("/proc/meminfo", "MemTotal");
  const double memory_gib = std::strtod(memory.c_str(), nullptr) / 1024.0 / 1024.0;
  out << "- CPU: " << field("/proc/cpuinfo", "model name") << ", " << ::sysconf(_SC_NPROCESSORS_ONLN)
      << " online CPUs (nproc)\n"
      << "- RAM: " << fixed(memory_gib, 1) << " GiB\n"
      << "- Kernel: " << name.sysname << " " << name.release << " " << name.machine << "\n";
  // The build of the ntm under test, from the CMake cache beside it when it has one.
  const fs::path cache = fs::path(options.ntm).parent_path() / "CMakeCache.txt";
  if (fs::exists(cache)) {
    const std::string compiler = field(cache, "CMAKE_CXX_COMPILER:");
    const std::string type = field(cache, "CMAKE_BUILD_TYPE:");
    std::string type_upper = type;
    std::transform(type_upper.begin(), type_upper.end(), type_upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out << "- ntm under test: `" << options.ntm << "`, built by "
        << first_line(shell_quoted(compiler) + " --version 2>/dev/null") << ", build type " << type
        << " (flags `" << field(cache, "CMAKE_CXX_FLAGS_" + type_upper + ":")
        << "`), NTM_SANITIZE=" << field(cache, "NTM_SANITIZE:") << "\n";
  } else {
    out << "- ntm under test: `" << options.ntm << "` (no CMakeCache.txt beside it: build unknown)\n";
  }
  std::string flags = NTM_BENCH_CXX_FLAGS;
  flags.erase(0, flags.find_first_not_of(' '));
  out << "- This benchmark: " << k_compiler << ", build type " << NTM_BENCH_BUILD_TYPE << " (flags `" << flags
      << "`); pugixml " << PUGIXML_VERSION / 1000 << "." << PUGIXML_VERSION % 1000 / 10
      << " (the system library, shared by ntm and the baseline)\n";
  const std::string source = shell_quoted(NTM_BENCH_SOURCE_DIR);
  const std::string commit = first_line("git -C " + source + " rev-parse HEAD 2>/dev/null");
  out << "- Source: `" << NTM_BENCH_SOURCE_DIR << "`, "
      << (commit.empty() ? "not a git checkout" : "git commit `" + commit + "`");
  if (!commit.empty()) {
    const std::string changed =
        count_lines("git -C " + source + " status --porcelain --untracked-files=no 2>/dev/null");
    out << (changed == "0" ? ", no uncommitted changes to tracked files"
                           : ", with uncommitted changes to " + changed + " tracked file(s)");
  }
  out << "\n- Work folder (generated files): `" << options.work.string() << "`\n";
  if (const std::string reclaim = proactive_reclaim(); !reclaim.empty()) {
    out << "- Proactive reclaim: " << reclaim << ", page cache included\n";
  }
  return out.str();
}

/// The 1, 5 and 15 minute load averages: other work on the machine skews every figure.
std::string load_average()
{
  std::ifstream in("/proc/loadavg");
  std::string one;
  std::string five;
  std::string fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

/// When and under what load the benchmark ran.
struct RunInfo {
  std::string started;
  std::string load_before;
  std::string load_after;
};

std::string now_utc()
{
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

std::string report(const Options& options, const std::vector<Config>& configs,
                   const std::map<std::size_t, SizeResult>& results, const RunInfo& info)
{
  const std::size_t j = 1; // index of the audit with --jobs J
  const bool with_single = configs.size() > 2;
  const std::string jobs = std::to_string(options.jobs);
  std::ostringstream out;
  out << "# Benchmark: `ntm audit` against reading and parsing with pugixml\n\n"
      << "Written by `bench/bench_audit.cpp` (started " << info.started
      << "). Every figure below was measured in\n"
      << "this one run; re-run the command to reproduce. See `bench/README.md` for what is measured and "
         "why.\n\n"
      << "## Command\n\n```sh\n"
      << options.command << "\n```\n\n"
      << "## Machine\n\n"
      << machine_section(options) << "- Load average (1, 5, 15 min) before: " << info.load_before
      << "; after: " << info.load_after
      << ".\n  A baseline CPU/wall ratio well under 1.00 in the table of runs means that other work took\n"
      << "  CPU time from the benchmark.\n\n"
      << "## Method\n\n"
      << "- For each size the generator writes the submissions (seed " << options.seed
      << "; its time is listed, not counted), then `sync`.\n"
      << "- **Warm page cache:** each measurement is run once untimed first, and every timed measurement\n"
      << "  is preceded by an untimed read of all the files, so that the baseline and the audit both read\n"
      << "  the files from the page cache (the table of runs shows the blocks each one still read from the\n"
      << "  disk).\n"
      << "- Each of " << options.runs << " runs measures, in turn: the baseline, `ntm audit --jobs " << jobs
      << "`" << (with_single ? ", `ntm audit --jobs 1`" : "") << ".\n"
      << "- **Baseline** (the floor of any XML-based tool): one thread lists `*.xml` below the folder\n"
      << "  (recursively, sorted, as `ntm audit` does), reads each file whole (`open`/`read`) and parses it\n"
      << "  with pugixml `load_buffer(…, parse_default)` into one reused document. Nothing else.\n"
      << "- **Audit:** `ntm audit DIR --jobs J";
  for (const std::string& r : options.reports) {
    out << (r == "html" ? " --report" : " --" + r) << " WORK/audit." << r;
  }
  out << "` as a child process (`posix_spawn`),\n"
      << "  stdout (the text report) to a file: wall time from spawn to exit, so loading the rules, finding\n"
      << "  the files, evaluating, cross-checks, roll-ups and writing the reports all count. Peak memory is\n"
      << "  the child's `ru_maxrss` from `wait4`; CPU is its user + system time.\n"
      << "- Figures are medians of the " << options.runs
      << " runs; a ratio is of two medians. MB = 10^6 bytes.\n\n";

  // The baseline is one busy thread: a CPU/wall ratio well under 1 means it had to wait for a CPU.
  std::string busy;
  for (const auto& [size, result] : results) {
    std::vector<double> shares;
    for (const Sample& sample : result.samples[0]) {
      shares.push_back(sample.cpu_seconds / sample.seconds);
    }
    const double share = median(shares);
    if (share < 0.9) {
      busy += (busy.empty() ? "" : ", ") + fixed(share, 2) + " at " + std::to_string(size);
    }
  }
  out << "## Results\n\n";
  if (!busy.empty()) {
    out << "> **The machine was busy with other work during this run:** the baseline, a single busy\n"
        << "> thread, got a median CPU/wall share of " << busy << ". Wall-clock figures, and the\n"
        << "> ratios of them, depend on how much CPU each measurement happened to get; the CPU-time\n"
        << "> figures are the more reliable ones.\n\n";
  }
  out << "| submissions | data (MB) | baseline, 1 thread (files/s) | audit --jobs " << jobs
      << " (files/s) | audit/baseline |";
  if (with_single) {
    out << " audit --jobs 1 (files/s) | audit --jobs 1/baseline |";
  }
  out << " peak RSS --jobs " << jobs << " (MB) |" << (with_single ? " peak RSS --jobs 1 (MB) |" : "") << "\n";
  out << "| ---: | ---: | ---: | ---: | ---: |" << (with_single ? " ---: | ---: |" : "") << " ---: |"
      << (with_single ? " ---: |" : "") << "\n";
  for (const auto& [size, result] : results) {
    const double n = static_cast<double>(size);
    const double base = n / median_of(result.samples[0], &Sample::seconds);
    const double multi = n / median_of(result.samples[j], &Sample::seconds);
    out << "| " << size << " | " << fixed(static_cast<double>(result.generated.bytes) / 1e6, 1) << " | "
        << fixed(base, 0) << " | " << fixed(multi, 0) << " | **" << fixed(multi / base, 2) << "** |";
    if (with_single) {
      const double single = n / median_of(result.samples[2], &Sample::seconds);
      out << " " << fixed(single, 0) << " | " << fixed(single / base, 2) << " |";
    }
    out << " **" << fixed(median_rss_mb(result.samples[j]), 1) << "** |";
    if (with_single) {
      out << " " << fixed(median_rss_mb(result.samples[2]), 1) << " |";
    }
    out << "\n";
  }

  out << "\nCost per file, medians in microseconds (wall: elapsed; CPU: user + system of all threads):\n\n"
      << "| submissions | baseline wall | audit --jobs " << jobs << " wall | audit --jobs " << jobs
      << " CPU |";
  if (with_single) {
    out << " audit --jobs 1 wall | audit --jobs 1 CPU |";
  }
  out << " generation (s, not counted) |\n| ---: | ---: | ---: | ---: |"
      << (with_single ? " ---: | ---: |" : "") << " ---: |\n";
  for (const auto& [size, result] : results) {
    const double micro = 1e6 / static_cast<double>(size);
    out << "| " << size << " | " << fixed(median_of(result.samples[0], &Sample::seconds) * micro, 1) << " | "
        << fixed(median_of(result.samples[j], &Sample::seconds) * micro, 1) << " | "
        << fixed(median_of(result.samples[j], &Sample::cpu_seconds) * micro, 1) << " |";
    if (with_single) {
      out << " " << fixed(median_of(result.samples[2], &Sample::seconds) * micro, 1) << " | "
          << fixed(median_of(result.samples[2], &Sample::cpu_seconds) * micro, 1) << " |";
    }
    out << " " << fixed(result.generate_seconds, 1) << " |\n";
  }

  // Linearity: cost per file at the largest size over that at the smallest, in wall time and in
  // CPU time (which other work on the machine disturbs less).
  const std::size_t small = results.begin()->first;
  const std::size_t large = results.rbegin()->first;
  auto growth = [&](std::size_t config, double Sample::*field) {
    auto per_file = [&](std::size_t size) {
      return median_of(results.at(size).samples[config], field) / static_cast<double>(size);
    };
    return per_file(large) / per_file(small);
  };
  if (results.size() > 1) {
    out << "\nLinearity, cost per file at " << large << " over that at " << small << ": wall time ";
    for (std::size_t c = 0; c < configs.size(); ++c) {
      out << (c ? ", " : "") << configs[c].name << " " << fixed(growth(c, &Sample::seconds), 2);
    }
    out << "; CPU time ";
    for (std::size_t c = 1; c < configs.size(); ++c) {
      out << (c > 1 ? ", " : "") << configs[c].name << " " << fixed(growth(c, &Sample::cpu_seconds), 2);
    }
    const double rss_small = median_rss_mb(results.at(small).samples[j]);
    const double rss_large = median_rss_mb(results.at(large).samples[j]);
    out << ". Peak RSS (--jobs " << jobs << ") grows by "
        << fixed((rss_large - rss_small) * 1e6 / static_cast<double>(large - small), 0)
        << " bytes per file.\n";
  }

  out << "\n## Goals\n\n";
  bool throughput = true;
  std::string ratios;
  for (const auto& [size, result] : results) {
    const double ratio =
        median_of(result.samples[0], &Sample::seconds) / median_of(result.samples[j], &Sample::seconds);
    throughput = throughput && ratio >= 1.0;
    ratios += (ratios.empty() ? "" : ", ") + fixed(ratio, 2) + " at " + std::to_string(size);
  }
  out << "- Throughput, `--jobs " << jobs
      << "` at least the single-threaded read-and-parse floor (ratio >= 1.00): "
      << (throughput ? "**met**" : "**not met**") << " (" << ratios << ").\n";
  std::string memory;
  bool memory_ok = true;
  for (const auto& [size, result] : results) {
    if (size >= 100000) {
      for (std::size_t c = 1; c < configs.size(); ++c) {
        const double mb = median_rss_mb(result.samples[c]);
        memory_ok = memory_ok && mb < 100.0;
        memory += (memory.empty() ? "" : ", ") + fixed(mb, 1) + " MB with " + configs[c].name + " at " +
                  std::to_string(size);
      }
    }
  }
  out << "- Peak memory under 100 MB at 100,000 submissions: "
      << (memory.empty() ? "not measured (no size of 100,000 or more)"
                         : (memory_ok ? "**met**" : "**not met**") + std::string(" (") + memory + ")")
      << ".\n";
  if (results.size() > 1) {
    bool linear = true;
    std::string figures;
    for (std::size_t c = 1; c < configs.size(); ++c) {
      const double cpu = growth(c, &Sample::cpu_seconds);
      linear = linear && cpu <= 1.2;
      figures += (c > 1 ? ", " : "") + configs[c].name + " " + fixed(cpu, 2);
    }
    out << "- Cost linear in N (audit CPU time per file at " << large << " within 20% of that at " << small
        << "): " << (linear ? "**met**" : "**not met**") << " (" << figures << ").\n";
  }

  out << "\n## What the batches held\n\n"
      << "| submissions | communes | districts | with advanced set | claims | duplicates | overstated claims "
         "| "
         "wrong self-assessments | audit findings: error / warning / info |\n"
      << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& [size, result] : results) {
    const auto& g = result.generated;
    out << "| " << size << " | " << g.communes << " | " << g.districts << " | " << g.advanced << " | "
        << g.claims << " | " << g.duplicates << " | " << g.overstated_claims << " | "
        << g.wrong_self_assessments << " | " << result.counts.errors << " / " << result.counts.warnings
        << " / " << result.counts.infos << " |\n";
  }
  out << "\nFiles by criteria met in the main set (generator's count):";
  for (const auto& [size, result] : results) {
    out << "\n- " << size << ":";
    for (const auto& [met, files] : result.generated.main_met) {
      out << " " << met << "/19: " << files << ";";
    }
  }

  out << "\n\n## Every run\n\n"
      << "Disk reads are the blocks of 512 bytes the measurement read from the disk (`ru_inblock`); 0 means\n"
      << "every file came from the page cache.\n\n"
      << "| submissions | run | measurement | wall (s) | files/s | CPU (s) | CPU/wall | disk reads | peak "
         "RSS (MB) |\n"
      << "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& [size, result] : results) {
    for (int run = 0; run < options.runs; ++run) {
      for (std::size_t c = 0; c < configs.size(); ++c) {
        const Sample& s = result.samples[c][static_cast<std::size_t>(run)];
        out << "| " << size << " | " << run + 1 << " | " << configs[c].name << " | " << fixed(s.seconds, 3)
            << " | " << fixed(static_cast<double>(size) / s.seconds, 0) << " | " << fixed(s.cpu_seconds, 3)
            << " | " << fixed(s.cpu_seconds / s.seconds, 2) << " | " << s.disk_reads << " | "
            << (c == 0 ? std::string("–") : fixed(static_cast<double>(s.peak_rss_kb) * 1024.0 / 1e6, 1))
            << " |\n";
      }
    }
  }
  return out.str();
}

/// The sections of an earlier `path` that another program writes (the `ntm serve` load run of
/// bench/serve_load.sh), from their heading to the end; kept when the audit figures are rewritten.
std::string kept_sections(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t start = text.find("\n## `ntm serve`");
  return start == std::string::npos ? "" : text.substr(start);
}

void write_atomically(const fs::path& path, const std::string& text)
{
  const fs::path temporary = path.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      fs::remove(temporary);
      throw BenchError{temporary.string() + ": cannot write"};
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary);
    throw BenchError{path.string() + ": cannot write: " + ec.message()};
  }
}

int run(int argc, char** argv)
{
  const Options options = parse_options(argc, argv);
  RunInfo info{now_utc(), load_average(), ""};
  if (::access(options.ntm.c_str(), X_OK) != 0) {
    throw BenchError{"'" + options.ntm + "' is not an executable"};
  }
  const auto rules = ntm::eval::RuleBase::load(options.rules);
  if (!rules.value) {
    std::string message = "cannot load the rules from '" + options.rules.string() + "'";
    for (const auto& diagnostic : rules.errors) {
      message += "\n" + diagnostic.str();
    }
    throw BenchError{message};
  }
  fs::create_directories(options.work);
  std::vector<Config> configs{{"baseline", 0},
                              {"audit --jobs " + std::to_string(options.jobs), options.jobs}};
  if (options.jobs != 1) {
    configs.push_back({"audit --jobs 1", 1});
  }
  std::map<std::size_t, SizeResult> results;
  for (const std::size_t size : options.sizes) {
    const fs::path dir = options.work / ("n" + std::to_string(size));
    fs::remove_all(dir);
    SizeResult& result = results[size];
    result.files = size;
    std::cerr << "generating " << size << " submissions in " << dir.string() << " …\n";
    const auto start = Clock::now();
    const auto generated = ntm::bench::generate(rules.value->book(), dir, size, options.seed);
    result.generate_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!generated.value) {
      throw BenchError{generated.errors.empty() ? "generation failed" : generated.errors.front().str()};
    }
    result.generated = *generated.value;
    ::sync();
    auto measure = [&](const Config& config, AuditCounts* counts) {
      return config.jobs == 0 ? read_and_parse(dir, size) : audit(options, dir, config.jobs, size, counts);
    };
    for (const Config& config : configs) {
      measure(config, &result.counts); // untimed: warms the page cache
    }
    result.samples.resize(configs.size());
    for (int run = 0; run < options.runs; ++run) {
      for (std::size_t c = 0; c < configs.size(); ++c) {
        read_and_parse(dir, size, false); // untimed: files idle for a while may have left the cache
        const Sample sample = measure(configs[c], nullptr);
        result.samples[c].push_back(sample);
        std::cerr << "  " << size << " run " << run + 1 << " " << configs[c].name << ": "
                  << fixed(sample.seconds, 3) << " s, "
                  << fixed(static_cast<double>(size) / sample.seconds, 0) << " files/s"
                  << (configs[c].jobs
                          ? ", " + fixed(static_cast<double>(sample.peak_rss_kb) / 1024.0, 1) + " MiB"
                          : "")
                  << "\n";
      }
    }
    if (!options.keep) {
      fs::remove_all(dir);
    }
  }
  for (const char* name : {"audit.json", "audit.csv", "audit.html", "audit-stdout.txt", "audit-stderr.txt"}) {
    std::error_code ignored;
    fs::remove(options.work / name, ignored);
  }
  info.load_after = load_average();
  const std::string text = report(options, configs, results, info);
  std::cout << text;
  if (options.out) {
    write_atomically(*options.out, text + kept_sections(*options.out));
  }
  return 0;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    return run(argc, argv);
  } catch (const BenchError& error) {
    std::cerr << "ntm_bench_audit: error: " << error.message << "\n";
  } catch (const std::exception& error) {
    std::cerr << "ntm_bench_audit: error: " << error.what() << "\n";
  }
  return 2;
}
