#include "report/plan_report.hpp"

#include "load/number.hpp"
#include "report/json_parts.hpp"

#include <cmath>

namespace ntm::report {

namespace {

const eval::IndicatorResult& indicator_of(const eval::Plan& plan, const eval::PlanItem& item)
{
  return plan.evaluation.sets[item.set].criteria[item.criterion].indicators[item.indicator];
}

const eval::CriterionResult& criterion_of(const eval::Plan& plan, const eval::PlanItem& item)
{
  return plan.evaluation.sets[item.set].criteria[item.criterion];
}

std::string count_text(const eval::IndicatorResult& indicator, double change, Lang lang)
{
  const bool vi = lang == Lang::vi;
  const std::string unit = pick(indicator.rule->count_unit, indicator.rule->count_unit_en, lang);
  const std::string amount = load::format_number(std::fabs(change), 0);
  const std::string total = load::format_number(*indicator.denominator, 0) + (unit.empty() ? "" : " " + unit);
  if (vi) {
    return (change < 0 ? "giảm " : "thêm ") + amount + " trên tổng số " + total;
  }
  return amount + (change < 0 ? " fewer" : " more") + " of " + total;
}

std::string gap_text(const eval::PlanItem& item, const eval::IndicatorResult& indicator, Lang lang)
{
  const bool vi = lang == Lang::vi;
  if (indicator.outcome == eval::Outcome::missing) {
    if (!indicator.derived_from.empty()) {
      return vi ? "thiếu số liệu (lấy từ " + indicator.derived_from + ")"
                : "missing (taken from " + indicator.derived_from + ")";
    }
    return vi ? "thiếu số liệu" : "missing data";
  }
  if (!indicator.gap) {
    if (indicator.rule->type == model::IndicatorType::grade) {
      return vi ? "cần đạt mức " + target_text(indicator, lang)
                : "must reach " + target_text(indicator, lang);
    }
    return vi ? "cần đạt yêu cầu" : "must be met";
  }
  const std::string unit = unit_text(*indicator.rule, lang);
  const std::string gap = unit == "%" ? load::format_number(*indicator.gap) + (vi ? " điểm %" : " points")
                                      : with_unit(load::format_number(*indicator.gap), unit);
  std::string text = (vi ? "còn thiếu " : "short by ") + gap;
  if (item.count_change) {
    text += vi ? ", tức " : ", i.e. ";
    text += count_text(indicator, *item.count_change, lang);
  }
  return text;
}

std::string blocks_text(const eval::CriterionResult& criterion)
{
  std::string out;
  for (const std::string& level : criterion.blocks) {
    out += (out.empty() ? "" : ", ") + level;
  }
  return out;
}

std::string target_with_year(const eval::IndicatorResult& indicator, Lang lang)
{
  std::string text = target_text(indicator, lang);
  if (indicator.target && !indicator.target->verified) {
    text += " *";
  }
  return text;
}

} // namespace

void write_plan_text(std::ostream& out, const eval::Plan& plan, const model::RuleBook& book, Lang lang)
{
  const bool vi = lang == Lang::vi;
  const eval::Evaluation& e = plan.evaluation;
  out << (vi ? "Kế hoạch đạt chuẩn: " : "Plan to reach: ") << level_label(book.levels, plan.target, lang)
      << " [" << plan.target << "]\n";
  out << e.commune.name << " (" << e.commune.code << ") · " << e.commune.district << " · "
      << e.commune.province << "\n";
  if (plan.plan_year != plan.own_year) {
    out << (vi ? "Số liệu năm " : "Figures of ") << plan.own_year
        << (vi ? ", so với mức yêu cầu năm " : ", against the targets of ") << plan.plan_year << "\n";
  } else {
    out << (vi ? "Năm " : "Year ") << plan.plan_year << "\n";
  }
  out << (vi ? "Hiện tại: " : "Now: ") << level_label(book.levels, e.status, lang);
  for (const eval::SetResult& set : e.sets) {
    out << "; " << set.version->ref << " " << set.criteria_met << "/" << set.criteria_total();
  }
  out << "\n";
  bool any_unverified = false;
  bool lower_reached = true; // every level below the one being written is reached
  int step = 0;
  for (const eval::LevelPlan& level : plan.levels) {
    out << "\n"
        << ++step << ". " << pick(level.level->name, level.level->name_en, lang) << " [" << level.level->id
        << "]: ";
    if (level.reached) {
      out << (vi ? "đã đạt" : "reached") << "\n";
      continue;
    }
    const bool below_reached = lower_reached;
    lower_reached = false;
    if (level.items.empty()) {
      out << (vi ? "chưa đạt vì mức thấp hơn chưa đạt" : "not reached because a lower level is not") << "\n";
      continue;
    }
    if (vi) {
      out << level.not_met << " chỉ tiêu chưa đạt, " << level.missing << " chỉ tiêu thiếu số liệu\n";
    } else {
      out << level.not_met << (level.not_met == 1 ? " indicator" : " indicators") << " not met, "
          << level.missing << " missing\n";
    }
    if (level.only_missing_data() && below_reached) {
      out << (vi ? "   Mức này chỉ còn vướng vì thiếu số liệu: không chỉ tiêu nào được biết là chưa đạt.\n"
                 : "   Only missing data stand in the way of this level: no indicator is known to fail.\n");
    } else if (level.only_missing_data()) {
      out << (vi ? "   Bộ tiêu chí riêng của mức này chỉ còn thiếu số liệu; mức này còn chờ các mức thấp "
                   "hơn.\n"
                 : "   This level's own set lacks only data; it also waits for the levels below.\n");
    }
    const eval::CriterionResult* current = nullptr;
    for (const eval::PlanItem& item : level.items) {
      const eval::CriterionResult& criterion = criterion_of(plan, item);
      const eval::IndicatorResult& indicator = indicator_of(plan, item);
      if (&criterion != current) {
        current = &criterion;
        out << "   " << plan.evaluation.sets[item.set].version->ref << (vi ? " tiêu chí " : " criterion ")
            << criterion.rule->id << " " << pick(criterion.rule->name, criterion.rule->name_en, lang)
            << (vi ? " (mở đường tới: " : " (unblocks: ") << blocks_text(criterion) << ")\n";
      }
      out << "     " << indicator.rule->code << " "
          << pick(indicator.rule->name, indicator.rule->name_en, lang) << "\n       "
          << value_text(indicator, lang) << " → " << target_with_year(indicator, lang);
      if (item.own_year_target) {
        eval::IndicatorResult before = indicator;
        before.target = item.own_year_target;
        out << (vi ? " (năm " : " (") << plan.own_year << ": " << target_text(before, lang) << ")";
      }
      out << ": " << gap_text(item, indicator, lang);
      if (item.newly_blocking) {
        out << (vi ? "; đạt với mức năm " : "; met against the targets of ") << plan.own_year;
      }
      out << "\n";
      any_unverified = any_unverified || (indicator.target && !indicator.target->verified);
    }
  }
  if (any_unverified) {
    out << (vi ? "\n* mức yêu cầu chưa được đối chiếu với văn bản gốc (chưa xác minh)\n"
               : "\n* threshold not yet checked against the legal text (unverified)\n");
  }
}

std::string plan_json(const eval::Plan& plan, Lang lang)
{
  nlohmann::json out;
  out["target"] = plan.target;
  out["own_year"] = plan.own_year;
  out["plan_year"] = plan.plan_year;
  out["status"] = plan.evaluation.status;
  out["commune"] = {{"code", plan.evaluation.commune.code}, {"name", plan.evaluation.commune.name}};
  nlohmann::json levels = nlohmann::json::array();
  for (const eval::LevelPlan& level : plan.levels) {
    nlohmann::json items = nlohmann::json::array();
    for (const eval::PlanItem& item : level.items) {
      const eval::IndicatorResult& indicator = indicator_of(plan, item);
      nlohmann::json entry;
      entry["set"] = plan.evaluation.sets[item.set].version->ref;
      entry["criterion"] = criterion_of(plan, item).rule->id;
      entry["indicator"] = indicator.rule->code;
      entry["name"] = pick(indicator.rule->name, indicator.rule->name_en, lang);
      entry["result"] = std::string(eval::outcome_code(indicator.outcome));
      entry["value"] = indicator.number           ? number_json(*indicator.number)
                       : indicator.symbol.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json(indicator.symbol);
      entry["target"] = indicator.target
                            ? nlohmann::json{{"op", std::string(model::op_code(indicator.target->op))},
                                             {"value", indicator.target->symbol.empty()
                                                           ? number_json(indicator.target->number)
                                                           : nlohmann::json(indicator.target->symbol)},
                                             {"verified", indicator.target->verified}}
                            : nlohmann::json(nullptr);
      entry["gap"] = indicator.gap ? number_json(*indicator.gap) : nlohmann::json(nullptr);
      entry["count_change"] = item.count_change ? number_json(*item.count_change) : nlohmann::json(nullptr);
      entry["unblocks"] = criterion_of(plan, item).blocks;
      entry["newly_blocking"] = item.newly_blocking;
      if (item.own_year_target) {
        entry["own_year_target"] = number_json(item.own_year_target->number);
      }
      items.push_back(entry);
    }
    levels.push_back({{"level", level.level->id},
                      {"reached", level.reached},
                      {"not_met", level.not_met},
                      {"missing", level.missing},
                      {"only_missing_data", level.only_missing_data()},
                      {"items", items}});
  }
  out["levels"] = levels;
  return out.dump(2) + "\n";
}

void write_explanation(std::ostream& out, const eval::Explanation& x, const eval::Evaluation& e, Lang lang)
{
  const bool vi = lang == Lang::vi;
  const model::RuleSet& version = *x.set->version;
  const model::Criterion& criterion = *x.criterion->rule;
  out << e.commune.name << " (" << e.commune.code << "), " << e.commune.province << ", "
      << (vi ? "năm " : "year ") << e.year << "\n\n";
  if (!x.indicator) {
    out << (vi ? "Tiêu chí " : "Criterion ") << criterion.id << " "
        << pick(criterion.name, criterion.name_en, lang) << " (" << version.ref
        << "): " << outcome_label(x.criterion->outcome, lang) << "\n";
    out << (vi ? "Tiêu chí đạt khi mọi chỉ tiêu áp dụng đều đạt. Các chỉ tiêu:\n"
               : "A criterion is met when every applicable indicator is met. Its indicators:\n");
    for (const eval::IndicatorResult& indicator : x.criterion->indicators) {
      out << "  " << indicator.rule->code << " " << pick(indicator.rule->name, indicator.rule->name_en, lang)
          << ": " << value_text(indicator, lang)
          << (indicator.target ? (vi ? " (yêu cầu: " : " (target: ") + target_text(indicator, lang) + ")"
                               : "")
          << " → " << outcome_label(indicator.outcome, lang) << "\n";
    }
  } else {
    const eval::IndicatorResult& r = *x.indicator;
    const model::Indicator& rule = *r.rule;
    out << (vi ? "Chỉ tiêu " : "Indicator ") << rule.code << ": " << pick(rule.name, rule.name_en, lang)
        << "\n";
    out << (vi ? "  thuộc tiêu chí " : "  of criterion ") << criterion.id << " "
        << pick(criterion.name, criterion.name_en, lang) << (vi ? ", bộ " : ", set ") << version.ref
        << "\n\n";
    out << (vi ? "Giá trị: " : "Value: ") << value_text(r, lang);
    if (!r.derived_from.empty()) {
      out << (vi ? ", lấy từ chỉ tiêu " : ", taken from indicator ") << r.derived_from;
    } else if (r.numerator && r.denominator) {
      out << (vi ? ", tính từ tử số " : ", computed from numerator ") << load::format_number(*r.numerator, 0)
          << (vi ? " trên mẫu số " : " over denominator ") << load::format_number(*r.denominator, 0);
    } else if (r.has_value()) {
      out << (vi ? ", khai trực tiếp" : ", given directly");
    }
    if (r.where.line > 0) {
      out << (vi ? " (" : " (") << r.where.str() << ")";
    }
    out << "\n";
    out << (vi ? "Bộ tiêu chí áp dụng: " : "Set version used: ") << version.id << " — "
        << pick(version.name, version.name_en, lang) << "\n   " << version.legal.decision
        << (vi ? " ngày " : " of ") << version.legal.date << (version.legal.provenance.verified ? "" : " *")
        << "; "
        << (version.national() ? (vi ? "bộ quốc gia, vì tỉnh không có bộ riêng cho năm này"
                                     : "the national version: the province has none of its own for this year")
                               : (vi ? "bộ của tỉnh " : "the version of ") + e.commune.province)
        << "\n";
    if (!r.target) {
      out << (vi ? "Mức yêu cầu: không có cho vùng và năm này\n" : "Target: none for this region and year\n");
    } else {
      const eval::ResolvedTarget& t = *r.target;
      const model::Target& row = *t.rule;
      out << (vi ? "Mức yêu cầu: " : "Target: ") << target_text(r, lang) << "\n";
      out << (vi ? "   chọn theo vùng " : "   chosen for region ") << region_label(t.region, lang);
      if (e.special_difficulty) {
        out << (vi ? " (xã đặc biệt khó khăn áp dụng mức của vùng này, Điều 1 Quyết định 318/QĐ-TTg)"
                   : " (a specially difficult commune takes this region's targets, Article 1 of 318/QĐ-TTg)");
      }
      out << (vi ? " và năm " : " and year ") << t.year
          << (vi ? "; dòng áp dụng cho " : "; the row applies to ");
      std::string regions;
      for (model::Region region : row.regions) {
        regions += (regions.empty() ? "" : ", ") + std::string(model::region_code(region));
      }
      std::string years;
      for (int year : row.years) {
        years += (years.empty() ? "" : ", ") + std::to_string(year);
      }
      out << (regions.empty() ? (vi ? "mọi vùng" : "every region") : (vi ? "vùng " : "regions ") + regions)
          << ", " << (years.empty() ? (vi ? "mọi năm" : "every year") : (vi ? "năm " : "years ") + years)
          << " (" << row.where.str() << ")\n";
      if (row.derived) {
        out << (vi ? "   tính bằng " : "   computed as ") << load::format_number(row.derived->factor, 4)
            << " × " << (t.base ? load::format_number(*t.base) : "?")
            << (vi ? " (mức chỉ tiêu " : " (the target of ") << row.derived->code << (vi ? " của " : " of ")
            << t.base_version << ")\n";
      }
      out << (vi ? "   căn cứ: " : "   legal basis: ") << row.provenance.source << "\n";
      out << "   "
          << (t.verified ? (vi ? "đã xác minh" : "verified")
                         : (vi ? "CHƯA XÁC MINH với văn bản gốc" : "NOT VERIFIED against the legal text"));
      if (!row.provenance.note.empty()) {
        out << "; " << row.provenance.note;
      }
      out << "\n";
    }
    out << (vi ? "So sánh: " : "Comparison: ");
    if (r.outcome == eval::Outcome::not_applicable) {
      out << (vi ? "xã không có đối tượng này (nếu có), không áp dụng"
                 : "the commune has none (if any): not applicable");
    } else if (!r.has_value()) {
      out << (vi ? "chưa có giá trị, thiếu số liệu" : "no value: missing");
    } else if (r.target) {
      out << value_text(r, lang) << " " << model::op_symbol(r.target->op) << " "
          << (r.target->symbol.empty() ? load::format_number(r.target->number) : r.target->symbol) << " → "
          << outcome_label(r.outcome, lang);
      if (r.gap && *r.gap > 0) {
        out << (vi ? ", còn thiếu " : ", short by ") << load::format_number(*r.gap);
      } else if (r.margin) {
        out << (vi ? ", vượt " : ", passed by ") << load::format_number(*r.margin);
      }
    }
    out << "\n";
    if (r.self_assessment) {
      const bool agrees = *r.self_assessment == (r.outcome == eval::Outcome::met);
      out << (vi ? "Tự đánh giá của xã: " : "Commune's self-assessment: ")
          << (*r.self_assessment ? (vi ? "đạt" : "met") : (vi ? "không đạt" : "not met")) << " — "
          << (agrees ? (vi ? "khớp với kết quả" : "agrees") : (vi ? "KHÔNG khớp với kết quả" : "DISAGREES"))
          << "\n";
    }
  }
  out << "\n"
      << (vi ? "Phụ thuộc vào " : "What depends on ")
      << (x.indicator ? (vi ? "chỉ tiêu này" : "this indicator") : (vi ? "tiêu chí này" : "this criterion"))
      << ":\n";
  if (x.dependents.empty()) {
    out << (vi ? "  không có\n" : "  nothing\n");
  }
  for (const eval::Dependent& d : x.dependents) {
    const std::string name = pick(d.name, d.name_en, lang);
    switch (d.kind) {
    case graph::NodeKind::criterion:
      out << (vi ? "  tiêu chí " : "  criterion ") << d.key << " " << name << " (" << d.set_id << ")\n";
      break;
    case graph::NodeKind::set:
      out << (vi ? "  toàn bộ " : "  all of ") << d.key << "\n";
      break;
    case graph::NodeKind::level:
      out << (vi ? "  mức " : "  level ") << d.key << ": " << name << "\n";
      break;
    case graph::NodeKind::indicator:
      out << (vi ? "  chỉ tiêu " : "  indicator ") << d.set_id << ":" << d.key << " " << name << "\n";
      break;
    }
  }
}

void write_comparison(std::ostream& out, const eval::Comparison& c,
                      const std::vector<std::string>& assignments, const model::RuleBook& book, Lang lang)
{
  const bool vi = lang == Lang::vi;
  out << (vi ? "Giả định (chỉ cho lần chạy này):" : "What if (this run only):");
  for (const std::string& assignment : assignments) {
    out << " " << assignment;
  }
  out << "\n  " << (vi ? "Kết quả: " : "Result: ") << level_label(book.levels, c.status_before, lang) << " → "
      << level_label(book.levels, c.status_after, lang) << "\n";
  for (const eval::Comparison::SetChange& set : c.sets) {
    out << "  " << set.ref << ": " << set.met_before << "/" << set.total << " → " << set.met_after << "/"
        << set.total << (vi ? " tiêu chí" : " criteria") << "\n";
  }
  for (const eval::Comparison::CriterionChange& change : c.criteria) {
    out << "  " << change.ref << (vi ? " tiêu chí " : " criterion ") << change.criterion->id << " "
        << pick(change.criterion->name, change.criterion->name_en, lang) << ": "
        << outcome_label(change.before, lang) << " → " << outcome_label(change.after, lang) << "\n";
  }
  for (const eval::Finding& finding : c.findings_resolved) {
    out << "  " << (vi ? "hết phát hiện: " : "finding gone: ") << finding_message(finding, book.levels, lang)
        << " [" << finding.code << "]\n";
  }
  for (const eval::Finding& finding : c.findings_new) {
    out << "  " << (vi ? "phát hiện mới: " : "new finding: ") << finding_message(finding, book.levels, lang)
        << " [" << finding.code << "]\n";
  }
  out << "\n";
}

nlohmann::json comparison_json(const eval::Comparison& c, const std::vector<std::string>& assignments,
                               const model::RuleBook& book, Lang lang)
{
  nlohmann::json out;
  out["assignments"] = assignments;
  out["status_before"] = c.status_before;
  out["status_after"] = c.status_after;
  nlohmann::json sets = nlohmann::json::array();
  for (const eval::Comparison::SetChange& set : c.sets) {
    sets.push_back(
        {{"ref", set.ref}, {"criteria_met_before", set.met_before}, {"criteria_met_after", set.met_after}});
  }
  out["sets"] = sets;
  nlohmann::json criteria = nlohmann::json::array();
  for (const eval::Comparison::CriterionChange& change : c.criteria) {
    criteria.push_back({{"ref", change.ref},
                        {"id", change.criterion->id},
                        {"before", std::string(eval::outcome_code(change.before))},
                        {"after", std::string(eval::outcome_code(change.after))}});
  }
  out["criteria_changed"] = criteria;
  nlohmann::json resolved = nlohmann::json::array();
  for (const eval::Finding& finding : c.findings_resolved) {
    resolved.push_back(finding_json(finding, book.levels, lang));
  }
  out["findings_resolved"] = resolved;
  nlohmann::json fresh = nlohmann::json::array();
  for (const eval::Finding& finding : c.findings_new) {
    fresh.push_back(finding_json(finding, book.levels, lang));
  }
  out["findings_new"] = fresh;
  return out;
}

} // namespace ntm::report
