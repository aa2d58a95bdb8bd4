#pragma once

#include "model/diagnostic.hpp"
#include "model/rule_set.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace ntm::load {

/// An input given as text with the name used in messages (tests and fuzzers load from memory).
struct NamedText {
  std::string name;
  std::string text;
};

/// Reads every `*.xml` below `dir` (sorted by path) as rule files; see `parse_rule_files`.
Loaded<std::vector<NamedText>> read_rule_dir(const std::filesystem::path& dir);

/// Parses rule files into a rule book, checking each file on its own: well-formed UTF-8 XML,
/// known elements and attributes, required values present and of the right form, unique ids and
/// codes, targets that fit their indicator's type. Exactly one file must hold <levels>.
/// Provincial versions are not yet merged with the set they extend (see `apply_extensions`).
Loaded<model::RuleBook> parse_rule_files(const std::vector<NamedText>& files);

/// Merges each provincial version with the version it extends, visiting sets in `order`
/// (indices into `book.sets`, parents first). Reports overrides naming an unknown indicator.
void apply_extensions(model::RuleBook& book, const std::vector<std::size_t>& order, Diagnostics& errors);

/// Checks what spans files, after extensions: unknown `extends`, versions of one set that overlap
/// in years and provinces, targets of one indicator that overlap, references (`value-from`,
/// derived targets, levels) to unknown sets, indicators or levels.
void check_references(const model::RuleBook& book, Diagnostics& errors);

/// Checks only that every `extends` names a known version of the same set (before merging).
void check_extends(const model::RuleBook& book, Diagnostics& errors);

} // namespace ntm::load
