#pragma once
// Synthetic commune submissions for the benchmark: realistic in size and spread of outcomes,
// reproducible from a seed.

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>

namespace ntm::bench {

inline constexpr std::uint64_t k_default_seed = 20231;

/// What the generator wrote, counted from the values it chose (an audit should agree).
struct GenerateSummary {
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::size_t communes = 0;
  std::size_t districts = 0;
  std::size_t advanced = 0;               // files that carry the advanced set too
  std::size_t claims = 0;                 // files with a <claim>
  std::size_t duplicates = 0;             // second files for a commune and year already written
  std::size_t overstated_claims = 0;      // claims the values do not support
  std::size_t wrong_self_assessments = 0; // self-assessments the values contradict
  std::map<int, std::size_t> main_met;    // criteria met in the main set -> files
};

/// Writes `count` submissions below `out_dir` as `district-K/<commune>-<code>-<year>.xml`: communes
/// of several provinces, each for one to four years of 2022–2025, with every indicator of the set
/// the lowest level requires and, for about a fifth of communes, of the next level's set too. Values
/// are drawn around each commune's targets (read from `book`), so most communes meet 14–18 of 19
/// criteria and some all; about 1% of files carry a deliberate problem (a duplicate, an
/// overstated claim, a wrong self-assessment). The same `book`, `count` and `seed` give
/// byte-identical files. Fails with a diagnostic when the levels do not name two sets, when
/// `count` needs more communes than 5-digit codes allow, or when a file cannot be written.
Loaded<GenerateSummary> generate(const model::RuleBook& book, const std::filesystem::path& out_dir,
                                 std::size_t count, std::uint64_t seed);

} // namespace ntm::bench
