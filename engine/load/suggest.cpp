#include "load/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace ntm::load {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates)
{
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
  const auto best = closest(word, candidates);
  return best ? ", did you mean '" + *best + "'?" : "";
}

std::string fold_vietnamese(std::string_view text)
{
  static constexpr std::pair<std::string_view, char> k_letters[] = {
      {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'},
      {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
      {"ìíỉĩịÌÍỈĨỊ", 'i'},
      {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
      {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'},
      {"ỳýỷỹỵỲÝỶỸỴ", 'y'},
      {"đĐ", 'd'},
  };
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80U) {
      const bool space = std::isspace(lead) != 0;
      if (!space || (!folded.empty() && folded.back() != ' ')) {
        folded += space ? ' ' : static_cast<char>(std::tolower(lead));
      }
      ++i;
      continue;
    }
    const std::size_t length = lead >= 0xF0U ? 4 : lead >= 0xE0U ? 3 : lead >= 0xC0U ? 2 : 1;
    const std::string_view letter = text.substr(i, length);
    char base = 0;
    for (const auto& [letters, ascii] : k_letters) {
      // A lead byte starts every match, so a letter is found only in its own list.
      if (letters.find(letter) != std::string_view::npos) {
        base = ascii;
        break;
      }
    }
    if (base != 0) {
      folded += base;
    } else {
      folded += letter;
    }
    i += length;
  }
  while (!folded.empty() && folded.back() == ' ') {
    folded.pop_back();
  }
  return folded;
}

} // namespace ntm::load
