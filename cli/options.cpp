#include "options.hpp"

#include "atomic_file.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "report/csv_writer.hpp"

#include <boost/program_options/errors.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace ntm::cli {

int run_program(int argc, char** argv, const std::function<int(const std::vector<std::string>&)>& command)
{
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    // Logging goes to stderr so it never mixes with reports on stdout. Thread-safe: reports are
    // committed, and requests served, on threads of their own.
    spdlog::set_default_logger(spdlog::stderr_color_mt("ntm"));
    spdlog::set_pattern("ntm: %l: %v");
    spdlog::set_level(spdlog::level::warn);
    if (auto it = std::find(args.begin(), args.end(), "--verbose"); it != args.end()) {
      spdlog::set_level(spdlog::level::debug);
      args.erase(it);
    }
    return command(args);
  } catch (const UsageError& error) {
    std::cerr << "ntm: error: " << error.message << "\n";
  } catch (const boost::program_options::error& error) {
    std::cerr << "ntm: error: " << error.what() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "ntm: error: " << error.what() << "\n";
  }
  return k_exit_failed;
}

void run_beside(const std::string& name, const std::vector<std::string>& args)
{
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
  const std::string path = (ec ? std::filesystem::path(name) : self.parent_path() / name).string();
  std::vector<std::string> words = {path};
  if (spdlog::get_level() == spdlog::level::debug) {
    words.emplace_back("--verbose");
  }
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) {
    argv.push_back(word.data());
  }
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(path.c_str(), argv.data());
  throw UsageError{"cannot run '" + path + "': " + std::strerror(errno)};
}

std::optional<boost::program_options::variables_map>
parse_command(const std::vector<std::string>& args,
              const boost::program_options::options_description& visible,
              const std::vector<Positional>& positionals)
{
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible);
  po::positional_options_description positional;
  for (const Positional& p : positionals) {
    if (p.count < 0) {
      all.add_options()(p.name, po::value<std::vector<std::string>>());
    } else {
      all.add_options()(p.name, po::value<std::string>());
    }
    positional.add(p.name, p.count);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  return vm;
}

std::filesystem::path rules_dir(const std::optional<std::string>& option, const char* argv0)
{
  if (option) {
    return *option;
  }
  if (const char* env = std::getenv("NTM_RULES"); env && *env) {
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

std::filesystem::path rules_dir(const boost::program_options::variables_map& vm, const char* argv0)
{
  return rules_dir(vm.count("rules") ? std::optional(vm["rules"].as<std::string>()) : std::nullopt, argv0);
}

std::optional<eval::RuleBase> load_rules(const std::filesystem::path& dir, std::ostream& err)
{
  const auto start = std::chrono::steady_clock::now();
  auto loaded = eval::RuleBase::load(dir);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  if (!loaded.value) {
    for (const Diagnostic& diagnostic : loaded.errors) {
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

std::optional<model::Submission> load_submission_file(const std::string& path, const model::RuleBook& book,
                                                      std::ostream& err)
{
  auto text = load::read_file(path);
  if (!text.value) {
    for (const Diagnostic& diagnostic : text.errors) {
      err << diagnostic.str() << "\n";
    }
    return std::nullopt;
  }
  auto submission = load::load_submission_by_extension({path, std::move(*text.value)}, book);
  for (const Diagnostic& diagnostic : submission.errors) {
    err << diagnostic.str() << "\n";
  }
  return std::move(submission.value);
}

report::Lang lang_option(const std::string& value)
{
  if (auto lang = report::parse_lang(value)) {
    return *lang;
  }
  throw UsageError{"--lang must be 'vi' or 'en', not '" + value + "'"};
}

void write_atomically(const std::filesystem::path& path, const std::string& text)
{
  AtomicFile file(path);
  file.stream() << text;
  file.commit();
}

void csv_row(std::ostream& out, const std::vector<std::string>& cells)
{
  report::write_csv_row(out, cells, ';');
}

void emit(const std::optional<std::string>& output, const std::string& text)
{
  if (output) {
    write_atomically(*output, text);
  } else {
    std::cout << text;
    std::cout.flush();
  }
}

} // namespace ntm::cli
