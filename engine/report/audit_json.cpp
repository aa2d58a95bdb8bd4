#include "report/audit_report.hpp"

#include "eval/parallel.hpp"
#include "report/json_parts.hpp"
#include "report/json_text.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <future>

namespace ntm::report {

namespace {

using nlohmann::json;

json rollup_json(const eval::Rollup& rollup, const model::RuleBook& book, const std::string& main_ref,
                 Lang lang)
{
  json out;
  if (!rollup.district.empty()) {
    out["province"] = rollup.province;
    out["district"] = rollup.district;
    out["year"] = rollup.year;
  }
  out["communes"] = rollup.communes;
  json statuses = json::object();
  statuses[book.levels.none_id] = 0;
  for (const model::Level& level : book.levels.levels) {
    statuses[level.id] = 0;
  }
  for (const auto& [status, count] : rollup.by_status) {
    statuses[status] = count;
  }
  out["by_status"] = std::move(statuses);
  json sets = json::object();
  for (const auto& [ref, counts] : rollup.by_criteria_met) {
    json set;
    set["communes"] = rollup.set_communes.at(ref);
    json exact = json::object();
    int total = 0;
    for (const model::RuleSet& version : book.sets) {
      if (version.ref == ref) {
        total = static_cast<int>(version.criteria.size());
      }
    }
    for (const auto& [met, communes] : counts) {
      exact[std::to_string(met)] = communes;
    }
    set["criteria_total"] = total;
    set["by_criteria_met"] = std::move(exact);
    if (ref == main_ref) {
      json buckets = json::array();
      for (const eval::Bucket& bucket : eval::criteria_buckets(total)) {
        const int communes = eval::communes_in(counts, bucket);
        buckets.push_back({{"low", bucket.low}, {"high", bucket.high}, {"communes", communes}});
      }
      set["buckets"] = std::move(buckets);
    }
    json& met = set["criterion_met"] = json::object();
    for (const auto& [id, communes] : rollup.criterion_met.at(ref)) {
      met[std::string(id)] = communes;
    }
    sets[ref] = std::move(set);
  }
  out["sets"] = std::move(sets);
  if (rollup.district_evaluation) {
    out["district_conditions"] = sets_json(*rollup.district_evaluation, lang);
  }
  return out;
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
    out += "null";
  } else {
    append_json_string(out, text);
  }
}

void append_finding(std::string& out, const eval::Finding& finding, const model::Levels& levels, Lang lang)
{
  out += '{';
  bool first = true;
  if (finding.amount) {
    append_key(out, "amount", first);
    append_number_json(out, *finding.amount);
    first = false;
  }
  append_key(out, "code", first);
  append_json_string(out, finding.code);
  if (!finding.criterion.empty()) {
    append_key(out, "criterion");
    append_json_string(out, finding.criterion);
  }
  append_key(out, "indicator");
  append_optional_string(out, finding.indicator);
  append_key(out, "location");
  if (finding.where.source.empty()) {
    out += "null";
  } else {
    out += "{\"column\":";
    out += std::to_string(finding.where.column);
    out += ",\"file\":";
    append_json_string(out, finding.where.source.str());
    out += ",\"line\":";
    out += std::to_string(finding.where.line);
    out += '}';
  }
  append_key(out, "message");
  append_json_string(out, finding_message(finding, levels, lang));
  if (finding.percent) {
    append_key(out, "percent");
    append_number_json(out, *finding.percent);
  }
  append_key(out, "set");
  append_optional_string(out, finding.set_ref);
  append_key(out, "severity");
  append_json_string(out, eval::severity_code(finding.severity));
  out += '}';
}

/// What every row writes the same for a set version, made once per audit: its criteria in the
/// order of their ids as text ("1", "10", "11", …, "2"), each as `"id":`, and its closing members.
struct VersionText {
  std::vector<std::size_t> order;
  std::vector<std::string> keys;
  std::string ref_and_id; // ,"ref":"…","version":"…"}
};

std::vector<VersionText> version_texts(const model::RuleBook& book)
{
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
      append_key(text.keys.emplace_back(), version.criteria[text.order[k]].id, k == 0);
    }
    text.ref_and_id =
        ",\"ref\":" + json_string(version.ref) + ",\"version\":" + json_string(version.id) + "}";
  }
  return texts;
}

void append_set(std::string& out, const eval::SetSummary& set, const VersionText& text)
{
  static const std::array<std::string, 4> outcomes = {
      json_string(eval::outcome_code(eval::Outcome::met)),
      json_string(eval::outcome_code(eval::Outcome::not_met)),
      json_string(eval::outcome_code(eval::Outcome::missing)),
      json_string(eval::outcome_code(eval::Outcome::not_applicable))};
  out += "{\"criteria\":{";
  for (std::size_t k = 0; k < text.order.size(); ++k) {
    out += text.keys[k];
    out += outcomes[static_cast<std::size_t>(set.criteria[text.order[k]])];
  }
  out += "},\"criteria_met\":";
  out += std::to_string(set.criteria_met);
  out += ",\"criteria_total\":";
  out += std::to_string(set.criteria_total());
  out += text.ref_and_id;
}

