#include "report/json_report.hpp"

#include "load/number.hpp"
#include "report/json_parts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>

namespace ntm::report {

namespace {

using nlohmann::json;

// Arithmetic leaves noise (1.1 × 50 = 55.00000000000001); nine decimals is more than any
// indicator has, and whole numbers print as integers.
double without_noise(double value)
{
  return std::round(value * 1e9) / 1e9;
}

/// Whether a rounded number is written as an integer: whole, and exact as a double.
bool whole(double rounded)
{
  return std::fabs(rounded) < 9007199254740992.0 && rounded == std::floor(rounded);
}

} // namespace

json number_json(double value)
{
  const double rounded = without_noise(value);
  if (whole(rounded)) {
    return static_cast<std::int64_t>(rounded);
  }
  return rounded;
}

namespace {

/// What nlohmann's Grisu2 writes for `rounded`, `scaled` / 1e9 (`scaled` a whole number), in
/// `buffer` (room for 32 characters), for the usual number: not whole, from 1e-4 to below 1e6.
/// Returns the length written, 0 for any other number, which Grisu2 writes instead.
///
/// The decimal d = scaled × 10^-9 has at most 15 digits, and no two such decimals round to the same
/// double, so d is the only one that short among those rounding to `rounded`: the shortest, which
/// Grisu2 writes, if it sees it. Grisu2 looks only between bounds it computes a little inside the
/// true ones, by less than 2^-9 of a double's ulp (64-bit products, each off by under one of its
/// ulps), and writes more digits (30.115540588000002) for a d nearer than that to a bound: about
/// one number in 600. So d is written only when it stands well inside, by 1/32 of the half-gap.
/// Example: 1.540816327 is 2^-52 × 6939219836123576.31, 0.31 of an ulp above its double and 0.19
/// inside the bound above it, so it is written as it is.
std::size_t write_nine_decimals(char* buffer, double scaled, double rounded)
{
  const double whole_digits = std::fabs(scaled);
  if (!(whole_digits >= 1e5 && whole_digits < 1e15)) {
    return 0;
  }
  const double magnitude = std::fabs(rounded);
  // (magnitude - d) × 1e9, exact: a multiple of magnitude's ulp × 2^9 below 2^20 of them.
  const double residual = std::fma(magnitude, 1e9, -whole_digits);
  // The gap to the next double on d's side; its half is where the bound is.
  const auto bits = std::bit_cast<std::uint64_t>(magnitude);
  const double gap = residual > 0 ? magnitude - std::bit_cast<double>(bits - 1)
                                  : std::bit_cast<double>(bits + 1) - magnitude;
  if (!(std::fabs(residual) < gap * (1e9 * 31 / 64))) {
    return 0;
  }
  return load::write_decimal(buffer, rounded < 0, static_cast<std::uint64_t>(whole_digits), 9);
}

} // namespace

void append_number_json(std::string& out, double value)
{
  const double scaled = std::round(value * 1e9);
  const double rounded = scaled / 1e9; // without_noise(value)
  // The size of the buffer nlohmann's serializer writes numbers into.
  std::array<char, 64> buffer{};
  char* end = nullptr;
  if (whole(rounded)) {
    // Integers: the digits, with a minus sign, as serializer::dump_integer writes them (-0 is 0).
    end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<std::int64_t>(rounded)).ptr;
  } else if (!std::isfinite(rounded)) {
    // serializer::dump_float writes NaN and infinities as null.
    out += "null";
    return;
  } else if (const std::size_t length = write_nine_decimals(buffer.data(), scaled, rounded)) {
    end = buffer.data() + length;
  } else {
    // The formatter serializer::dump_float calls for a double (Grisu2, `%g`-like layout): the
    // same function, so the same text.
    end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded);
  }
  // By pointer and size: the overload for two iterators goes through replace, which costs more.
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

json location_json(const Location& where)
{
  if (where.source.empty()) {
    return nullptr;
  }
  return {{"file", where.source}, {"line", where.line}, {"column", where.column}};
}

