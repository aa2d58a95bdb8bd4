#include "load/xml_reader.hpp"

#include "load/source_text.hpp"
#include "load/suggest.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace ntm::load {

namespace {

// Whether a node or attribute handle is null, which its `operator bool` tells with a call into
// pugixml's library: a handle holds only the pointer to what it handles, null for none, and
// comparing that inline saves a call for each attribute and child of every element.
static_assert(sizeof(pugi::xml_attribute) == sizeof(void*) &&
              std::is_trivially_copyable_v<pugi::xml_attribute>);
static_assert(sizeof(pugi::xml_node) == sizeof(void*) && std::is_trivially_copyable_v<pugi::xml_node>);

bool is_null(pugi::xml_attribute attribute)
{
  return std::bit_cast<const void*>(attribute) == nullptr;
}

bool is_null(pugi::xml_node node)
{
  return std::bit_cast<const void*>(node) == nullptr;
}

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

} // namespace

XmlReader::XmlReader(const SourceText& source, Diagnostics& errors)
    : m_source(source), m_errors(errors), m_buffer(m_own_buffer)
{
}

XmlReader::XmlReader(const SourceText& source, Diagnostics& errors, std::string& buffer)
    : m_source(source), m_errors(errors), m_buffer(buffer)
{
}

bool XmlReader::parse()
{
  return prepare() && parse_prepared();
}

bool XmlReader::prepare()
{
  if (!check_encoding(m_source, m_errors)) {
    return false;
  }
  const std::string& text = m_source.text();
  m_buffer.reserve(text.size() + k_padding);
  m_buffer.assign(text);
  m_buffer.append(k_padding, '\0');
  return true;
}

bool XmlReader::parse_prepared()
{
  const std::string& text = m_source.text();
  // Only element-level structure is read: entities are never expanded beyond the five predefined
  // ones and character references, and nothing is fetched, so no entity bomb or external fetch is
  // possible. A DOCTYPE is kept only to refuse one that declares entities (below).
  const unsigned options = pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype;
  m_character_references = text.find("&#") != std::string::npos;
  const pugi::xml_parse_result result =
      m_doc.load_buffer_inplace(m_buffer.data(), text.size(), options, pugi::encoding_utf8);
  if (!result) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset));
    if (result.status == pugi::status_no_document_element) {
      // At the end of the text (pugixml, parsing in place, names its last character instead).
      error(m_source.locate(text.size()), "no XML element: the file is empty or holds no document",
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
  return lazy_at(node);
}

LazyLocation XmlReader::lazy_at(pugi::xml_node node, const char* attribute) const
{
  return lazy_at(optional(node.attribute(attribute)), lazy_at(node));
}

Location XmlReader::at(pugi::xml_node node, const char* attribute) const
{
  return lazy_at(node, attribute);
}

void XmlReader::error(const Location& where, std::string message, std::string code)
{
  // A message may quote a value refused for holding a lone surrogate (&#xD800;).
  if (find_invalid_utf8(message) != std::string::npos) {
    message = valid_text(message);
  }
  m_errors.push_back({where, std::move(message), std::move(code)});
}

NameList::NameList(std::initializer_list<std::string_view> names)
{
  assert(names.size() < k_none);
  m_first.fill(k_none);
  m_names.reserve(names.size());
  m_size = names.size();
  for (const std::string_view text : names) {
    assert(!text.empty());
    Name& name = m_names.emplace_back();
    name.text = text;
    if (text.size() < sizeof name.bytes) {
      std::array<unsigned char, sizeof name.bytes> bytes = {};
      std::array<unsigned char, sizeof name.mask> mask = {};
      std::memcpy(bytes.data(), text.data(), text.size());
      std::fill_n(mask.begin(), text.size(), 0xFF);
      std::memcpy(name.text_mask.data(), mask.data(), mask.size());
      mask[text.size()] = 0xFF;
      std::memcpy(name.bytes.data(), bytes.data(), bytes.size());
      bytes[text.size()] = '=';
      std::memcpy(name.assigned.data(), bytes.data(), bytes.size());
      std::memcpy(name.mask.data(), mask.data(), mask.size());
    }
    // Appended to the chain of the names that start with the same byte, so that the first listed
    // of equal names is found.
    std::uint8_t* link = &m_first[static_cast<unsigned char>(text[0])];
    while (*link != k_none) {
      link = &m_names[*link].next;
    }
    *link = static_cast<std::uint8_t>(m_names.size() - 1);
  }
}

std::vector<std::string> NameList::strings() const
{
  std::vector<std::string> strings;
  for (const Name& name : m_names) {
    strings.emplace_back(name.text);
  }
  return strings;
}

bool XmlReader::check_element(pugi::xml_node node, const NameList& attributes, const NameList& children)
{
  return check(node, attributes, children, {}, nullptr);
}

bool XmlReader::check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                              std::span<std::optional<std::string_view>> found)
{
  return check(node, attributes, children, found, nullptr);
}

