#include "eval/audit_rows.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <utility>

namespace ntm::eval {

namespace {

// A record is a sequence of fields in a fixed order (see `pack`). Counts and lengths are
// LEB128 varints, so that most take one byte; numbers keep their binary form. The records are
// written and read by this file only, in one process, so a pointer to a rule set is kept as is.

constexpr std::size_t k_block_size = 1 << 20;

// Where a finding's location names its file.
enum class SourceKind : std::uint8_t { none, row_file, other };

/// Writes a record at the end of a string, which it first makes room in for `most` bytes, at
/// least all that will be written (see `finding_bound`): each field is then written without a
/// check of the room, and `finish` gives back the room not used.
class Packer {
public:
  Packer(std::string& out, StringTable& strings, std::size_t most) : m_out(out), m_strings(strings)
  {
    const std::size_t at = out.size();
    out.resize(at + most);
    m_at = out.data() + at;
    m_end = out.data() + out.size();
  }
  void finish() { m_out.resize(static_cast<std::size_t>(m_at - m_out.data())); }

  void byte(std::uint8_t value)
  {
    assert(m_at < m_end);
    *m_at++ = static_cast<char>(value);
  }
  void count(std::uint64_t value)
  {
    while (value >= 0x80) {
      byte(static_cast<std::uint8_t>(value | 0x80));
      value >>= 7;
    }
    byte(static_cast<std::uint8_t>(value));
  }
  void integer(std::int64_t value)
  {
    // Zigzag: small negative numbers stay short.
    count((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
  }
  void text(std::string_view value)
  {
    count(value.size());
    std::memcpy(room(value.size()), value.data(), value.size());
  }
  /// A text that recurs, by its number in the table.
  void word(std::string_view value) { count(m_strings.id(value)); }
  template <typename T>
  void raw(const T& value)
  {
    std::memcpy(room(sizeof value), &value, sizeof value);
  }
  /// `size` bytes, zeroed, to be written through the pointer returned; `end_at` then gives back
  /// those not written.
  char* room(std::size_t size)
  {
    assert(size <= static_cast<std::size_t>(m_end - m_at));
    char* at = m_at;
    m_at += size;
    return at;
  }
  void end_at(char* end) { m_at = end; }
  void optional_number(const std::optional<double>& value)
  {
    byte(value ? 1 : 0);
    if (value) {
      raw(*value);
    }
  }

private:
  std::string& m_out;
  StringTable& m_strings;
  char* m_at;
  char* m_end;
};

/// The most bytes a count takes.
constexpr std::size_t k_count_bytes = 10;

class Unpacker {
public:
  Unpacker(const char* at, const StringTable& strings) : m_at(at), m_strings(strings) {}

  std::uint8_t byte() { return static_cast<std::uint8_t>(*m_at++); }
  std::uint64_t count()
  {
    if (static_cast<std::uint8_t>(*m_at) < 0x80) {
      return byte(); // most counts, lengths and words take one byte
    }
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t b = byte();
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) {
        return value;
      }
    }
  }
  std::int64_t integer()
  {
    const std::uint64_t value = count();
    return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
  }
  std::string_view bytes(std::size_t size)
  {
    const std::string_view value(m_at, size);
    m_at += size;
    return value;
  }
  std::string_view text() { return bytes(static_cast<std::size_t>(count())); }
  std::string_view word() { return m_strings.text(static_cast<std::uint32_t>(count())); }
  template <typename T>
  T raw()
  {
    T value;
    std::memcpy(&value, m_at, sizeof value);
    m_at += sizeof value;
    return value;
  }
  std::optional<double> optional_number()
  {
    if (byte() == 0) {
      return std::nullopt;
    }
    return raw<double>();
  }

private:
  const char* m_at;
  const StringTable& m_strings;
};

void pack_set(Packer& out, const SetSummary& set)
{
  out.raw(set.version);
  out.count(static_cast<std::uint64_t>(set.criteria_met));
  out.count(set.criteria.size());
  static_assert(sizeof(Outcome) == 1);
  std::memcpy(out.room(set.criteria.size()), set.criteria.data(), set.criteria.size());
  // Most indicators of a set are yes/no: a bitmap says which have a value, then the values.
  out.count(set.values.size());
  const std::size_t bitmap = (set.values.size() + 7) / 8;
  char* bits = out.room(bitmap + sizeof(float) * set.values.size());
  char* at = bits + bitmap;
  for (std::size_t i = 0; i < set.values.size(); ++i) {
    if (!std::isnan(set.values[i])) {
      bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
      std::memcpy(at, &set.values[i], sizeof(float));
      at += sizeof(float);
    }
  }
  out.end_at(at);
}

void unpack_set(Unpacker& in, SetSummary& set)
{
  set.version = in.raw<const model::RuleSet*>();
  set.criteria_met = static_cast<int>(in.count());
  set.criteria.resize(static_cast<std::size_t>(in.count()));
  for (Outcome& outcome : set.criteria) {
    outcome = static_cast<Outcome>(in.byte());
  }
  set.values.assign(static_cast<std::size_t>(in.count()), std::numeric_limits<float>::quiet_NaN());
  const std::string_view bitmap = in.bytes((set.values.size() + 7) / 8); // read in place
  // Only the values present are read, lowest bit first: most indicators are yes/no and have none.
  for (std::size_t i = 0; i < bitmap.size(); ++i) {
    for (unsigned bits = static_cast<unsigned char>(bitmap[i]); bits != 0; bits &= bits - 1) {
      set.values[8 * i + static_cast<std::size_t>(std::countr_zero(bits))] = in.raw<float>();
    }
  }
}

/// The most bytes `pack_finding` writes for `finding`: ten counts, four bytes, two numbers and its
/// texts.
std::size_t finding_bound(const Finding& finding)
{
  return 10 * k_count_bytes + 4 + 2 * sizeof(double) + finding.claimed.size() +
         finding.where.source.str().size() + finding.detail.size();
}

void pack_finding(Packer& out, const Finding& finding, const std::string& file)
{
  out.byte(static_cast<std::uint8_t>(finding.severity));
  out.word(finding.code);
  out.word(finding.set_ref);
  out.word(finding.indicator);
  out.text(finding.claimed);
  out.word(finding.actual);
  const SourceKind kind = finding.where.source.empty()         ? SourceKind::none
                          : finding.where.source.str() == file ? SourceKind::row_file
                                                               : SourceKind::other;
  out.byte(static_cast<std::uint8_t>(kind));
  if (kind == SourceKind::other) {
    out.text(finding.where.source.str());
  }
  out.integer(finding.where.line);
  out.integer(finding.where.column);
  out.word(finding.criterion);
  out.text(finding.detail);
  out.optional_number(finding.amount);
  out.optional_number(finding.percent);
}

/// The fields that come first in a record, which group and match rows.
AuditRows::Key read_key(Unpacker& in)
{
  AuditRows::Key key;
  key.evaluated = in.byte() != 0;
  key.year = static_cast<int>(in.integer());
  key.code = in.text();
  key.district = in.word();
  key.province = in.word();
  return key;
}

/// Passes over the names and the file, which follow the year: neither copied nor looked up in the
/// table, for `Part::numbers`.
void skip_names(Unpacker& in)
{
  in.text();  // code
  in.count(); // district
  in.count(); // province
  in.text();  // name
  in.count(); // folder
  in.text();  // file name
}

/// The region, status and claim, which follow the file, into a row or a view of one.
template <typename Text>
void read_standing(Unpacker& in, model::Region& region, Text& status, std::optional<Text>& claimed)
{
  region = static_cast<model::Region>(in.byte());
  status = in.word();
  if (in.byte() != 0) {
    claimed = in.word();
  } else {
    claimed.reset();
  }
}

/// The bits set in the first `bytes` bytes of `bitmap`, counted eight bytes at a time: without a
/// popcount instruction in the target, std::popcount is a call to the library.
std::size_t count_bits(std::string_view bitmap, std::size_t bytes)
{
  std::size_t bits = 0;
  for (std::size_t i = 0; i < bytes; i += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, bitmap.data() + i, std::min(sizeof word, bytes - i));
    bits += static_cast<std::size_t>(std::popcount(word));
  }
  return bits;
}

/// Into `finding`, in place.
void view_finding(Unpacker& in, FindingView& finding)
{
  finding.severity = static_cast<Severity>(in.byte());
  finding.code = in.word();
  finding.set_ref = in.word();
  finding.indicator = in.word();
  finding.claimed = in.text();
  finding.actual = in.word();
  const auto kind = static_cast<SourceKind>(in.byte());
  finding.in_row_file = kind == SourceKind::row_file;
  finding.source = kind == SourceKind::other ? in.text() : std::string_view();
  finding.line = static_cast<int>(in.integer());
  finding.column = static_cast<int>(in.integer());
  finding.criterion = in.word();
  finding.detail = in.text();
  finding.amount = in.optional_number();
  finding.percent = in.optional_number();
}

/// A row's own findings, read from `in`, then those added to it after it was stored (`added`, a
/// record, or null for none), into `findings` with `read`, which fills one from a record.
template <typename Found, typename Read>
void read_findings(Unpacker& in, const char* added, const StringTable& strings, std::vector<Found>& findings,
                   Read read)
{
  const auto count = static_cast<std::size_t>(in.count());
  Unpacker more(added, strings);
  findings.resize(count + (added ? more.count() : 0));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    read(i < count ? in : more, findings[i]);
  }
}

