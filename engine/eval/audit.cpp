#include "eval/audit.hpp"
#include "eval/parallel.hpp"

#include "load/number.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <future>
#include <limits>
#include <malloc.h>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace ntm::eval {

namespace {

Finding file_finding(const std::string& file, const Diagnostic& diagnostic)
{
  Finding finding;
  finding.severity = Severity::error;
  finding.code = diagnostic.code;
  // Named as the row names it (a name that is not UTF-8 is shown with U+FFFD in its place).
  finding.where = {file, diagnostic.where.line, diagnostic.where.column};
  finding.detail = diagnostic.message;
  return finding;
}

/// Sets `out` to `target` as a finding shows it (`≥ 54 triệu đồng`): appended in place, not built
/// from temporaries, each one more string to make and move, for every thin margin of every file.
void set_target_text(std::string& out, const model::Indicator& rule, const ResolvedTarget& target)
{
  out.assign(model::op_symbol(target.op));
  out += ' ';
  out += load::format_number(target.number);
  if (rule.unit == "%") {
    out += '%';
  } else if (!rule.unit.empty()) {
    out += ' ';
    out += rule.unit;
  }
}

void add_thin_margins(const Evaluation& evaluation, double limit_percent, std::vector<Finding>& findings)
{
  for (const SetResult& set : evaluation.sets) {
    for (const CriterionResult& criterion : set.criteria) {
      for (const IndicatorResult& indicator : criterion.indicators) {
        if (indicator.outcome != Outcome::met || !indicator.margin || !indicator.target ||
            indicator.target->number == 0) {
          continue;
        }
        // A target at the edge of what the value can be (≥ 100%) leaves no margin to have.
        const model::Indicator& rule = *indicator.rule;
        const double edge_high =
            rule.type == model::IndicatorType::percent ? 100.0 : rule.max.value_or(HUGE_VAL);
        const bool at_edge =
            (indicator.target->op == model::Op::ge && indicator.target->number >= edge_high) ||
            (indicator.target->op == model::Op::le && rule.min && indicator.target->number <= *rule.min);
        if (at_edge) {
          continue;
        }
        const double share = 100.0 * *indicator.margin / std::fabs(indicator.target->number);
        if (share >= limit_percent) {
          continue;
        }
        Finding& finding = findings.emplace_back(); // built in place: a finding has seven strings
        finding.severity = Severity::info;
        finding.code = "thin-margin";
        finding.set_ref = set.version->ref;
        finding.indicator = indicator.rule->code;
        finding.claimed = load::format_number(*indicator.number);
        set_target_text(finding.actual, *indicator.rule, *indicator.target);
        finding.amount = *indicator.margin;
        finding.percent = share;
        finding.where = indicator.where;
      }
    }
  }
}

/// Sets `summary` to that of `set`, reusing its vectors: sized first, then written by position,
/// which spares each of a file's values the check for room that appending makes.
void summarize(const SetResult& set, SetSummary& summary)
{
  summary.version = set.version;
  summary.criteria_met = set.criteria_met;
  summary.criteria.resize(set.criteria.size());
  std::size_t values = 0;
  for (const CriterionResult& criterion : set.criteria) {
    values += criterion.indicators.size();
  }
  summary.values.resize(values);
  float* value = summary.values.data();
  for (std::size_t c = 0; c < set.criteria.size(); ++c) {
    summary.criteria[c] = set.criteria[c].outcome;
    for (const IndicatorResult& indicator : set.criteria[c].indicators) {
      *value++ =
          indicator.number ? static_cast<float>(*indicator.number) : std::numeric_limits<float>::quiet_NaN();
    }
  }
}

/// The value of indicator `code` in a set of a row, NaN when absent.
float value_of(const RowView::Set& set, std::string_view code)
{
  std::size_t position = 0;
  for (const model::Criterion& criterion : set.version->criteria) {
    for (const model::Indicator& indicator : criterion.indicators) {
      if (indicator.code == code) {
        return set.value(position);
      }
      ++position;
    }
  }
  return std::numeric_limits<float>::quiet_NaN();
}

std::optional<Outcome> criterion_outcome(const RowView::Set& set, std::string_view id)
{
  for (std::size_t i = 0; i < set.version->criteria.size(); ++i) {
    if (set.version->criteria[i].id == id) {
      return static_cast<Outcome>(set.criteria[i]);
    }
  }
  return std::nullopt;
}

/// The set of `row` whose ref is `ref`, or null.
const RowView::Set* find_set(const RowView& row, std::string_view ref)
{
  for (const RowView::Set& set : row.sets) {
    if (set.version->ref == ref) {
      return &set;
    }
  }
  return nullptr;
}

/// Each set version's criteria in the order of their ids as text, which the roll-ups' counts by
/// criterion are kept in, by the version's place in RuleBook::sets.
class CriterionOrders {
public:
  explicit CriterionOrders(const model::RuleBook& book) : m_first(book.sets.data())
  {
    for (const model::RuleSet& version : book.sets) {
      std::vector<std::size_t>& order = m_orders.emplace_back(version.criteria.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return version.criteria[a].id < version.criteria[b].id;
      });
    }
  }

