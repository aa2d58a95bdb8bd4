// Fuzz target: the bytes are an XML submission, loaded against the bundled rules and, when it
// loads, evaluated and reported. The loader reads a plain file with a scan of its own and any other
// with pugixml: the bytes are also loaded with pugixml alone, and both results must be the same.
#include "fuzz_support.hpp"

#include "load/submission_loader.hpp"

#include <cstdlib>

// The rules load before the first input, outside the 1 s each input is allowed.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
  ntm::fuzz::bundled_rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  ntm::fuzz::load_evaluate_and_report(data, size, "fuzz.xml", ntm::load::load_submission_by_extension);
  const ntm::model::RuleBook& book = ntm::fuzz::bundled_rules().book();
  ntm::load::SubmissionWorkspace scanning;
  const auto& scanned =
      ntm::load::load_submission({"fuzz.xml", ntm::fuzz::text_of(data, size)}, book, scanning);
  ntm::load::SubmissionWorkspace parsing;
  parsing.scan_plain(false);
  const auto& parsed =
      ntm::load::load_submission({"fuzz.xml", ntm::fuzz::text_of(data, size)}, book, parsing);
  if (scanned.value.has_value() != parsed.value.has_value() || scanned.errors != parsed.errors ||
      (scanned.value && !(*scanned.value == *parsed.value))) {
    std::abort();
  }
  return 0;
}