/// Into `finding`, whose strings are reused.
void unpack_finding(Unpacker& in, const SourceName& file, Finding& finding)
{
  FindingView view;
  view_finding(in, view);
  finding.severity = view.severity;
  finding.code = view.code;
  finding.set_ref = view.set_ref;
  finding.indicator = view.indicator;
  finding.claimed = view.claimed;
  finding.actual = view.actual;
  if (view.in_row_file) {
    finding.where.source = file;
  } else if (view.source.empty()) {
    finding.where.source = SourceName();
  } else {
    finding.where.source = std::string(view.source);
  }
  finding.where.line = view.line;
  finding.where.column = view.column;
  finding.criterion = view.criterion;
  finding.detail = view.detail;
  finding.amount = view.amount;
  finding.percent = view.percent;
}

// The words of a row mostly repeat those of the rows and findings just packed or read (a finding's
// code and set, a district): each thread keeps its last look-ups, found by a cheap hash, and
// answers those again without the lock. An entry names its table by serial: one of a table since
// destroyed matches no other.
struct RecentWord {
  std::uint64_t table = 0; // serials start at 1
  std::string_view text;   // the table's own copy, which it never moves
  std::uint32_t id = 0;
};

constexpr std::size_t k_recent = 256;

std::atomic<std::uint64_t> g_serials{1};

