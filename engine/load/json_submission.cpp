#include "load/json_submission.hpp"

#include "load/source_text.hpp"
#include "load/submission_values.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace ntm::load {

namespace {

using Json = nlohmann::ordered_json;

class JsonSubmissionParser {
public:
  JsonSubmissionParser(const std::string& name, Diagnostics& errors, const model::RuleBook& book)
      : m_name(valid_text(name))
      , m_errors(errors)
      , m_checks(book, errors, {false, "value", "numerator", "denominator"})
  {
  }

  std::optional<model::Submission> parse(const Json& root)
  {
    model::Submission submission;
    submission.source = m_name;
    submission.where = at("");
    if (!root.is_object()) {
      m_checks.error(submission.where, "a submission in JSON is an object, not " + kind(root));
      return std::nullopt;
    }
    check_keys(root, "", {"year", "region", "special-difficulty", "commune", "claim", "sets"});
    bool year_known = false;
    if (const Json* year = required(root, "", "year")) {
      const std::string text = year->is_string() ? year->get<std::string>() : year->dump();
      if (text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
          })) {
        submission.year = std::stoi(text);
        year_known = true;
      } else {
        m_checks.error(at("/year"), "key 'year' must be a year such as 2024, not '" + text + "'");
      }
    }
    if (const auto region = text_of(root, "", "region", true)) {
      submission.region = m_checks.region(*region, at("/region")).value_or(submission.region);
    }
    if (root.contains("special-difficulty") && !root["special-difficulty"].is_null()) {
      const Json& special = root["special-difficulty"];
      if (special.is_boolean()) {
        submission.special_difficulty = special.get<bool>();
      } else {
        m_checks.error(at("/special-difficulty"),
                       "key 'special-difficulty' must be true or false, not " + special.dump());
      }
    }
    if (const Json* commune = required(root, "", "commune")) {
      parse_commune(*commune, submission.commune);
    }
    if (const auto claim = text_of(root, "", "claim", false)) {
      submission.claim_where = at("/claim");
      m_checks.claim(*claim, submission.claim_where);
      submission.claim = *claim;
    }
    if (root.contains("sets") && !root["sets"].is_null()) {
      const Json& sets = root["sets"];
      if (!sets.is_object()) {
        m_checks.error(at("/sets"),
                       "key 'sets' must be an object (set ref -> indicators), not " + kind(sets));
      } else {
        const bool can_select = year_known && !submission.commune.province.empty();
        for (const auto& [ref, indicators] : sets.items()) {
          parse_set(ref, indicators, submission, can_select);
        }
      }
    }
    if (!m_errors.empty()) {
      return std::nullopt;
    }
    return submission;
  }

