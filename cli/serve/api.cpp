#include "serve/api.hpp"

#include "eval/audit.hpp"
#include "eval/compare.hpp"
#include "eval/plan.hpp"
#include "load/csv_loader.hpp"
#include "load/json_submission.hpp"
#include "load/number.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"
#include "load/what_if.hpp"
#include "report/audit_report.hpp"
#include "report/json_report.hpp"
#include "report/plan_report.hpp"
#include "serve/submission_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace ntm::serve {

using Json = nlohmann::ordered_json;

namespace {

std::optional<std::string> param(const Params& params, const std::string& name)
{
  const auto it = params.find(name);
  return it == params.end() ? std::nullopt : std::optional(it->second);
}

std::vector<std::string> params_named(const Params& params, const std::string& name)
{
  std::vector<std::string> values;
  const auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    values.push_back(it->second);
  }
  return values;
}

report::Lang lang_param(const Params& params)
{
  const std::string value = param(params, "lang").value_or("vi");
  if (auto lang = report::parse_lang(value)) {
    return *lang;
  }
  throw BadRequest{"parameter 'lang' must be 'vi' or 'en', not '" + value + "'"};
}

std::optional<int> int_param(const Params& params, const std::string& name)
{
  const auto value = param(params, name);
  if (!value) {
    return std::nullopt;
  }
  const load::ParsedNumber parsed = load::parse_count(*value);
  if (!parsed.value || *parsed.value > 100000) {
    throw BadRequest{"parameter '" + name + "' must be a whole number, not '" + *value + "'"};
  }
  return static_cast<int>(*parsed.value);
}

std::optional<double> number_param(const Params& params, const std::string& name)
{
  const auto value = param(params, name);
  if (!value) {
    return std::nullopt;
  }
  const load::ParsedNumber parsed = load::parse_decimal(*value);
  if (!parsed.value || *parsed.value < 0) {
    throw BadRequest{"parameter '" + name + "' must be a number not below 0, not '" + *value + "'"};
  }
  return parsed.value;
}

Response json_response(std::string body)
{
  return {200, "application/json", std::move(body), ""};
}

Response load_failure(const Diagnostics& errors)
{
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : errors) {
    lines.push_back(diagnostic.str());
  }
  const Diagnostic& first = errors.front();
  return error_response(400, first.code, lines.front(), lines);
}

Loaded<model::Submission> load_upload(const Upload& upload, const model::RuleBook& book)
{
  const load::NamedText file{upload.name, upload.text};
  switch (upload.format) {
  case Format::csv:
    return load::load_submission_csv(file, book);
  case Format::json:
    return load::load_submission_json(file, book);
  case Format::xml:
    break;
  }
  return load::load_submission(file, book);
}

Response too_large(std::size_t limit)
{
  return error_response(413, "too-large",
                        "the request is larger than " + std::to_string(limit / (1024 * 1024)) + " MiB");
}

Response busy()
{
  return error_response(503, "busy", "every evaluation slot is busy; try again");
}

Json target_json(const model::Indicator& indicator, const model::Target* target)
{
  if (!target) {
    return nullptr;
  }
  Json out;
  out["op"] = model::op_code(target->op);
  out["symbol"] = model::op_symbol(target->op);
  if (target->derived) {
    out["value"] = nullptr;
    out["derived"] = {{"factor", target->derived->factor},
                      {"of", target->derived->set_ref + ":" + target->derived->code}};
  } else if (!target->symbol.empty()) {
    out["value"] = target->symbol;
  } else {
    out["value"] = target->number;
  }
  out["unit"] = indicator.unit;
  out["verified"] = target->provenance.verified;
  out["source"] = target->provenance.source;
  return out;
}

