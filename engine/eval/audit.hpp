#pragma once

#include "eval/audit_rows.hpp"
#include "eval/evaluation.hpp"
#include "eval/evaluator.hpp"
#include "eval/rule_base.hpp"
#include "load/discover.hpp"
#include "load/file_reader.hpp"
#include "load/submission_loader.hpp"

#include <boost/container/flat_map.hpp>

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

/// Counts by key, in key order.
template <typename Key, typename Count = int>
using Counts = boost::container::flat_map<Key, Count>;

/// Counts over a group of communes: a district in one year, or the whole batch.
struct Rollup {
  std::string province; // empty for the whole batch
  std::string district;
  int year = 0;
  int communes = 0;
  // Sorted vectors, not trees: a batch holds one roll-up per district and year (about 10,000 for
  // 100,000 submissions), each with a count per criterion.
  Counts<std::string> by_status;
  Counts<std::string, Counts<int>> by_criteria_met; // set ref -> criteria met -> communes
  Counts<std::string, Counts<std::string_view>>
      criterion_met;                             // set ref -> criterion id (the rules') -> communes
  Counts<std::string> set_communes;              // set ref -> communes that have it
  std::optional<Evaluation> district_evaluation; // district-scope sets, per district
};

/// The officials' buckets of criteria met, highest first: all, 15–18, 10–14, 5–9, under 5.
struct Bucket {
  int low;
  int high;
};
std::vector<Bucket> criteria_buckets(int total);
/// How many communes of `by_criteria_met` (criteria met -> communes) fall in `bucket`.
int communes_in(const Counts<int>& by_criteria_met, Bucket bucket);

struct AuditResult {
  AuditRows rows;                // in input order
  std::vector<Rollup> districts; // by province, district, year
  Rollup total;
  std::string main_ref;   // the set whose criteria are counted (required by the lowest level)
  bool cancelled = false; // stopped early through AuditOptions::cancel: rows may be incomplete

  std::size_t count(Severity severity) const { return rows.count(severity); }
  bool has_errors() const { return count(Severity::error) > 0; }
  /// Files that could not be read or loaded (every other file is counted in `total`).
  std::size_t bad_files() const { return rows.size() - static_cast<std::size_t>(total.communes); }
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

  /// Audits `inputs` on `options.jobs` threads; never throws for bad input. Each input is let go
  /// once its row is kept (the row names the file), so that the list costs no memory at the end.
  AuditResult run(std::vector<load::InputFile> inputs, const Progress& progress = {}) const;

  /// What a thread auditing files one after the other keeps from each to the next, so that each
  /// reuses the memory of the one before.
  struct FileWork {
    load::FileReader reader;
    Evaluator::Workspace workspace;
    Evaluation evaluation;
    CommuneRow row;
    load::SubmissionWorkspace loading;
  };
  /// One file, alone (rule 1 and the evaluator's findings, rule 3), into `work.row`, every field
  /// of which is set as a fresh row's would be.
  const CommuneRow& audit_file(std::size_t index, const load::InputFile& input, FileWork& work) const;
  /// Rules 2 and 4, across rows.
  void cross_check(AuditRows& rows) const;
  /// Roll-ups per district and year, and for the whole batch, with rule 5.
  void roll_up(AuditResult& result) const;

private:
  const RuleBase& m_rules;
  AuditOptions m_options;
  Evaluator m_evaluator;
};

} // namespace ntm::eval
