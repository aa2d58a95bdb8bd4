#pragma once
// JSON strings written straight as text, for the writers that do not build a document.

#include <string>
#include <string_view>

namespace ntm::report {

/// Appends `text` as a JSON string the way nlohmann::json::dump() writes one: quote, backslash and
/// control characters escaped (\" \\ \b \f \n \r \t, other controls as \u00xx), UTF-8 as it
/// is. Text that is not UTF-8 goes through nlohmann, to fail as it does.
void append_json_string(std::string& out, std::string_view text);
/// The same, as a string of its own.
std::string json_string(std::string_view text);

} // namespace ntm::report