Json indicator_json(const model::Indicator& indicator, model::Region region, int year)
{
  Json out;
  out["code"] = indicator.code;
  out["name"] = indicator.name;
  out["name_en"] = indicator.name_en;
  out["type"] = model::type_code(indicator.type);
  out["unit"] = indicator.unit;
  out["unit_en"] = indicator.unit_en;
  out["count_unit"] = indicator.count_unit;
  out["if_any"] = indicator.if_any;
  out["whole"] = indicator.whole;
  out["min"] = indicator.min ? Json(*indicator.min) : Json();
  out["max"] = indicator.max ? Json(*indicator.max) : Json();
  out["derived_from"] = indicator.value_from ? Json(indicator.value_from->str()) : Json();
  out["grades"] = Json::array();
  for (const model::Grade& grade : indicator.grades) {
    out["grades"].push_back({{"id", grade.id}, {"name", grade.name}, {"name_en", grade.name_en}});
  }
  out["target"] = target_json(indicator, indicator.target_for(region, year));
  return out;
}

/// The form's pickers: provinces named by provincial versions, regions, years, levels.
Json pickers_json(const model::RuleBook& book)
{
  std::set<std::string> provinces;
  int first_year = 0;
  int last_year = 0;
  for (const model::RuleSet& set : book.sets) {
    if (set.scope != model::Scope::commune) {
      continue;
    }
    provinces.insert(set.provinces.begin(), set.provinces.end());
    first_year = first_year == 0 ? set.from_year : std::min(first_year, set.from_year);
    last_year = std::max(last_year, set.to_year);
  }
  Json out;
  out["provinces"] = provinces;
  out["years"] = {{"from", first_year}, {"to", last_year}};
  out["regions"] = Json::array();
  for (model::Region region : model::k_regions) {
    out["regions"].push_back({{"code", model::region_code(region)},
                              {"name", report::region_label(region, report::Lang::vi)},
                              {"name_en", report::region_label(region, report::Lang::en)}});
  }
  out["levels"] = Json::array();
  for (const model::Level& level : book.levels.levels) {
    out["levels"].push_back({{"id", level.id}, {"name", level.name}, {"name_en", level.name_en}});
  }
  out["none"] = {
      {"id", book.levels.none_id}, {"name", book.levels.none_name}, {"name_en", book.levels.none_name_en}};
  return out;
}