/// This thread's recent look-up of `text`, by a hash of its length and its first and last eight
/// bytes (indicator codes such as 12.1 and 17.1 differ inside).
RecentWord& recent_id(std::string_view text)
{
  thread_local std::array<RecentWord, k_recent> recent;
  std::uint64_t hash = text.size();
  if (text.size() >= 8) {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::memcpy(&first, text.data(), 8);
    std::memcpy(&last, text.data() + text.size() - 8, 8);
    hash ^= first ^ std::rotl(last, 29);
  } else {
    for (const char c : text) {
      hash = (hash << 8) | static_cast<unsigned char>(c);
    }
  }
  return recent[(hash * 0x9E3779B97F4A7C15U) >> 56];
}

/// This thread's recent look-up of the text numbered `id`.
RecentWord& recent_text(std::uint32_t id)
{
  thread_local std::array<RecentWord, k_recent> recent;
  return recent[id % k_recent];
}

} // namespace

StringTable::StringTable() : m_serial(g_serials++)
{
}

std::uint32_t StringTable::id(std::string_view text)
{
  RecentWord& recent = recent_id(text);
  if (recent.table == m_serial && recent.text == text) {
    return recent.id;
  }
  const auto remember = [&](const auto& found) {
    recent = {m_serial, found->first, found->second};
    return found->second;
  };
  {
    const std::shared_lock lock(m_lock);
    if (const auto found = m_ids.find(text); found != m_ids.end()) {
      return remember(found);
    }
  }
  const std::unique_lock lock(m_lock);
  if (const auto found = m_ids.find(text); found != m_ids.end()) {
    return remember(found); // added by another thread in the meantime
  }
  const auto id = static_cast<std::uint32_t>(m_texts.size());
  m_texts.emplace_back(text);
  return remember(m_ids.emplace(m_texts.back(), id).first); // the key views the table's copy
}

std::string_view StringTable::text(std::uint32_t id) const
{
  // The lock is taken out of line: a function that may hold one pays for its unwinding on every
  // call, and most calls find the text among the recent ones.
  RecentWord& recent = recent_text(id);
  if (recent.table != m_serial || recent.id != id) {
    recent = {m_serial, text_locked(id), id};
  }
  return recent.text;
}

std::string_view StringTable::text_locked(std::uint32_t id) const
{
  const std::shared_lock lock(m_lock);
  return m_texts[id];
}

