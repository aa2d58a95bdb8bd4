#include "report/labels.hpp"

#include "load/number.hpp"

namespace ntm::report {

std::optional<Lang> parse_lang(std::string_view code)
{
  if (code == "vi") {
    return Lang::vi;
  }
  if (code == "en") {
    return Lang::en;
  }
  return std::nullopt;
}

std::string_view outcome_label(eval::Outcome outcome, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (outcome) {
  case eval::Outcome::met:
    return vi ? "đạt" : "met";
  case eval::Outcome::not_met:
    return vi ? "chưa đạt" : "not met";
  case eval::Outcome::missing:
    return vi ? "thiếu số liệu" : "missing";
  case eval::Outcome::not_applicable:
    return vi ? "không áp dụng" : "not applicable";
  }
  return "";
}

std::string_view severity_label(eval::Severity severity, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (severity) {
  case eval::Severity::error:
    return vi ? "lỗi" : "error";
  case eval::Severity::warning:
    return vi ? "cảnh báo" : "warning";
  case eval::Severity::info:
    return vi ? "thông tin" : "info";
  }
  return "";
}

std::string_view region_label(model::Region region, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (region) {
  case model::Region::tdmnpb:
    return vi ? "Trung du và miền núi phía Bắc" : "Northern Midlands and Mountains";
  case model::Region::dbsh:
    return vi ? "Đồng bằng sông Hồng" : "Red River Delta";
  case model::Region::btb:
    return vi ? "Bắc Trung Bộ" : "North Central Coast";
  case model::Region::dhntb:
    return vi ? "Duyên hải Nam Trung Bộ" : "South Central Coast";
  case model::Region::tn:
    return vi ? "Tây Nguyên" : "Central Highlands";
  case model::Region::dnb:
    return vi ? "Đông Nam Bộ" : "Southeast";
  case model::Region::dbscl:
    return vi ? "Đồng bằng sông Cửu Long" : "Mekong Delta";
  }
  return "";
}

const std::string &pick(const std::string &vi, const std::string &en, Lang lang)
{
  return lang == Lang::en && !en.empty() ? en : vi;
}

std::string level_label(const model::Levels &levels, std::string_view id, Lang lang)
{
  if (id == levels.none_id) {
    return pick(levels.none_name, levels.none_name_en, lang);
  }
  if (const model::Level *level = levels.find(id)) {
    return pick(level->name, level->name_en, lang);
  }
  return std::string(id);
}

namespace {

std::string symbol_text(const model::Indicator &rule, const std::string &symbol, Lang lang)
{
  if (rule.type == model::IndicatorType::grade) {
    for (const model::Grade &grade : rule.grades) {
      if (grade.id == symbol) {
        return pick(grade.name, grade.name_en, lang);
      }
    }
  }
  if (symbol == "dat") {
    return lang == Lang::vi ? "đạt" : "yes";
  }
  if (symbol == "khong-dat") {
    return lang == Lang::vi ? "không đạt" : "no";
  }
  return symbol;
}

std::string with_unit(const std::string &number, const std::string &unit)
{
  if (unit.empty()) {
    return number;
  }
  return unit == "%" ? number + "%" : number + " " + unit;
}

} // namespace

std::string value_text(const eval::IndicatorResult &result, Lang lang)
{
  if (result.outcome == eval::Outcome::not_applicable) {
    return lang == Lang::vi ? "không có" : "none";
  }
  if (result.number) {
    std::string text = with_unit(load::format_number(*result.number), result.rule->unit);
    if (result.numerator && result.denominator) {
      text += " (" + load::format_number(*result.numerator, 0) + "/" +
              load::format_number(*result.denominator, 0) + ")";
    }
    return text;
  }
  if (!result.symbol.empty()) {
    return symbol_text(*result.rule, result.symbol, lang);
  }
  return "—";
}

std::string target_text(const eval::IndicatorResult &result, Lang lang)
{
  if (!result.target) {
    return "";
  }
  const eval::ResolvedTarget &target = *result.target;
  const std::string op(model::op_symbol(target.op));
  if (result.rule->type == model::IndicatorType::boolean) {
    return symbol_text(*result.rule, target.symbol, lang);
  }
  if (result.rule->type == model::IndicatorType::grade) {
    return op + " " + symbol_text(*result.rule, target.symbol, lang);
  }
  return op + " " + with_unit(load::format_number(target.number), result.rule->unit);
}

std::string finding_message(const eval::Finding &f, const model::Levels &levels, Lang lang)
{
  const bool vi = lang == Lang::vi;
  const std::string where = f.set_ref.empty() ? "" : f.set_ref + " " + f.indicator;
  if (f.code == "self-assessment-mismatch") {
    const std::string said = f.claimed == "dat" ? (vi ? "đạt" : "met") : (vi ? "không đạt" : "not met");
    eval::Outcome actual = eval::Outcome::missing;
    for (auto outcome : {eval::Outcome::met, eval::Outcome::not_met, eval::Outcome::missing}) {
      if (eval::outcome_code(outcome) == f.actual) {
        actual = outcome;
      }
    }
    return vi ? "chỉ tiêu " + where + ": xã tự đánh giá '" + said + "' nhưng số liệu cho kết quả '" +
                    std::string(outcome_label(actual, lang)) + "'"
              : "indicator " + where + ": self-assessed as '" + said + "' but the data give '" +
                    std::string(outcome_label(actual, lang)) + "'";
  }
  if (f.code == "claim-not-supported") {
    return vi ? "xã đề nghị công nhận '" + level_label(levels, f.claimed, lang) +
                    "' nhưng số liệu chỉ đạt '" + level_label(levels, f.actual, lang) + "'"
              : "the commune claims '" + level_label(levels, f.claimed, lang) +
                    "' but the data reach only '" + level_label(levels, f.actual, lang) + "'";
  }
  if (f.code == "missing-value") {
    return vi ? "chỉ tiêu " + where + ": thiếu số liệu" : "indicator " + where + ": no value given";
  }
  if (f.code == "no-target") {
    return vi ? "chỉ tiêu " + where + ": bộ tiêu chí không có mức chỉ tiêu cho vùng và năm " + f.actual
              : "indicator " + where + ": the rules give no target for region and year " + f.actual;
  }
  return f.code + (where.empty() ? "" : ": " + where);
}

} // namespace ntm::report
