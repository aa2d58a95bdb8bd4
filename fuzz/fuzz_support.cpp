#include "fuzz_support.hpp"

#include "report/json_report.hpp"
#include "report/text_report.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ntm::fuzz {

namespace {

[[noreturn]] void fail(const std::string& what)
{
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

} // namespace

std::string bundled_rule_file(const std::string& path)
{
  std::ifstream in(std::string(NTM_SOURCE_DIR) + "/rules/" + path, std::ios::binary);
  if (!in) {
    fail("cannot read the bundled rule file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const eval::RuleBase& bundled_rules()
{
  static const eval::RuleBase rules = [] {
    auto loaded = eval::RuleBase::load(std::string(NTM_SOURCE_DIR) + "/rules");
    if (!loaded.value) {
      fail("the bundled rules do not load: " +
           (loaded.errors.empty() ? std::string("no message") : loaded.errors.front().str()));
    }
    return std::move(*loaded.value);
  }();
  return rules;
}

void check_diagnostics(bool loaded, const Diagnostics& errors)
{
  if (loaded && !errors.empty()) {
    fail("loaded, yet with errors: " + errors.front().str());
  }
  if (!loaded && errors.empty()) {
    fail("not loaded, and no error says why");
  }
  for (const Diagnostic& error : errors) {
    if (error.message.empty()) {
      fail("an error without a message at " + error.where.str());
    }
  }
}

void evaluate_and_report(const eval::RuleBase& rules, const model::Submission& submission)
{
  const eval::Evaluator evaluator(rules);
  const eval::Evaluation evaluation = evaluator.evaluate(submission);
  for (const report::Lang lang : {report::Lang::vi, report::Lang::en}) {
    std::ostringstream text;
    report::write_text(text, evaluation, rules.book(), lang);
    const std::string json = report::evaluation_json(evaluation, rules.book(), lang);
    if (json.empty() || text.str().empty()) {
      fail("an empty report");
    }
  }
}

void load_evaluate_and_report(const std::uint8_t* data, std::size_t size, const char* name,
                              SubmissionLoader load)
{
  const eval::RuleBase& rules = bundled_rules();
  const auto loaded = load({name, text_of(data, size)}, rules.book());
  check_loaded(loaded);
  if (loaded.value) {
    evaluate_and_report(rules, *loaded.value);
  }
}

} // namespace ntm::fuzz