float RowView::Set::value(std::size_t position) const
{
  const std::size_t byte = position / 8;
  const unsigned bit = 1U << (position % 8);
  if (byte >= present.size() || (static_cast<unsigned char>(present[byte]) & bit) == 0) {
    return std::numeric_limits<float>::quiet_NaN();
  }
  // The values before it are those of the bits set before its own.
  const auto below = static_cast<unsigned char>(present[byte]) & (bit - 1);
  const std::size_t before = count_bits(present, byte) + static_cast<std::size_t>(std::popcount(below));
  float value = 0;
  std::memcpy(&value, values + before * sizeof value, sizeof value);
  return value;
}

const SetSummary* CommuneRow::find_set(std::string_view ref) const
{
  for (const SetSummary& set : sets) {
    if (set.version->ref == ref) {
      return &set;
    }
  }
  return nullptr;
}

PackedRow AuditRows::pack(const CommuneRow& row) const
{
  PackedRow packed;
  packed.index = row.index;
  // The most the record takes: twelve counts, three bytes, the texts and levels, and the sets'
  // and findings'.
  std::size_t most = 12 * k_count_bytes + 3 + row.commune.code.size() + row.commune.name.size() +
                     row.file.size() + row.levels_reached.size();
  for (const SetSummary& set : row.sets) {
    most += sizeof set.version + 3 * k_count_bytes + set.criteria.size() + (set.values.size() + 7) / 8 +
            sizeof(float) * set.values.size();
  }
  for (const Finding& finding : row.findings) {
    most += finding_bound(finding);
  }
  Packer out(packed.bytes, *m_strings, most);
  // The fields `key` reads come first.
  out.byte(row.evaluated ? 1 : 0);
  out.integer(row.year);
  out.text(row.commune.code);
  out.word(row.commune.district);
  out.word(row.commune.province);
  out.text(row.commune.name);
  // A folder holds many files: its name is kept once.
  const std::size_t slash = row.file.rfind('/') + 1; // 0 when there is none
  out.word(std::string_view(row.file).substr(0, slash));
  out.text(std::string_view(row.file).substr(slash));
  out.byte(static_cast<std::uint8_t>(row.region));
  out.word(row.status);
  out.byte(row.claimed ? 1 : 0);
  if (row.claimed) {
    out.word(*row.claimed);
  }
  out.count(row.levels_reached.size());
  for (bool reached : row.levels_reached) {
    out.byte(reached ? 1 : 0);
  }
  out.count(row.sets.size());
  for (const SetSummary& set : row.sets) {
    pack_set(out, set);
  }
  out.count(row.findings.size());
  for (const Finding& finding : row.findings) {
    pack_finding(out, finding, row.file);
    ++packed.findings[static_cast<std::size_t>(finding.severity)];
  }
  out.finish();
  return packed;
}

const char* AuditRows::keep(std::string_view bytes)
{
  if (bytes.size() > m_block_left) {
    const std::size_t size = std::max(k_block_size, bytes.size());
    m_blocks.push_back(std::make_unique<char[]>(size));
    m_block_next = m_blocks.back().get();
    m_block_left = size;
  }
  char* at = m_block_next;
  std::memcpy(at, bytes.data(), bytes.size());
  m_block_next += bytes.size();
  m_block_left -= bytes.size();
  return at;
}

void AuditRows::store(const PackedRow& row)
{
  assert(row.index < m_records.size());
  if (m_records[row.index]) {
    for (const Finding& finding : unpack(row.index).findings) {
      --m_findings[static_cast<std::size_t>(finding.severity)];
    }
  }
  m_records[row.index] = keep(row.bytes);
  if (row.index < m_added.size()) {
    m_added[row.index] = nullptr;
  }
  for (std::size_t s = 0; s < m_findings.size(); ++s) {
    m_findings[s] += row.findings[s];
  }
}

void AuditRows::add_findings(std::size_t index, const std::string& file, const std::vector<Finding>& findings)
{
  assert(index < m_records.size() && m_records[index]);
  if (m_added.size() <= index) {
    m_added.resize(m_records.size(), nullptr);
  }
  // The findings added before, if any, are packed again with the new ones.
  std::vector<Finding> all;
  if (m_added[index]) {
    Unpacker in(m_added[index], *m_strings);
    all.resize(static_cast<std::size_t>(in.count()));
    const SourceName name(file);
    for (Finding& finding : all) {
      unpack_finding(in, name, finding);
    }
  }
  std::size_t most = k_count_bytes;
  for (const std::vector<Finding>* list : {&std::as_const(all), &findings}) {
    for (const Finding& finding : *list) {
      most += finding_bound(finding);
    }
  }
  std::string bytes;
  Packer out(bytes, *m_strings, most);
  out.count(all.size() + findings.size());
  for (const Finding& finding : all) {
    pack_finding(out, finding, file);
  }
  for (const Finding& finding : findings) {
    pack_finding(out, finding, file);
    ++m_findings[static_cast<std::size_t>(finding.severity)];
  }
  out.finish();
  m_added[index] = keep(bytes);
}