  const std::vector<std::size_t>& of(const model::RuleSet* version) const
  {
    return m_orders[static_cast<std::size_t>(version - m_first)];
  }

private:
  const model::RuleSet* m_first;
  std::vector<std::vector<std::size_t>> m_orders;
};

/// Fills the empty map `counts` with the pairs `fill` appends to its sequence, in key order: sorted
/// pairs are adopted as they are instead of inserted one by one.
template <typename Map, typename Fill>
void fill_sorted(Map& counts, Fill fill)
{
  auto pairs = counts.extract_sequence();
  fill(pairs);
  counts.adopt_sequence(boost::container::ordered_unique_range, std::move(pairs));
}

/// Counts of rows by status and by set version, kept by place while rows are read and written to a
/// roll-up once, after the last: looking each row's names up in the roll-up's maps cost more than
/// reading the rows. One is reused from district to district, and the batch's is the sum of its
/// districts'.
class DistrictCounts {
public:
  /// Forgets the counts, keeping the room they took.
  void clear()
  {
    m_statuses.clear();
    for (Version& version : m_versions) {
      version.communes = 0;
      version.by_met.clear();
      version.met.clear();
    }
  }

  void add(const RowView& row)
  {
    count_status(row.status, 1);
    for (const RowView::Set& set : row.sets) {
      Version& version = counted(set.version);
      ++version.communes;
      const auto met = static_cast<std::size_t>(set.criteria_met);
      version.by_met.resize(std::max(version.by_met.size(), met + 1));
      ++version.by_met[met];
      version.met.resize(std::max(version.met.size(), set.criteria.size()));
      for (std::size_t i = 0; i < set.criteria.size(); ++i) {
        version.met[i] += static_cast<Outcome>(set.criteria[i]) == Outcome::met ? 1 : 0;
      }
    }
  }

  /// Adds the counts of `other`.
  void add(const DistrictCounts& other)
  {
    for (const auto& [status, communes] : other.m_statuses) {
      count_status(status, communes);
    }
    for (const Version& from : other.m_versions) {
      if (from.communes == 0) {
        continue;
      }
      Version& into = counted(from.version);
      into.communes += from.communes;
      add_each(into.by_met, from.by_met);
      add_each(into.met, from.met);
    }
  }

