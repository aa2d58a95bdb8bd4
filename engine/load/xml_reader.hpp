#pragma once
// Internal to engine/load: the only header that includes pugixml. Other parts never include it.

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"

#include <pugixml.hpp>

#include <initializer_list>
#include <optional>
#include <string>

namespace ntm::load {

/// Parses one XML text and reads its elements with positions, collecting diagnostics.
/// Rules it enforces:
/// 1. the text is UTF-8 (a declared other encoding is an error);
/// 2. the XML is well-formed; the error names the line and column pugixml stopped at; a DOCTYPE
///    that declares entities is refused (entities are never expanded, nothing is fetched);
/// 3. an element has only the attributes and child elements it is allowed, each attribute once,
///    none longer than `k_max_value_bytes`;
/// 4. a required attribute is present and not empty.
class XmlReader {
public:
  XmlReader(const SourceText& source, Diagnostics& errors);

  /// Parses the text; false (with a diagnostic) when it is not well-formed UTF-8 XML.
  bool parse();
  pugi::xml_node root() const { return m_doc.document_element(); }

  Location at(pugi::xml_node node) const;
  Location at(pugi::xml_node node, const char* attribute) const;
  /// The same places, worked out only if asked for.
  LazyLocation lazy_at(pugi::xml_node node) const;
  LazyLocation lazy_at(pugi::xml_node node, const char* attribute) const;
  void error(const Location& where, std::string message, std::string code = "format-error");

  /// Checks rule 3 for `node`; false when something was reported.
  bool check_element(pugi::xml_node node, std::initializer_list<const char*> attributes,
                     std::initializer_list<const char*> children);
  /// The attribute's value; reports it missing or empty.
  std::optional<std::string> required(pugi::xml_node node, const char* attribute);
  /// The attribute's value, empty when absent.
  std::optional<std::string> optional(pugi::xml_node node, const char* attribute) const;
  /// A `true|false` attribute; reports other values. `fallback` when absent.
  std::optional<bool> boolean(pugi::xml_node node, const char* attribute, bool fallback);
  /// A whole year (4 digits) attribute; reports anything else.
  std::optional<int> year(pugi::xml_node node, const char* attribute);

  std::size_t error_count() const { return m_errors.size(); }

private:
  const SourceText& m_source;
  Diagnostics& m_errors;
  // A copy of the text that pugixml parses in place, so that every name and attribute value
  // points into it: its position in the file is then a subtraction, not a search.
  std::string m_buffer;
  pugi::xml_document m_doc;
};

} // namespace ntm::load
