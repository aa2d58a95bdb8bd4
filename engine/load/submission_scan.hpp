#pragma once
// Internal to engine/load: the elements of an XML submission as the loader reads them, found either
// by pugixml (submission_loader.cpp) or, in a plain file, by a scan of the text (submission_scan.cpp).
// Both give the same views into the same copy of the text, so that one piece of code reads on.

#include "load/source_text.hpp"
#include "load/xml_reader.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace ntm::load {

// The names each element may have. The place of a name in its list is the place of the
// attribute's value in ElementFields::found.
extern const NameList k_no_names;
extern const NameList k_submission_attributes; // year, region, special-difficulty
extern const NameList k_submission_children;   // commune, claim, set
extern const NameList k_claim_attributes;      // level
extern const NameList k_commune_attributes;    // code, name, district, province
extern const NameList k_set_attributes;        // ref
extern const NameList k_set_children;          // indicator
extern const NameList k_indicator_attributes;  // code, value, numerator, denominator, self-assessment

/// One element: where it is (the offset of its `<`), and the values of its attributes in the order of its
/// list of names, empty when absent; the values are views into XmlReader::prepared().
struct ElementFields {
  // Not `= default`: value-initialisation (`emplace_back()`) would zero the whole struct with a
  // `rep stos`, slow to start, before the members' own initialisers run, for every <indicator>.
  ElementFields() noexcept {}

  std::size_t at = 0;
  std::array<std::optional<std::string_view>, 5> found; // room for the longest list, <indicator>'s
};

/// The elements of one submission that the loader reads, with what each holds.
struct SubmissionElements {
  struct Set {
    ElementFields fields;
    // Its <indicator> elements: as pugixml's nodes, checked only when the set is read, or as the
    // scan read them: the first `scanned_count` of `scanned`, which keeps those of earlier files
    // to be written over, as building one anew zeroes all its 128 bytes.
    std::vector<pugi::xml_node> nodes;
    std::vector<ElementFields> scanned;
    std::size_t scanned_count = 0;
  };

  ElementFields root; // <submission>
  std::optional<ElementFields> commune;
  std::optional<std::size_t> second_commune; // where a second <commune> is, an error
  std::optional<ElementFields> claim;
  std::optional<std::size_t> second_claim;
  // The <set> elements, in the order of the text: the first `set_count` of `sets`, which keeps
  // the room of those that earlier files had.
  std::vector<Set> sets;
  std::size_t set_count = 0;
  bool scanned = false; // read by scan_plain_submission

  /// The next set, emptied; room is kept.
  Set& add_set();
};

/// Reads the elements of a submission written plainly, as ntm and spreadsheets write them, from
/// `reader.prepared()`: the declaration, comments, and the submission's own elements, each with only
/// its own attributes, once each, and values without references, tabs or line breaks. False at the
/// first thing outside that, with `out` to be ignored: pugixml then reads the file and reports
/// what is wrong there, if anything.
/// For a file it reads, it finds what pugixml and XmlReader::check_element find, and there is
/// nothing for them to report; the scan of a file costs a fraction of pugixml's parse.
bool scan_plain_submission(const XmlReader& reader, SubmissionElements& out);

} // namespace ntm::load