  /// Sets the counts of `rollup`, whose maps are empty, each set version's under its set's ref,
  /// its criteria taken in `orders`.
  void write_to(Rollup& rollup, const CriterionOrders& orders)
  {
    std::sort(m_statuses.begin(), m_statuses.end());
    fill_sorted(rollup.by_status, [&](auto& pairs) {
      pairs.reserve(m_statuses.size());
      for (const auto& [status, communes] : m_statuses) {
        pairs.emplace_back(std::string(status), communes);
      }
    });
    // The versions counted, by ref: a ref's versions are counted under it together.
    m_counted.clear();
    for (const Version& version : m_versions) {
      if (version.communes > 0) {
        m_counted.push_back(&version);
      }
    }
    std::sort(m_counted.begin(), m_counted.end(),
              [](const Version* a, const Version* b) { return a->version->ref < b->version->ref; });
    // Each map takes the room it needs at once: grown as it is filled, it would be copied.
    std::size_t refs = 0;
    for (std::size_t i = 0; i < m_counted.size(); ++i) {
      if (i == 0 || m_counted[i]->version->ref != m_counted[i - 1]->version->ref) {
        ++refs;
      }
    }
    auto set_communes = rollup.set_communes.extract_sequence();
    auto by_criteria_met = rollup.by_criteria_met.extract_sequence();
    auto criterion_met = rollup.criterion_met.extract_sequence();
    set_communes.reserve(refs);
    by_criteria_met.reserve(refs);
    criterion_met.reserve(refs);
    for (std::size_t first = 0, end = 0; first < m_counted.size(); first = end) {
      const std::string& ref = m_counted[first]->version->ref;
      int communes = 0;
      m_by_met.clear();
      Counts<std::string_view>& met = criterion_met.emplace_back(ref, Counts<std::string_view>()).second;
      for (end = first; end < m_counted.size() && m_counted[end]->version->ref == ref; ++end) {
        const Version& counted = *m_counted[end];
        communes += counted.communes;
        add_each(m_by_met, counted.by_met);
        if (end == first) {
          // The usual case: one version of the ref, whose criteria are taken in the order of
          // their ids.
          fill_sorted(met, [&](auto& pairs) {
            pairs.reserve(counted.met.size());
            for (const std::size_t c : orders.of(counted.version)) {
              if (c < counted.met.size()) {
                pairs.emplace_back(counted.version->criteria[c].id, counted.met[c]);
              }
            }
          });
          continue;
        }
        // Another version of the ref (the batch's counts hold a province's own versions too):
        // its criteria are merged into those of the first, each looked for from the one before.
        auto at = met.begin();
        for (const std::size_t c : orders.of(counted.version)) {
          if (c < counted.met.size()) {
            at = met.emplace_hint(at, counted.version->criteria[c].id, 0);
            at->second += counted.met[c];
            ++at;
          }
        }
      }
      set_communes.emplace_back(ref, communes);
      fill_sorted(by_criteria_met.emplace_back(ref, Counts<int>()).second, [&](auto& pairs) {
        pairs.reserve(static_cast<std::size_t>(
            std::count_if(m_by_met.begin(), m_by_met.end(), [](int counted) { return counted > 0; })));
        for (std::size_t count = 0; count < m_by_met.size(); ++count) {
          if (m_by_met[count] > 0) {
            pairs.emplace_back(static_cast<int>(count), m_by_met[count]);
          }
        }
      });
    }
    rollup.set_communes.adopt_sequence(boost::container::ordered_unique_range, std::move(set_communes));
    rollup.by_criteria_met.adopt_sequence(boost::container::ordered_unique_range, std::move(by_criteria_met));
    rollup.criterion_met.adopt_sequence(boost::container::ordered_unique_range, std::move(criterion_met));
  }

private:
  struct Version {
    const model::RuleSet* version;
    int communes;
    std::vector<int> by_met; // communes by criteria met
    std::vector<int> met;    // communes that meet each criterion, by its place
  };

  void count_status(std::string_view status, int communes)
  {
    // A row's status views the rows' table of texts, which keeps one copy of each: the same
    // place is the same text, without comparing the texts.
    auto counted = std::find_if(m_statuses.begin(), m_statuses.end(), [&](const auto& known) {
      return known.first.data() == status.data() ? known.first.size() == status.size()
                                                 : known.first == status;
    });
    if (counted == m_statuses.end()) {
      counted = m_statuses.emplace(m_statuses.end(), status, 0);
    }
    counted->second += communes;
  }

