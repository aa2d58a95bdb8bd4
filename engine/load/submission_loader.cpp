#include "load/submission_loader.hpp"

#include "load/csv_loader.hpp"
#include "load/submission_scan.hpp"
#include "load/submission_values.hpp"
#include "load/xml_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <numeric>
#include <span>

namespace ntm::load {

/// What loading a file leaves for the next to reuse.
struct SubmissionWorkspace::Room {
  SourceText source;
  // A workspace's file's name, which `source` and every Location of the result borrow. A fresh
  // copy per file, so that a Location kept past the next load is a use after free, which the
  // sanitizers catch, rather than a wrong name. Unset for a Room of one load, whose result
  // owns its names.
  std::unique_ptr<const std::string> borrowed_name;
  bool borrow_names = false;
  std::string buffer; // the copy of the text that XmlReader parses
  // The elements of the file being read, as the scan or pugixml found them.
  SubmissionElements elements;
  // The listed child elements of the <submission> being read, as check_element found them.
  std::vector<pugi::xml_node> children;
  // The submission last read, when it was refused: what the next is read into.
  model::Submission spare;
  // Sets of submissions read before, each with the room of its list of indicators.
  std::vector<model::SubmittedSet> spare_sets;
  bool scan_plain = true;
  std::size_t plain_scans = 0;
};

namespace {

// Where each attribute's value is in ElementFields::found, in the order of the lists of names.
enum RootAttribute : std::size_t { root_year, root_region, root_special_difficulty };
enum CommuneAttribute : std::size_t { commune_code, commune_name, commune_district, commune_province };
enum IndicatorAttribute : std::size_t {
  indicator_code,
  indicator_value,
  indicator_numerator,
  indicator_denominator,
  indicator_self_assessment
};

class SubmissionParser {
public:
  SubmissionParser(Diagnostics& errors, const model::RuleBook& book, SubmissionWorkspace::Room& room)
      : m_reader(room.source, errors, room.buffer), m_checks(book, errors), m_room(room)
  {
  }

  /// Reads the text into `submission`, which is made what a fresh one is first, keeping its room
  /// and that of its sets; false when something was reported.
  bool parse(const std::string& name, model::Submission& submission)
  {
    for (model::SubmittedSet& set : submission.sets) {
      m_room.spare_sets.push_back(std::move(set));
    }
    submission.clear();
    if (!m_reader.prepare()) {
      return false;
    }
    SubmissionElements& elements = m_room.elements;
    // A plain file is read by the scan; any other, or one the scan leaves, by pugixml, which
    // reports what is wrong in it. Both find the same elements for the rest to read.
    const bool scanned = m_room.scan_plain && scan_plain_submission(m_reader, elements);
    m_room.plain_scans += scanned ? 1 : 0;
    const std::size_t errors_before = m_reader.error_count();
    if (!scanned && !find_elements(elements)) {
      return false;
    }
    read(name, elements, submission);
    return m_reader.error_count() == errors_before;
  }

private:
  /// Reads the elements with pugixml, checking each but the indicators, which are checked as they
  /// are read; false when the text is not a submission.
  bool find_elements(SubmissionElements& elements)
  {
    elements.scanned = false;
    if (!m_reader.parse_prepared()) {
      return false;
    }
    const pugi::xml_node root = m_reader.root();
    if (std::string(root.name()) != "submission") {
      m_reader.error(m_reader.at(root),
                     "unknown root element <" + std::string(root.name()) + ">, expected <submission>");
      return false;
    }
    elements.root.at = m_reader.offset(root);
    m_reader.check_element(root, k_submission_attributes, k_submission_children,
                           found_of(elements.root, k_submission_attributes), m_room.children);
    elements.commune.reset();
    elements.second_commune.reset();
    elements.claim.reset();
    elements.second_claim.reset();
    elements.set_count = 0;
    for (const pugi::xml_node child : m_room.children) {
      const std::size_t kind = k_submission_children.index_of(std::string_view(child.name()));
      if (kind == 2) {
        SubmissionElements::Set& set = elements.add_set();
        set.fields.at = m_reader.offset(child);
        m_reader.check_element(child, k_set_attributes, k_set_children,
                               found_of(set.fields, k_set_attributes), set.nodes);
        continue;
      }
      std::optional<ElementFields>& first = kind == 0 ? elements.commune : elements.claim;
      std::optional<std::size_t>& second = kind == 0 ? elements.second_commune : elements.second_claim;
      if (first) {
        if (!second) {
          second = m_reader.offset(child);
        }
        continue;
      }
      first.emplace().at = m_reader.offset(child);
      const NameList& attributes = kind == 0 ? k_commune_attributes : k_claim_attributes;
      m_reader.check_element(child, attributes, k_no_names, found_of(*first, attributes));
    }
    return true;
  }

