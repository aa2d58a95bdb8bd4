#pragma once

#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <string_view>

namespace ntm::load {

/// The keys of the header rows of a CSV submission, in the order the template writes them.
inline constexpr std::string_view k_csv_keys[] = {
    "year", "region", "special-difficulty", "commune-code", "commune-name", "district", "province", "claim"};

/// The columns of the indicator table of a CSV submission, in the order the template writes them.
/// `name`, `unit`, `accepts` and `target` are for the reader and ignored on input.
inline constexpr std::string_view k_csv_columns[] = {"set",         "code",           "name",  "unit",
                                                     "accepts",     "target",         "value", "numerator",
                                                     "denominator", "self-assessment"};

/// Reads one commune submission saved from a spreadsheet as CSV and checks it exactly as
/// `load_submission` checks XML: the same figures give the same `model::Submission`, and the same
/// problem the same message. Every problem is reported at `file:ROW:COLUMN`, ROW being the line the
/// row starts on and COLUMN the field's number (1 for the first), not just the first problem.
/// Rules it enforces, beyond those of the XML loader:
/// 1. UTF-8, with or without a byte-order mark; fields separated by `;` or `,`, whichever comes
///    first in the first line; RFC 4180 quoting (`"a;b"`, `""` for a quote, line breaks inside
///    quotes); blank rows are skipped, and spaces around a field are not part of it; no field is
///    longer than `k_max_value_bytes`;
/// 2. header rows `key;value[;note…]`, each key of `k_csv_keys` at most once, those but
///    `special-difficulty` and `claim` required; a row with only a note is skipped;
/// 3. then a table whose header row names its columns (`k_csv_columns`, any order, each once;
///    `set` and `code` required), one row per indicator; no row wider than the header;
/// 4. an empty cell is a value not given; a row of a derived indicator with no value is skipped;
/// 5. in `value`, one `,` is a decimal comma (`62,66`; quoted when `,` separates fields).
Loaded<model::Submission> load_submission_csv(const NamedText& file, const model::RuleBook& book);

} // namespace ntm::load
