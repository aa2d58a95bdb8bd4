// Fuzz target: the bytes are one rule file, loaded with the bundled levels.xml as a rules
// directory would be (parse, extensions, references, dependency graph).
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const std::string levels = ntm::fuzz::bundled_rule_file("levels.xml");
  const std::vector<ntm::load::NamedText> files = {{"levels.xml", levels},
                                                   {"fuzz.xml", ntm::fuzz::text_of(data, size)}};
  ntm::fuzz::check_loaded(ntm::eval::RuleBase::load(files));
  return 0;
}