  /// The places of `fields` for the values of attributes named in `names`, as check_element fills
  /// them; those after stay empty.
  static std::span<std::optional<std::string_view>> found_of(ElementFields& fields, const NameList& names)
  {
    fields.found.fill(std::nullopt);
    return std::span(fields.found).first(names.size());
  }

  /// Reads what `elements` hold into `submission`.
  void read(const std::string& name, const SubmissionElements& elements, model::Submission& submission)
  {
    const ElementFields& root = elements.root;
    const LazyLocation root_where = m_reader.lazy_at(root.at);
    submission.source = name;
    submission.where = root_where;
    const auto year = m_reader.year("submission", root_where, root.found[root_year], "year");
    submission.year = year.value_or(0);
    if (auto region = m_reader.required("submission", root_where, root.found[root_region], "region")) {
      submission.region = m_checks.region(std::string(*region), m_reader.lazy_at(region, root_where))
                              .value_or(submission.region);
    }
    submission.special_difficulty =
        m_reader.boolean(root_where, root.found[root_special_difficulty], "special-difficulty", false)
            .value_or(false);

    if (!elements.commune) {
      m_reader.error(submission.where, "missing <commune> in <submission>");
    } else {
      read_commune(*elements.commune, submission.commune);
      if (elements.second_commune) {
        m_reader.error(m_reader.lazy_at(*elements.second_commune),
                       "a second <commune>; a submission is for one commune");
      }
    }
    if (const std::optional<ElementFields>& claim = elements.claim) {
      const LazyLocation claim_where = m_reader.lazy_at(claim->at);
      const LazyLocation level_where = m_reader.lazy_at(claim->found[0], claim_where);
      submission.claim_where = level_where;
      if (auto level = m_reader.required("claim", claim_where, claim->found[0], "level")) {
        submission.claim = std::string(*level);
        m_checks.claim(*submission.claim, level_where);
      }
      if (elements.second_claim) {
        m_reader.error(m_reader.lazy_at(*elements.second_claim), "a second <claim>");
      }
    }
    const bool can_select = year.has_value() && !submission.commune.province.empty();
    for (std::size_t k = 0; k < elements.set_count; ++k) {
      read_set(elements.sets[k], elements.scanned, submission, can_select);
    }
  }

  void read_commune(const ElementFields& node, model::Commune& commune)
  {
    const LazyLocation where = m_reader.lazy_at(node.at);
    const auto text = [&](CommuneAttribute attribute, const char* attribute_name) {
      return std::string(m_reader.required("commune", where, node.found[attribute], attribute_name)
                             .value_or(std::string_view()));
    };
    commune.code = text(commune_code, "code");
    commune.name = text(commune_name, "name");
    commune.district = text(commune_district, "district");
    commune.province = text(commune_province, "province");
    m_checks.commune_code(commune.code, m_reader.lazy_at(node.found[commune_code], where));
    m_checks.province(commune.province, m_reader.lazy_at(node.found[commune_province], where));
  }

