#pragma once

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <string>
#include <vector>

namespace ntm::load {

/// Overrides values of `submission` for one run ("what if"): each assignment is `CODE=VALUE` or
/// `SET:CODE=VALUE`, VALUE written as in a submission (`62.5`, `dat`, `khong-co`, a grade id) or
/// as counts `N/D`. Without a set, the code is looked up in the submitted sets, then in the other
/// sets in force. Values get the same checks as in a file; problems are returned, naming the
/// assignment, and leave the submission unchanged.
Diagnostics apply_what_if(const model::RuleBook& book, model::Submission& submission,
                          const std::vector<std::string>& assignments);

} // namespace ntm::load
