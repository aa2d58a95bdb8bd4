// ntm template: a blank submission listing every indicator of the chosen sets.
#include "load/number.hpp"
#include "options.hpp"
#include "report/labels.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace ntm::cli {

namespace {

// "--" may not appear inside an XML comment.
std::string comment_safe(std::string text)
{
  for (std::size_t pos = text.find("--"); pos != std::string::npos; pos = text.find("--", pos)) {
    text.replace(pos, 2, "- -");
  }
  return text;
}

std::string accepted_values(const model::Indicator& indicator, bool csv = false)
{
  std::string values;
  switch (indicator.type) {
  case model::IndicatorType::boolean:
    values = "dat | khong-dat";
    break;
  case model::IndicatorType::grade:
    for (const model::Grade& grade : indicator.grades) {
      values += (values.empty() ? "" : " | ") + grade.id;
    }
    break;
  case model::IndicatorType::number:
    // The sheet has a unit column of its own.
    values = "number" + (indicator.unit.empty() || csv ? "" : " (" + indicator.unit + ")");
    break;
  case model::IndicatorType::percent:
    values =
        csv ? "percent 0-100, or numerator and denominator" : "percent 0-100, or numerator= and denominator=";
    break;
  }
  return indicator.if_any ? values + " | khong-co" : values;
}

std::string target_summary(const model::Indicator& indicator, const model::Target* target)
{
  if (!target) {
    return "no target for this region and year";
  }
  std::string value;
  if (target->derived) {
    value = load::format_number(target->derived->factor, 4) + " x target of " + target->derived->set_ref +
            ":" + target->derived->code;
  } else if (!target->symbol.empty()) {
    value = target->symbol;
  } else {
    value = report::with_unit(load::format_number(target->number, 4), indicator.unit);
  }
  return std::string(model::op_symbol(target->op)) + " " + value +
         (target->provenance.verified ? "" : " (unverified)");
}

struct TemplateCommune {
  int year = 0;
  std::string region;
  bool special = false;
  std::string code;
  std::string name;
  std::string district;
  std::string province;
};

/// The blank sheet of docs/submission-format.md#spreadsheets-csv: a byte-order mark and ';' so that
/// Excel in a Vietnamese locale opens it as UTF-8 columns; header rows, then one row per indicator.
std::string csv_template(const TemplateCommune& commune, const std::vector<const model::RuleSet*>& versions,
                         const model::RuleBook& book, model::Region target_region)
{
  std::ostringstream out;
  out << "\xEF\xBB\xBF";
  std::string levels;
  for (const model::Level& level : book.levels.levels) {
    levels += " " + level.id;
  }
  csv_row(out, {"year", std::to_string(commune.year), "Năm đánh giá"});
  csv_row(out, {"region", commune.region, "Vùng: tdmnpb dbsh btb dhntb tn dnb dbscl"});
  csv_row(out, {"special-difficulty", commune.special ? "true" : "false",
                "Xã đặc biệt khó khăn (true: xét theo chỉ tiêu vùng tdmnpb)"});
  csv_row(out, {"commune-code", commune.code, "Mã xã, 5 chữ số"});
  csv_row(out, {"commune-name", commune.name, "Tên xã"});
  csv_row(out, {"district", commune.district, "Huyện"});
  csv_row(out, {"province", commune.province, "Tỉnh, viết như trong bộ tiêu chí"});
  csv_row(out, {"claim", "", "Mức đề nghị công nhận, để trống nếu không đề nghị:" + levels});
  for (const model::RuleSet* version : versions) {
    csv_row(out, {"", "", version->name + " (" + version->id + ", " + version->legal.decision + ")"});
  }
  out << "\r\n";
  csv_row(out, {"set", "code", "name", "unit", "accepts", "target", "value", "numerator", "denominator",
                "self-assessment"});
  for (const model::RuleSet* version : versions) {
    for (const model::Criterion& criterion : version->criteria) {
      for (const model::Indicator& indicator : criterion.indicators) {
        const std::string accepts = indicator.value_from
                                        ? "taken from " + indicator.value_from->str() + ", not entered here"
                                        : accepted_values(indicator, true);
        csv_row(out, {version->ref, indicator.code, indicator.name, indicator.unit, accepts,
                      target_summary(indicator, indicator.target_for(target_region, commune.year)), "", "",
                      "", ""});
      }
    }
  }
  return out.str();
}

} // namespace