  void read_set(const SubmissionElements::Set& node, bool scanned, model::Submission& submission,
                bool can_select)
  {
    model::SubmittedSet set = take_spare_set();
    const LazyLocation where = m_reader.lazy_at(node.fields.at);
    set.where = where;
    const auto ref = m_reader.required("set", where, node.fields.found[0], "ref");
    if (!ref) {
      return;
    }
    set.ref = *ref;
    if (!m_checks.set_ref(set.ref, m_reader.lazy_at(ref, where))) {
      return;
    }
    if (const model::SubmittedSet* earlier = submission.find_set(set.ref)) {
      m_reader.error(set.where, "set '" + set.ref + "' given twice, first at " + earlier->where.str());
      return;
    }
    if (!can_select) {
      return; // year or province missing: already reported
    }
    const model::RuleSet* version = m_checks.version(set.ref, submission, set.where);
    if (!version) {
      return;
    }
    // Files usually give every indicator of the version: no growing and moving on the way.
    std::size_t listed = 0;
    for (const model::Criterion& criterion : version->criteria) {
      listed += criterion.indicators.size();
    }
    set.indicators.reserve(listed);
    // Whether the kept indicators come in the order of the rules, as the places the checks found
    // them at tell: as the rule loader refuses a version that lists a code twice, none is then
    // given twice, and no sort is needed to tell. The usual file follows that order.
    bool in_rule_order = true;
    SubmissionChecks::RulePlace last_place;
    // The indicators are read in place, into those an earlier file left where there are, and
    // one refused is overwritten by the next: an indicator is not moved.
    std::size_t kept = 0;
    const std::size_t count = scanned ? node.scanned_count : node.nodes.size();
    for (std::size_t i = 0; i < count; ++i) {
      model::SubmittedIndicator& indicator =
          kept < set.indicators.size() ? set.indicators[kept] : set.indicators.emplace_back();
      indicator.clear();
      const std::size_t before = m_reader.error_count();
      const ElementFields& fields = scanned ? node.scanned[i] : check_indicator(node.nodes[i]);
      if (!read_indicator(fields, *version, submission, indicator) || m_reader.error_count() != before) {
        continue;
      }
      ++kept;
      const SubmissionChecks::RulePlace place = m_checks.last_found();
      in_rule_order = in_rule_order && last_place < place;
      last_place = place;
    }
    set.indicators.resize(kept);
    if (!in_rule_order) {
      drop_duplicates(set.indicators);
    }
    submission.sets.push_back(std::move(set));
  }

  /// The fields of an <indicator> that pugixml read, checked.
  const ElementFields& check_indicator(pugi::xml_node node)
  {
    m_reader.check_element(node, k_indicator_attributes, k_no_names,
                           found_of(m_indicator, k_indicator_attributes));
    m_indicator.at = m_reader.offset(node);
    return m_indicator;
  }

  /// Reports each indicator given a second time, and keeps only the first.
  void drop_duplicates(std::vector<model::SubmittedIndicator>& indicators)
  {
    std::vector<std::size_t> order(indicators.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return indicators[a].code < indicators[b].code; });
    std::vector<char> drop(indicators.size(), 0);
    for (std::size_t k = 1; k < order.size(); ++k) {
      std::size_t first = k - 1;
      while (first > 0 && drop[order[first]]) {
        --first;
      }
      const model::SubmittedIndicator& earlier = indicators[order[first]];
      const model::SubmittedIndicator& later = indicators[order[k]];
      if (later.code == earlier.code) {
        m_reader.error(later.where,
                       "duplicate indicator '" + later.code + "', first given at " + earlier.where.str(),
                       "duplicate-indicator");
        drop[order[k]] = 1;
      }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < indicators.size(); ++i) {
      if (!drop[i]) {
        if (kept != i) {
          indicators[kept] = std::move(indicators[i]);
        }
        ++kept;
      }
    }
    indicators.resize(kept);
  }

  bool read_indicator(const ElementFields& node, const model::RuleSet& version,
                      const model::Submission& submission, model::SubmittedIndicator& out)
  {
    const std::array<std::optional<std::string_view>, 5>& found = node.found;
    // Absent attributes are placed at the element.
    const LazyLocation element = m_reader.lazy_at(node.at);
    const auto given_code = m_reader.required("indicator", element, found[indicator_code], "code");
    if (!given_code) {
      return false;
    }
    // Built in place, not default-built and then assigned field by field: it is per indicator.
    RawIndicator raw{.code = *given_code,
                     .where = element,
                     .code_where = m_reader.lazy_at(found[indicator_code], element),
                     .value = field(found[indicator_value], element),
                     .numerator = field(found[indicator_numerator], element),
                     .denominator = field(found[indicator_denominator], element),
                     .self_assessment = field(found[indicator_self_assessment], element)};
    if (raw.value.text && raw.value.text->empty()) {
      raw.value.text.reset(); // value="" is a blank left to fill in
    }
    return m_checks.indicator(raw, version, submission, out);
  }

