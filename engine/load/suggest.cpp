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

namespace {

/// Reads a text folded as fold_vietnamese folds it, one character at a time, so that two texts
/// can be compared folded without folding either whole.
class Folding {
public:
  explicit Folding(std::string_view text) : m_text(text) { skip_spaces(); }

  /// The next folded character (one byte, or a letter that has no base, whole); empty at the end.
  std::string_view next()
  {
    if (m_i >= m_text.size()) {
      return {};
    }
    const auto lead = static_cast<unsigned char>(m_text[m_i]);
    if (lead < 0x80U) {
      if (std::isspace(lead) != 0) {
        // A run of spaces is one, and none ends the text.
        skip_spaces();
        return m_i < m_text.size() ? " " : std::string_view();
      }
      m_base = static_cast<char>(std::tolower(lead));
      ++m_i;
      return {&m_base, 1};
    }
    static constexpr std::pair<std::string_view, char> k_letters[] = {
        {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'},
        {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
        {"ìíỉĩịÌÍỈĨỊ", 'i'},
        {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
        {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'},
        {"ỳýỷỹỵỲÝỶỸỴ", 'y'},
        {"đĐ", 'd'},
    };
    const std::size_t length = lead >= 0xF0U ? 4 : lead >= 0xE0U ? 3 : lead >= 0xC0U ? 2 : 1;
    const std::string_view letter = m_text.substr(m_i, length);
    m_i += length;
    for (const auto& [letters, ascii] : k_letters) {
      // A lead byte starts every match, so a letter is found only in its own list.
      if (letters.find(letter) != std::string_view::npos) {
        m_base = ascii;
        return {&m_base, 1};
      }
    }
    return letter;
  }

private:
  void skip_spaces()
  {
    while (m_i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_i])) != 0) {
      ++m_i;
    }
  }

  std::string_view m_text;
  std::size_t m_i = 0;
  char m_base = 0; // the folded byte last returned
};

} // namespace

std::string fold_vietnamese(std::string_view text)
{
  std::string folded;
  folded.reserve(text.size());
  Folding folding(text);
  for (std::string_view c = folding.next(); !c.empty(); c = folding.next()) {
    folded += c;
  }
  return folded;
}

bool same_when_folded(std::string_view a, std::string_view b)
{
  // Names of different places mostly differ in their first letter: no need to fold them whole.
  Folding folded_a(a);
  Folding folded_b(b);
  for (;;) {
    const std::string_view c = folded_a.next();
    if (c != folded_b.next()) {
      return false;
    }
    if (c.empty()) {
      return true;
    }
  }
}

} // namespace ntm::load