/// One commune row, as `dump()` of its JSON object would write it.
void append_row(std::string& out, const eval::CommuneRow& row, const model::RuleBook& book,
                const std::vector<VersionText>& versions, Lang lang)
{
  out += '{';
  if (row.evaluated) {
    out += "\"claimed_status\":";
    if (row.claimed) {
      append_json_string(out, *row.claimed);
    } else {
      out += "null";
    }
    out += ",\"commune\":{\"code\":";
    append_json_string(out, row.commune.code);
    out += ",\"district\":";
    append_json_string(out, row.commune.district);
    out += ",\"name\":";
    append_json_string(out, row.commune.name);
    out += ",\"province\":";
    append_json_string(out, row.commune.province);
    out += "},\"evaluated\":true,\"file\":";
  } else {
    out += "\"evaluated\":false,\"file\":";
  }
  append_json_string(out, row.file);
  out += ",\"findings\":[";
  for (std::size_t i = 0; i < row.findings.size(); ++i) {
    out += i == 0 ? "" : ",";
    append_finding(out, row.findings[i], book.levels, lang);
  }
  out += ']';
  if (row.evaluated) {
    out += ",\"region\":";
    append_json_string(out, model::region_code(row.region));
    out += ",\"sets\":[";
    for (std::size_t i = 0; i < row.sets.size(); ++i) {
      out += i == 0 ? "" : ",";
      append_set(out, row.sets[i],
                 versions[static_cast<std::size_t>(row.sets[i].version - book.sets.data())]);
    }
    out += "],\"status\":";
    append_json_string(out, row.status);
    out += ",\"status_name\":";
    append_json_string(out, level_label(book.levels, row.status, lang));
    out += ",\"year\":";
    out += std::to_string(row.year);
  }
  out += '}';
}

/// Writes items 0 … count-1 to `out` in order, each appended to a text by `append`, on `jobs`
/// threads a block of items at a time (so that memory stays flat). Each round of blocks is written
/// out on a thread of its own while the next round is rendered: writing hundreds of megabytes is
/// time the renderers need not wait for.
void write_in_parallel(std::ostream& out, std::size_t count, unsigned jobs, std::size_t block,
                       const std::function<void(std::size_t, std::string&)>& append)
{
  std::vector<std::string> texts(std::max(1U, jobs));
  std::vector<std::string> written(texts.size());
  // Declared after the texts it writes, so that it is waited for before they go, even when a
  // renderer throws.
  std::future<void> writing;
  for (std::size_t start = 0; start < count; start += block * texts.size()) {
    eval::for_each_parallel(texts.size(), jobs, [&](std::size_t t) {
      texts[t].clear();
      const std::size_t begin = std::min(count, start + t * block);
      for (std::size_t i = begin; i < std::min(count, begin + block); ++i) {
        append(i, texts[t]);
      }
    });
    if (writing.valid()) {
      writing.get();
    }
    texts.swap(written);
    writing = std::async(std::launch::async, [&out, &written] {
      for (const std::string& part : written) {
        out << part;
      }
    });
  }
  if (writing.valid()) {
    writing.get();
  }
}

} // namespace

void write_audit_json(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, unsigned jobs)
{
  // Written a piece at a time so that memory stays flat: the districts, then the small remainder
  // of the head, then each commune; districts and communes are rendered on the --jobs threads.
  // The text is what dumping it all at once would give.
  const auto indented = [](const json& value, std::string& text) {
    const std::string dumped = value.dump(2);
    std::size_t line = 0;
    for (std::size_t end = dumped.find('\n'); end != std::string::npos; end = dumped.find('\n', line)) {
      text.append(dumped, line, end + 1 - line);
      text += "    ";
      line = end + 1;
    }
    text.append(dumped, line);
  };
  out << "{\n  \"districts\": [";
  write_in_parallel(out, result.districts.size(), jobs, 64, [&](std::size_t i, std::string& text) {
    text += i == 0 ? "\n    " : ",\n    ";
    indented(rollup_json(result.districts[i], book, result.main_ref, lang), text);
  });
  out << (result.districts.empty() ? "]" : "\n  ]");
  json head;
  head["files"] = result.rows.size();
  head["findings"] = {{"error", result.count(eval::Severity::error)},
                      {"warning", result.count(eval::Severity::warning)},
                      {"info", result.count(eval::Severity::info)}};
  head["main_set"] = result.main_ref;
  head["total"] = rollup_json(result.total, book, result.main_ref, lang);
  // The head's members without its braces: `{\n  "files": …\n}`.
  const std::string members = head.dump(2);
  out << "," << members.substr(1, members.size() - 3) << ",\n  \"communes\": [";
  const std::vector<VersionText> versions = version_texts(book);
  write_in_parallel(out, result.rows.size(), jobs, 256, [&](std::size_t i, std::string& text) {
    text += i == 0 ? "\n    " : ",\n    ";
    append_row(text, result.rows[i], book, versions, lang);
  });
  out << (result.rows.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace ntm::report
