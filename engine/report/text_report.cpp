#include "report/text_report.hpp"

#include "load/number.hpp"

#include <map>

namespace ntm::report {

std::size_t display_width(std::string_view text)
{
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0U) == 0x80U) {
      continue;
    }
    // U+0300–U+036F (combining diacritics) are encoded CC 80 – CD AF.
    if ((c == 0xCC ||
         (c == 0xCD && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0xAF))) {
      continue;
    }
    ++width;
  }
  return width;
}

std::string fit(std::string_view text, std::size_t width)
{
  if (width == 0) {
    return "";
  }
  if (display_width(text) <= width) {
    return std::string(text) + std::string(width - display_width(text), ' ');
  }
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0U) {
      length = 4;
    } else if (c >= 0xE0U) {
      length = 3;
    } else if (c >= 0xC0U) {
      length = 2;
    }
    const std::string_view piece = text.substr(i, length);
    const std::size_t piece_width = display_width(piece);
    if (used + piece_width > width - 1) {
      break;
    }
    out += piece;
    used += piece_width;
    i += length;
  }
  return out + "…" + std::string(width - 1 - used, ' ');
}

namespace {

struct Words {
  const char* commune;
  const char* code;
  const char* year;
  const char* region;
  const char* special;
  const char* status;
  const char* claim;
  const char* version;
  const char* met_of;
  const char* criteria;
  const char* header_number;
  const char* header_criterion;
  const char* header_result;
  const char* blocks;
  const char* failing;
  const char* header_code;
  const char* header_indicator;
  const char* header_value;
  const char* header_target;
  const char* header_gap;
  const char* unverified_mark;
  const char* findings;
  const char* no_findings;
  const char* summary;
  const char* communes;
  const char* by_status;
  const char* by_criteria;
  const char* meet;
};

const Words k_vi = {"Xã",
                    "mã",
                    "năm",
                    "Vùng",
                    "xã đặc biệt khó khăn: áp dụng chỉ tiêu vùng",
                    "Kết quả",
                    "Xã đề nghị",
                    "phiên bản",
                    "Đạt",
                    "tiêu chí",
                    "TT",
                    "Tiêu chí",
                    "Kết quả",
                    "chưa thể đạt",
                    "Chỉ tiêu chưa đạt hoặc thiếu số liệu",
                    "Mã",
                    "Chỉ tiêu",
                    "Giá trị",
                    "Mức yêu cầu",
                    "Còn thiếu",
                    "* mức yêu cầu chưa được đối chiếu với văn bản gốc (chưa xác minh)",
                    "Phát hiện",
                    "không có",
                    "Tổng hợp",
                    "xã",
                    "Theo mức đạt chuẩn",
                    "Số tiêu chí đạt",
                    "đạt"};
const Words k_en = {"Commune",
                    "code",
                    "year",
                    "Region",
                    "specially difficult commune: targets of region",
                    "Result",
                    "Claimed",
                    "version",
                    "Met",
                    "criteria",
                    "No",
                    "Criterion",
                    "Result",
                    "keeps out of reach",
                    "Indicators not met or missing",
                    "Code",
                    "Indicator",
                    "Value",
                    "Target",
                    "Gap",
                    "* threshold not yet checked against the legal text (unverified)",
                    "Findings",
                    "none",
                    "Summary",
                    "communes",
                    "By status",
                    "Criteria met",
                    "meet"};

const Words& words(Lang lang)
{
  return lang == Lang::vi ? k_vi : k_en;
}

std::string set_title(const model::RuleSet& version, Lang lang)
{
  return pick(version.name, version.name_en, lang);
}

} // namespace

