#pragma once
// Internal to engine/load: the only header that includes pugixml. Other parts never include it.

#include "load/source_text.hpp"
#include "model/diagnostic.hpp"

#include <pugixml.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::load {

/// The names an element may have for its attributes or its child elements, with what finding a
/// name among them needs worked out once. An element read in every file gets a `static const` one;
/// a braced list of names makes one on the spot.
class NameList {
public:
  NameList(std::initializer_list<std::string_view> names);

  std::size_t size() const { return m_size; }
  /// The index of the first listed name equal to `name`, NUL-terminated, or size(). `padded`: 16
  /// bytes from `name` may be read, though its NUL comes first, so that it is compared at once.
  /// Inline: it is called for every attribute and element of every file.
  std::size_t index_of(const char* name, bool padded) const
  {
    for (std::uint8_t i = m_first[static_cast<unsigned char>(name[0])]; i != k_none; i = m_names[i].next) {
      const Name& listed = m_names[i];
      if (padded && listed.mask[0] != 0) {
        // The name's bytes up to its NUL equal the listed name's and its NUL; bytes past the NUL
        // are masked out.
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::memcpy(&low, name, sizeof low);
        std::memcpy(&high, name + sizeof low, sizeof high);
        if ((((low ^ listed.bytes[0]) & listed.mask[0]) | ((high ^ listed.bytes[1]) & listed.mask[1])) == 0) {
          return i;
        }
      } else if (std::strncmp(name, listed.text.data(), listed.text.size()) == 0 &&
                 name[listed.text.size()] == '\0') {
        return i;
      }
    }
    return m_size;
  }
  /// The same for a name given as a view, which need not be followed by a NUL: a reader of its own
  /// scans names in the text. 16 bytes from `name` may be read (XmlReader::prepared()).
  std::size_t index_of(std::string_view name) const
  {
    if (name.empty()) {
      return m_size;
    }
    for (std::uint8_t i = m_first[static_cast<unsigned char>(name[0])]; i != k_none; i = m_names[i].next) {
      const Name& listed = m_names[i];
      if (listed.text.size() != name.size()) {
        continue;
      }
      if (listed.mask[0] != 0) {
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::memcpy(&low, name.data(), sizeof low);
        std::memcpy(&high, name.data() + sizeof low, sizeof high);
        if ((((low ^ listed.bytes[0]) & listed.text_mask[0]) |
             ((high ^ listed.bytes[1]) & listed.text_mask[1])) == 0) {
          return i;
        }
      } else if (listed.text == name) {
        return i;
      }
    }
    return m_size;
  }
  /// The index of the listed name that the text at `at` starts with, followed by `=`, or size():
  /// an attribute's name as a reader of its own finds it. 16 bytes from `at` may be read
  /// (XmlReader::prepared()). Inline: it is called for every attribute of a scanned file.
  std::size_t index_of_assigned(const char* at) const
  {
    for (std::uint8_t i = m_first[static_cast<unsigned char>(at[0])]; i != k_none; i = m_names[i].next) {
      const Name& listed = m_names[i];
      if (listed.mask[0] != 0) {
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::memcpy(&low, at, sizeof low);
        std::memcpy(&high, at + sizeof low, sizeof high);
        if ((((low ^ listed.assigned[0]) & listed.mask[0]) |
             ((high ^ listed.assigned[1]) & listed.mask[1])) == 0) {
          return i;
        }
      } else if (std::memcmp(at, listed.text.data(), listed.text.size()) == 0 &&
                 at[listed.text.size()] == '=') {
        return i;
      }
    }
    return m_size;
  }
  /// The listed name at `index`.
  std::string_view name(std::size_t index) const { return m_names[index].text; }
  /// The names, to suggest one.
  std::vector<std::string> strings() const;

private:
  static constexpr std::uint8_t k_none = 0xFF;
  struct Name {
    std::string_view text;
    // The name with its NUL, zero-padded to 16 bytes, and a mask of those bytes; a zero mask for
    // a name too long for that.
    std::array<std::uint64_t, 2> bytes = {};
    std::array<std::uint64_t, 2> mask = {};
    std::array<std::uint64_t, 2> text_mask = {}; // the same without the NUL
    std::array<std::uint64_t, 2> assigned = {};  // `bytes` with a `=` for the NUL
    std::uint8_t next = k_none;                  // the next listed name that starts with the same byte
  };
  std::vector<Name> m_names;
  // m_names.size(), kept: worked out, it is a division by the size of a Name in every look-up,
  // 3.6M more instructions in an audit of 2,000 files.
  std::size_t m_size = 0;
  std::array<std::uint8_t, 256> m_first; // by first byte, the first listed name that starts with it
};

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
  /// The same, making the copy of the text that is parsed in `buffer`, whose room a caller that
  /// reads file after file keeps.
  XmlReader(const SourceText& source, Diagnostics& errors, std::string& buffer);

  /// Parses the text; false (with a diagnostic) when it is not well-formed UTF-8 XML.
  /// The same as prepare() and then parse_prepared().
  bool parse();
  /// Checks that the text is UTF-8 and makes the copy of it that is parsed; false (with a
  /// diagnostic) when it is not UTF-8 text.
  bool prepare();
  /// The copy prepare() made: byte for byte the text, followed by at least 16 NUL bytes. A reader
  /// of its own may scan it; views into it are placed by lazy_at as pugixml's values are.
  std::string_view prepared() const { return {m_buffer.data(), m_buffer.size() - k_padding}; }
  /// Parses the copy prepare() made; false (with a diagnostic) when it is not well-formed XML.
  bool parse_prepared();
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
      return {m_source, 0, 0};
    }
    return {m_source, *offset - 1};
  }
  LazyLocation lazy_at(pugi::xml_node node, const char* attribute) const;
  /// The byte offset of the `<` of `node`, where lazy_at(node) places it.
  std::size_t offset(pugi::xml_node node) const
  {
    const auto name = offset_of(node.name());
    return name && *name > 0 ? *name - 1 : 0;
  }
  /// The place of byte `offset` of the text, worked out only if asked for.
  LazyLocation lazy_at(std::size_t offset) const { return {m_source, offset}; }
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
  bool check_element(pugi::xml_node node, const NameList& attributes, const NameList& children);
  /// The same, also setting `found[i]` to the value of the first attribute named `attributes[i]`
  /// (empty when absent), so that reading them needs no search by name and no further call into
  /// pugixml. The values are views into the parsed text, valid as long as this reader. `found` has
  /// one place per name; what it held before is replaced.
  bool check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                     std::span<std::optional<std::string_view>> found);
  /// The same, also replacing the contents of `elements` with the child elements that are listed,
  /// in document order, so that reading them needs no second walk through the children.
  bool check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                     std::vector<pugi::xml_node>& elements);
  /// Both: the attributes' values into `found`, the listed child elements into `elements`.
  bool check_element(pugi::xml_node node, const NameList& attributes, const NameList& children,
                     std::span<std::optional<std::string_view>> found, std::vector<pugi::xml_node>& elements);
  /// The attribute's value; reports it missing or empty.
  std::optional<std::string> required(pugi::xml_node node, const char* attribute);
  /// The same for `found`, the value of `attribute` of an element named `element` that is at
  /// `where`, as check_element or a reader of its own found it: a loader that reads elements either
  /// way checks them with one piece of code. Inline up to the report: it is called for every
  /// indicator, which mostly has its code.
  std::optional<std::string_view> required(const char* element, const LazyLocation& where,
                                           std::optional<std::string_view> found, const char* attribute)
  {
    if (found && !found->empty()) {
      return found;
    }
    report_required(element, where, found, attribute);
    return std::nullopt;
  }
  /// The attribute's value, empty when absent.
  std::optional<std::string> optional(pugi::xml_node node, const char* attribute) const;
  /// The value of `found`, empty when it is null; a view into the parsed text, as above.
  static std::optional<std::string_view> optional(pugi::xml_attribute found);
  /// A `true|false` attribute; reports other values. `fallback` when absent.
  std::optional<bool> boolean(pugi::xml_node node, const char* attribute, bool fallback);
  /// The same for `found`, as `required` takes it.
  std::optional<bool> boolean(const LazyLocation& where, std::optional<std::string_view> found,
                              const char* attribute, bool fallback);
  /// A whole year (4 digits) attribute; reports anything else.
  std::optional<int> year(pugi::xml_node node, const char* attribute);
  /// The same for `found`, as `required` takes it.
  std::optional<int> year(const char* element, const LazyLocation& where,
                          std::optional<std::string_view> found, const char* attribute);

  std::size_t error_count() const { return m_errors.size(); }

