#pragma once

#include "load/rule_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"
#include "model/submission.hpp"

namespace ntm::load {

/// Reads the JSON form of a commune submission (what `ntm serve`'s page sends, see docs/api.md)
/// and checks it exactly as `load_submission` checks XML: the same figures give the same
/// `model::Submission`, and the same problem the same message. Rules it enforces, beyond those of
/// the XML loader:
/// 1. UTF-8 JSON whose top level is an object; a syntax error is reported at its line:column;
/// 2. keys `year` (a whole number of 4 digits), `region`, `commune` (an object with `code`,
///    `name`, `district`, `province`), optional `special-difficulty` (true or false), `claim`
///    and `sets` (set ref -> indicator code -> value); no other key;
/// 3. a value is a string or a number as XML writes it (`"dat"`, `"62.66"`, `62.66`), a count pair
///    `"150/3874"`, an empty string or null (not given), or an object with `value`, `numerator`,
///    `denominator`, `self-assessment`;
/// 4. problems other than syntax are located by a JSON pointer: `request#/sets/xa-ntm/11`.
Loaded<model::Submission> load_submission_json(const NamedText& file, const model::RuleBook& book);

} // namespace ntm::load