  RawField field(std::optional<std::string_view> found, const LazyLocation& element) const
  {
    return {found, m_reader.lazy_at(found, element)};
  }

  /// A set that an earlier submission had, or a new one when there is none: its ref and place are
  /// to be set, its indicators to be overwritten.
  model::SubmittedSet take_spare_set()
  {
    if (m_room.spare_sets.empty()) {
      return {};
    }
    model::SubmittedSet set = std::move(m_room.spare_sets.back());
    m_room.spare_sets.pop_back();
    return set;
  }

  XmlReader m_reader;
  SubmissionChecks m_checks;
  SubmissionWorkspace::Room& m_room;
  // The fields of the <indicator> pugixml read that is being read, as check_indicator found them.
  ElementFields m_indicator;
};

/// Loads `file` into `result`, reusing `room` and what `result` holds.
void load_into(NamedText&& file, const model::RuleBook& book, SubmissionWorkspace::Room& room,
               Loaded<model::Submission>& result)
{
  result.errors.clear();
  if (!result.value) {
    result.value.emplace(std::move(room.spare));
  }
  if (room.borrow_names) {
    room.borrowed_name = std::make_unique<const std::string>(valid_name(std::move(file.name)));
    room.source.assign_borrowed(*room.borrowed_name, std::move(file.text));
  } else {
    room.source.assign(std::move(file.name), std::move(file.text));
  }
  const bool ok = SubmissionParser(result.errors, book, room).parse(room.source.name(), *result.value);
  sort_by_position(result.errors);
  if (!ok || !result.errors.empty()) {
    room.spare = std::move(*result.value);
    result.value.reset();
  }
}

} // namespace

Loaded<model::Submission> load_submission(const NamedText& file, const model::RuleBook& book)
{
  return load_submission(NamedText(file), book);
}

Loaded<model::Submission> load_submission(NamedText&& file, const model::RuleBook& book)
{
  SubmissionWorkspace::Room room;
  Loaded<model::Submission> result;
  load_into(std::move(file), book, room, result);
  return result;
}

SubmissionWorkspace::SubmissionWorkspace() : m_room(std::make_unique<Room>())
{
  m_room->borrow_names = true;
}

SubmissionWorkspace::~SubmissionWorkspace() = default;

void SubmissionWorkspace::scan_plain(bool on)
{
  m_room->scan_plain = on;
}

std::size_t SubmissionWorkspace::plain_scans() const
{
  return m_room->plain_scans;
}

const Loaded<model::Submission>& load_submission(NamedText&& file, const model::RuleBook& book,
                                                 SubmissionWorkspace& workspace)
{
  load_into(std::move(file), book, *workspace.m_room, workspace.m_loaded);
  return workspace.m_loaded;
}

bool is_csv_name(std::string_view name)
{
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  std::string extension(name.substr(dot));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".csv";
}

Loaded<model::Submission> load_submission_by_extension(const NamedText& file, const model::RuleBook& book)
{
  return load_submission_by_extension(NamedText(file), book);
}

Loaded<model::Submission> load_submission_by_extension(NamedText&& file, const model::RuleBook& book)
{
  return is_csv_name(file.name) ? load_submission_csv(file, book) : load_submission(std::move(file), book);
}

const Loaded<model::Submission>& load_submission_by_extension(NamedText&& file, const model::RuleBook& book,
                                                              SubmissionWorkspace& workspace)
{
  if (is_csv_name(file.name)) {
    workspace.m_loaded = load_submission_csv(file, book);
    return workspace.m_loaded;
  }
  return load_submission(std::move(file), book, workspace);
}

} // namespace ntm::load
