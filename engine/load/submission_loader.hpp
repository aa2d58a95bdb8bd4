#pragma once

#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

#include <cstddef>
#include <memory>
#include <string_view>

namespace ntm::load {

/// Reads one commune submission and checks it against the rule sets in force for its province
/// and year. Every problem found is reported with its line and column, not just the first:
/// malformed XML, missing year or region, unknown set or indicator (with a did-you-mean), a year
/// no version covers, values that do not fit the indicator (not a number, percent outside 0–100,
/// negative or non-whole counts, numerator above denominator, zero denominator, `khong-co` on an
/// indicator that is not "nếu có", a derived indicator given by hand), duplicates.
Loaded<model::Submission> load_submission(const NamedText& file, const model::RuleBook& book);
/// The same, for a caller done with the text: it is moved in, not copied.
Loaded<model::Submission> load_submission(NamedText&& file, const model::RuleBook& book);

/// What a thread loading submissions one after the other keeps from each to the next, so that
/// each reuses the memory of the one before: the submission read, with its sets, indicators and
/// texts, and the loader's copy of the text and lists.
class SubmissionWorkspace {
public:
  SubmissionWorkspace();
  ~SubmissionWorkspace();
  SubmissionWorkspace(const SubmissionWorkspace&) = delete;
  SubmissionWorkspace& operator=(const SubmissionWorkspace&) = delete;

  /// Whether a plain XML file is read by the loader's own scan, which costs a fraction of
  /// pugixml's parse (the default), or every file by pugixml. Both give the same result: tests and
  /// the fuzzer load files both ways to check that.
  void scan_plain(bool on);
  /// How many files the scan has read, rather than pugixml.
  std::size_t plain_scans() const;

  struct Room; // the loader's own, defined where it is used

private:
  friend const Loaded<model::Submission>& load_submission(NamedText&& file, const model::RuleBook& book,
                                                          SubmissionWorkspace& workspace);
  friend const Loaded<model::Submission>&
  load_submission_by_extension(NamedText&& file, const model::RuleBook& book, SubmissionWorkspace& workspace);
  Loaded<model::Submission> m_loaded;
  std::unique_ptr<Room> m_room;
};

/// load_submission, into `workspace`: the result, the same as load_submission's, is held by
/// `workspace` and valid until the next load into it. So are the names of the file in its
/// locations and errors, which are borrowed from the workspace (SourceName::borrowed): a copy of a
/// Location (an evaluation's, a finding's) must not be kept past that either; keep the name's
/// text (`str()`) instead.
const Loaded<model::Submission>& load_submission(NamedText&& file, const model::RuleBook& book,
                                                 SubmissionWorkspace& workspace);

/// True when `name` ends in `.csv`, in any case: a spreadsheet submission.
bool is_csv_name(std::string_view name);

/// Reads a submission in the format its name says: a `.csv` name (any case) with
/// `load_submission_csv`, any other with `load_submission` (XML). Fails as those do.
Loaded<model::Submission> load_submission_by_extension(const NamedText& file, const model::RuleBook& book);
/// The same, moving the text in.
Loaded<model::Submission> load_submission_by_extension(NamedText&& file, const model::RuleBook& book);
/// The same, into `workspace`, as load_submission's form that takes one.
const Loaded<model::Submission>& load_submission_by_extension(NamedText&& file, const model::RuleBook& book,
                                                              SubmissionWorkspace& workspace);

} // namespace ntm::load