  Version& counted(const model::RuleSet* version)
  {
    auto found = std::find_if(m_versions.begin(), m_versions.end(),
                              [&](const Version& known) { return known.version == version; });
    if (found == m_versions.end()) {
      found = m_versions.emplace(m_versions.end(), Version{version, 0, {}, {}});
    }
    return *found;
  }

  static void add_each(std::vector<int>& into, const std::vector<int>& counts)
  {
    into.resize(std::max(into.size(), counts.size()));
    for (std::size_t i = 0; i < counts.size(); ++i) {
      into[i] += counts[i];
    }
  }

  std::vector<std::pair<std::string_view, int>> m_statuses; // in the order first seen
  std::vector<Version> m_versions; // one no longer counted keeps its place, with no communes
  // Room for write_to, reused.
  std::vector<const Version*> m_counted;
  std::vector<int> m_by_met;
};

/// The refs that have a district-scope version, in RuleBook::refs order, and each such version's
/// indicators with the place in RuleBook::levels of the level whose share of a district's communes
/// is its value: worked out once, not for every district.
class DistrictShares {
public:
  struct Share {
    const std::string* code;
    std::size_t level;
  };

  explicit DistrictShares(const model::RuleBook& book) : m_first(book.sets.data())
  {
    const std::vector<model::Level>& levels = book.levels.levels;
    for (const model::RuleSet& version : book.sets) {
      std::vector<Share>& shares = m_shares.emplace_back();
      if (version.scope != model::Scope::district) {
        continue;
      }
      for (const model::Criterion& criterion : version.criteria) {
        for (const model::Indicator& indicator : criterion.indicators) {
          const auto level = std::find_if(levels.begin(), levels.end(), [&](const model::Level& l) {
            return l.id == indicator.share_of_level;
          });
          if (level != levels.end()) {
            shares.push_back({&indicator.code, static_cast<std::size_t>(level - levels.begin())});
          }
        }
      }
    }
    for (const std::string& ref : book.refs()) {
      if (std::any_of(book.sets.begin(), book.sets.end(), [&](const model::RuleSet& version) {
            return version.ref == ref && version.scope == model::Scope::district;
          })) {
        m_refs.push_back(ref);
      }
    }
  }

  const std::vector<std::string>& refs() const { return m_refs; }
  const std::vector<Share>& of(const model::RuleSet* version) const
  {
    return m_shares[static_cast<std::size_t>(version - m_first)];
  }

private:
  const model::RuleSet* m_first;
  std::vector<std::vector<Share>> m_shares; // by the version's place in RuleBook::sets
  std::vector<std::string> m_refs;
};

} // namespace

std::vector<Bucket> criteria_buckets(int total)
{
  std::vector<Bucket> buckets{{total, total}};
  for (int low : {15, 10, 5, 0}) {
    const int high = buckets.back().low - 1;
    if (high >= 0) {
      buckets.push_back({std::min(low, high), high});
    }
  }
  return buckets;
}

int communes_in(const Counts<int>& by_criteria_met, Bucket bucket)
{
  int communes = 0;
  for (const auto& [met, count] : by_criteria_met) {
    communes += met >= bucket.low && met <= bucket.high ? count : 0;
  }
  return communes;
}

Auditor::Auditor(const RuleBase& rules, AuditOptions options)
    : m_rules(rules), m_options(options), m_evaluator(rules)
{
}