namespace {

json value_json(const eval::IndicatorResult& result)
{
  if (result.number) {
    return number_json(*result.number);
  }
  if (!result.symbol.empty()) {
    return result.symbol;
  }
  if (result.outcome == eval::Outcome::not_applicable) {
    return "khong-co";
  }
  return nullptr;
}

json target_json(const eval::IndicatorResult& result)
{
  if (!result.target) {
    return nullptr;
  }
  const eval::ResolvedTarget& target = *result.target;
  json out;
  out["op"] = std::string(model::op_code(target.op));
  out["symbol"] = std::string(model::op_symbol(target.op));
  if (target.symbol.empty()) {
    out["value"] = number_json(target.number);
  } else {
    out["value"] = target.symbol;
  }
  out["region"] = std::string(model::region_code(target.region));
  out["year"] = target.year;
  const model::Target& rule = *target.rule;
  out["verified"] = target.verified;
  out["source"] = rule.provenance.source;
  if (!rule.provenance.note.empty()) {
    out["note"] = rule.provenance.note;
  }
  if (rule.derived) {
    out["derived"] = {{"factor", number_json(rule.derived->factor)},
                      {"of", rule.derived->set_ref + ":" + rule.derived->code},
                      {"version", target.base_version},
                      {"base", target.base ? number_json(*target.base) : json(nullptr)}};
  }
  return out;
}

json indicator_json(const eval::IndicatorResult& result, Lang lang)
{
  json out;
  out["code"] = result.rule->code;
  out["name"] = pick(result.rule->name, result.rule->name_en, lang);
  out["type"] = std::string(model::type_code(result.rule->type));
  out["result"] = std::string(eval::outcome_code(result.outcome));
  out["value"] = value_json(result);
  if (result.numerator && result.denominator) {
    out["numerator"] = number_json(*result.numerator);
    out["denominator"] = number_json(*result.denominator);
  }
  if (!result.derived_from.empty()) {
    out["derived_from"] = result.derived_from;
  }
  out["target"] = target_json(result);
  out["unit"] = result.rule->unit;
  out["gap"] = result.gap ? number_json(*result.gap) : json(nullptr);
  out["margin"] = result.margin ? number_json(*result.margin) : json(nullptr);
  if (result.self_assessment) {
    out["self_assessment"] = *result.self_assessment ? "dat" : "khong-dat";
  }
  return out;
}

} // namespace

json finding_json(const eval::Finding& finding, const model::Levels& levels, Lang lang)
{
  json out;
  out["severity"] = std::string(eval::severity_code(finding.severity));
  out["code"] = finding.code;
  out["message"] = finding_message(finding, levels, lang);
  out["set"] = finding.set_ref.empty() ? json(nullptr) : json(finding.set_ref);
  out["indicator"] = finding.indicator.empty() ? json(nullptr) : json(finding.indicator);
  out["location"] = location_json(finding.where);
  if (!finding.criterion.empty()) {
    out["criterion"] = finding.criterion;
  }
  if (finding.amount) {
    out["amount"] = number_json(*finding.amount);
  }
  if (finding.percent) {
    out["percent"] = number_json(*finding.percent);
  }
  return out;
}

json sets_json(const eval::Evaluation& e, Lang lang)
{
  // Built member by member and moved in: a braced list of members copies each whole array.
  json sets = json::array();
  for (const eval::SetResult& set : e.sets) {
    const model::RuleSet& version = *set.version;
    json criteria = json::array();
    for (const eval::CriterionResult& criterion : set.criteria) {
      json indicators = json::array();
      for (const eval::IndicatorResult& indicator : criterion.indicators) {
        indicators.push_back(indicator_json(indicator, lang));
      }
      json entry;
      entry["id"] = criterion.rule->id;
      entry["name"] = pick(criterion.rule->name, criterion.rule->name_en, lang);
      entry["result"] = std::string(eval::outcome_code(criterion.outcome));
      entry["blocks"] = criterion.outcome == eval::Outcome::met ? json::array() : json(criterion.blocks);
      entry["indicators"] = std::move(indicators);
      criteria.push_back(std::move(entry));
    }
    json entry;
    entry["ref"] = version.ref;
    entry["version"] = version.id;
    entry["name"] = pick(version.name, version.name_en, lang);
    entry["legal_basis"] = {{"decision", version.legal.decision},
                            {"date", version.legal.date},
                            {"verified", version.legal.provenance.verified}};
    entry["submitted"] = set.submitted;
    entry["criteria_met"] = set.criteria_met;
    entry["criteria_total"] = set.criteria_total();
    entry["criteria"] = std::move(criteria);
    sets.push_back(std::move(entry));
  }
  return sets;
}

