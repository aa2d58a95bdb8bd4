#include "report/json_text.hpp"

#include "load/source_text.hpp"

#include <nlohmann/json.hpp>

namespace ntm::report {

void append_json_string(std::string& out, std::string_view text)
{
  if (load::find_invalid_utf8(text) != std::string_view::npos) {
    out += nlohmann::json(std::string(text)).dump();
    return;
  }
  out += '"';
  // Runs of characters that need no escape are copied whole.
  std::size_t plain = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) {
      continue;
    }
    out.append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      constexpr std::string_view hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    }
    }
  }
  out.append(text.substr(plain));
  out += '"';
}

std::string json_string(std::string_view text)
{
  std::string out;
  append_json_string(out, text);
  return out;
}

} // namespace ntm::report
