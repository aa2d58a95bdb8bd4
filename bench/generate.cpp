// ntm_bench_generate OUT_DIR N [--seed S] [--rules DIR]: writes N synthetic submissions.
#include "eval/rule_base.hpp"
#include "synthetic.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr const char* k_usage =
    "usage: ntm_bench_generate OUT_DIR N [--seed S] [--rules DIR]\n"
    "Writes N synthetic commune submissions below OUT_DIR (default seed 20231).\n";

/// A whole non-negative number, or nothing.
std::optional<std::uint64_t> whole_number(std::string_view text)
{
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::strtoull(std::string(text).c_str(), nullptr, 10);
}

int fail(const std::string& message)
{
  std::cerr << "ntm_bench_generate: error: " << message << "\n";
  return 2;
}

} // namespace

int main(int argc, char** argv)
{
  std::vector<std::string_view> positional;
  std::uint64_t seed = ntm::bench::k_default_seed;
  std::string rules = NTM_BENCH_RULES_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << k_usage;
      return 0;
    }
    if ((arg == "--seed" || arg == "--rules") && i + 1 < argc) {
      const std::string_view value = argv[++i];
      if (arg == "--rules") {
        rules = value;
      } else if (auto parsed = whole_number(value)) {
        seed = *parsed;
      } else {
        return fail("--seed '" + std::string(value) + "' is not a whole number");
      }
    } else if (arg.starts_with("-")) {
      return fail("unknown option '" + std::string(arg) + "'\n" + k_usage);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) {
    return fail(std::string("expected OUT_DIR and N\n") + k_usage);
  }
  const auto count = whole_number(positional[1]);
  if (!count) {
    return fail("N '" + std::string(positional[1]) + "' is not a whole number");
  }
  const auto base = ntm::eval::RuleBase::load(rules);
  if (!base.value) {
    for (const auto& diagnostic : base.errors) {
      std::cerr << diagnostic.str() << "\n";
    }
    return fail("cannot load the rules from '" + rules + "'");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto summary = ntm::bench::generate(base.value->book(), std::string(positional[0]),
                                            static_cast<std::size_t>(*count), seed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!summary.value) {
    for (const auto& diagnostic : summary.errors) {
      std::cerr << diagnostic.str() << "\n";
    }
    return 2;
  }
  const auto& s = *summary.value;
  std::cout << "wrote " << s.files << " files (" << s.bytes / 1000 << " kB) in " << seconds
            << " s: " << s.communes << " communes in " << s.districts << " districts, seed " << seed << "\n"
            << "  with the advanced set: " << s.advanced << ", with a claim: " << s.claims << "\n"
            << "  deliberate problems: " << s.duplicates << " duplicates, " << s.overstated_claims
            << " overstated claims, " << s.wrong_self_assessments << " wrong self-assessments\n"
            << "  files by criteria met in the main set:";
  for (const auto& [met, files] : s.main_met) {
    std::cout << " " << met << ":" << files;
  }
  std::cout << "\n";
  return 0;
}
