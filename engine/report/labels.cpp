#include "report/labels.hpp"

#include "load/number.hpp"
#include "report/json_text.hpp"

#include <array>
#include <cstring>
#include <initializer_list>

namespace ntm::report {

std::optional<Lang> parse_lang(std::string_view code)
{
  if (code == "vi") {
    return Lang::vi;
  }
  if (code == "en") {
    return Lang::en;
  }
  return std::nullopt;
}

std::string_view outcome_label(eval::Outcome outcome, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (outcome) {
  case eval::Outcome::met:
    return vi ? "đạt" : "met";
  case eval::Outcome::not_met:
    return vi ? "chưa đạt" : "not met";
  case eval::Outcome::missing:
    return vi ? "thiếu số liệu" : "missing";
  case eval::Outcome::not_applicable:
    return vi ? "không áp dụng" : "not applicable";
  }
  return "";
}

std::string_view severity_label(eval::Severity severity, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (severity) {
  case eval::Severity::error:
    return vi ? "lỗi" : "error";
  case eval::Severity::warning:
    return vi ? "cảnh báo" : "warning";
  case eval::Severity::info:
    return vi ? "thông tin" : "info";
  }
  return "";
}

std::string_view region_label(model::Region region, Lang lang)
{
  const bool vi = lang == Lang::vi;
  switch (region) {
  case model::Region::tdmnpb:
    return vi ? "Trung du và miền núi phía Bắc" : "Northern Midlands and Mountains";
  case model::Region::dbsh:
    return vi ? "Đồng bằng sông Hồng" : "Red River Delta";
  case model::Region::btb:
    return vi ? "Bắc Trung Bộ" : "North Central Coast";
  case model::Region::dhntb:
    return vi ? "Duyên hải Nam Trung Bộ" : "South Central Coast";
  case model::Region::tn:
    return vi ? "Tây Nguyên" : "Central Highlands";
  case model::Region::dnb:
    return vi ? "Đông Nam Bộ" : "Southeast";
  case model::Region::dbscl:
    return vi ? "Đồng bằng sông Cửu Long" : "Mekong Delta";
  }
  return "";
}

std::string range_text(int low, int high)
{
  std::string out;
  append_range(out, low, high);
  return out;
}

void append_range(std::string& out, int low, int high)
{
  append_integer(out, low);
  if (low != high) {
    out += "–";
    append_integer(out, high);
  }
}

std::string years_text(const std::vector<int>& years)
{
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) {
      ++j;
    }
    out += (out.empty() ? "" : " ") + range_text(years[i], years[j]);
    i = j + 1;
  }
  return out;
}