private:
  /// Reports `attribute` of the element named `element` at `where` missing (`found` empty) or, as
  /// `found`, empty.
  void report_required(const char* element, const LazyLocation& where, std::optional<std::string_view> found,
                       const char* attribute);
  /// check_element, with `elements` (when not null) as in its last form.
  bool check(pugi::xml_node node, const NameList& attributes, const NameList& children,
             std::span<std::optional<std::string_view>> found, std::vector<pugi::xml_node>* elements);
  // The reports of check, kept out of its loop (cold): made rarely, their strings would crowd it.
  /// Reports the value, `size` bytes, of attribute `name` of `node` too long or not valid text.
  [[gnu::cold]] void report_value(pugi::xml_node node, const char* name, std::size_t size);
  /// Reports `attribute` of `node` given twice (`listed_twice`: a name of `attributes` given before) or
  /// not one of `attributes`.
  [[gnu::cold]] void report_name(pugi::xml_node node, pugi::xml_attribute attribute,
                                 const NameList& attributes, bool listed_twice);
  /// Reports `child` of `node`, an element not one of `children`, or text.
  [[gnu::cold]] void report_child(pugi::xml_node node, pugi::xml_node child, const NameList& children);
  /// The index of `name`, a name pugixml parsed, in `names`.
  std::size_t index_of(const NameList& names, const char* name) const
  {
    // A name pugixml parsed lies in the text, which m_buffer's padding follows.
    return names.index_of(name, offset_of(name).has_value());
  }
  /// The byte offset in the text of `parsed`, a name or value pugixml parsed; empty when it does
  /// not point into the text (the empty name of the document node).
  std::optional<std::size_t> offset_of(const char* parsed) const
  {
    // Parsed in place, names and values point into m_buffer, at the same offset as in the text.
    if (parsed >= m_buffer.data() &&
        static_cast<std::size_t>(parsed - m_buffer.data()) + k_padding <= m_buffer.size()) {
      return static_cast<std::size_t>(parsed - m_buffer.data());
    }
    return std::nullopt;
  }

  const SourceText& m_source;
  Diagnostics& m_errors;
  // A copy of the text that pugixml parses in place, so that every name and attribute value
  // points into it: its position in the file is then a subtraction, not a search.
  // It is followed by k_padding NUL bytes that pugixml is not given, so that the 16 bytes from
  // any name in the text may be read at once (NameList::index_of).
  std::string m_own_buffer; // m_buffer, unless the caller gave one
  std::string& m_buffer;
  static constexpr std::size_t k_padding = 16;
  pugi::xml_document m_doc;
  // Whether the text holds a character reference (`&#`): only one can make an attribute value
  // invalid UTF-8 once the whole text was checked, so without one the values are not checked again.
  bool m_character_references = true;
};

} // namespace ntm::load