void write_text(std::ostream& out, const eval::Evaluation& e, const model::RuleBook& book, Lang lang)
{
  const Words& w = words(lang);
  out << e.commune.name << " (" << w.code << " " << e.commune.code << ") · " << e.commune.district << " · "
      << e.commune.province << " · " << w.year << " " << e.year << "\n";
  out << w.region << ": " << region_label(e.region, lang);
  if (e.special_difficulty) {
    out << " (" << w.special << " " << region_label(e.target_region, lang) << ")";
  }
  out << "\n";
  out << w.status << ": " << level_label(book.levels, e.status, lang) << " [" << e.status << "]\n";
  if (e.claimed) {
    out << w.claim << ": " << level_label(book.levels, *e.claimed, lang) << " [" << *e.claimed << "]\n";
  }

  bool any_unverified = false;
  for (const eval::SetResult& set : e.sets) {
    const model::RuleSet& version = *set.version;
    out << "\n" << set_title(version, lang) << "\n";
    out << "  " << w.version << " " << version.id << " (" << version.legal.decision << ", "
        << version.legal.date << ")\n";
    out << "  " << w.met_of << " " << set.criteria_met << "/" << set.criteria_total() << " " << w.criteria
        << "\n\n";
    out << "  " << fit(w.header_number, 4) << " " << fit(w.header_criterion, 50) << " " << w.header_result
        << "\n";
    for (const eval::CriterionResult& criterion : set.criteria) {
      out << "  " << fit(criterion.rule->id, 4) << " "
          << fit(pick(criterion.rule->name, criterion.rule->name_en, lang), 50) << " "
          << outcome_label(criterion.outcome, lang);
      if (criterion.outcome != eval::Outcome::met && !criterion.blocks.empty()) {
        out << "  (" << w.blocks << ":";
        for (const std::string& level : criterion.blocks) {
          out << " " << level;
        }
        out << ")";
      }
      out << "\n";
    }
    bool header = false;
    for (const eval::CriterionResult& criterion : set.criteria) {
      for (const eval::IndicatorResult& indicator : criterion.indicators) {
        if (indicator.outcome != eval::Outcome::not_met && indicator.outcome != eval::Outcome::missing) {
          continue;
        }
        if (!header) {
          out << "\n  " << w.failing << ":\n";
          out << "  " << fit(w.header_code, 6) << " " << fit(w.header_indicator, 40) << " "
              << fit(w.header_value, 28) << " " << fit(w.header_target, 30) << " " << w.header_gap << "\n";
          header = true;
        }
        std::string target = target_text(indicator, lang);
        if (indicator.target && !indicator.target->verified) {
          target += " *";
          any_unverified = true;
        }
        std::string gap = !indicator.has_value() ? std::string(outcome_label(indicator.outcome, lang))
                          : indicator.gap        ? load::format_number(*indicator.gap)
                                                 : "—";
        out << "  " << fit(indicator.rule->code, 6) << " "
            << fit(pick(indicator.rule->name, indicator.rule->name_en, lang), 40) << " "
            << fit(value_text(indicator, lang), 28) << " " << fit(target, 30) << " " << gap << "\n";
      }
    }
  }
  if (any_unverified) {
    out << "\n" << w.unverified_mark << "\n";
  }
  out << "\n" << w.findings << ":";
  if (e.findings.empty()) {
    out << " " << w.no_findings << "\n";
  } else {
    out << "\n";
    for (const eval::Finding& finding : e.findings) {
      out << "  " << fit(severity_label(finding.severity, lang), 9) << " " << finding.where.str() << ": "
          << finding_message(finding, book.levels, lang) << " [" << finding.code << "]\n";
    }
  }
}

void write_text_summary(std::ostream& out, const std::vector<eval::Evaluation>& evaluations,
                        const model::RuleBook& book, Lang lang)
{
  const Words& w = words(lang);
  out << w.summary << ": " << evaluations.size() << " " << w.communes << "\n";
  std::map<std::string, int> by_status;
  for (const eval::Evaluation& e : evaluations) {
    ++by_status[e.status];
  }
  out << "  " << w.by_status << ":\n";
  auto status_line = [&](const std::string& id) {
    out << "    " << fit(level_label(book.levels, id, lang), 40) << " " << by_status[id] << " " << w.communes
        << "\n";
  };
  status_line(book.levels.none_id);
  for (const model::Level& level : book.levels.levels) {
    status_line(level.id);
  }
  // Per set ref, in level order: how many communes meet how many criteria.
  std::vector<std::string> refs;
  for (const model::Level& level : book.levels.levels) {
    refs.insert(refs.end(), level.required_sets.begin(), level.required_sets.end());
  }
  for (const std::string& ref : refs) {
    std::map<int, int, std::greater<>> by_count;
    int total = 0;
    std::string title;
    for (const eval::Evaluation& e : evaluations) {
      if (const eval::SetResult* set = e.find_set(ref)) {
        ++by_count[set->criteria_met];
        total = set->criteria_total();
        title = set_title(*set->version, lang);
      }
    }
    if (by_count.empty()) {
      continue;
    }
    out << "  " << w.by_criteria << " — " << title << " (" << ref << "):\n";
    for (const auto& [count, communes] : by_count) {
      out << "    " << communes << " " << w.communes << " " << w.meet << " " << count << "/" << total << " "
          << w.criteria << "\n";
    }
  }
}

} // namespace ntm::report
