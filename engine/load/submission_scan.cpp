#include "load/submission_scan.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace ntm::load {

const NameList k_no_names{};
const NameList k_submission_attributes{"year", "region", "special-difficulty"};
const NameList k_submission_children{"commune", "claim", "set"};
const NameList k_claim_attributes{"level"};
const NameList k_commune_attributes{"code", "name", "district", "province"};
const NameList k_set_attributes{"ref"};
const NameList k_set_children{"indicator"};
const NameList k_indicator_attributes{"code", "value", "numerator", "denominator", "self-assessment"};

SubmissionElements::Set& SubmissionElements::add_set()
{
  if (set_count == sets.size()) {
    sets.emplace_back();
  }
  Set& set = sets[set_count++];
  set.nodes.clear();
  set.scanned_count = 0;
  return set;
}

namespace {

const NameList k_declaration_attributes{"version", "encoding", "standalone"};

/// The bytes XML counts as white space, looked up rather than compared four times: a file is
/// one fifth indentation.
constexpr std::array<bool, 256> k_spaces = [] {
  std::array<bool, 256> spaces = {};
  for (const char c : {' ', '\t', '\n', '\r'}) {
    spaces[static_cast<unsigned char>(c)] = true;
  }
  return spaces;
}();

/// The bytes that stop the scan of an attribute's value: the quotes, the NUL after the text, and
/// what pugixml would read otherwise than as it is written: markup and references (`<`, `&`), and
/// the tab and line breaks it turns into spaces.
constexpr std::array<bool, 256> k_value_stops = [] {
  std::array<bool, 256> stops = {};
  for (const char c : {'"', '\'', '\0', '<', '&', '\t', '\n', '\r'}) {
    stops[static_cast<unsigned char>(c)] = true;
  }
  return stops;
}();

/// The bytes of the names the scan reads: whatever else ends a name, and a name that holds none
/// of these is not one of the submission's.
constexpr std::array<bool, 256> k_name_bytes = [] {
  std::array<bool, 256> bytes = {};
  for (int c = 'a'; c <= 'z'; ++c) {
    bytes[static_cast<std::size_t>(c)] = true;
  }
  bytes[static_cast<unsigned char>('-')] = true;
  return bytes;
}();

/// The scan of one text. Each step reads on from m_at or returns false; the text is followed by
/// NUL bytes, which stop every loop that reads on without a check of its own.
class PlainScan {
public:
  PlainScan(const XmlReader& reader, SubmissionElements& out)
      : m_out(out)
      , m_begin(reader.prepared().data())
      , m_at(m_begin)
      , m_end(m_begin + reader.prepared().size())
  {
  }

  bool run()
  {
    m_out.commune.reset();
    m_out.second_commune.reset();
    m_out.claim.reset();
    m_out.second_claim.reset();
    m_out.set_count = 0;
    if (starts("<?xml") && !declaration()) {
      return false;
    }
    if (!skip_comments() || !open("submission")) {
      return false;
    }
    bool empty = false;
    if (!attributes(k_submission_attributes, m_out.root, empty)) {
      return false;
    }
    while (!empty) {
      if (!skip_comments() || !starts("<")) {
        return false;
      }
      if (starts("</")) {
        if (!close("submission")) {
          return false;
        }
        break;
      }
      if (!child()) {
        return false;
      }
    }
    return skip_comments() && m_at == m_end;
  }

private:
  /// `<?xml version="1.0" encoding="UTF-8"?>` at the start, saying no other encoding.
  bool declaration()
  {
    m_at += 5;
    ElementFields fields;
    std::uint64_t seen = 0;
    while (true) {
      const char* const before = m_at;
      skip_spaces();
      if (starts("?>")) {
        m_at += 2;
        break;
      }
      if (m_at == before || !attribute(k_declaration_attributes, fields, seen)) {
        return false;
      }
    }
    // pugixml ends the declaration at its first `?>`, even inside a value.
    for (const std::optional<std::string_view>& value : fields.found) {
      if (value && value->find('?') != std::string_view::npos) {
        return false;
      }
    }
    const std::optional<std::string_view>& encoding = fields.found[1];
    if (!encoding) {
      return true;
    }
    std::string lower(*encoding);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == "utf-8" || lower == "utf8";
  }

  /// A child of <submission>, at its `<`.
  bool child()
  {
    const char* const start = m_at;
    ++m_at;
    const std::string_view name = read_name();
    const std::size_t kind = k_submission_children.index_of(name);
    bool empty = false;
    if (kind == 2) {
      SubmissionElements::Set& set = m_out.add_set();
      set.fields.at = offset(start);
      if (!attributes(k_set_attributes, set.fields, empty)) {
        return false;
      }
      return empty || indicators(set);
    }
    if (kind == k_submission_children.size()) {
      return false;
    }
    std::optional<ElementFields>& first = kind == 0 ? m_out.commune : m_out.claim;
    std::optional<std::size_t>& second = kind == 0 ? m_out.second_commune : m_out.second_claim;
    ElementFields fields;
    fields.at = offset(start);
    if (!attributes(kind == 0 ? k_commune_attributes : k_claim_attributes, fields, empty) ||
        (!empty && !leaf_end(name))) {
      return false;
    }
    if (!first) {
      first = std::move(fields);
    } else if (!second) {
      second = fields.at;
    }
    return true;
  }