bool XmlReader::check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                              std::vector<pugi::xml_node>& elements)
{
  elements.clear();
  return check(node, attributes, children, {}, &elements);
}

bool XmlReader::check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                              std::span<std::optional<std::string_view>> found,
                              std::vector<pugi::xml_node>& elements)
{
  elements.clear();
  return check(node, attributes, children, found, &elements);
}

bool XmlReader::check(pugi::xml_node node, const NameList& attributes, const NameList& children,
                      std::span<std::optional<std::string_view>> found, std::vector<pugi::xml_node>* elements)
{
  assert(found.empty() || found.size() == attributes.size());
  assert(attributes.size() <= 64);
  // Called for every element of every file: nothing is allocated unless there is an error, and
  // each attribute's name is looked up in the listed names once.
  const std::size_t before = m_errors.size();
  std::fill(found.begin(), found.end(), std::nullopt);
  std::uint64_t seen = 0; // bit i: an attribute named attributes[i] came earlier
  for (pugi::xml_attribute attribute = node.first_attribute(); !is_null(attribute);
       attribute = attribute.next_attribute()) {
    const char* name = attribute.name();
    const std::string_view value = attribute.value();
    // The text was checked before parsing; only a character reference gets past that to make an
    // invalid value (&#xD800;).
    if (value.size() > k_max_value_bytes ||
        (m_character_references && find_invalid_utf8(value) != std::string_view::npos)) {
      report_value(node, name, value.size());
    }
    const std::size_t index = index_of(attributes, name);
    if (index < attributes.size()) {
      const std::uint64_t bit = std::uint64_t{1} << index;
      if ((seen & bit) != 0) {
        report_name(node, attribute, attributes, true);
      } else if (!found.empty()) {
        found[index] = value;
      }
      seen |= bit;
    } else {
      report_name(node, attribute, attributes, false);
    }
  }
  for (pugi::xml_node child = node.first_child(); !is_null(child); child = child.next_sibling()) {
    const pugi::xml_node_type type = child.type();
    if (type == pugi::node_element) {
      if (index_of(children, child.name()) == children.size()) {
        report_child(node, child, children);
      } else if (elements) {
        elements->push_back(child);
      }
    } else if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      const std::string_view text = child.value();
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        report_child(node, child, children);
      }
    }
  }
  return m_errors.size() == before;
}

void XmlReader::report_value(pugi::xml_node node, const char* name, std::size_t size)
{
  if (size > k_max_value_bytes) {
    error(at(node, name), "attribute '" + std::string(name) + "' on <" + node.name() + "> is too long (" +
                              std::to_string(size) + " bytes; the limit is " +
                              std::to_string(k_max_value_bytes) + " bytes)");
  } else {
    error(at(node, name),
          "attribute '" + std::string(name) + "' on <" + node.name() +
              "> refers to a character that is not valid text (a surrogate such as &#xD800;)");
  }
}