namespace {

// The text writers below write what dump(2) writes for the documents above, members in key order:
// the audit writes the conditions of every district with them.

/// A number as number_json writes it, or null.
void append_optional_number(std::string& out, const std::optional<double>& value)
{
  if (value) {
    append_number_json(out, *value);
  } else {
    out += "null";
  }
}

/// target_json's members, in key order.
void append_target(PrettyText& text, const eval::ResolvedTarget& target)
{
  const model::Target& rule = *target.rule;
  text.open('{');
  if (rule.derived) {
    text.field("derived");
    text.open('{');
    text.field("base");
    append_optional_number(text.out(), target.base);
    text.field("factor");
    append_number_json(text.out(), rule.derived->factor);
    text.field("of");
    append_json_string(text.out(), rule.derived->set_ref + ":" + rule.derived->code);
    text.string("version", target.base_version);
    text.close('}');
  }
  if (!rule.provenance.note.empty()) {
    text.string("note", rule.provenance.note);
  }
  text.string("op", model::op_code(target.op));
  text.string("region", model::region_code(target.region));
  text.string("source", rule.provenance.source);
  text.string("symbol", model::op_symbol(target.op));
  if (target.symbol.empty()) {
    text.field("value");
    append_number_json(text.out(), target.number);
  } else {
    text.string("value", target.symbol);
  }
  text.field("verified");
  text.out() += target.verified ? "true" : "false";
  text.integer("year", target.year);
  text.close('}');
}

/// indicator_json's members, in key order.
void append_indicator(PrettyText& text, const eval::IndicatorResult& result, Lang lang)
{
  const bool counts = result.numerator && result.denominator;
  text.open('{');
  text.string("code", result.rule->code);
  if (counts) {
    text.field("denominator");
    append_number_json(text.out(), *result.denominator);
  }
  if (!result.derived_from.empty()) {
    text.string("derived_from", result.derived_from);
  }
  text.field("gap");
  append_optional_number(text.out(), result.gap);
  text.field("margin");
  append_optional_number(text.out(), result.margin);
  text.string("name", pick(result.rule->name, result.rule->name_en, lang));
  if (counts) {
    text.field("numerator");
    append_number_json(text.out(), *result.numerator);
  }
  text.string("result", eval::outcome_code(result.outcome));
  if (result.self_assessment) {
    text.string("self_assessment", *result.self_assessment ? "dat" : "khong-dat");
  }
  text.field("target");
  if (result.target) {
    append_target(text, *result.target);
  } else {
    text.out() += "null";
  }
  text.string("type", model::type_code(result.rule->type));
  text.string("unit", result.rule->unit);
  text.field("value");
  if (result.number) {
    append_number_json(text.out(), *result.number);
  } else if (!result.symbol.empty()) {
    append_json_string(text.out(), result.symbol);
  } else if (result.outcome == eval::Outcome::not_applicable) {
    text.out() += "\"khong-co\"";
  } else {
    text.out() += "null";
  }
  text.close('}');
}

/// A criterion's entry of sets_json, in key order.
void append_criterion(PrettyText& text, const eval::CriterionResult& criterion, Lang lang)
{
  text.open('{');
  text.field("blocks");
  const std::span<const std::string> blocks =
      criterion.outcome == eval::Outcome::met ? std::span<const std::string>() : criterion.blocks;
  text.array(blocks, [&](const std::string& level) { append_json_string(text.out(), level); });
  text.string("id", criterion.rule->id);
  text.field("indicators");
  text.array(criterion.indicators,
             [&](const eval::IndicatorResult& indicator) { append_indicator(text, indicator, lang); });
  text.string("name", pick(criterion.rule->name, criterion.rule->name_en, lang));
  text.string("result", eval::outcome_code(criterion.outcome));
  text.close('}');
}

} // namespace

void append_sets_text(PrettyText& text, const eval::Evaluation& e, Lang lang)
{
  text.array(e.sets, [&](const eval::SetResult& set) {
    const model::RuleSet& version = *set.version;
    text.open('{');
    text.field("criteria");
    text.array(set.criteria,
               [&](const eval::CriterionResult& criterion) { append_criterion(text, criterion, lang); });
    text.integer("criteria_met", set.criteria_met);
    text.integer("criteria_total", set.criteria_total());
    text.field("legal_basis");
    text.open('{');
    text.string("date", version.legal.date);
    text.string("decision", version.legal.decision);
    text.field("verified");
    text.out() += version.legal.provenance.verified ? "true" : "false";
    text.close('}');
    text.string("name", pick(version.name, version.name_en, lang));
    text.string("ref", version.ref);
    text.field("submitted");
    text.out() += set.submitted ? "true" : "false";
    text.string("version", version.id);
    text.close('}');
  });
}

json evaluation_object(const eval::Evaluation& e, const model::RuleBook& book, Lang lang)
{
  json out;
  out["file"] = e.source;
  out["status"] = e.status;
  out["status_name"] = level_label(book.levels, e.status, lang);
  out["claimed_status"] = e.claimed ? json(*e.claimed) : json(nullptr);
  out["commune"] = {{"code", e.commune.code},
                    {"name", e.commune.name},
                    {"district", e.commune.district},
                    {"province", e.commune.province}};
  out["year"] = e.year;
  out["region"] = std::string(model::region_code(e.region));
  out["target_region"] = std::string(model::region_code(e.target_region));
  out["special_difficulty"] = e.special_difficulty;
  json levels = json::array();
  for (const eval::LevelResult& level : e.levels) {
    levels.push_back({{"id", level.level->id}, {"reached", level.reached}});
  }
  out["levels"] = levels;
  out["sets"] = sets_json(e, lang);
  json findings = json::array();
  for (const eval::Finding& finding : e.findings) {
    findings.push_back(finding_json(finding, book.levels, lang));
  }
  out["findings"] = findings;
  return out;
}

std::string evaluation_json(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang)
{
  return evaluation_object(evaluation, book, lang).dump(2) + "\n";
}

std::string evaluation_json(const eval::Evaluation& evaluation, const model::RuleBook& book, Lang lang,
                            const WhatIf& what_if)
{
  json out = evaluation_object(evaluation, book, lang);
  out["what_if"] = comparison_json(*what_if.comparison, what_if.assignments, book, lang);
  return out.dump(2) + "\n";
}

std::string evaluations_json(const std::vector<eval::Evaluation>& evaluations, const model::RuleBook& book,
                             Lang lang)
{
  json all = json::array();
  for (const eval::Evaluation& e : evaluations) {
    all.push_back(evaluation_object(e, book, lang));
  }
  return all.dump(2) + "\n";
}

} // namespace ntm::report
