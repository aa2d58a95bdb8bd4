// Fuzz target: the bytes are the JSON form of a submission (what `ntm serve`'s page sends), loaded
// against the bundled rules and, when it loads, evaluated and reported.
#include "fuzz_support.hpp"

#include "load/json_submission.hpp"

// The rules load before the first input, outside the 1 s each input is allowed.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
  ntm::fuzz::bundled_rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  ntm::fuzz::load_evaluate_and_report(data, size, "fuzz.json", ntm::load::load_submission_json);
  return 0;
}