void XmlReader::report_name(pugi::xml_node node, pugi::xml_attribute attribute, const NameList& attributes,
                            bool listed_twice)
{
  const char* name = attribute.name();
  bool duplicate = listed_twice;
  if (!listed_twice) {
    // Not listed, so reported below whatever comes of this search.
    for (pugi::xml_attribute earlier = node.first_attribute(); earlier != attribute;
         earlier = earlier.next_attribute()) {
      duplicate = duplicate || std::strcmp(earlier.name(), name) == 0;
    }
  }
  if (duplicate) {
    error(at(node), "duplicate attribute '" + std::string(name) + "' on <" + node.name() + ">");
  } else {
    error(at(node, name), "unknown attribute '" + std::string(name) + "' on <" + node.name() + ">" +
                              did_you_mean(name, attributes.strings()));
  }
}

void XmlReader::report_child(pugi::xml_node node, pugi::xml_node child, const NameList& children)
{
  if (child.type() == pugi::node_element) {
    error(at(child), "unexpected element <" + std::string(child.name()) + "> in <" + node.name() + ">" +
                         did_you_mean(child.name(), children.strings()));
  } else {
    error(at(node), std::string("unexpected text inside <") + node.name() + ">");
  }
}

std::optional<std::string> XmlReader::required(pugi::xml_node node, const char* attribute)
{
  if (const auto value =
          required(node.name(), lazy_at(node), optional(node.attribute(attribute)), attribute)) {
    return std::string(*value);
  }
  return std::nullopt;
}

void XmlReader::report_required(const char* element, const LazyLocation& where,
                                std::optional<std::string_view> found, const char* attribute)
{
  if (!found) {
    error(where, std::string("missing attribute '") + attribute + "' on <" + element + ">");
  } else {
    error(lazy_at(found, where), std::string("attribute '") + attribute + "' on <" + element + "> is empty");
  }
}

std::optional<std::string> XmlReader::optional(pugi::xml_node node, const char* attribute) const
{
  if (const auto value = optional(node.attribute(attribute))) {
    return std::string(*value);
  }
  return std::nullopt;
}

std::optional<std::string_view> XmlReader::optional(pugi::xml_attribute found)
{
  if (!found) {
    return std::nullopt;
  }
  return std::string_view(found.value());
}

std::optional<bool> XmlReader::boolean(pugi::xml_node node, const char* attribute, bool fallback)
{
  return boolean(lazy_at(node), optional(node.attribute(attribute)), attribute, fallback);
}

std::optional<bool> XmlReader::boolean(const LazyLocation& where, std::optional<std::string_view> found,
                                       const char* attribute, bool fallback)
{
  if (!found) {
    return fallback;
  }
  if (*found == "true") {
    return true;
  }
  if (*found == "false") {
    return false;
  }
  error(lazy_at(found, where), std::string("attribute '") + attribute + "' must be 'true' or 'false', not '" +
                                   std::string(*found) + "'");
  return std::nullopt;
}

std::optional<int> XmlReader::year(pugi::xml_node node, const char* attribute)
{
  return year(node.name(), lazy_at(node), optional(node.attribute(attribute)), attribute);
}

std::optional<int> XmlReader::year(const char* element, const LazyLocation& where,
                                   std::optional<std::string_view> found, const char* attribute)
{
  const auto value = required(element, where, found, attribute);
  if (!value) {
    return std::nullopt;
  }
  const bool four_digits = value->size() == 4 && std::all_of(value->begin(), value->end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) != 0;
                           });
  if (!four_digits) {
    error(lazy_at(found, where), std::string("attribute '") + attribute +
                                     "' must be a year such as 2024, not '" + std::string(*value) + "'");
    return std::nullopt;
  }
  return std::stoi(std::string(*value));
}

} // namespace ntm::load
