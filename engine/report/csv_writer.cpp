#include "report/csv_writer.hpp"

namespace ntm::report {

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, char separator)
{
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& cell = cells[i];
    if (i > 0) {
      out << separator;
    }
    if (cell.find_first_of(",;\"\r\n") == std::string::npos) {
      out << cell;
      continue;
    }
    out << '"';
    for (const char c : cell) {
      out << (c == '"' ? "\"\"" : std::string(1, c));
    }
    out << '"';
  }
  out << "\r\n";
}

} // namespace ntm::report
