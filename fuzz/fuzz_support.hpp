#pragma once
// What the fuzz targets share: the bundled rules, read once, and the checks every load must pass.
// The engine's contract is that bad input never throws, crashes or hangs: nothing here catches.

#include "eval/evaluator.hpp"
#include "eval/rule_base.hpp"
#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/submission.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntm::fuzz {

/// The text of `path` below the bundled rules directory; aborts when it cannot be read.
std::string bundled_rule_file(const std::string& path);

/// The bundled rules, loaded on first use; aborts when they do not load.
const eval::RuleBase& bundled_rules();

/// The fuzzer's bytes as text.
inline std::string text_of(const std::uint8_t* data, std::size_t size)
{
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Aborts unless a load either succeeded without errors or failed with at least one, each with a
/// message.
void check_diagnostics(bool loaded, const Diagnostics& errors);

template <typename T>
void check_loaded(const Loaded<T>& loaded)
{
  check_diagnostics(loaded.value.has_value(), loaded.errors);
}

/// Evaluates `submission` and writes its text and JSON reports to nowhere: the report writers see
/// whatever the loader let through.
void evaluate_and_report(const eval::RuleBase& rules, const model::Submission& submission);

/// A submission loader: by extension (XML, CSV) or the JSON form.
using SubmissionLoader = Loaded<model::Submission> (*)(const load::NamedText&, const model::RuleBook&);

/// One input of a submission target: the bytes, named `name`, loaded with `load` against the
/// bundled rules, checked, and when they load, evaluated and reported.
void load_evaluate_and_report(const std::uint8_t* data, std::size_t size, const char* name,
                              SubmissionLoader load);

} // namespace ntm::fuzz