  /// The contents of a <set> and its end tag.
  bool indicators(SubmissionElements::Set& set)
  {
    while (true) {
      if (!skip_comments() || !starts("<")) {
        return false;
      }
      if (starts("</")) {
        return close("set");
      }
      // `<indicator` and what ends its name: the attributes read next tell.
      if (!starts("<indicator") || k_name_bytes[static_cast<unsigned char>(m_at[10])]) {
        return false;
      }
      const char* const start = m_at;
      m_at += 10;
      if (set.scanned_count == set.scanned.size()) {
        set.scanned.emplace_back();
      }
      // Written over whole: its place here, and every field by attributes().
      ElementFields& fields = set.scanned[set.scanned_count++];
      fields.at = offset(start);
      bool empty = false;
      if (!attributes(k_indicator_attributes, fields, empty) || (!empty && !leaf_end("indicator"))) {
        return false;
      }
    }
  }

  /// What may follow the start tag of an element that holds no other: comments, and its end tag.
  bool leaf_end(std::string_view name) { return skip_comments() && close(name); }

  /// `<name` followed by a space or the end of the tag.
  bool open(std::string_view name)
  {
    if (!starts("<")) {
      return false;
    }
    m_out.root.at = offset(m_at);
    ++m_at;
    return read_name() == name;
  }

  /// `</name>`, with spaces allowed before the `>`.
  bool close(std::string_view name)
  {
    if (!starts("</")) {
      return false;
    }
    m_at += 2;
    if (read_name() != name) {
      return false;
    }
    skip_spaces();
    if (*m_at != '>') {
      return false;
    }
    ++m_at;
    return true;
  }

  /// The attributes of a start tag and its end, `>` or `/>` (`empty`), into `fields`.
  bool attributes(const NameList& names, ElementFields& fields, bool& empty)
  {
    fields.found.fill(std::nullopt);
    std::uint64_t seen = 0;
    while (true) {
      const char* const before = m_at;
      skip_spaces();
      if (*m_at == '>') {
        ++m_at;
        empty = false;
        return true;
      }
      if (m_at[0] == '/' && m_at[1] == '>') {
        m_at += 2;
        empty = true;
        return true;
      }
      // An attribute follows a space; one of `names`, given once.
      if (m_at == before || !attribute(names, fields, seen)) {
        return false;
      }
    }
  }

  /// `name="value"` (or in single quotes), name one of `names` not in `seen`.
  bool attribute(const NameList& names, ElementFields& fields, std::uint64_t& seen)
  {
    const std::size_t index = names.index_of_assigned(m_at);
    if (index == names.size() || (seen >> index & 1U) != 0) {
      return false;
    }
    seen |= std::uint64_t{1} << index;
    m_at += names.name(index).size();
    const char quote = m_at[1];
    if (quote != '"' && quote != '\'') {
      return false;
    }
    m_at += 2;
    const char* const value = m_at;
    while (true) {
      while (!k_value_stops[static_cast<unsigned char>(*m_at)]) {
        ++m_at;
      }
      if (*m_at == quote) {
        break;
      }
      if (*m_at != '"' && *m_at != '\'') {
        return false;
      }
      ++m_at; // the other quote, a character of the value
    }
    const auto size = static_cast<std::size_t>(m_at - value);
    ++m_at;
    if (size > k_max_value_bytes) {
      return false;
    }
    fields.found[index] = std::string_view(value, size);
    return true;
  }

  std::string_view read_name()
  {
    const char* const start = m_at;
    while (k_name_bytes[static_cast<unsigned char>(*m_at)]) {
      ++m_at;
    }
    return {start, static_cast<std::size_t>(m_at - start)};
  }

  void skip_spaces()
  {
    while (k_spaces[static_cast<unsigned char>(*m_at)]) {
      ++m_at;
    }
  }

  /// A line break and the spaces after it, up to eight, where the text has them: between
  /// elements, the usual spaces are a line break and an indentation, passed in one step rather
  /// than a byte at a time. The spaces end at the first nonzero byte of a word XORed with spaces.
  void skip_indentation()
  {
    if (*m_at != '\n') {
      return;
    }
    std::uint64_t word = 0;
    std::memcpy(&word, m_at + 1, sizeof word);
    const std::uint64_t others = word ^ 0x2020202020202020U;
    const int spaces = others == 0 ? 8
                                   : (std::endian::native == std::endian::little ? std::countr_zero(others)
                                                                                 : std::countl_zero(others)) /
                                         8;
    m_at += 1 + spaces;
  }

  /// Spaces and comments; false at a comment without its end.
  bool skip_comments()
  {
    while (true) {
      skip_indentation();
      skip_spaces();
      if (!starts("<!--")) {
        return true;
      }
      // As pugixml reads one: to the first `-->` after the `<!--`, found at its `>`, a byte that
      // comments seldom hold otherwise.
      const char* const content = m_at + 4;
      const char* end = content;
      do {
        end = static_cast<const char*>(std::memchr(end, '>', static_cast<std::size_t>(m_end - end)));
        if (end == nullptr) {
          return false;
        }
        ++end;
      } while (end - content < 3 || end[-2] != '-' || end[-3] != '-');
      m_at = end;
    }
  }

  /// Whether the text goes on with `text`, a literal. Compared in place, whatever is left: the NUL
  /// bytes after the text differ from every byte of a literal.
  template <std::size_t N>
  bool starts(const char (&text)[N]) const
  {
    static_assert(N - 1 <= 16, "no longer than the NUL bytes after the text");
    return std::memcmp(m_at, text, N - 1) == 0;
  }

  std::size_t offset(const char* at) const { return static_cast<std::size_t>(at - m_begin); }

  SubmissionElements& m_out;
  const char* const m_begin;
  const char* m_at;
  const char* const m_end;
};

} // namespace

bool scan_plain_submission(const XmlReader& reader, SubmissionElements& out)
{
  out.scanned = true;
  return PlainScan(reader, out).run();
}

} // namespace ntm::load
