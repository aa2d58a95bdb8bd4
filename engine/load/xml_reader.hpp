#pragma once
// Internal to engine/load: the only header that includes pugixml. Other parts never include it.

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"

#include <pugixml.hpp>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
  /// Inline: it is called for every indicator.
  LazyLocation lazy_at(pugi::xml_node node) const
  {
    // The element starts at the '<' before its name.
    const auto offset = offset_of(node.name());
    if (!offset || *offset == 0) {
      return Location{m_source.name(), 0, 0};
    }
    return {m_source, *offset - 1};
  }
  LazyLocation lazy_at(pugi::xml_node node, const char* attribute) const;
  /// Where `found`, the value of an attribute of an element as check_element found it, is;
  /// `element`, `lazy_at(node)` of that element, when it is absent.
  /// Inline: it is called for each field of every indicator.
  LazyLocation lazy_at(std::optional<std::string_view> found, const LazyLocation& element) const
  {
    const auto offset = found ? offset_of(found->data()) : std::nullopt;
    return offset ? LazyLocation(m_source, *offset) : element;
  }
  void error(const Location& where, std::string message, std::string code = "format-error");

  /// Checks rule 3 for `node`; false when something was reported.
  bool check_element(pugi::xml_node node, std::initializer_list<const char*> attributes,
                     std::initializer_list<const char*> children);
  /// The same, also setting `found[i]` to the value of the first attribute named `attributes[i]`
  /// (empty when absent), so that reading them needs no search by name and no further call into
  /// pugixml. The values are views into the parsed text, valid as long as this reader. `found` has
  /// one place per name; what it held before is replaced.
  bool check_element(pugi::xml_node node, std::initializer_list<const char*> attributes,
                     std::initializer_list<const char*> children,
                     std::span<std::optional<std::string_view>> found);
  /// The same, also replacing the contents of `elements` with the child elements that are listed,
  /// in document order, so that reading them needs no second walk through the children.
  bool check_element(pugi::xml_node node, std::initializer_list<const char*> attributes,
                     std::initializer_list<const char*> children, std::vector<pugi::xml_node>& elements);
  /// The attribute's value; reports it missing or empty.
  std::optional<std::string> required(pugi::xml_node node, const char* attribute);
  /// The same for `found`, the value check_element found for `attribute` of `node`.
  /// Inline up to the report: it is called for every indicator, which mostly has its code.
  std::optional<std::string_view> required(pugi::xml_node node, std::optional<std::string_view> found,
                                           const char* attribute)
  {
    if (found && !found->empty()) {
      return found;
    }
    report_required(node, found, attribute);
    return std::nullopt;
  }
  /// The attribute's value, empty when absent.
  std::optional<std::string> optional(pugi::xml_node node, const char* attribute) const;
  /// The value of `found`, empty when it is null; a view into the parsed text, as above.
  static std::optional<std::string_view> optional(pugi::xml_attribute found);
  /// A `true|false` attribute; reports other values. `fallback` when absent.
  std::optional<bool> boolean(pugi::xml_node node, const char* attribute, bool fallback);
  /// A whole year (4 digits) attribute; reports anything else.
  std::optional<int> year(pugi::xml_node node, const char* attribute);

  std::size_t error_count() const { return m_errors.size(); }

private:
  /// Reports `attribute` of `node` missing (`found` empty) or, as `found`, empty.
  void report_required(pugi::xml_node node, std::optional<std::string_view> found, const char* attribute);
  /// check_element, with `elements` (when not null) as in its last form.
  bool check(pugi::xml_node node, std::initializer_list<const char*> attributes,
             std::initializer_list<const char*> children, std::span<std::optional<std::string_view>> found,
             std::vector<pugi::xml_node>* elements);
  /// The byte offset in the text of `parsed`, a name or value pugixml parsed; empty when it does
  /// not point into the text (the empty name of the document node).
  std::optional<std::size_t> offset_of(const char* parsed) const
  {
    // Parsed in place, names and values point into m_buffer, at the same offset as in the text.
    if (parsed >= m_buffer.data() && parsed <= m_buffer.data() + m_buffer.size()) {
      return static_cast<std::size_t>(parsed - m_buffer.data());
    }
    return std::nullopt;
  }

  const SourceText& m_source;
  Diagnostics& m_errors;
  // A copy of the text that pugixml parses in place, so that every name and attribute value
  // points into it: its position in the file is then a subtraction, not a search.
  std::string m_buffer;
  pugi::xml_document m_doc;
  // Whether the text holds a character reference (`&#`): only one can make an attribute value
  // invalid UTF-8 once the whole text was checked, so without one the values are not checked again.
  bool m_character_references = true;
};

} // namespace ntm::load
