#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ntm::report {

/// One CSV row of `cells`, separated by `separator` and ended by CRLF, as spreadsheets write
/// them. A cell holding a comma, semicolon, quote or line break is quoted, its quotes doubled.
void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, char separator);

} // namespace ntm::report
