#include "report/audit_report.hpp"
#include "report/csv_writer.hpp"

#include <algorithm>

namespace ntm::report {

void write_audit_csv(std::ostream& out, const eval::AuditResult& result, const model::RuleBook& book,
                     Lang lang)
{
  const bool vi = lang == Lang::vi;
  const std::vector<std::string> refs = book.levels.required_refs();
  // The main set's criterion ids are the same in all its versions.
  std::vector<std::string> criteria;
  for (const model::RuleSet& set : book.sets) {
    if (set.ref == result.main_ref && criteria.empty()) {
      for (const model::Criterion& criterion : set.criteria) {
        criteria.push_back(criterion.id);
      }
    }
  }
  out << "\xEF\xBB\xBF";
  std::vector<std::string> header =
      vi ? std::vector<std::string>{"tệp", "mã xã", "tên xã",  "huyện",       "tỉnh",
                                    "năm", "vùng",  "kết quả", "tên kết quả", "xã đề nghị"}
         : std::vector<std::string>{"file", "code",   "commune", "district",    "province",
                                    "year", "region", "status",  "status name", "claimed"};
  for (const std::string& ref : refs) {
    header.push_back(ref + (vi ? " đạt" : " met"));
  }
  for (const std::string& id : criteria) {
    header.push_back((vi ? "TC " : "C ") + id);
  }
  for (const char* column :
       {vi ? "số lỗi" : "errors", vi ? "số cảnh báo" : "warnings", vi ? "lỗi tệp" : "file problem"}) {
    header.emplace_back(column);
  }
  write_csv_row(out, header, ',');
  for (const eval::CommuneRow& row : result.rows) {
    std::vector<std::string> fields{row.file};
    if (row.evaluated) {
      fields.insert(fields.end(),
                    {row.commune.code, row.commune.name, row.commune.district, row.commune.province,
                     std::to_string(row.year), std::string(model::region_code(row.region)), row.status,
                     level_label(book.levels, row.status, lang), row.claimed.value_or("")});
    } else {
      fields.resize(10);
    }
    for (const std::string& ref : refs) {
      const eval::SetSummary* set = row.find_set(ref);
      fields.push_back(set ? std::to_string(set->criteria_met) + "/" + std::to_string(set->criteria_total())
                           : "");
    }
    const eval::SetSummary* main = row.find_set(result.main_ref);
    for (const std::string& id : criteria) {
      std::string cell;
      for (std::size_t i = 0; main && i < main->criteria.size(); ++i) {
        if (main->version->criteria[i].id == id) {
          cell = std::string(outcome_label(main->criteria[i], lang));
        }
      }
      fields.push_back(cell);
    }
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::string problem;
    for (const eval::Finding& finding : row.findings) {
      errors += finding.severity == eval::Severity::error ? 1 : 0;
      warnings += finding.severity == eval::Severity::warning ? 1 : 0;
      if (!row.evaluated && problem.empty()) {
        problem = finding.where.str() + ": " + finding_message(finding, book.levels, lang);
      }
    }
    fields.insert(fields.end(), {std::to_string(errors), std::to_string(warnings), problem});
    write_csv_row(out, fields, ',');
  }
}

} // namespace ntm::report
