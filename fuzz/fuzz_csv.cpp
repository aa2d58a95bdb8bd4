// Fuzz target: the bytes are a CSV submission (a spreadsheet saved as CSV), loaded against the
// bundled rules and, when it loads, evaluated and reported.
#include "fuzz_support.hpp"

#include "load/submission_loader.hpp"

// The rules load before the first input, outside the 1 s each input is allowed.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
  ntm::fuzz::bundled_rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  ntm::fuzz::load_evaluate_and_report(data, size, "fuzz.csv", ntm::load::load_submission_by_extension);
  return 0;
}
