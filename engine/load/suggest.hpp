#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::load {

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely
/// typo (distance at most a third of the word, at least 1); empty otherwise.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

/// `text` lowercased, without Vietnamese diacritics (đ → d) and with runs of spaces as one:
/// `Trà  Vinh` and `tra vinh` fold to the same text.
std::string fold_vietnamese(std::string_view text);
/// `fold_vietnamese(a) == fold_vietnamese(b)`, mostly decided after a letter or two.
bool same_when_folded(std::string_view a, std::string_view b);

/// `, did you mean 'x'?` for the closest candidate, or an empty string.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace ntm::load
