#include "report/audit_report.hpp"
#include "report/json_parts.hpp"

#include <algorithm>
#include <functional>
#include <thread>

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
    out["district_conditions"] =
        std::move(evaluation_object(*rollup.district_evaluation, book, lang)["sets"]);
  }
  return out;
}

json row_json(const eval::CommuneRow& row, const model::RuleBook& book, Lang lang)
{
  json out;
  out["file"] = row.file;
  out["evaluated"] = row.evaluated;
  if (row.evaluated) {
    json& commune = out["commune"];
    commune["code"] = row.commune.code;
    commune["name"] = row.commune.name;
    commune["district"] = row.commune.district;
    commune["province"] = row.commune.province;
    out["year"] = row.year;
    out["region"] = std::string(model::region_code(row.region));
    out["status"] = row.status;
    out["status_name"] = level_label(book.levels, row.status, lang);
    out["claimed_status"] = row.claimed ? json(*row.claimed) : json(nullptr);
    json& sets = out["sets"] = json::array();
    for (const eval::SetSummary& set : row.sets) {
      json& entry = sets.emplace_back();
      json& criteria = entry["criteria"] = json::object();
      for (std::size_t i = 0; i < set.criteria.size(); ++i) {
        criteria[set.version->criteria[i].id] = eval::outcome_code(set.criteria[i]);
      }
      entry["criteria_met"] = set.criteria_met;
      entry["criteria_total"] = set.criteria_total();
      entry["ref"] = set.version->ref;
      entry["version"] = set.version->id;
    }
  }
  json& findings = out["findings"] = json::array();
  for (const eval::Finding& finding : row.findings) {
    findings.push_back(finding_json(finding, book.levels, lang));
  }
  return out;
}

} // namespace

void write_audit_json(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang, unsigned jobs)
{
  // Written a piece at a time so that memory stays flat: districts one by one, then the small
  // remainder of the head, then each commune. The text is what dumping it all at once would give.
  const auto indented = [](const json& value, const std::string& margin) {
    std::string text;
    for (const char c : value.dump(2)) {
      text += c;
      text += c == '\n' ? margin : "";
    }
    return text;
  };
  out << "{\n  \"districts\": [";
  for (std::size_t i = 0; i < result.districts.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ")
        << indented(rollup_json(result.districts[i], book, result.main_ref, lang), "    ");
  }
  out << (result.districts.empty() ? "]" : "\n  ]");
  json head;
  head["files"] = result.rows.size();
  head["findings"] = {{"error", result.count(eval::Severity::error)},
                      {"warning", result.count(eval::Severity::warning)},
                      {"info", result.count(eval::Severity::info)}};
  head["main_set"] = result.main_ref;
  head["total"] = rollup_json(result.total, book, result.main_ref, lang);
  // The head's members without its braces: `{\n  "files": …\n}`.
  std::string text = head.dump(2);
  text = text.substr(1, text.size() - 3);
  out << "," << text << ",\n  \"communes\": [";
  const eval::AuditRows& rows = result.rows;
  const auto render = [&](std::size_t begin, std::size_t end, std::string& into) {
    into.clear();
    for (std::size_t i = begin; i < end; ++i) {
      into += i == 0 ? "\n    " : ",\n    ";
      into += row_json(rows[i], book, lang).dump();
    }
  };
  const std::size_t block = 256;
  std::vector<std::string> texts(std::max(1U, jobs));
  for (std::size_t start = 0; start < rows.size(); start += block * texts.size()) {
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < texts.size(); ++t) {
      const std::size_t begin = std::min(rows.size(), start + t * block);
      threads.emplace_back(render, begin, std::min(rows.size(), begin + block), std::ref(texts[t]));
    }
    render(start, std::min(rows.size(), start + block), texts[0]);
    for (std::thread& thread : threads) {
      thread.join();
    }
    for (const std::string& part : texts) {
      out << part;
    }
  }
  out << (rows.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace ntm::report
