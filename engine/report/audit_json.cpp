#include "report/audit_report.hpp"

#include "eval/parallel.hpp"
#include "report/json_parts.hpp"
#include "report/json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <functional>

namespace ntm::report {

namespace {

// Member names are appended as string_view literals: appending a `const char*` measures it with
// strlen on every row.
using namespace std::string_view_literals;

/// What every roll-up writes the same, made once per audit.
struct RollupContext {
  const model::RuleBook& book;
  const std::string& main_ref;
  Lang lang;
  /// The statuses every roll-up counts, none or not: the none id and each level's, in key order.
  std::vector<std::string_view> statuses;
};

RollupContext rollup_context(const model::RuleBook& book, const std::string& main_ref, Lang lang)
{
  RollupContext context{book, main_ref, lang, {book.levels.none_id}};
  for (const model::Level& level : book.levels.levels) {
    context.statuses.emplace_back(level.id);
  }
  std::sort(context.statuses.begin(), context.statuses.end());
  context.statuses.erase(std::unique(context.statuses.begin(), context.statuses.end()),
                         context.statuses.end());
  return context;
}

/// `by_status`: the statuses every roll-up shows merged with those counted, both in key order.
void append_statuses(PrettyText& text, const eval::Counts<std::string>& counted,
                     const std::vector<std::string_view>& statuses)
{
  text.open('{');
  auto status = statuses.begin();
  auto count = counted.begin();
  while (status != statuses.end() || count != counted.end()) {
    if (count == counted.end() || (status != statuses.end() && *status < count->first)) {
      text.keyed_integer(*status, 0);
      ++status;
      continue;
    }
    if (status != statuses.end() && *status == count->first) {
      ++status;
    }
    text.keyed_integer(count->first, count->second);
    ++count;
  }
  text.close('}');
}

/// Communes by criteria met, keyed by the number as text and so in the order of that text (10
/// before 2), as a document's keys are.
void append_by_criteria_met(PrettyText& text, const eval::Counts<int>& counts)
{
  if (counts.empty()) {
    text.out() += "{}";
    return;
  }
  std::vector<std::pair<std::string, int>> keyed;
  keyed.reserve(counts.size());
  for (const auto& [met, communes] : counts) {
    keyed.emplace_back(std::to_string(met), communes);
  }
  std::sort(keyed.begin(), keyed.end());
  text.open('{');
  for (const auto& [met, communes] : keyed) {
    text.integer(met, communes);
  }
  text.close('}');
}

/// One set's counts in a roll-up: `{"buckets" (the main set only), "by_criteria_met", "communes",
/// "criteria_total", "criterion_met"}`.
void append_set_rollup(PrettyText& text, const eval::Rollup& rollup, const std::string& ref,
                       const eval::Counts<int>& counts, const RollupContext& context)
{
  int total = 0;
  for (const model::RuleSet& version : context.book.sets) {
    if (version.ref == ref) {
      total = static_cast<int>(version.criteria.size());
    }
  }
  text.open('{');
  if (ref == context.main_ref) {
    text.field("buckets");
    text.array(eval::criteria_buckets(total), [&](const eval::Bucket& bucket) {
      text.open('{');
      text.integer("communes", eval::communes_in(counts, bucket));
      text.integer("high", bucket.high);
      text.integer("low", bucket.low);
      text.close('}');
    });
  }
  text.field("by_criteria_met");
  append_by_criteria_met(text, counts);
  text.integer("communes", rollup.set_communes.at(ref));
  text.integer("criteria_total", total);
  text.field("criterion_met");
  const eval::Counts<std::string_view>& met = rollup.criterion_met.at(ref);
  if (met.empty()) {
    text.out() += "{}";
  } else {
    text.open('{');
    for (const auto& [id, communes] : met) {
      text.keyed_integer(id, communes);
    }
    text.close('}');
  }
  text.close('}');
}

/// A roll-up as dump(2) of its object writes it: members in key order.
void append_rollup(PrettyText& text, const eval::Rollup& rollup, const RollupContext& context)
{
  text.open('{');
  text.field("by_status");
  append_statuses(text, rollup.by_status, context.statuses);
  text.integer("communes", rollup.communes);
  const bool district = !rollup.district.empty();
  if (district) {
    text.string("district", rollup.district);
  }
  if (rollup.district_evaluation) {
    // The district's own conditions, as the evaluation report writes them.
    text.field("district_conditions");
    append_sets_text(text, *rollup.district_evaluation, context.lang);
  }
  if (district) {
    text.string("province", rollup.province);
  }
  text.field("sets");
  if (rollup.by_criteria_met.empty()) {
    text.out() += "{}";
  } else {
    text.open('{');
    for (const auto& [ref, counts] : rollup.by_criteria_met) {
      text.key(ref);
      append_set_rollup(text, rollup, ref, counts, context);
    }
    text.close('}');
  }
  if (district) {
    text.integer("year", rollup.year);
  }
  text.close('}');
}

// The commune rows are most of an audit's JSON: they are written straight as text, byte for byte
// what nlohmann::json::dump() gives for the same object (members in key order, no spaces), since
// building a document for each row cost more than evaluating the submission.

/// `"key":`, after a comma unless `first`.
void append_key(std::string& out, std::string_view key, bool first = false)
{
  if (!first) {
    out += ',';
  }
  append_json_string(out, key);
  out += ':';
}

void append_optional_string(std::string& out, std::string_view text)
{
  if (text.empty()) {
    out += "null"sv;
  } else {
    append_json_string(out, text);
  }
}

/// The row's file as it stands escaped in the row's text, at `at` for `size` bytes: most findings
/// are located in it, and copying it is cheaper than escaping it again.
struct RowFile {
  std::size_t at = 0;
  std::size_t size = 0;
};

/// The row's file, its folder and name, as append_json_string writes the two together.
RowFile append_file(std::string& out, const eval::RowView& row)
{
  const std::size_t at = out.size();
  out += '"';
  if (!append_json_characters(out, row.folder) || !append_json_characters(out, row.file_name)) {
    out.resize(at);
    append_json_string(out, std::string(row.folder) + std::string(row.file_name));
  } else {
    out += '"';
  }
  return {at, out.size() - at};
}

/// What a rendering thread keeps from row to row.
struct RowMemory {
  eval::RowView row;
  RecentString district;
  RecentString province;
  RecentString code;
  RecentString set;
};

/// A finding's last member for each severity, `,"severity":"error"}`, made once.
const std::array<std::string, 3> k_severities = [] {
  std::array<std::string, 3> members;
  for (const eval::Severity severity :
       {eval::Severity::error, eval::Severity::warning, eval::Severity::info}) {
    members[static_cast<std::size_t>(severity)] =
        ",\"severity\":" + json_string(eval::severity_code(severity)) + "}";
  }
  return members;
}();

/// For each region, the end of a row's findings, its region and the start of its sets,
/// `],"region":"dbscl","sets":[`, made once.
const std::array<std::string, model::k_regions.size()> k_region_members = [] {
  std::array<std::string, model::k_regions.size()> members;
  for (const model::Region region : model::k_regions) {
    members[static_cast<std::size_t>(region)] =
        "],\"region\":" + json_string(model::region_code(region)) + ",\"sets\":[";
  }
  return members;
}();

/// Copies `text` to `at`, for pieces gathered before they are appended.
char* put(char* at, std::string_view text)
{
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

/// A finding of a row, after a comma unless `first`.
void append_finding(std::string& out, bool first, const eval::FindingView& finding,
                    const model::Levels& levels, Lang lang, const RowFile& file, RowMemory& memory)
{
  // Member names written as they are, not escaped: there are several for every finding.
  out += first ? "{"sv : ",{"sv;
  if (finding.amount) {
    out += "\"amount\":"sv;
    append_number_json(out, *finding.amount);
    out += ',';
  }
  out += "\"code\":"sv;
  memory.code.append(out, finding.code);
  if (!finding.criterion.empty()) {
    out += ",\"criterion\":"sv;
    append_json_string(out, finding.criterion);
  }
  out += ",\"indicator\":"sv;
  append_optional_string(out, finding.indicator);
  if (!finding.in_row_file && finding.source.empty()) {
    out += ",\"location\":null,\"message\":"sv;
  } else {
    // Most findings have a location: the members before and after its file in one append each.
    std::array<char, 64> piece; // written before it is read
    char* at = put(piece.data(), ",\"location\":{\"column\":"sv);
    at = std::to_chars(at, piece.data() + piece.size(), finding.column).ptr;
    at = put(at, ",\"file\":"sv);
    out.append(piece.data(), static_cast<std::size_t>(at - piece.data()));
    if (finding.in_row_file) {
      out.append(out, file.at, file.size);
    } else {
      append_json_string(out, finding.source);
    }
    at = put(piece.data(), ",\"line\":"sv);
    at = std::to_chars(at, piece.data() + piece.size(), finding.line).ptr;
    at = put(at, "},\"message\":"sv);
    out.append(piece.data(), static_cast<std::size_t>(at - piece.data()));
  }
  append_finding_message_json(out, finding, levels, lang);
  if (finding.percent) {
    out += ",\"percent\":"sv;
    append_number_json(out, *finding.percent);
  }
  out += ",\"set\":"sv;
  if (finding.set_ref.empty()) {
    out += "null"sv;
  } else {
    memory.set.append(out, finding.set_ref);
  }
  out += k_severities[static_cast<std::size_t>(finding.severity)];
}

/// What every row writes the same for a set version, made once per audit: each criterion's member
/// for each outcome (`"1":"met"`, `,"10":"not-met"`, …, in the order of their ids as text: "1",
/// "10", "11", …, "2"), and the set's closing members.
struct VersionText {
  /// Members are copied k_copy bytes at a time, whatever follows them, and then only their own
  /// bytes kept: a copy of a fixed size is a few moves, where appending each member (a set has 19
  /// or more) cost a call of its own.
  static constexpr std::size_t k_copy = 32;
  struct Member {
    std::size_t at = 0; // in `members`
    std::size_t size = 0;
  };
  std::vector<std::size_t> order;
  std::vector<std::array<Member, 4>> criteria; // by Outcome, in `order`
  std::string members;                         // then k_copy bytes more, so that any can be copied
  std::size_t room = 0;   // what copying the largest member of each criterion writes, in all
  std::string ref_and_id; // ,"ref":"…","version":"…"}
};

std::vector<VersionText> version_texts(const model::RuleBook& book)
{
  static constexpr std::array<eval::Outcome, 4> outcomes = {
      eval::Outcome::met, eval::Outcome::not_met, eval::Outcome::missing, eval::Outcome::not_applicable};
  constexpr std::size_t k_copy = VersionText::k_copy;
  std::vector<VersionText> texts;
  for (const model::RuleSet& version : book.sets) {
    VersionText& text = texts.emplace_back();
    text.order.resize(version.criteria.size());
    for (std::size_t i = 0; i < text.order.size(); ++i) {
      text.order[i] = i;
    }
    std::sort(text.order.begin(), text.order.end(),
              [&](std::size_t a, std::size_t b) { return version.criteria[a].id < version.criteria[b].id; });
    for (std::size_t k = 0; k < text.order.size(); ++k) {
      std::array<VersionText::Member, 4>& members = text.criteria.emplace_back();
      std::size_t largest = 0;
      for (const eval::Outcome outcome : outcomes) {
        VersionText::Member& member = members[static_cast<unsigned char>(outcome)];
        member.at = text.members.size();
        append_key(text.members, version.criteria[text.order[k]].id, k == 0);
        append_json_string(text.members, eval::outcome_code(outcome));
        member.size = text.members.size() - member.at;
        largest = std::max(largest, member.size);
      }
      text.room += (largest + k_copy - 1) / k_copy * k_copy;
    }
    text.members.append(k_copy, '\0');
    text.ref_and_id =
        ",\"ref\":" + json_string(version.ref) + ",\"version\":" + json_string(version.id) + "}";
  }
  return texts;
}

/// The members of a set's `"criteria"`, for the outcomes in `outcomes` (one byte each, in the
/// version's criterion order).
void append_criteria(std::string& out, std::string_view outcomes, const VersionText& text)
{
  constexpr std::size_t k_copy = VersionText::k_copy;
  const std::size_t start = out.size();
  out.resize(start + text.room);
  char* at = out.data() + start;
  for (std::size_t k = 0; k < text.criteria.size(); ++k) {
    const VersionText::Member& member = text.criteria[k][static_cast<unsigned char>(outcomes[text.order[k]])];
    const char* from = text.members.data() + member.at;
    for (std::size_t copied = 0; copied < member.size; copied += k_copy) {
      std::memcpy(at + copied, from + copied, k_copy);
    }
    at += member.size;
  }
  out.resize(static_cast<std::size_t>(at - out.data()));
}

/// A set of a row, after a comma unless `first`.
void append_set(std::string& out, bool first, const eval::RowView::Set& set, const VersionText& text)
{
  out += first ? "{\"criteria\":{"sv : ",{\"criteria\":{"sv;
  append_criteria(out, set.criteria, text);
  std::array<char, 64> piece; // written before it is read
  char* at = put(piece.data(), "},\"criteria_met\":"sv);
  at = std::to_chars(at, piece.data() + piece.size(), set.criteria_met).ptr;
  at = put(at, ",\"criteria_total\":"sv);
  at = std::to_chars(at, piece.data() + piece.size(), set.criteria.size()).ptr;
  out.append(piece.data(), static_cast<std::size_t>(at - piece.data()));
  out += text.ref_and_id;
}

/// `"status":"…","status_name":"…"` (the members between are none: they are in key order).
void append_status(std::string& out, std::string_view status, const model::Levels& levels, Lang lang)
{
  out += "\"status\":"sv;
  append_json_string(out, status);
  out += ",\"status_name\":"sv;
  append_json_string(out, level_label(levels, status, lang));
}

/// What every row with a status of the rules writes the same for it, made once per audit.
struct StatusText {
  std::string id;
  std::string text; // append_status's
};

/// For each status the roll-ups count (`context.statuses`: none and every level).
std::vector<StatusText> status_texts(const RollupContext& context)
{
  std::vector<StatusText> texts;
  for (const std::string_view status : context.statuses) {
    StatusText& text = texts.emplace_back(StatusText{std::string(status), {}});
    append_status(text.text, status, context.book.levels, context.lang);
  }
  return texts;
}

/// One commune row, as `dump()` of its JSON object would write it.
void append_row(std::string& out, RowMemory& memory, const model::RuleBook& book,
                const std::vector<VersionText>& versions, const std::vector<StatusText>& statuses, Lang lang)
{
  const eval::RowView& row = memory.row;
  out += '{';
  if (row.evaluated) {
    out += "\"claimed_status\":"sv;
    if (row.claimed) {
      append_json_string(out, *row.claimed);
    } else {
      out += "null"sv;
    }
    out += ",\"commune\":{\"code\":"sv;
    append_json_string(out, row.code);
    out += ",\"district\":"sv;
    memory.district.append(out, row.district);
    out += ",\"name\":"sv;
    append_json_string(out, row.name);
    out += ",\"province\":"sv;
    memory.province.append(out, row.province);
    out += "},\"evaluated\":true,\"file\":"sv;
  } else {
    out += "\"evaluated\":false,\"file\":"sv;
  }
  const RowFile file = append_file(out, row);
  out += ",\"findings\":["sv;
  for (std::size_t i = 0; i < row.findings.size(); ++i) {
    append_finding(out, i == 0, row.findings[i], book.levels, lang, file, memory);
  }
  if (!row.evaluated) {
    out += "]}"sv;
    return;
  }
  out += k_region_members[static_cast<std::size_t>(row.region)];
  for (std::size_t i = 0; i < row.sets.size(); ++i) {
    append_set(out, i == 0, row.sets[i],
               versions[static_cast<std::size_t>(row.sets[i].version - book.sets.data())]);
  }
  out += "],"sv;
  const auto status = std::find_if(statuses.begin(), statuses.end(),
                                   [&](const StatusText& known) { return known.id == row.status; });
  if (status != statuses.end()) {
    out += status->text;
  } else {
    append_status(out, row.status, book.levels, lang);
  }
  std::array<char, 32> piece; // written before it is read
  char* at = put(piece.data(), ",\"year\":"sv);
  at = std::to_chars(at, piece.data() + piece.size(), row.year).ptr;
  *at++ = '}';
  out.append(piece.data(), static_cast<std::size_t>(at - piece.data()));
}

/// Writes items 0 … count-1 to `out` in order, each appended to a text by `append`, on `jobs`
/// threads a block of items at a time, while the calling thread writes the blocks done: writing
/// hundreds of megabytes is time the renderers need not wait for. Four blocks per thread are held
/// at most, so that memory stays flat.
void write_in_parallel(std::ostream& out, std::size_t count, unsigned jobs, std::size_t block,
                       const std::function<void(std::size_t, std::string&)>& append)
{
  eval::render_in_order(count, jobs, block, 4 * std::size_t{std::max(1U, jobs)}, append,
                        [&out](const std::string& text) { out << text; });
}

} // namespace

void write_audit_json(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, unsigned jobs)
{
  // Written a piece at a time so that memory stays flat: the districts, then the small remainder
  // of the head, then each commune; districts and communes are rendered on the --jobs threads.
  // The text is what dumping it all at once would give.
  const RollupContext context = rollup_context(book, result.main_ref, lang);
  out << "{\n  \"districts\": [";
  write_in_parallel(out, result.districts.size(), jobs, 64, [&](std::size_t i, std::string& text) {
    // Each rendering thread keeps the texts of the districts it wrote, which the next mostly
    // names again in the same places.
    thread_local RecentStrings recent;
    recent.rewind();
    text += i == 0 ? "\n    "sv : ",\n    "sv;
    PrettyText district(text, 4, true, &recent);
    append_rollup(district, result.districts[i], context);
  });
  out << (result.districts.empty() ? "]" : "\n  ]");
  // The head's other members, after "districts": `,\n  "files": …`.
  std::string members;
  PrettyText head(members, 2, false);
  head.integer("files", result.rows.size());
  head.field("findings");
  head.open('{');
  head.integer("error", result.count(eval::Severity::error));
  head.integer("info", result.count(eval::Severity::info));
  head.integer("warning", result.count(eval::Severity::warning));
  head.close('}');
  head.string("main_set", result.main_ref);
  head.field("total");
  append_rollup(head, result.total, context);
  out << members << ",\n  \"communes\": [";
  const std::vector<VersionText> versions = version_texts(book);
  const std::vector<StatusText> statuses = status_texts(context);
  write_in_parallel(out, result.rows.size(), jobs, 64, [&](std::size_t i, std::string& text) {
    // Each rendering thread reads rows in place into one view of its own, reused from row to row.
    thread_local RowMemory memory;
    result.rows.view(i, memory.row);
    text += i == 0 ? "\n    "sv : ",\n    "sv;
    append_row(text, memory, book, versions, statuses, lang);
  });
  out << (result.rows.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace ntm::report
