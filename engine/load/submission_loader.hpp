#pragma once

#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <string_view>

namespace ntm::load {

/// Reads one commune submission and checks it against the rule sets in force for its province
/// and year. Every problem found is reported with its line and column, not just the first:
/// malformed XML, missing year or region, unknown set or indicator (with a did-you-mean), a year
/// no version covers, values that do not fit the indicator (not a number, percent outside 0–100,
/// negative or non-whole counts, numerator above denominator, zero denominator, `khong-co` on an
/// indicator that is not "nếu có", a derived indicator given by hand), duplicates.
Loaded<model::Submission> load_submission(const NamedText& file, const model::RuleBook& book);
/// The same, for a caller done with the text: it is moved in, not copied.
Loaded<model::Submission> load_submission(NamedText&& file, const model::RuleBook& book);

/// True when `name` ends in `.csv`, in any case: a spreadsheet submission.
bool is_csv_name(std::string_view name);

/// Reads a submission in the format its name says: a `.csv` name (any case) with
/// `load_submission_csv`, any other with `load_submission` (XML). Fails as those do.
Loaded<model::Submission> load_submission_by_extension(const NamedText& file, const model::RuleBook& book);
/// The same, moving the text in.
Loaded<model::Submission> load_submission_by_extension(NamedText&& file, const model::RuleBook& book);

} // namespace ntm::load