/// A private folder for one audit's uploads, deleted with everything in it when it goes.
class ScratchDir {
public:
  ScratchDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "ntm-serve-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      throw std::runtime_error("cannot make a temporary folder");
    }
    m_path = pattern;
  }
  ~ScratchDir()
  {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

void replace_all(std::string& text, const std::string& from, const std::string& to)
{
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

} // namespace

/// Holds one of the API's evaluation slots for as long as it lives.
class Api::Slot {
public:
  explicit Slot(Slots& slots) : m_slots(slots), m_held(slots.acquire(k_slot_wait)) {}
  ~Slot()
  {
    if (m_held) {
      m_slots.release();
    }
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  bool held() const { return m_held; }

private:
  Slots& m_slots;
  bool m_held;
};

Response error_response(int status, const std::string& code, const std::string& message,
                        const std::vector<std::string>& messages)
{
  Json error;
  error["code"] = code;
  error["message"] = message;
  error["messages"] = messages.empty() ? std::vector<std::string>{message} : messages;
  Json out;
  out["error"] = error;
  // A request's bytes may be anything: never let them stop the answer.
  return {status, "application/json", out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", ""};
}

std::string safe_name(const std::string& name, const std::string& fallback)
{
  const auto slash = name.find_last_of("/\\");
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  std::erase_if(base, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (base.size() > 100) {
    base.resize(100);
  }
  // Bytes that are not UTF-8 (a character cut above among them) would make every JSON answer
  // that names the file fail.
  for (auto bad = load::find_invalid_utf8(base); bad != std::string::npos;
       bad = load::find_invalid_utf8(base)) {
    base.erase(bad, 1);
  }
  return base.empty() || base == "." || base == ".." ? fallback : base;
}

Api::Api(const eval::RuleBase& rules, unsigned slots)
    : m_rules(rules), m_evaluator(rules), m_slots(std::max(slots, 1U))
{
}

Response Api::rules(const Params& params) const
{
  const model::RuleBook& book = m_rules.book();
  const auto year = int_param(params, "year");
  if (!year) {
    return json_response(pickers_json(book).dump(2) + "\n");
  }
  const std::string province = param(params, "province").value_or("");
  if (province.empty()) {
    throw BadRequest{"missing parameter 'province'"};
  }
  const std::string region_text = param(params, "region").value_or("");
  const auto region = model::parse_region(region_text);
  if (!region) {
    throw BadRequest{"unknown region '" + region_text + "' (regions: tdmnpb dbsh btb dhntb tn dnb dbscl)"};
  }
  const std::string special = param(params, "special-difficulty").value_or("false");
  if (special != "true" && special != "false") {
    throw BadRequest{"parameter 'special-difficulty' must be 'true' or 'false', not '" + special + "'"};
  }
  const model::Region target_region = special == "true" ? model::Region::tdmnpb : *region;
  Json out;
  out["province"] = province;
  out["year"] = *year;
  out["region"] = region_text;
  out["target_region"] = model::region_code(target_region);
  out["sets"] = Json::array();
  for (const std::string& ref : book.levels.required_refs()) {
    const model::RuleSet* version = book.select(ref, province, *year);
    if (!version || version->scope != model::Scope::commune) {
      continue;
    }
    Json set;
    set["ref"] = ref;
    set["version"] = version->id;
    set["name"] = version->name;
    set["name_en"] = version->name_en;
    set["decision"] = version->legal.decision;
    set["criteria"] = Json::array();
    for (const model::Criterion& criterion : version->criteria) {
      Json indicators = Json::array();
      for (const model::Indicator& indicator : criterion.indicators) {
        indicators.push_back(indicator_json(indicator, target_region, *year));
      }
      set["criteria"].push_back({{"id", criterion.id},
                                 {"name", criterion.name},
                                 {"name_en", criterion.name_en},
                                 {"indicators", std::move(indicators)}});
    }
    out["sets"].push_back(std::move(set));
  }
  if (out["sets"].empty()) {
    throw BadRequest{"no criteria set is in force for '" + province + "' in " + std::to_string(*year)};
  }
  return json_response(out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

Response Api::with_submission(const Upload& upload, const std::function<Response(model::Submission&)>& work)
{
  if (upload.text.size() > k_max_submission_bytes) {
    return too_large(k_max_submission_bytes);
  }
  const Slot slot(m_slots);
  if (!slot.held()) {
    return busy();
  }
  auto loaded = load_upload(upload, m_rules.book());
  if (!loaded.value) {
    return load_failure(loaded.errors);
  }
  return work(*loaded.value);
}

Response Api::evaluate(const Upload& upload, const Params& params)
{
  const report::Lang lang = lang_param(params);
  const std::vector<std::string> assignments = params_named(params, "set");
  return with_submission(upload, [&](model::Submission& submission) {
    if (assignments.empty()) {
      return json_response(report::evaluation_json(m_evaluator.evaluate(submission), m_rules.book(), lang));
    }
    const eval::Evaluation before = m_evaluator.evaluate(submission);
    const Diagnostics problems = load::apply_what_if(m_rules.book(), submission, assignments);
    if (!problems.empty()) {
      return load_failure(problems);
    }
    const eval::Evaluation after = m_evaluator.evaluate(submission);
    const eval::Comparison comparison = eval::compare(before, after);
    return json_response(report::evaluation_json(after, m_rules.book(), lang, {&comparison, assignments}));
  });
}

Response Api::plan(const Upload& upload, const Params& params)
{
  const report::Lang lang = lang_param(params);
  const auto year = int_param(params, "year");
  const auto target = param(params, "target");
  const std::vector<std::string> assignments = params_named(params, "set");
  return with_submission(upload, [&](model::Submission& submission) {
    const Diagnostics problems = load::apply_what_if(m_rules.book(), submission, assignments);
    if (!problems.empty()) {
      return load_failure(problems);
    }
    std::string error;
    const auto plan = eval::make_plan(m_evaluator, m_rules.book(), submission, target, year, error);
    if (!plan) {
      throw BadRequest{error};
    }
    return json_response(report::plan_json(*plan, lang));
  });
}

Response Api::convert(const Upload& upload, const Params& params)
{
  const std::string format = param(params, "format").value_or("json");
  if (format != "xml" && format != "csv" && format != "json") {
    throw BadRequest{"parameter 'format' must be 'xml', 'csv' or 'json', not '" + format + "'"};
  }
  return with_submission(upload, [&](const model::Submission& submission) -> Response {
    const std::string stem = submission.commune.code + "-" + std::to_string(submission.year);
    if (format == "xml") {
      return {200, "application/xml; charset=utf-8", submission_xml(submission), stem + ".xml"};
    }
    if (format == "csv") {
      return {200, "text/csv; charset=utf-8", submission_csv(submission), stem + ".csv"};
    }
    return json_response(submission_json(submission));
  });
}

Response Api::audit(const std::vector<Upload>& uploads, const Params& params)
{
  std::size_t total = 0;
  for (const Upload& upload : uploads) {
    total += upload.text.size();
  }
  if (total > k_max_audit_bytes) {
    return too_large(k_max_audit_bytes);
  }
  if (uploads.size() > k_max_audit_files) {
    return error_response(413, "too-large",
                          "the request holds more than " + std::to_string(k_max_audit_files) + " files");
  }
  if (uploads.empty()) {
    throw BadRequest{"no file given: send the submissions as multipart/form-data"};
  }
  const report::Lang lang = lang_param(params);
  const std::string format = param(params, "format").value_or("json");
  if (format != "json" && format != "html" && format != "csv") {
    throw BadRequest{"parameter 'format' must be 'json', 'html' or 'csv', not '" + format + "'"};
  }
  eval::AuditOptions options;
  options.jobs = 1; // one slot, one thread: an audit never takes more than its share
  options.thin_margin_percent = number_param(params, "thin-margin").value_or(options.thin_margin_percent);
  options.jump_percent = number_param(params, "jump").value_or(options.jump_percent);
  const Slot slot(m_slots);
  if (!slot.held()) {
    return busy();
  }
  // Each upload is written as FOLDER/N/NAME: the name keeps its extension (XML or CSV) and
  // the messages' wording, the numbered folder keeps two uploads of one name apart.
  const ScratchDir scratch;
  std::vector<load::InputFile> inputs;
  std::vector<std::pair<std::string, std::string>> renames;
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    const std::filesystem::path folder = scratch.path() / std::to_string(i);
    std::filesystem::create_directory(folder);
    const std::string name = safe_name(uploads[i].name, "file-" + std::to_string(i + 1) + ".xml");
    const std::filesystem::path path = folder / name;
    std::ofstream(path, std::ios::binary) << uploads[i].text;
    inputs.push_back({path, ""});
    renames.emplace_back(path.string(), name);
  }
  const eval::Auditor auditor(m_rules, options);
  eval::AuditResult result = auditor.run(std::move(inputs));
  // The reports name each file as it was uploaded, never by where the server kept it.
  std::sort(renames.begin(), renames.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  const auto rename = [&](std::string& text) {
    for (const auto& [from, to] : renames) {
      replace_all(text, from, to);
    }
  };
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    eval::CommuneRow row = result.rows[i];
    rename(row.file);
    for (eval::Finding& finding : row.findings) {
      std::string source = finding.where.source.str();
      rename(source);
      finding.where.source = source;
      rename(finding.detail);
    }
    result.rows.store(row);
  }
  std::ostringstream out;
  if (format == "html") {
    report::write_audit_html(out, result, m_rules.book(), lang);
    return {200, "text/html; charset=utf-8", out.str(), ""};
  }
  if (format == "csv") {
    report::write_audit_csv(out, result, m_rules.book(), lang);
    return {200, "text/csv; charset=utf-8", out.str(), "audit.csv"};
  }
  report::write_audit_json(out, result, m_rules.book(), lang);
  return json_response(out.str());
}

} // namespace ntm::serve