int run_template(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm template --province P --year Y --region R [--set REF]... [--special-difficulty]\n"
      "                    [--code C] [--name N] [--district D] [--rules DIR] [--output FILE]\n"
      "                    [--format xml|csv]\n\n"
      "Writes a blank submission listing every indicator of the sets in force for the province and year,\n"
      "each with its name, accepted values and target in a comment. Fill in value= for each "
      "indicator.\n"
      "With --format csv, a spreadsheet instead (UTF-8, ';'): one row per indicator, a value cell to fill.\n"
      "\noptions");
  std::vector<std::string> sets;
  std::string province;
  std::string region;
  std::string code = "00000";
  std::string name = "Xã ...";
  std::string district = "Huyện ...";
  int year = 0;
  std::string format = "xml";
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("set", po::value(&sets), "set ref (repeatable; default xa-ntm)")
    ("province", po::value(&province)->required(), "province, as the rules name it (\"Trà Vinh\")")
    ("year", po::value(&year)->required(), "assessment year")
    ("region", po::value(&region)->required(), "region: tdmnpb dbsh btb dhntb tn dnb dbscl")
    ("special-difficulty", "specially difficult commune (TDMNPB targets)")
    ("code", po::value(&code), "commune code (5 digits)")
    ("name", po::value(&name), "commune name")
    ("district", po::value(&district), "district name")
    ("rules", po::value<std::string>(), "rules directory")
    ("output,o", po::value<std::string>(), "write to FILE (atomically) instead of stdout")
    ("format", po::value(&format), "xml (default) or csv: a spreadsheet to fill in");
  // clang-format on
  const auto parsed = parse_command(args, visible);
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  const auto parsed_region = model::parse_region(region);
  if (!parsed_region) {
    throw UsageError{"unknown region '" + region + "' (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"};
  }
  if (format != "xml" && format != "csv") {
    throw UsageError{"--format must be 'xml' or 'csv', not '" + format + "'"};
  }
  if (sets.empty()) {
    sets.push_back("xa-ntm");
  }
  const auto rules = load_rules(rules_dir(vm, argv0), std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const bool special = vm.count("special-difficulty") > 0;
  const model::Region target_region = special ? model::Region::tdmnpb : *parsed_region;
  if (format == "csv") {
    std::vector<const model::RuleSet*> versions;
    for (const std::string& ref : sets) {
      versions.push_back(rules->book().select(ref, province, year));
      if (!versions.back()) {
        throw UsageError{"no version of set '" + ref + "' is in force for '" + province + "' in " +
                         std::to_string(year)};
      }
    }
    const TemplateCommune commune{year, region, special, code, name, district, province};
    emit(vm.count("output") ? std::optional(vm["output"].as<std::string>()) : std::nullopt,
         csv_template(commune, versions, rules->book(), target_region));
    return k_exit_ok;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<submission year=\"" << year << "\" region=\"" << region << "\""
      << (special ? " special-difficulty=\"true\"" : "") << ">\n";
  out << "  <commune code=\"" << report::escape_markup(code) << "\" name=\"" << report::escape_markup(name)
      << "\" district=\"" << report::escape_markup(district) << "\" province=\""
      << report::escape_markup(province) << "\"/>\n";
  for (const std::string& ref : sets) {
    const model::RuleSet* version = rules->book().select(ref, province, year);
    if (!version) {
      throw UsageError{"no version of set '" + ref + "' is in force for '" + province + "' in " +
                       std::to_string(year)};
    }
    out << "  <!-- " << comment_safe(version->name) << " (" << version->id << ", "
        << comment_safe(version->legal.decision) << ") -->\n";
    out << "  <set ref=\"" << ref << "\">\n";
    for (const model::Criterion& criterion : version->criteria) {
      out << "    <!-- " << criterion.id << ". " << comment_safe(criterion.name) << " -->\n";
      for (const model::Indicator& indicator : criterion.indicators) {
        if (indicator.value_from) {
          out << "    <!-- " << indicator.code << " " << comment_safe(indicator.name) << ": taken from "
              << indicator.value_from->str() << ", not entered here -->\n";
          continue;
        }
        out << "    <!-- " << indicator.code << " " << comment_safe(indicator.name) << " | "
            << comment_safe(accepted_values(indicator)) << " | target "
            << comment_safe(target_summary(indicator, indicator.target_for(target_region, year))) << " -->\n";
        out << "    <indicator code=\"" << indicator.code << "\" value=\"\"/>\n";
      }
    }
    out << "  </set>\n";
  }
  out << "</submission>\n";
  emit(vm.count("output") ? std::optional(vm["output"].as<std::string>()) : std::nullopt, out.str());
  return k_exit_ok;
}

} // namespace ntm::cli
