#include "report/audit_report.hpp"
#include "report/json_parts.hpp"

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
  out["by_status"] = statuses;
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
    set["by_criteria_met"] = exact;
    if (ref == main_ref) {
      json buckets = json::array();
      for (const eval::Bucket& bucket : eval::criteria_buckets(total)) {
        const int communes = eval::communes_in(counts, bucket);
        buckets.push_back({{"low", bucket.low}, {"high", bucket.high}, {"communes", communes}});
      }
      set["buckets"] = buckets;
    }
    set["criterion_met"] = rollup.criterion_met.at(ref);
    sets[ref] = set;
  }
  out["sets"] = sets;
  if (rollup.district_evaluation) {
    out["district_conditions"] = evaluation_object(*rollup.district_evaluation, book, lang)["sets"];
  }
  return out;
}

json row_json(const eval::CommuneRow& row, const model::RuleBook& book, Lang lang)
{
  json out;
  out["file"] = row.file;
  out["evaluated"] = row.evaluated;
  if (row.evaluated) {
    out["commune"] = {{"code", row.commune.code},
                      {"name", row.commune.name},
                      {"district", row.commune.district},
                      {"province", row.commune.province}};
    out["year"] = row.year;
    out["region"] = std::string(model::region_code(row.region));
    out["status"] = row.status;
    out["status_name"] = level_label(book.levels, row.status, lang);
    out["claimed_status"] = row.claimed ? json(*row.claimed) : json(nullptr);
    json sets = json::array();
    for (const eval::SetSummary& set : row.sets) {
      json criteria = json::object();
      for (std::size_t i = 0; i < set.criteria.size(); ++i) {
        criteria[set.version->criteria[i].id] = std::string(eval::outcome_code(set.criteria[i]));
      }
      sets.push_back({{"ref", set.version->ref},
                      {"version", set.version->id},
                      {"criteria_met", set.criteria_met},
                      {"criteria_total", set.criteria_total()},
                      {"criteria", criteria}});
    }
    out["sets"] = sets;
  }
  json findings = json::array();
  for (const eval::Finding& finding : row.findings) {
    findings.push_back(finding_json(finding, book.levels, lang));
  }
  out["findings"] = findings;
  return out;
}

} // namespace

void write_audit_json(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                      Lang lang)
{
  json head;
  head["files"] = result.rows.size();
  head["findings"] = {{"error", result.count(eval::Severity::error)},
                      {"warning", result.count(eval::Severity::warning)},
                      {"info", result.count(eval::Severity::info)}};
  head["main_set"] = result.main_ref;
  head["total"] = rollup_json(result.total, book, result.main_ref, lang);
  json districts = json::array();
  for (const eval::Rollup& rollup : result.districts) {
    districts.push_back(rollup_json(rollup, book, result.main_ref, lang));
  }
  head["districts"] = districts;
  // The head is small; communes are written one at a time so that memory stays flat.
  std::string text = head.dump(2);
  text.pop_back(); // the closing brace, reopened below
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  out << text << ",\n  \"communes\": [";
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << row_json(result.rows[i], book, lang).dump();
  }
  out << (result.rows.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

} // namespace ntm::report
