#pragma once

#include "eval/evaluation.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ntm::eval {

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

/// Texts that recur from row to row (districts, folders, the codes and targets of findings), each
/// kept once and named by its number. Thread-safe: each thread keeps its recent look-ups, of any
/// table, and answers most again without taking the lock.
class StringTable {
public:
  StringTable();
  std::uint32_t id(std::string_view text);
  /// Valid as long as the table.
  std::string_view text(std::uint32_t id) const;

private:
  std::string_view text_locked(std::uint32_t id) const; // not among this thread's recent look-ups

  std::uint64_t m_serial; // names this table in each thread's recent look-ups, never reused
  mutable std::shared_mutex m_lock;
  std::deque<std::string> m_texts; // a deque: adding a text never moves the others
  std::unordered_map<std::string_view, std::uint32_t> m_ids;
};

/// A finding of a stored row read in place, as `AuditRows::view` reads it: its texts view the row's
/// record and the rows' table of texts.
struct FindingView {
  Severity severity = Severity::error;
  std::string_view code;
  std::string_view set_ref;
  std::string_view indicator;
  std::string_view claimed;
  std::string_view actual;
  bool in_row_file = false; // located in the row's own file; else in `source`, if not empty
  std::string_view source;
  int line = 0;
  int column = 0;
  std::string_view criterion;
  std::string_view detail;
  std::optional<double> amount;
  std::optional<double> percent;
};

/// A stored row read in place, without copying its texts: what the JSON report writes of it.
struct RowView {
  /// A set's summary: each criterion's outcome, one byte each, and its values read on demand.
  struct Set {
    const model::RuleSet* version = nullptr;
    int criteria_met = 0;
    std::string_view criteria; // Outcome values, in the version's criterion order
    std::string_view present;  // a bit for each indicator in the version's order, lowest first: has a value
    const char* values = nullptr; // the values present, floats in the same order

    /// The value of the indicator at `position` in the version's order, NaN when it has none.
    float value(std::size_t position) const;
  };

  bool evaluated = false;
  int year = 0;
  std::string_view code;
  std::string_view district;
  std::string_view province;
  std::string_view name;
  std::string_view folder; // the row's file is `folder` followed by `file_name`
  std::string_view file_name;
  model::Region region = model::Region::dbscl;
  std::string_view status;
  std::optional<std::string_view> claimed;
  std::string_view levels_reached; // a byte each, 1 when reached, in RuleBook::levels order
  std::vector<Set> sets;
  std::vector<FindingView> findings;
};

/// A row packed into bytes by `AuditRows::pack`, ready to be stored.
struct PackedRow {
  std::size_t index = 0;
  std::string bytes;
  std::array<std::size_t, 3> findings{}; // by Severity
};

/// The rows of a batch, each kept as one packed record in large shared blocks: a row costs the
/// bytes of its text and numbers, not the allocations and padding of a `CommuneRow` (a batch of
/// 100,000 submissions holds about 300,000 findings). Reading a row unpacks a copy.
///
/// `store` is not thread-safe; `pack` is, so workers pack and take a lock only to store.
/// `add_findings` writes only beside the records, so one thread may add findings while others read
/// rows by `key`, `file` and `unpack(…, Part::numbers)` (but not `Part::all`, which reads them).
class AuditRows {
public:
  AuditRows() = default;
  /// `size` rows, each empty (with its index) until stored.
  explicit AuditRows(std::size_t size) : m_records(size, nullptr) {}

  std::size_t size() const { return m_records.size(); }
  bool empty() const { return m_records.empty(); }

  /// Thread-safe.
  PackedRow pack(const CommuneRow& row) const;
  /// Puts `row` at its index, replacing what was there.
  void store(const PackedRow& row);
  void store(const CommuneRow& row) { store(pack(row)); }
  /// Adds `findings` to the stored row `index`, whose file is `file`, after those it has, without
  /// packing the row again (the checks across rows add findings to about one row in five).
  void add_findings(std::size_t index, const std::string& file, const std::vector<Finding>& findings);

  /// How much of a row to unpack: all of it; all but its findings; only what is counted (year,
  /// region, status, claim, levels, sets), without its file, names and findings.
  enum class Part { all, without_findings, numbers };
  /// A copy of row `index`, or of `part` of it.
  CommuneRow unpack(std::size_t index, Part part = Part::all) const;
  /// The same into `row`, whose strings and vectors are reused: reading many rows one after the
  /// other then allocates only when a row is larger than those before.
  void unpack_into(std::size_t index, Part part, CommuneRow& row) const;
  /// Row `index` into `row`, whose vectors are reused: what `unpack(index, part)` gives but the
  /// sets' values, read in place (`Part::numbers` leaves the names and the file empty, as there).
  /// Valid as long as the row is neither replaced nor, when `part` is all, given findings. Reads
  /// findings only when `part` is all, so that other parts may be read while findings are added.
  void view(std::size_t index, RowView& row, Part part = Part::all) const;
  /// The file of row `index`.
  std::string file(std::size_t index) const;
  CommuneRow operator[](std::size_t index) const { return unpack(index); }

  /// The fields that group and match rows, read in place without unpacking the rest: valid as
  /// long as the row is not replaced. `district` and `province` view the rows' table of texts,
  /// which keeps one copy of each: rows of one district view its name in one place.
  struct Key {
    bool evaluated = false;
    int year = 0;
    std::string_view code;
    std::string_view district;
    std::string_view province;
  };
  Key key(std::size_t index) const;

  /// Findings of `severity` in all rows.
  std::size_t count(Severity severity) const { return m_findings[static_cast<std::size_t>(severity)]; }

  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = CommuneRow;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = CommuneRow;

    iterator() = default;
    iterator(const AuditRows* rows, std::size_t index) : m_rows(rows), m_index(index) {}
    CommuneRow operator*() const { return m_rows->unpack(m_index); }
    iterator& operator++()
    {
      ++m_index;
      return *this;
    }
    iterator operator++(int)
    {
      iterator before = *this;
      ++m_index;
      return before;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.m_index == b.m_index; }

  private:
    const AuditRows* m_rows = nullptr;
    std::size_t m_index = 0;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

private:
  const char* keep(std::string_view bytes);

  std::vector<const char*> m_records; // nullptr: not stored yet
  std::vector<const char*> m_added;   // findings added to a row after it was stored, if any
  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::size_t m_block_left = 0;
  char* m_block_next = nullptr;
  std::array<std::size_t, 3> m_findings{};
  std::unique_ptr<StringTable> m_strings = std::make_unique<StringTable>();
};

} // namespace ntm::eval