const CommuneRow& Auditor::audit_file(std::size_t index, const load::InputFile& input, FileWork& work) const
{
  CommuneRow& row = work.row;
  // A file that is not loaded makes a row of findings alone: a fresh row, which a rare file can
  // afford.
  const auto unloaded = [&](const Diagnostics& problems) -> const CommuneRow& {
    std::string file = std::move(row.file);
    row = CommuneRow();
    row.index = index;
    row.file = std::move(file);
    for (const Diagnostic& diagnostic : problems) {
      row.findings.push_back(file_finding(row.file, diagnostic));
    }
    return row;
  };
  // Named as given when it is UTF-8, as nearly every name is: copied into the row's own room.
  if (load::find_invalid_utf8(input.path) == std::string::npos) {
    row.file = input.path;
  } else {
    row.file = load::valid_text(input.path);
  }
  if (!input.problem.empty()) {
    return unloaded({{{row.file, 0, 0}, input.problem, "unreadable"}});
  }
  auto text = work.reader.read(input.path, load::k_max_file_bytes, input.regular);
  if (!text.value) {
    return unloaded(text.errors);
  }
  const auto& submission =
      load::load_submission_by_extension({row.file, std::move(*text.value)}, m_rules.book(), work.loading);
  if (!submission.value) {
    return unloaded(submission.errors);
  }
  Evaluation& evaluation = work.evaluation;
  m_evaluator.evaluate(*submission.value, evaluation, work.workspace);
  row.index = index;
  row.evaluated = true;
  row.commune = evaluation.commune;
  row.year = evaluation.year;
  row.region = evaluation.region;
  row.status = evaluation.status;
  row.claimed = evaluation.claimed;
  row.levels_reached.clear();
  for (const LevelResult& level : evaluation.levels) {
    row.levels_reached.push_back(level.reached);
  }
  row.sets.resize(evaluation.sets.size());
  for (std::size_t s = 0; s < evaluation.sets.size(); ++s) {
    summarize(evaluation.sets[s], row.sets[s]);
  }
  // The evaluation's findings are taken, and it is given the row's room for the next file's.
  row.findings.clear();
  row.findings.swap(evaluation.findings);
  add_thin_margins(evaluation, m_options.thin_margin_percent, row.findings);
  return row;
}

