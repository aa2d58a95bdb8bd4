#include "load/submission_loader.hpp"

#include "load/csv_loader.hpp"
#include "load/submission_values.hpp"
#include "load/xml_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <numeric>

namespace ntm::load {

namespace {

// The names each element may have, made once rather than for every element of every file.
const NameList k_no_names{};
const NameList k_submission_attributes{"year", "region", "special-difficulty"};
const NameList k_submission_children{"commune", "claim", "set"};
const NameList k_claim_attributes{"level"};
const NameList k_commune_attributes{"code", "name", "district", "province"};
const NameList k_set_attributes{"ref"};
const NameList k_set_children{"indicator"};
const NameList k_indicator_attributes{"code", "value", "numerator", "denominator", "self-assessment"};

} // namespace

/// What loading a file leaves for the next to reuse.
struct SubmissionWorkspace::Room {
  SourceText source;
  std::string buffer; // the copy of the text that XmlReader parses
  // The <indicator> elements of the set being read, as check_element found them.
  std::vector<pugi::xml_node> indicators;
  // The submission last read, when it was refused: what the next is read into.
  model::Submission spare;
  // Sets of submissions read before, each with the room of its list of indicators.
  std::vector<model::SubmittedSet> spare_sets;
};

namespace {

class SubmissionParser {
public:
  SubmissionParser(Diagnostics& errors, const model::RuleBook& book, SubmissionWorkspace::Room& room)
      : m_reader(room.source, errors, room.buffer)
      , m_checks(book, errors)
      , m_room(room)
      , m_indicators(room.indicators)
  {
    // Room for an element per 32 bytes of text, more than a file of indicators holds: their list
    // is then allocated once per file, not grown set by set.
    m_indicators.reserve(room.source.text().size() / 32);
  }

  /// Reads the text into `submission`, which is made what a fresh one is first, keeping its room
  /// and that of its sets; false when something was reported.
  bool parse(const std::string& name, model::Submission& submission)
  {
    for (model::SubmittedSet& set : submission.sets) {
      m_room.spare_sets.push_back(std::move(set));
    }
    submission.clear();
    if (!m_reader.parse()) {
      return false;
    }
    const pugi::xml_node root = m_reader.root();
    if (std::string(root.name()) != "submission") {
      m_reader.error(m_reader.at(root),
                     "unknown root element <" + std::string(root.name()) + ">, expected <submission>");
      return false;
    }
    const std::size_t errors_before = m_reader.error_count();
    submission.source = name;
    submission.where = m_reader.at(root);
    m_reader.check_element(root, k_submission_attributes, k_submission_children);
    const auto year = m_reader.year(root, "year");
    submission.year = year.value_or(0);
    if (auto region = m_reader.required(root, "region")) {
      submission.region = m_checks.region(*region, m_reader.at(root, "region")).value_or(submission.region);
    }
    submission.special_difficulty = m_reader.boolean(root, "special-difficulty", false).value_or(false);

    const pugi::xml_node commune = root.child("commune");
    if (!commune) {
      m_reader.error(submission.where, "missing <commune> in <submission>");
    } else {
      parse_commune(commune, submission.commune);
      if (commune.next_sibling("commune")) {
        m_reader.error(m_reader.at(commune.next_sibling("commune")),
                       "a second <commune>; a submission is for one commune");
      }
    }
    if (const pugi::xml_node claim = root.child("claim")) {
      m_reader.check_element(claim, k_claim_attributes, k_no_names);
      submission.claim_where = m_reader.at(claim, "level");
      if (auto level = m_reader.required(claim, "level")) {
        m_checks.claim(*level, m_reader.at(claim, "level"));
        submission.claim = *level;
      }
      if (claim.next_sibling("claim")) {
        m_reader.error(m_reader.at(claim.next_sibling("claim")), "a second <claim>");
      }
    }
    const bool can_select = year.has_value() && !submission.commune.province.empty();
    for (pugi::xml_node set : root.children("set")) {
      parse_set(set, submission, can_select);
    }
    return m_reader.error_count() == errors_before;
  }

private:
  void parse_commune(pugi::xml_node node, model::Commune& commune)
  {
    m_reader.check_element(node, k_commune_attributes, k_no_names);
    commune.code = m_reader.required(node, "code").value_or("");
    commune.name = m_reader.required(node, "name").value_or("");
    commune.district = m_reader.required(node, "district").value_or("");
    commune.province = m_reader.required(node, "province").value_or("");
    m_checks.commune_code(commune.code, m_reader.at(node, "code"));
    m_checks.province(commune.province, m_reader.at(node, "province"));
  }

  void parse_set(pugi::xml_node node, model::Submission& submission, bool can_select)
  {
    m_reader.check_element(node, k_set_attributes, k_set_children, m_indicators);
    model::SubmittedSet set = take_spare_set();
    set.where = m_reader.at(node);
    const auto ref = m_reader.required(node, "ref");
    if (!ref) {
      return;
    }
    set.ref = *ref;
    if (!m_checks.set_ref(set.ref, m_reader.at(node, "ref"))) {
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
    for (pugi::xml_node child : m_indicators) {
      model::SubmittedIndicator& indicator =
          kept < set.indicators.size() ? set.indicators[kept] : set.indicators.emplace_back();
      indicator.clear();
      if (!parse_indicator(child, *version, submission, indicator)) {
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

  bool parse_indicator(pugi::xml_node node, const model::RuleSet& version,
                       const model::Submission& submission, model::SubmittedIndicator& out)
  {
    const std::size_t before = m_reader.error_count();
    // In the order of k_indicator_attributes.
    enum Attribute : std::size_t { code, value, numerator, denominator, self_assessment, count };
    // A member, filled anew for each indicator: a fresh array would be zeroed with a `rep stos`
    // that is slow to start, per indicator of every file.
    std::array<std::optional<std::string_view>, count>& found = m_attributes;
    m_reader.check_element(node, k_indicator_attributes, k_no_names, found);
    const auto given_code = m_reader.required(node, found[code], "code");
    if (!given_code) {
      return false;
    }
    // Absent attributes are placed at the element: where it is is worked out once.
    const LazyLocation element = m_reader.lazy_at(node);
    // Built in place, not default-built and then assigned field by field: it is per indicator.
    RawIndicator raw{.code = *given_code,
                     .where = element,
                     .code_where = m_reader.lazy_at(found[code], element),
                     .value = field(found[value], element),
                     .numerator = field(found[numerator], element),
                     .denominator = field(found[denominator], element),
                     .self_assessment = field(found[self_assessment], element)};
    if (raw.value.text && raw.value.text->empty()) {
      raw.value.text.reset(); // value="" is a blank left to fill in
    }
    const bool ok = m_checks.indicator(raw, version, submission, out);
    return ok && m_reader.error_count() == before;
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
  // The <indicator> elements of the set being read, as check_element found them; kept from set to
  // set, and file to file, so that its room is made once.
  std::vector<pugi::xml_node>& m_indicators;
  // The attributes of the <indicator> being read, as parse_indicator asks check_element for them.
  std::array<std::optional<std::string_view>, 5> m_attributes;
};

/// Loads `file` into `result`, reusing `room` and what `result` holds.
void load_into(NamedText&& file, const model::RuleBook& book, SubmissionWorkspace::Room& room,
               Loaded<model::Submission>& result)
{
  result.errors.clear();
  if (!result.value) {
    result.value.emplace(std::move(room.spare));
  }
  room.source.assign(std::move(file.name), std::move(file.text));
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
}

SubmissionWorkspace::~SubmissionWorkspace() = default;

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
