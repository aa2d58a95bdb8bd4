#pragma once

#include "eval/audit.hpp"
#include "model/rule_set.hpp"
#include "report/labels.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace ntm::report {

/// Communes counted by criteria met, grouped as district reports do: all criteria alone, then
/// pairs (16–17, 14–15, …), highest first; empty groups are left out.
struct CountGroup {
  int low;
  int high;
  int communes;
};
std::vector<CountGroup> paired_counts(const eval::Counts<int>& by_count, int total);

/// The batch in words and small tables for a terminal: per district and in all, the counts
/// officials report ("3 xã đạt 19 tiêu chí, 6 xã đạt 16–17 tiêu chí …"), statuses, buckets,
/// the criteria fewest communes meet, district conditions, and up to `max_findings` errors and
/// warnings. Districts are rendered on `jobs` threads.
void write_audit_text(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, std::size_t max_findings, unsigned jobs = 1);

/// Everything as JSON: options, roll-ups, one object per commune with its findings.
/// Written as it goes, so memory does not grow with the output; communes are rendered on `jobs`
/// threads, a block at a time, and written in order.
void write_audit_json(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, unsigned jobs = 1);

/// One row per commune, UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly.
void write_audit_csv(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                     Lang lang);

/// A single self-contained HTML page (no script, no external file) to open offline and print:
/// summary, charts, per-criterion pass rates, per-district table, findings linking to each
/// commune's detail.
void write_audit_html(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang);

} // namespace ntm::report
