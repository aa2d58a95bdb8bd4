#include "load/xml_reader.hpp"

#include "load/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <vector>

namespace ntm::load {

namespace {

std::string lowercase_first(std::string text)
{
  if (!text.empty()) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string lowercase(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_name_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' || c == '.';
}

} // namespace

XmlReader::XmlReader(const SourceText& source, Diagnostics& errors) : m_source(source), m_errors(errors)
{
}

bool XmlReader::parse()
{
  if (!check_encoding(m_source, m_errors)) {
    return false;
  }
  const std::string& text = m_source.text();
  // Only element-level structure is read: entities are never expanded beyond the five predefined
  // ones and character references, and nothing is fetched, so no entity bomb or external fetch is
  // possible. A DOCTYPE is kept only to refuse one that declares entities (below).
  const unsigned options = pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype;
  const pugi::xml_parse_result result =
      m_doc.load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  if (!result) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset));
    if (result.status == pugi::status_no_document_element) {
      error(m_source.locate(offset), "no XML element: the file is empty or holds no document",
            "malformed-xml");
    } else {
      error(m_source.locate(offset), "malformed XML: " + lowercase_first(result.description()),
            "malformed-xml");
    }
    return false;
  }
  for (pugi::xml_node child : m_doc.children()) {
    // A document that declares entities expects them expanded; read as written, `&ten;` would
    // silently become part of a name. Refused instead.
    if (child.type() == pugi::node_doctype && std::strstr(child.value(), "<!ENTITY") != nullptr) {
      // pugixml places a DOCTYPE at its name; point at its `<!DOCTYPE` instead.
      error(m_source.locate(text.find("<!DOCTYPE")),
            "DOCTYPE declares entities, which ntm does not expand; remove the DOCTYPE", "malformed-xml");
      return false;
    }
    if (child.type() == pugi::node_declaration) {
      const char* encoding = child.attribute("encoding").value();
      const std::string declared = lowercase(encoding);
      if (!declared.empty() && declared != "utf-8" && declared != "utf8") {
        error(at(child, "encoding"),
              "declared encoding '" + std::string(encoding) + "' is not supported; save the file as UTF-8",
              "encoding");
        return false;
      }
    }
  }
  return true;
}

Location XmlReader::at(pugi::xml_node node) const
{
  const std::ptrdiff_t offset = node.offset_debug();
  if (offset <= 0) {
    return {m_source.name(), 0, 0};
  }
  // offset_debug points at the element name; the element starts at its '<'.
  return m_source.locate(static_cast<std::size_t>(offset) - 1);
}

Location XmlReader::at(pugi::xml_node node, const char* attribute) const
{
  const std::ptrdiff_t start = node.offset_debug();
  const std::string& text = m_source.text();
  if (start <= 0) {
    return at(node);
  }
  // The start tag ends at the first '>' outside quotes (a value may hold '>').
  std::size_t tag_end = static_cast<std::size_t>(start);
  for (char quote = 0; tag_end < text.size(); ++tag_end) {
    const char c = text[tag_end];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    }
  }
  // Walk the attributes of the start tag: name, '=', quoted value.
  std::size_t pos = static_cast<std::size_t>(start);
  while (pos < tag_end && is_name_char(text[pos])) {
    ++pos; // the element name
  }
  while (pos < tag_end) {
    while (pos < tag_end && std::isspace(static_cast<unsigned char>(text[pos])) != 0) {
      ++pos;
    }
    const std::size_t name_start = pos;
    while (pos < tag_end && is_name_char(text[pos])) {
      ++pos;
    }
    const std::string_view name(text.data() + name_start, pos - name_start);
    while (pos < tag_end && text[pos] != '"' && text[pos] != '\'') {
      ++pos;
    }
    if (pos >= tag_end) {
      break;
    }
    const char quote = text[pos];
    const std::size_t value_start = pos + 1;
    if (name == attribute) {
      return m_source.locate(value_start);
    }
    pos = text.find(quote, value_start);
    if (pos == std::string::npos) {
      break;
    }
    ++pos;
  }
  return at(node);
}

