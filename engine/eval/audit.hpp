#pragma once

#include "eval/evaluation.hpp"
#include "eval/evaluator.hpp"
#include "eval/rule_base.hpp"
#include "load/discover.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntm::eval {

struct AuditOptions {
  unsigned jobs = 1;
  double thin_margin_percent = 5.0; // a met target passed by less than this share of the target
  double jump_percent = 25.0;       // a year-on-year change of a value larger than this share
  /// Set by another thread (a signal handler's flag) to stop the audit early; then `run`
  /// returns what it has with `AuditResult::cancelled` set.
  const std::atomic<bool>* cancel = nullptr;
};

/// What an audit keeps of one set of one submission: counts, each criterion's outcome and each
/// numeric indicator's value (NaN when none), enough for roll-ups and year-on-year checks.
struct SetSummary {
  const model::RuleSet* version = nullptr;
  int criteria_met = 0;
  std::vector<Outcome> criteria; // in the version's criterion order
  std::vector<float> values;     // in the version's indicator order

  int criteria_total() const { return static_cast<int>(criteria.size()); }
};

/// One submission in an audit: a summary row, never the whole evaluation, so that memory grows
/// only by this much per file.
struct CommuneRow {
  std::size_t index = 0;
  std::string file;
  bool evaluated = false; // false: the file could not be read or loaded; see findings
  model::Commune commune;
  int year = 0;
  model::Region region = model::Region::dbscl;
  std::string status;
  std::optional<std::string> claimed;
  std::vector<bool> levels_reached; // in RuleBook::levels order
  std::vector<SetSummary> sets;
  std::vector<Finding> findings;

  const SetSummary* find_set(std::string_view ref) const;
};

/// Counts over a group of communes: a district in one year, or the whole batch.
struct Rollup {
  std::string province; // empty for the whole batch
  std::string district;
  int year = 0;
  int communes = 0;
  std::map<std::string, int> by_status;
  std::map<std::string, std::map<int, int>> by_criteria_met;       // set ref -> criteria met -> communes
  std::map<std::string, std::map<std::string, int>> criterion_met; // set ref -> criterion id -> communes
  std::map<std::string, int> set_communes;                         // set ref -> communes that have it
  std::optional<Evaluation> district_evaluation;                   // district-scope sets, per district
};

/// The officials' buckets of criteria met, highest first: all, 15–18, 10–14, 5–9, under 5.
struct Bucket {
  int low;
  int high;
};
std::vector<Bucket> criteria_buckets(int total);
/// How many communes of `by_criteria_met` (criteria met -> communes) fall in `bucket`.
int communes_in(const std::map<int, int>& by_criteria_met, Bucket bucket);

struct AuditResult {
  std::vector<CommuneRow> rows;  // in input order
  std::vector<Rollup> districts; // by province, district, year
  Rollup total;
  std::string main_ref;   // the set whose criteria are counted (required by the lowest level)
  bool cancelled = false; // stopped early through AuditOptions::cancel: rows may be incomplete

  std::size_t count(Severity severity) const;
  bool has_errors() const { return count(Severity::error) > 0; }
};

/// Audits a batch of submission files. Rules it applies, besides the evaluator's:
/// 1. a file that cannot be read or loaded is a finding for that file (one per problem found),
///    and the batch goes on;
/// 2. the same commune code and year twice is an error on every copy after the first;
/// 3. a met numeric target passed by less than `thin_margin_percent` of the target is listed;
/// 4. for a commune present in several years, a criterion that was met and is no longer, and one
///    newly met while one of its values changed by more than `jump_percent`, are flagged;
/// 5. each district's communes feed the district-scope sets (share of communes at a level).
class Auditor {
public:
  Auditor(const RuleBase& rules, AuditOptions options);

  /// Called now and then from the calling thread with (files done, files in all).
  using Progress = std::function<void(std::size_t, std::size_t)>;

  /// Audits `inputs` on `options.jobs` threads; never throws for bad input.
  AuditResult run(const std::vector<load::InputFile>& inputs, const Progress& progress = {}) const;

  /// One file, alone (rule 1 and the evaluator's findings, rule 3).
  CommuneRow audit_file(std::size_t index, const load::InputFile& input) const;
  /// Rules 2 and 4, across rows.
  void cross_check(std::vector<CommuneRow>& rows) const;
  /// Roll-ups per district and year, and for the whole batch, with rule 5.
  void roll_up(AuditResult& result) const;

private:
  const RuleBase& m_rules;
  AuditOptions m_options;
  Evaluator m_evaluator;
};

} // namespace ntm::eval