AuditResult Auditor::run(std::vector<load::InputFile> inputs, const Progress& progress) const
{
  AuditResult result;
  result.rows = AuditRows(inputs.size());
  std::mutex store_lock;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto work = [&] {
    FileWork file_work;
    for (std::size_t i = next++; i < inputs.size(); i = next++) {
      if (m_options.cancel && m_options.cancel->load()) {
        done = inputs.size();
        return;
      }
      PackedRow packed;
      try {
        packed = result.rows.pack(audit_file(i, inputs[i], file_work));
      } catch (const std::exception& error) {
        // Only resource exhaustion gets here; the file is reported and the batch goes on.
        CommuneRow row;
        row.index = i;
        row.file = load::valid_text(inputs[i].path);
        row.findings.push_back(file_finding(
            row.file, {{row.file, 0, 0}, std::string("internal error: ") + error.what(), "internal-error"}));
        packed = result.rows.pack(row);
      }
      {
        const std::lock_guard lock(store_lock);
        result.rows.store(packed);
      }
      std::exchange(inputs[i], {}); // frees its text: the row has the name now
      ++done;
    }
  };
  const unsigned jobs =
      std::max(1U, std::min<unsigned>(m_options.jobs, static_cast<unsigned>(inputs.size())));
  // `jobs` workers; the calling thread only reports progress when there is a bar to draw.
  std::vector<std::thread> threads;
  for (unsigned i = progress || jobs > 1 ? 0 : 1; i < jobs; ++i) {
    threads.emplace_back(work);
  }
  if (threads.empty()) {
    work();
  } else {
    while (progress && done.load() < inputs.size()) {
      progress(done.load(), inputs.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
  // The workers' memory for evaluating files is free now but still held by their malloc arenas:
  // give it back before the roll-ups and reports take more.
  ::malloc_trim(0);
  if (m_options.cancel && m_options.cancel->load()) {
    result.cancelled = true;
    return result;
  }
  if (progress) {
    progress(inputs.size(), inputs.size());
  }
  // The checks across rows only add findings, and the roll-ups only read the rows' keys and
  // numbers: the checks, on one thread, run while the roll-ups count on the --jobs threads.
  std::future<void> checked = std::async(std::launch::async, [&] { cross_check(result.rows); });
  roll_up(result);
  checked.get();
  return result;
}

void Auditor::cross_check(AuditRows& rows) const
{
  // Every evaluated row by commune code, year and input order: a sorted vector, which takes a
  // third of the memory of a table of each commune's rows (100,000 rows: 2.4 MB), while the roll-ups
  // count alongside.
  struct Entry {
    // The code's first eight bytes, compared before the whole code: most codes differ there, and
    // a code of eight bytes or fewer (the usual five digits) is its first bytes and its length.
    // The order of different codes matters not, only that each code's rows come together.
    std::uint64_t prefix;
    std::string_view code;
    int year;
    std::uint32_t row; // a batch holds fewer than 2^32 files

    bool same_code(const Entry& other) const
    {
      return prefix == other.prefix && code.size() == other.code.size() &&
             (code.size() <= sizeof prefix || code == other.code);
    }
    bool code_before(const Entry& other) const
    {
      if (prefix != other.prefix) {
        return prefix < other.prefix;
      }
      if (code.size() != other.code.size()) {
        return code.size() < other.code.size();
      }
      return code.size() > sizeof prefix && code < other.code;
    }
  };
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AuditRows::Key key = rows.key(i);
    if (key.evaluated) {
      std::uint64_t prefix = 0;
      std::memcpy(&prefix, key.code.data(), std::min(key.code.size(), sizeof prefix));
      entries.push_back({prefix, key.code, key.year, static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (!a.same_code(b)) {
      return a.code_before(b);
    }
    return std::tie(a.year, a.row) < std::tie(b.year, b.row);
  });
  std::vector<std::pair<int, std::size_t>> seen; // one commune's rows as (year, row), without the duplicates
  RowView views[2];
  RowView* before = &views[0];
  RowView* after = &views[1];
  std::string before_file;
  std::string after_file;    // empty until a finding needs it
  std::vector<Finding> made; // for the later row
  for (std::size_t begin = 0, end = 0; begin < entries.size(); begin = end) {
    seen.clear();
    for (end = begin; end < entries.size() && entries[end].same_code(entries[begin]); ++end) {
      const Entry& entry = entries[end];
      if (!seen.empty() && seen.back().first == entry.year) {
        // A second file for the same commune and year: the first in input order is the one kept.
        const CommuneRow row = rows.unpack(entry.row, AuditRows::Part::without_findings);
        Finding finding;
        finding.severity = Severity::error;
        finding.code = "duplicate-submission";
        finding.where = {row.file, 0, 0};
        finding.claimed = row.commune.code;
        finding.actual = std::to_string(row.year);
        finding.detail = rows.file(seen.back().second);
        rows.add_findings(entry.row, row.file, {finding});
        continue;
      }
      seen.emplace_back(entry.year, entry.row);
    }
    if (seen.size() < 2) {
      continue;
    }
    // Two rows viewed in place in turn, the later becoming the earlier, so that their vectors are
    // reused; the rows' files are looked up only for the findings made.
    rows.view(seen.front().second, *before, AuditRows::Part::numbers);
    for (std::size_t k = 1; k < seen.size(); ++k) {
      const std::size_t after_row = seen[k].second;
      rows.view(after_row, *after, AuditRows::Part::numbers);
      made.clear();
      after_file.clear();
      const auto files = [&] {
        if (after_file.empty()) {
          after_file = rows.file(after_row);
          before_file = rows.file(seen[k - 1].second);
        }
      };
      for (const RowView::Set& now : after->sets) {
        const RowView::Set* then = find_set(*before, now.version->ref);
        if (!then) {
          continue;
        }
        // A criterion that went from met to not met, or the other way, with what it was.
        const auto changed = [&](std::size_t c, Outcome was) {
          const Outcome is = static_cast<Outcome>(now.criteria[c]);
          const model::Criterion& criterion = now.version->criteria[c];
          const auto add_finding = [&](std::string finding_code) -> Finding& {
            Finding& finding = made.emplace_back();
            finding.severity = Severity::warning;
            finding.code = std::move(finding_code);
            finding.set_ref = now.version->ref;
            finding.criterion = criterion.id;
            finding.claimed = std::to_string(before->year);
            finding.actual = std::to_string(after->year);
            files();
            finding.where = {after_file, 0, 0};
            return finding;
          };
          if (was == Outcome::met && is == Outcome::not_met) {
            add_finding("criterion-regressed").detail = before_file;
          } else if (was == Outcome::not_met && is == Outcome::met) {
            // The largest relative change among the criterion's values explains the jump.
            std::size_t first = 0; // of the criterion's values in the version's order
            for (std::size_t before_c = 0; before_c < c; ++before_c) {
              first += now.version->criteria[before_c].indicators.size();
            }
            double largest = 0;
            std::string_view which;
            for (std::size_t v = 0; v < criterion.indicators.size(); ++v) {
              const model::Indicator& indicator = criterion.indicators[v];
              const float old_value =
                  then->version == now.version ? then->value(first + v) : value_of(*then, indicator.code);
              const float new_value = now.value(first + v);
              if (std::isnan(old_value) || std::isnan(new_value)) {
                continue;
              }
              const double change = 100.0 * std::fabs(double(new_value) - double(old_value)) /
                                    std::max(std::fabs(double(old_value)), 1e-9);
              if (change > largest) {
                largest = change;
                which = indicator.code;
              }
            }
            if (largest > m_options.jump_percent) {
              Finding& jump = add_finding("unusual-jump");
              jump.indicator = which;
              jump.percent = largest;
            }
          }
        };
        if (then->version == now.version) {
          // Of the same version (the usual case), the two rows hold criteria in the same order:
          // only the outcomes that differ are looked at, and by position.
          const std::size_t criteria = now.version->criteria.size();
          for (std::size_t c = 0; c < criteria; ++c) {
            if (now.criteria[c] != then->criteria[c]) {
              changed(c, static_cast<Outcome>(then->criteria[c]));
            }
          }
          continue;
        }
        for (std::size_t c = 0; c < now.version->criteria.size(); ++c) {
          if (const auto was = criterion_outcome(*then, now.version->criteria[c].id)) {
            changed(c, *was);
          }
        }
      }
      if (!made.empty()) {
        rows.add_findings(after_row, after_file, made);
      }
      std::swap(before, after);
    }
  }
}

void Auditor::roll_up(AuditResult& result) const
{
  const model::RuleBook& book = m_rules.book();
  if (!book.levels.levels.empty() && !book.levels.levels.front().required_sets.empty()) {
    result.main_ref = book.levels.levels.front().required_sets.front();
  }
  // Each district's roll-up in one year, in (province, district, year) order. The rows' keys are
  // read once, so that every roll-up is made once and in place. A row finds its group by a hash of
  // where its province's and district's names are kept, the same for every row of one name (see
  // AuditRows::Key), numbered as first seen; only the groups are sorted by their names: comparing
  // the names of every row cost more than counting the rows.
  using GroupKey = std::tuple<const char*, const char*, int>; // province, district, year
  struct GroupHash {
    std::size_t operator()(const GroupKey& key) const
    {
      const std::hash<const char*> hash;
      return hash(std::get<0>(key)) ^ std::rotl(hash(std::get<1>(key)), 1) ^
             static_cast<std::size_t>(std::get<2>(key));
    }
  };
  std::unordered_map<GroupKey, std::size_t, GroupHash> groups; // key -> number, first seen first
  std::vector<AuditRows::Key> keys;                            // by number
  std::vector<std::vector<std::size_t>> members;               // by number: its rows in input order
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const AuditRows::Key key = result.rows.key(i);
    if (key.evaluated) {
      const auto [group, added] =
          groups.try_emplace({key.province.data(), key.district.data(), key.year}, keys.size());
      if (added) {
        keys.push_back(key);
        members.emplace_back();
      }
      members[group->second].push_back(i);
    }
  }
  std::vector<std::size_t> order(keys.size()); // numbers in key order
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(keys[a].province, keys[a].district, keys[a].year) <
           std::tie(keys[b].province, keys[b].district, keys[b].year);
  });
  result.districts.resize(keys.size());
  for (std::size_t position = 0; position < order.size(); ++position) {
    const AuditRows::Key& key = keys[order[position]];
    Rollup& rollup = result.districts[position];
    rollup.province = key.province;
    rollup.district = key.district;
    rollup.year = key.year;
  }
  // Each district is counted, written to its roll-up and its conditions evaluated on the --jobs
  // threads, each thread reusing its own room from district to district; the batch's counts are
  // the sum of each thread's districts' counts, by set version.
  const CriterionOrders orders(book);
  const DistrictShares shares(book);
  struct Counting {
    // Only what is counted is read of a row: not its findings, which the checks across rows add
    // to meanwhile, nor its names.
    RowView row;
    DistrictCounts district;
    DistrictCounts batch;
    std::vector<int> reached; // the district's communes that reached each level, by its place
    model::Submission submission;
    Evaluator::Workspace workspace;
  };
  std::vector<Counting> threads(std::max(1U, m_options.jobs));
  for_each_parallel(result.districts.size(), m_options.jobs, [&](std::size_t position, unsigned thread) {
    Counting& counting = threads[thread];
    Rollup& rollup = result.districts[position];
    std::vector<int>& reached = counting.reached;
    counting.district.clear();
    reached.clear();
    model::Region region = model::Region::dbscl; // of the district's first row
    for (std::size_t i : members[order[position]]) {
      const RowView& row = counting.row;
      result.rows.view(i, counting.row, AuditRows::Part::numbers);
      if (rollup.communes == 0) {
        region = row.region;
      }
      ++rollup.communes;
      counting.district.add(row);
      reached.resize(std::max(reached.size(), row.levels_reached.size()));
      for (std::size_t p = 0; p < row.levels_reached.size(); ++p) {
        reached[p] += row.levels_reached[p] != 0 ? 1 : 0;
      }
    }
    counting.district.write_to(rollup, orders);
    counting.batch.add(counting.district);
    // District-scope sets take the share of the district's communes at a level as their values.
    model::Submission& district = counting.submission;
    district.clear();
    district.scope = model::Scope::district;
    district.source = rollup.district;
    district.year = rollup.year;
    district.region = region;
    district.commune.name = rollup.district;
    district.commune.district = rollup.district;
    district.commune.province = rollup.province;
    for (const std::string& ref : shares.refs()) {
      const model::RuleSet* version = book.select(ref, rollup.province, rollup.year);
      if (!version || version->scope != model::Scope::district) {
        continue;
      }
      model::SubmittedSet& set = district.sets.emplace_back();
      set.ref = ref;
      for (const DistrictShares::Share& share : shares.of(version)) {
        const int communes = share.level < reached.size() ? reached[share.level] : 0;
        model::SubmittedIndicator& value = set.indicators.emplace_back();
        value.code = *share.code;
        value.numerator = static_cast<double>(communes);
        value.denominator = static_cast<double>(rollup.communes);
        value.number = 100.0 * static_cast<double>(communes) / static_cast<double>(rollup.communes);
      }
    }
    if (!district.sets.empty()) {
      m_evaluator.evaluate(district, rollup.district_evaluation.emplace(), counting.workspace);
    }
  });
  // Every evaluated row is in one district.
  DistrictCounts batch;
  for (const Counting& counting : threads) {
    batch.add(counting.batch);
  }
  batch.write_to(result.total, orders);
  for (const Rollup& rollup : result.districts) {
    result.total.communes += rollup.communes;
  }
}

} // namespace ntm::eval