private:
  Location at(const std::string& pointer) const { return {m_name + "#" + pointer, 0, 0}; }

  static std::string kind(const Json& value)
  {
    return value.is_array() ? "an array" : value.is_object() ? "an object" : std::string(value.type_name());
  }

  /// JSON pointer escaping (RFC 6901): `~` as `~0`, `/` as `~1`.
  static std::string pointer_part(const std::string& key)
  {
    std::string out;
    for (char c : key) {
      out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return "/" + out;
  }

  void check_keys(const Json& object, const std::string& pointer, std::initializer_list<const char*> allowed)
  {
    for (const auto& item : object.items()) {
      const std::string& key = item.key(); // a named variable: clang 14 cannot capture a structured binding
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* name) { return key == name; })) {
        std::string list;
        for (const char* name : allowed) {
          list += (list.empty() ? "" : ", ") + std::string(name);
        }
        m_checks.error(at(pointer + pointer_part(key)), "unknown key '" + key + "' (keys: " + list + ")");
      }
    }
  }

  const Json* required(const Json& object, const std::string& pointer, const char* key)
  {
    if (!object.contains(key) || object[key].is_null()) {
      m_checks.error(at(pointer), std::string("missing key '") + key + "'");
      return nullptr;
    }
    return &object[key];
  }

  /// A key whose value is text; a number is taken as written. Reports a value of another kind and,
  /// when `needed`, a missing or empty one.
  std::optional<std::string> text_of(const Json& object, const std::string& pointer, const char* key,
                                     bool needed)
  {
    if (!object.contains(key) || object[key].is_null()) {
      if (needed) {
        m_checks.error(at(pointer), std::string("missing key '") + key + "'");
      }
      return std::nullopt;
    }
    const Json& value = object[key];
    const std::string where = pointer + pointer_part(key);
    if (value.is_number()) {
      return value.dump();
    }
    if (!value.is_string()) {
      m_checks.error(at(where), std::string("key '") + key + "' must be text, not " + kind(value));
      return std::nullopt;
    }
    std::string text = value.get<std::string>();
    if (text.size() > k_max_value_bytes) {
      m_checks.error(at(where), std::string("key '") + key + "' is longer than " +
                                    std::to_string(k_max_value_bytes) + " bytes");
      return std::nullopt;
    }
    if (text.empty()) {
      if (needed) {
        m_checks.error(at(where), std::string("key '") + key + "' has no value");
      }
      return std::nullopt;
    }
    return text;
  }

  void parse_commune(const Json& node, model::Commune& commune)
  {
    if (!node.is_object()) {
      m_checks.error(at("/commune"), "key 'commune' must be an object, not " + kind(node));
      return;
    }
    check_keys(node, "/commune", {"code", "name", "district", "province"});
    commune.code = text_of(node, "/commune", "code", true).value_or("");
    commune.name = text_of(node, "/commune", "name", true).value_or("");
    commune.district = text_of(node, "/commune", "district", true).value_or("");
    commune.province = text_of(node, "/commune", "province", true).value_or("");
    if (!commune.code.empty()) {
      m_checks.commune_code(commune.code, at("/commune/code"));
    }
    if (!commune.province.empty()) {
      m_checks.province(commune.province, at("/commune/province"));
    }
  }

  void parse_set(const std::string& ref, const Json& indicators, model::Submission& submission,
                 bool can_select)
  {
    const std::string pointer = "/sets" + pointer_part(ref);
    model::SubmittedSet set;
    set.ref = ref;
    set.where = at(pointer);
    if (!m_checks.set_ref(ref, set.where)) {
      return;
    }
    if (!indicators.is_object()) {
      m_checks.error(set.where, "set '" + ref + "' must be an object (indicator code -> value), not " +
                                    kind(indicators));
      return;
    }
    if (!can_select) {
      return; // year or province missing: already reported
    }
    const model::RuleSet* version = m_checks.version(ref, submission, set.where);
    if (!version) {
      return;
    }
    for (const auto& [code, value] : indicators.items()) {
      model::SubmittedIndicator indicator;
      if (parse_indicator(code, value, pointer + pointer_part(code), *version, submission, indicator)) {
        set.indicators.push_back(std::move(indicator));
      }
    }
    submission.sets.push_back(std::move(set));
  }

  bool parse_indicator(const std::string& code, const Json& value, const std::string& pointer,
                       const model::RuleSet& version, const model::Submission& submission,
                       model::SubmittedIndicator& out)
  {
    const std::size_t before = m_errors.size();
    // The places raw's fields refer to.
    const Location where = at(pointer);
    std::array<Location, 4> field_where;
    RawIndicator raw;
    raw.code = code;
    raw.where = where;
    raw.code_where = raw.where;
    raw.value.where = raw.numerator.where = raw.denominator.where = raw.self_assessment.where = raw.where;
    // The texts raw's fields view.
    std::optional<std::string> value_text;
    std::optional<std::string> numerator_text;
    std::optional<std::string> denominator_text;
    std::optional<std::string> assessment_text;
    if (value.is_object()) {
      check_keys(value, pointer, {"value", "numerator", "denominator", "self-assessment"});
      field_where = {at(pointer + "/value"), at(pointer + "/numerator"), at(pointer + "/denominator"),
                     at(pointer + "/self-assessment")};
      value_text = text_of(value, pointer, "value", false);
      raw.value = {value_text, field_where[0]};
      numerator_text = text_of(value, pointer, "numerator", false);
      raw.numerator = {numerator_text, field_where[1]};
      denominator_text = text_of(value, pointer, "denominator", false);
      raw.denominator = {denominator_text, field_where[2]};
      assessment_text = text_of(value, pointer, "self-assessment", false);
      raw.self_assessment = {assessment_text, field_where[3]};
    } else if (value.is_string() || value.is_number()) {
      const Json holder = {{"value", value}};
      value_text = text_of(holder, pointer, "value", false);
      raw.value.text = value_text;
      raw.value.where = raw.where;
      // "150/3874": a percent given as counts.
      if (value_text) {
        if (const auto slash = value_text->find('/'); slash != std::string::npos) {
          numerator_text = trimmed(value_text->substr(0, slash));
          raw.numerator.text = numerator_text;
          denominator_text = trimmed(value_text->substr(slash + 1));
          raw.denominator.text = denominator_text;
          raw.value.text.reset();
        }
      }
    } else if (!value.is_null()) {
      m_checks.error(raw.where,
                     "indicator '" + code + "' must have text, a number or an object, not " + kind(value));
      return false;
    }
    const bool ok = m_checks.indicator(raw, version, submission, out);
    return ok && m_errors.size() == before;
  }

  static std::string trimmed(const std::string& text)
  {
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  }

  std::string m_name;
  Diagnostics& m_errors;
  SubmissionChecks m_checks;
};

} // namespace

Loaded<model::Submission> load_submission_json(const NamedText& file, const model::RuleBook& book)
{
  Loaded<model::Submission> result;
  const SourceText source(file.name, file.text);
  if (!check_encoding(source, result.errors)) {
    return result;
  }
  Json root;
  try {
    root = Json::parse(file.text);
  } catch (const Json::parse_error& error) {
    // nlohmann counts the byte after the error; point at the byte itself.
    const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    std::string message = error.what();
    if (const auto colon = message.find("syntax error"); colon != std::string::npos) {
      message = message.substr(colon);
    }
    result.errors.push_back({source.locate(offset), "malformed JSON: " + message, "malformed-json"});
    return result;
  } catch (const Json::out_of_range& error) {
    // A number too large for a double (`1e999`): nlohmann says which, but not where.
    std::string message = error.what();
    if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message = message.substr(bracket + 2);
    }
    result.errors.push_back({source.locate(0), "malformed JSON: " + message, "malformed-json"});
    return result;
  }
  result.value = JsonSubmissionParser(file.name, result.errors, book).parse(root);
  if (!result.errors.empty()) {
    result.value.reset();
  }
  return result;
}

} // namespace ntm::load