std::string escape_markup(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

const std::string& pick(const std::string& vi, const std::string& en, Lang lang)
{
  return lang == Lang::en && !en.empty() ? en : vi;
}

std::string level_label(const model::Levels& levels, std::string_view id, Lang lang)
{
  if (id == levels.none_id) {
    return pick(levels.none_name, levels.none_name_en, lang);
  }
  if (const model::Level* level = levels.find(id)) {
    return pick(level->name, level->name_en, lang);
  }
  return std::string(id);
}

namespace {

std::string symbol_text(const model::Indicator& rule, const std::string& symbol, Lang lang)
{
  if (rule.type == model::IndicatorType::grade) {
    for (const model::Grade& grade : rule.grades) {
      if (grade.id == symbol) {
        return pick(grade.name, grade.name_en, lang);
      }
    }
  }
  if (symbol == "dat") {
    return lang == Lang::vi ? "đạt" : "yes";
  }
  if (symbol == "khong-dat") {
    return lang == Lang::vi ? "không đạt" : "no";
  }
  return symbol;
}

} // namespace

const std::string& unit_text(const model::Indicator& indicator, Lang lang)
{
  return pick(indicator.unit, indicator.unit_en, lang);
}

std::string with_unit(const std::string& number, const std::string& unit)
{
  if (unit.empty()) {
    return number;
  }
  return unit == "%" ? number + "%" : number + " " + unit;
}

std::string value_text(const eval::IndicatorResult& result, Lang lang)
{
  if (result.outcome == eval::Outcome::not_applicable) {
    return lang == Lang::vi ? "không có" : "none";
  }
  if (result.number) {
    std::string text = with_unit(load::format_number(*result.number), unit_text(*result.rule, lang));
    if (result.numerator && result.denominator) {
      text += " (" + load::format_number(*result.numerator, 0) + "/" +
              load::format_number(*result.denominator, 0) + ")";
    }
    return text;
  }
  if (!result.symbol.empty()) {
    return symbol_text(*result.rule, result.symbol, lang);
  }
  return "—";
}

std::string target_text(const eval::IndicatorResult& result, Lang lang)
{
  if (!result.target) {
    return "";
  }
  const eval::ResolvedTarget& target = *result.target;
  const std::string op(model::op_symbol(target.op));
  if (result.rule->type == model::IndicatorType::boolean) {
    return symbol_text(*result.rule, target.symbol, lang);
  }
  if (result.rule->type == model::IndicatorType::grade) {
    return op + " " + symbol_text(*result.rule, target.symbol, lang);
  }
  return op + " " + with_unit(load::format_number(target.number), unit_text(*result.rule, lang));
}

namespace {

/// A piece of a finding's message: the reports' own words, UTF-8 with nothing JSON escapes, or text
/// from the data or the rules (`from_data`), which may need escaping.
struct Piece {
  Piece(const char* words) : text(words) {}
  Piece(std::string_view words) : text(words) {}
  Piece(const std::string& words) : text(words) {}
  Piece(std::string_view piece, bool from) : text(piece), from_data(from) {}

  std::string_view text;
  bool from_data = false;
};

/// A piece of text from the data or the rules.
Piece of_data(std::string_view text)
{
  return {text, true};
}

/// Calls `write` once with the pieces of the sentence for finding `f` (an eval::Finding or a
/// FindingView), in order, and returns what it returns.
template <typename AnyFinding, typename Write>
auto write_message(const AnyFinding& f, const model::Levels& levels, Lang lang, Write write)
{
  const bool vi = lang == Lang::vi;
  // Where the finding is, `set indicator`, in three pieces (none when it has no set).
  const bool placed = !f.set_ref.empty();
  const Piece ref = of_data(placed ? std::string_view(f.set_ref) : "");
  const std::string_view space = placed ? " " : "";
  const Piece indicator = of_data(placed ? std::string_view(f.indicator) : "");
  if (f.code == "self-assessment-mismatch") {
    const std::string_view said = f.claimed == "dat" ? (vi ? "đạt" : "met") : (vi ? "không đạt" : "not met");
    eval::Outcome actual = eval::Outcome::missing;
    for (auto outcome : {eval::Outcome::met, eval::Outcome::not_met, eval::Outcome::missing}) {
      if (eval::outcome_code(outcome) == f.actual) {
        actual = outcome;
      }
    }
    return vi ? write({"chỉ tiêu ", ref, space, indicator, ": xã tự đánh giá '", said,
                       "' nhưng số liệu cho kết quả '", outcome_label(actual, lang), "'"})
              : write({"indicator ", ref, space, indicator, ": self-assessed as '", said,
                       "' but the data give '", outcome_label(actual, lang), "'"});
  }
  if (f.code == "claim-not-supported") {
    const std::string claimed = level_label(levels, f.claimed, lang);
    const std::string reached = level_label(levels, f.actual, lang);
    return vi ? write({"xã đề nghị công nhận '", of_data(claimed), "' nhưng số liệu chỉ đạt '",
                       of_data(reached), "'"})
              : write({"the commune claims '", of_data(claimed), "' but the data reach only '",
                       of_data(reached), "'"});
  }
  if (f.code == "missing-value" && !f.claimed.empty()) {
    return vi ? write({"chỉ tiêu ", ref, space, indicator, ": thiếu số liệu, vì chỉ tiêu ",
                       of_data(f.claimed), " (nguồn của chỉ tiêu này) chưa có giá trị"})
              : write({"indicator ", ref, space, indicator, ": no value, because ", of_data(f.claimed),
                       ", which it is taken from, has none"});
  }
  if (f.code == "missing-value") {
    return vi ? write({"chỉ tiêu ", ref, space, indicator, ": thiếu số liệu"})
              : write({"indicator ", ref, space, indicator, ": no value given"});
  }
  if (f.code == "no-target") {
    return vi ? write({"chỉ tiêu ", ref, space, indicator,
                       ": bộ tiêu chí không có mức chỉ tiêu cho vùng và năm ", of_data(f.actual)})
              : write({"indicator ", ref, space, indicator, ": the rules give no target for region and year ",
                       of_data(f.actual)});
  }
  // Digits, a sign and a point: nothing to escape. Written in place, without strings of their own.
  char amount_digits[load::k_number_room];
  char percent_digits[load::k_number_room];
  const std::string_view amount(amount_digits, f.amount ? load::write_number(amount_digits, *f.amount) : 0);
  const std::string_view percent(percent_digits,
                                 f.percent ? load::write_number(percent_digits, *f.percent, 1) : 0);
  if (f.code == "thin-margin") {
    return vi ? write({"chỉ tiêu ", ref, space, indicator, ": đạt sát ngưỡng, ", of_data(f.claimed),
                       " so với mức ", of_data(f.actual), " (vượt ", amount, ", tức ", percent,
                       "% mức yêu cầu)"})
              : write({"indicator ", ref, space, indicator, ": met by a thin margin, ", of_data(f.claimed),
                       " against ", of_data(f.actual), " (by ", amount, ", ", percent, "% of the target)"});
  }
  if (f.code == "duplicate-submission") {
    return vi ? write({"xã mã ", of_data(f.claimed), " nộp lần thứ hai cho năm ", of_data(f.actual),
                       " (lần đầu: ", of_data(f.detail), ")"})
              : write({"commune ", of_data(f.claimed), " is submitted a second time for ", of_data(f.actual),
                       " (first: ", of_data(f.detail), ")"});
  }
  if (f.code == "criterion-regressed") {
    return vi ? write({"tiêu chí ", of_data(f.set_ref), " ", of_data(f.criterion), ": đạt năm ",
                       of_data(f.claimed), " nhưng không đạt năm ", of_data(f.actual)})
              : write({"criterion ", of_data(f.set_ref), " ", of_data(f.criterion), ": met in ",
                       of_data(f.claimed), " but not in ", of_data(f.actual)});
  }
  if (f.code == "unusual-jump") {
    return vi ? write({"tiêu chí ", of_data(f.set_ref), " ", of_data(f.criterion), ": từ chưa đạt (",
                       of_data(f.claimed), ") thành đạt (", of_data(f.actual), ") khi chỉ tiêu ",
                       of_data(f.indicator), " thay đổi ", percent, "%, cần kiểm tra số liệu"})
              : write({"criterion ", of_data(f.set_ref), " ", of_data(f.criterion), ": from not met (",
                       of_data(f.claimed), ") to met (", of_data(f.actual), ") as indicator ",
                       of_data(f.indicator), " changed by ", percent, "%; check the data"});
  }
  if (!f.detail.empty()) {
    return write({file_problem_label(f.code, lang), ": ", of_data(f.detail)});
  }
  return write({of_data(f.code), placed ? ": " : "", ref, space, indicator});
}

template <typename AnyFinding>
std::string message_text(const AnyFinding& f, const model::Levels& levels, Lang lang)
{
  // The pieces in a string sized for them at once: a message built with `+` makes a string for
  // each piece and grows the result several times, for every finding.
  return write_message(f, levels, lang, [](std::initializer_list<Piece> pieces) {
    std::size_t size = 0;
    for (const Piece& piece : pieces) {
      size += piece.text.size();
    }
    std::string out;
    out.reserve(size);
    for (const Piece& piece : pieces) {
      out += piece.text;
    }
    return out;
  });
}

template <typename AnyFinding>
void append_message_json(std::string& out, const AnyFinding& f, const model::Levels& levels, Lang lang)
{
  // The reports' own words are copied as they are; only the data's are escaped. Text that is not
  // UTF-8 takes the whole message to append_json_string, to fail as it fails there.
  const std::size_t start = out.size();
  const bool escaped = write_message(f, levels, lang, [&out](std::initializer_list<Piece> pieces) {
    // The pieces, a dozen or so, are gathered in a buffer and appended at once: an append of each
    // cost more than its bytes. One that does not fit, or data that is not plain, is appended after
    // what the buffer holds.
    std::array<char, 256> buffer; // written before it is read
    char* at = buffer.data();
    *at++ = '"';
    const auto flush = [&] {
      out.append(buffer.data(), static_cast<std::size_t>(at - buffer.data()));
      at = buffer.data();
    };
    for (const Piece& piece : pieces) {
      const auto room = static_cast<std::size_t>(buffer.data() + buffer.size() - at);
      if (piece.text.size() < room && (!piece.from_data || plain_json_characters(piece.text))) {
        std::memcpy(at, piece.text.data(), piece.text.size());
        at += piece.text.size();
        continue;
      }
      flush();
      if (!piece.from_data) {
        out += piece.text;
      } else if (!append_json_characters(out, piece.text)) {
        return false;
      }
    }
    *at++ = '"'; // a piece leaves room for one byte more
    flush();
    return true;
  });
  if (!escaped) {
    out.resize(start);
    append_json_string(out, message_text(f, levels, lang));
  }
}

} // namespace

std::string finding_message(const eval::Finding& finding, const model::Levels& levels, Lang lang)
{
  return message_text(finding, levels, lang);
}

std::string finding_message(const eval::FindingView& finding, const model::Levels& levels, Lang lang)
{
  return message_text(finding, levels, lang);
}

void append_finding_message_json(std::string& out, const eval::Finding& finding, const model::Levels& levels,
                                 Lang lang)
{
  append_message_json(out, finding, levels, lang);
}

void append_finding_message_json(std::string& out, const eval::FindingView& finding,
                                 const model::Levels& levels, Lang lang)
{
  append_message_json(out, finding, levels, lang);
}

std::string_view file_problem_label(std::string_view code, Lang lang)
{
  const bool vi = lang == Lang::vi;
  if (code == "malformed-xml") {
    return vi ? "tệp XML hỏng" : "malformed XML";
  }
  if (code == "malformed-csv") {
    return vi ? "tệp CSV hỏng" : "malformed CSV";
  }
  if (code == "encoding") {
    return vi ? "sai bảng mã (cần UTF-8)" : "wrong encoding (UTF-8 needed)";
  }
  if (code == "unreadable") {
    return vi ? "không đọc được tệp" : "file cannot be read";
  }
  if (code == "too-large") {
    return vi ? "tệp quá lớn" : "file too large";
  }
  if (code == "unknown-set") {
    return vi ? "bộ tiêu chí không hợp lệ" : "unknown set";
  }
  if (code == "unknown-indicator") {
    return vi ? "mã chỉ tiêu không có trong bộ tiêu chí" : "unknown indicator";
  }
  if (code == "duplicate-indicator") {
    return vi ? "chỉ tiêu khai báo hai lần" : "duplicate indicator";
  }
  if (code == "value-out-of-range") {
    return vi ? "giá trị ngoài phạm vi" : "value out of range";
  }
  if (code == "not-a-number") {
    return vi ? "giá trị không phải là số" : "not a number";
  }
  if (code == "year-out-of-period") {
    return vi ? "năm ngoài thời kỳ của bộ tiêu chí" : "year outside the set's period";
  }
  if (code == "internal-error") {
    return vi ? "lỗi nội bộ" : "internal error";
  }
  return vi ? "sai định dạng hồ sơ" : "format error";
}

} // namespace ntm::report
