#pragma once

#include "eval/evaluation.hpp"
#include "model/rule_set.hpp"
#include "report/labels.hpp"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::report {

/// Characters a terminal shows for UTF-8 `text` (combining marks take no column).
std::size_t display_width(std::string_view text);
/// `text` cut to `width` columns with a final `…`, or padded with spaces to `width`.
std::string fit(std::string_view text, std::size_t width);

/// The verdict on one commune as a table an official reads at a glance: status, criteria met
/// per set, every criterion, then each failing or missing indicator with value, target and gap,
/// and the findings. Unverified thresholds are marked.
void write_text(std::ostream& out, const eval::Evaluation& evaluation, const model::RuleBook& book,
                Lang lang);

/// Counts over several communes, as district reports give them: communes per status, and per
/// number of criteria met for each set.
void write_text_summary(std::ostream& out, const std::vector<eval::Evaluation>& evaluations,
                        const model::RuleBook& book, Lang lang);

} // namespace ntm::report