void XmlReader::error(const Location& where, std::string message, std::string code)
{
  m_errors.push_back({where, std::move(message), std::move(code)});
}

bool XmlReader::check_element(pugi::xml_node node, std::initializer_list<const char*> attributes,
                              std::initializer_list<const char*> children)
{
  const std::size_t before = m_errors.size();
  const std::vector<std::string> allowed_attributes(attributes.begin(), attributes.end());
  const std::vector<std::string> allowed_children(children.begin(), children.end());
  std::set<std::string> seen;
  for (pugi::xml_attribute attribute : node.attributes()) {
    const std::string name = attribute.name();
    if (const std::size_t length = std::strlen(attribute.value()); length > k_max_value_bytes) {
      error(at(node, name.c_str()), "attribute '" + name + "' on <" + node.name() + "> is too long (" +
                                        std::to_string(length) + " bytes; the limit is " +
                                        std::to_string(k_max_value_bytes) + " bytes)");
    }
    if (!seen.insert(name).second) {
      error(at(node), "duplicate attribute '" + name + "' on <" + node.name() + ">");
    } else if (std::find(allowed_attributes.begin(), allowed_attributes.end(), name) ==
               allowed_attributes.end()) {
      error(at(node, name.c_str()), "unknown attribute '" + name + "' on <" + node.name() + ">" +
                                        did_you_mean(name, allowed_attributes));
    }
  }
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) {
      const std::string name = child.name();
      if (std::find(allowed_children.begin(), allowed_children.end(), name) == allowed_children.end()) {
        error(at(child), "unexpected element <" + name + "> in <" + node.name() + ">" +
                             did_you_mean(name, allowed_children));
      }
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      const std::string text = child.value();
      if (text.find_first_not_of(" \t\r\n") != std::string::npos) {
        error(at(node), std::string("unexpected text inside <") + node.name() + ">");
      }
    }
  }
  return m_errors.size() == before;
}

std::optional<std::string> XmlReader::required(pugi::xml_node node, const char* attribute)
{
  const pugi::xml_attribute found = node.attribute(attribute);
  if (!found) {
    error(at(node), std::string("missing attribute '") + attribute + "' on <" + node.name() + ">");
    return std::nullopt;
  }
  if (*found.value() == '\0') {
    error(at(node, attribute),
          std::string("attribute '") + attribute + "' on <" + node.name() + "> is empty");
    return std::nullopt;
  }
  return std::string(found.value());
}

std::optional<std::string> XmlReader::optional(pugi::xml_node node, const char* attribute) const
{
  const pugi::xml_attribute found = node.attribute(attribute);
  if (!found) {
    return std::nullopt;
  }
  return std::string(found.value());
}

std::optional<bool> XmlReader::boolean(pugi::xml_node node, const char* attribute, bool fallback)
{
  const auto value = optional(node, attribute);
  if (!value) {
    return fallback;
  }
  if (*value == "true") {
    return true;
  }
  if (*value == "false") {
    return false;
  }
  error(at(node, attribute),
        std::string("attribute '") + attribute + "' must be 'true' or 'false', not '" + *value + "'");
  return std::nullopt;
}

std::optional<int> XmlReader::year(pugi::xml_node node, const char* attribute)
{
  const auto value = required(node, attribute);
  if (!value) {
    return std::nullopt;
  }
  const bool four_digits = value->size() == 4 && std::all_of(value->begin(), value->end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) != 0;
                           });
  if (!four_digits) {
    error(at(node, attribute),
          std::string("attribute '") + attribute + "' must be a year such as 2024, not '" + *value + "'");
    return std::nullopt;
  }
  return std::stoi(*value);
}

} // namespace ntm::load