std::string AuditRows::file(std::size_t index) const
{
  if (!m_records[index]) {
    return {};
  }
  Unpacker in(m_records[index], *m_strings);
  in.byte();
  in.integer();
  in.text();
  in.count();
  in.count();
  in.text();
  std::string file(in.word());
  file += in.text();
  return file;
}

AuditRows::Key AuditRows::key(std::size_t index) const
{
  if (!m_records[index]) {
    return {};
  }
  Unpacker in(m_records[index], *m_strings);
  return read_key(in);
}

CommuneRow AuditRows::unpack(std::size_t index, Part part) const
{
  CommuneRow row;
  unpack_into(index, part, row);
  return row;
}

void AuditRows::unpack_into(std::size_t index, Part part, CommuneRow& row) const
{
  row.index = index;
  row.file.clear();
  row.commune.code.clear();
  row.commune.name.clear();
  row.commune.district.clear();
  row.commune.province.clear();
  if (!m_records[index]) {
    row.findings.clear();
    row.evaluated = false;
    row.year = 0;
    row.region = model::Region::dbscl;
    row.status.clear();
    row.claimed.reset();
    row.levels_reached.clear();
    row.sets.clear();
    return;
  }
  Unpacker in(m_records[index], *m_strings);
  row.evaluated = in.byte() != 0;
  row.year = static_cast<int>(in.integer());
  if (part == Part::numbers) {
    skip_names(in);
  } else {
    row.commune.code = in.text();
    row.commune.district = in.word();
    row.commune.province = in.word();
    row.commune.name = in.text();
    row.file = in.word();
    row.file += in.text();
  }
  read_standing(in, row.region, row.status, row.claimed);
  row.levels_reached.resize(static_cast<std::size_t>(in.count()));
  for (std::size_t i = 0; i < row.levels_reached.size(); ++i) {
    row.levels_reached[i] = in.byte() != 0;
  }
  row.sets.resize(static_cast<std::size_t>(in.count()));
  for (SetSummary& set : row.sets) {
    unpack_set(in, set);
  }
  if (part != Part::all) {
    row.findings.clear();
    return;
  }
  // The findings the row had are overwritten, not destroyed: their strings are reused.
  const SourceName file(row.file);
  read_findings(in, index < m_added.size() ? m_added[index] : nullptr, *m_strings, row.findings,
                [&](Unpacker& from, Finding& finding) { unpack_finding(from, file, finding); });
}

void AuditRows::view(std::size_t index, RowView& row, Part part) const
{
  if (!m_records[index]) {
    row = RowView(); // only a cancelled audit leaves rows not stored
    return;
  }
  Unpacker in(m_records[index], *m_strings);
  if (part == Part::numbers) {
    row.evaluated = in.byte() != 0;
    row.year = static_cast<int>(in.integer());
    skip_names(in);
    row.code = row.district = row.province = row.name = row.folder = row.file_name = {};
  } else {
    const Key key = read_key(in);
    row.evaluated = key.evaluated;
    row.year = key.year;
    row.code = key.code;
    row.district = key.district;
    row.province = key.province;
    row.name = in.text();
    row.folder = in.word();
    row.file_name = in.text();
  }
  read_standing(in, row.region, row.status, row.claimed);
  row.levels_reached = in.bytes(static_cast<std::size_t>(in.count()));
  row.sets.resize(static_cast<std::size_t>(in.count()));
  for (RowView::Set& set : row.sets) {
    set.version = in.raw<const model::RuleSet*>();
    set.criteria_met = static_cast<int>(in.count());
    set.criteria = in.bytes(static_cast<std::size_t>(in.count()));
    set.present = in.bytes((static_cast<std::size_t>(in.count()) + 7) / 8);
    set.values = in.bytes(count_bits(set.present, set.present.size()) * sizeof(float)).data();
  }
  if (part != Part::all) {
    row.findings.clear();
    return;
  }
  read_findings(in, index < m_added.size() ? m_added[index] : nullptr, *m_strings, row.findings,
                view_finding);
}

} // namespace ntm::eval
