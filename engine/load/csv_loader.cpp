#include "load/csv_loader.hpp"

#include "load/source_text.hpp"
#include "load/submission_values.hpp"
#include "load/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace ntm::load {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

std::string trim(const std::string& text)
{
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_blank(text[begin])) {
    ++begin;
  }
  while (end > begin && is_blank(text[end - 1])) {
    --end;
  }
  return text.substr(begin, end - begin);
}

template <std::size_t N>
bool is_one_of(const std::string& word, const std::string_view (&names)[N])
{
  return std::find(std::begin(names), std::end(names), word) != std::end(names);
}

template <std::size_t N>
std::vector<std::string> listed(const std::string_view (&names)[N])
{
  return std::vector<std::string>(std::begin(names), std::end(names));
}

template <std::size_t N>
std::string spaced(const std::string_view (&names)[N])
{
  std::string out;
  for (std::string_view name : names) {
    out += (out.empty() ? "" : " ") + std::string(name);
  }
  return out;
}

/// One row of the file: the line it starts on and its fields, trimmed.
struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;

  bool blank() const
  {
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
  }
};

/// Splits a CSV text into rows (RFC 4180), after checking its encoding and finding its separator.
/// The first syntax error (an unclosed quote, text after a closing quote) stops it: what follows
/// cannot be trusted to be cut into the right fields.
class CsvReader {
public:
  CsvReader(const SourceText& source, Diagnostics& errors) : m_source(source), m_errors(errors) {}

  std::optional<std::vector<CsvRow>> read()
  {
    if (!check_encoding(m_source, m_errors)) {
      at_field(m_errors.back());
      return std::nullopt;
    }
    const std::string& text = m_source.text();
    std::size_t pos = text.compare(0, k_bom.size(), k_bom) == 0 ? k_bom.size() : 0;
    if (!find_separator(pos)) {
      return std::nullopt;
    }
    std::vector<CsvRow> rows;
    int line = 1;
    while (pos < text.size()) {
      CsvRow row;
      row.line = line;
      for (;;) {
        const Location where{m_source.name(), row.line, static_cast<int>(row.fields.size()) + 1};
        std::string field;
        if (!read_field(pos, line, where, field)) {
          return std::nullopt;
        }
        if (field.size() > k_max_value_bytes) {
          error(where, "field is too long (" + std::to_string(field.size()) + " bytes; the limit is " +
                           std::to_string(k_max_value_bytes) + " bytes)");
        }
        row.fields.push_back(trim(field));
        if (pos >= text.size()) {
          break;
        }
        if (text[pos] == m_separator) {
          ++pos;
          continue;
        }
        pos = std::min(pos + (text[pos] == '\r' ? 2U : 1U),
                       text.size()); // the line break, checked by read_field
        ++line;
        break;
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  char separator() const { return m_separator; }

private:
  /// Points an encoding error at its field, as every other error, instead of its character; and
  /// says how Excel saves UTF-8, the likeliest fix. Quotes are not followed across lines here: the
  /// text is not UTF-8, so the field is a best guess.
  void at_field(Diagnostic& diagnostic) const
  {
    diagnostic.message += " (in Excel: Save As, 'CSV UTF-8')";
    const std::string& text = m_source.text();
    std::size_t offset = find_invalid_utf8(text);
    if (diagnostic.where.line == 1 && diagnostic.where.column == 1) {
      offset = 0;
    } else if (offset == std::string::npos) {
      offset = std::min(text.find('\0'), text.size());
    }
    const std::size_t first = text.find_first_of(";,");
    const char separator = first == std::string::npos ? ';' : text[first];
    const std::size_t newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
    const std::size_t line_start = newline == std::string::npos ? 0 : newline + 1;
    int field = 1;
    bool quoted = false;
    for (std::size_t i = line_start; i < offset; ++i) {
      quoted = text[i] == '"' ? !quoted : quoted;
      field += !quoted && text[i] == separator ? 1 : 0;
    }
    diagnostic.where.column = field;
  }

  /// The separator is the first ';' or ',' outside quotes on the first line that is not blank.
  bool find_separator(std::size_t pos)
  {
    const std::string& text = m_source.text();
    int line = 1;
    bool quoted = false;
    bool content = false;
    bool tab = false;
    for (; pos < text.size(); ++pos) {
      const char c = text[pos];
      if (c == '"') {
        quoted = !quoted;
        content = true;
      } else if (quoted) {
        line += c == '\n' ? 1 : 0;
      } else if (c == ';' || c == ',') {
        m_separator = c;
        return true;
      } else if (c == '\n') {
        if (content) {
          break;
        }
        ++line;
      } else if (!is_blank(c)) {
        content = true;
      }
      tab = tab || c == '\t';
    }
    if (!content) {
      error({m_source.name(), 1, 1},
            "the file is empty: a CSV submission starts with rows such as 'year;2024'");
    } else if (tab) {
      error({m_source.name(), line, 1},
            "fields are separated by tabs: save the sheet as CSV, with ';' or ',' between fields");
    } else {
      error({m_source.name(), line, 1},
            "no ';' or ',' in the first row: a CSV submission separates its fields "
            "with ';' or ','");
    }
    return false;
  }

  /// Reads one field at `pos`, leaving `pos` on the separator, the line break or the end.
  bool read_field(std::size_t& pos, int& line, const Location& where, std::string& field)
  {
    const std::string& text = m_source.text();
    std::size_t start = pos;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) {
      ++start;
    }
    if (start >= text.size() || text[start] != '"') {
      for (; pos < text.size() && text[pos] != m_separator && text[pos] != '\n'; ++pos) {
        if (text[pos] == '"') {
          error(where, "a quote inside a field that does not start with one: quote the whole field and "
                       "double the quotes inside (\"\")");
          return false;
        }
        field += text[pos];
      }
      return true;
    }
    for (pos = start + 1;; ++pos) {
      if (pos >= text.size()) {
        error(where, "a quote opened in this field is never closed");
        return false;
      }
      const char c = text[pos];
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          ++pos;
          continue;
        }
        ++pos;
        break;
      }
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
        continue; // a line break inside a cell is kept as '\n'
      }
      line += c == '\n' ? 1 : 0;
      field += c;
    }
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
      ++pos;
    }
    const bool at_end = pos >= text.size() || text[pos] == m_separator || text[pos] == '\n' ||
                        (text[pos] == '\r' && (pos + 1 == text.size() || text[pos + 1] == '\n'));
    if (!at_end) {
      error(where, "text after the closing quote of a field: quote the whole field and double the quotes "
                   "inside (\"\")");
      return false;
    }
    return true;
  }

  void error(const Location& where, std::string message)
  {
    m_errors.push_back({where, std::move(message), "malformed-csv"});
  }

  const SourceText& m_source;
  Diagnostics& m_errors;
  char m_separator = ';';
};

/// A header row: the value of a key and where each is.
struct KeyValue {
  std::string value;
  Location key_at;
  Location value_at;
};

ValueSyntax csv_syntax()
{
  ValueSyntax syntax;
  syntax.decimal_comma = true;
  syntax.value = "value";
  syntax.numerator = "numerator";
  syntax.denominator = "denominator";
  return syntax;
}

/// A set as its rows come: the version that judges it, and the codes seen so far.
struct PendingSet {
  const model::RuleSet* version = nullptr; // null: the set cannot be read, already reported
  std::size_t index = 0;                   // in Submission::sets
  std::map<std::string, Location> seen;
};

class CsvSubmissionParser {
public:
  CsvSubmissionParser(const SourceText& source, Diagnostics& errors, const model::RuleBook& book)
      : m_source(source), m_reader(source, errors), m_checks(book, errors, csv_syntax())
  {
  }

  std::optional<model::Submission> parse()
  {
    const std::size_t errors_before = m_checks.error_count();
    auto rows = m_reader.read();
    if (!rows) {
      return std::nullopt;
    }
    model::Submission submission;
    submission.source = m_source.name();
    std::size_t index = 0;
    while (index < rows->size() && (*rows)[index].blank()) {
      ++index;
    }
    submission.where = {m_source.name(), index < rows->size() ? (*rows)[index].line : 1, 1};
    std::map<std::string, KeyValue, std::less<>> keys;
    for (; index < rows->size(); ++index) {
      const CsvRow& row = (*rows)[index];
      if (row.blank()) {
        continue;
      }
      const std::string& key = row.fields[0];
      if (is_one_of(key, k_csv_columns)) {
        break; // the table header
      }
      if (key.empty()) {
        if (cell(row, 1).empty()) {
          continue; // a note
        }
        m_checks.error(at(row, 1),
                       "a value without a key: the first column says what the second holds (keys: " +
                           spaced(k_csv_keys) + ")");
        continue;
      }
      if (!is_one_of(key, k_csv_keys)) {
        std::vector<std::string> names = listed(k_csv_keys);
        names.insert(names.end(), std::begin(k_csv_columns), std::end(k_csv_columns));
        m_checks.error(at(row, 0), "unknown key '" + key + "'" + did_you_mean(key, names) +
                                       " (keys: " + spaced(k_csv_keys) + ")");
        continue;
      }
      const auto [it, inserted] = keys.try_emplace(key, KeyValue{cell(row, 1), at(row, 0), at(row, 1)});
      if (!inserted) {
        m_checks.error(at(row, 0), "key '" + key + "' given twice, first at " + it->second.key_at.str());
      }
    }
    read_header(keys, submission);
    if (index < rows->size()) {
      read_table(*rows, index, submission);
    }
    if (m_checks.error_count() != errors_before) {
      return std::nullopt;
    }
    return submission;
  }

private:
  Location at(const CsvRow& row, std::size_t field) const { return lazy_at(row, field); }
  /// The same, made into a Location only when asked for: an indicator's fields are placed by it.
  LazyLocation lazy_at(const CsvRow& row, std::size_t field) const
  {
    return {m_source, row.line, static_cast<int>(field) + 1};
  }

  static std::string cell(const CsvRow& row, std::size_t field) { return std::string(cell_view(row, field)); }

  /// The same as a view into `row`, which must outlive it.
  static std::string_view cell_view(const CsvRow& row, std::size_t field)
  {
    return field < row.fields.size() ? std::string_view(row.fields[field]) : std::string_view();
  }

  /// The value of a required key; reports it missing or empty.
  const KeyValue* required(const std::map<std::string, KeyValue, std::less<>>& keys, const std::string& key,
                           const model::Submission& submission)
  {
    const auto it = keys.find(key);
    if (it == keys.end()) {
      m_checks.error(submission.where, "missing key '" + key + "' in the rows above the table");
      return nullptr;
    }
    if (it->second.value.empty()) {
      m_checks.error(it->second.value_at, "key '" + key + "' has no value");
      return nullptr;
    }
    return &it->second;
  }

  static const KeyValue* optional(const std::map<std::string, KeyValue, std::less<>>& keys,
                                  const std::string& key)
  {
    const auto it = keys.find(key);
    return it == keys.end() || it->second.value.empty() ? nullptr : &it->second;
  }

  void read_header(const std::map<std::string, KeyValue, std::less<>>& keys, model::Submission& submission)
  {
    if (const KeyValue* year = required(keys, "year", submission)) {
      const std::string& text = year->value;
      if (text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
          })) {
        submission.year = std::stoi(text);
        m_year_known = true;
      } else {
        m_checks.error(year->value_at, "key 'year' must be a year such as 2024, not '" + text + "'");
      }
    }
    if (const KeyValue* region = required(keys, "region", submission)) {
      submission.region = m_checks.region(region->value, region->value_at).value_or(submission.region);
    }
    if (const KeyValue* special = optional(keys, "special-difficulty")) {
      // Excel turns a typed true into its boolean TRUE, which it saves in capitals.
      std::string lower = special->value;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "true" || lower == "false") {
        submission.special_difficulty = lower == "true";
      } else {
        m_checks.error(special->value_at,
                       "key 'special-difficulty' must be 'true' or 'false', not '" + special->value + "'");
      }
    }
    model::Commune& commune = submission.commune;
    if (const KeyValue* code = required(keys, "commune-code", submission)) {
      commune.code = code->value;
      const bool digits = std::all_of(commune.code.begin(), commune.code.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
      m_checks.commune_code(commune.code, code->value_at,
                            digits && commune.code.size() < 5
                                ? " (a spreadsheet drops leading zeros: format the cell as text)"
                                : "");
    }
    for (const auto& [key, field] : {std::pair<std::string, std::string*>{"commune-name", &commune.name},
                                     {"district", &commune.district},
                                     {"province", &commune.province}}) {
      if (const KeyValue* value = required(keys, key, submission)) {
        *field = value->value;
        if (field == &commune.province) {
          m_checks.province(commune.province, value->value_at);
        }
      }
    }
    if (const KeyValue* claim = optional(keys, "claim")) {
      m_checks.claim(claim->value, claim->value_at);
      submission.claim = claim->value;
      submission.claim_where = claim->value_at;
    }
  }

  void read_table(const std::vector<CsvRow>& rows, std::size_t header_index, model::Submission& submission)
  {
    const CsvRow& header = rows[header_index];
    std::map<std::string, std::size_t, std::less<>> column_of;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const std::string& name = header.fields[i];
      if (name.empty()) {
        continue; // a column left without a name must stay empty, checked on each row
      }
      if (!is_one_of(name, k_csv_columns)) {
        m_checks.error(at(header, i), "unknown column '" + name + "'" +
                                          did_you_mean(name, listed(k_csv_columns)) +
                                          " (columns: " + spaced(k_csv_columns) + ")");
        continue;
      }
      const auto [it, inserted] = column_of.emplace(name, i);
      if (!inserted) {
        m_checks.error(at(header, i),
                       "column '" + name + "' given twice, first at " + at(header, it->second).str());
      }
    }
    bool complete = true;
    for (const char* name : {"set", "code"}) {
      if (!column_of.count(name)) {
        m_checks.error(at(header, 0), std::string("missing column '") + name + "' in the table header");
        complete = false;
      }
    }
    if (!complete) {
      return;
    }
    auto column = [&](const char* name) -> std::optional<std::size_t> {
      const auto it = column_of.find(name);
      return it == column_of.end() ? std::nullopt : std::optional(it->second);
    };
    const std::size_t set_column = *column("set");
    const std::size_t code_column = *column("code");
    const auto value_column = column("value");
    const auto numerator_column = column("numerator");
    const auto denominator_column = column("denominator");
    const auto assessment_column = column("self-assessment");
    const bool can_select = m_year_known && !submission.commune.province.empty();
    std::map<std::string, PendingSet, std::less<>> sets;

    for (std::size_t r = header_index + 1; r < rows.size(); ++r) {
      const CsvRow& row = rows[r];
      if (row.blank() || !fits_header(row, header)) {
        continue;
      }
      RawIndicator raw;
      raw.where = lazy_at(row, 0);
      raw.code = cell_view(row, code_column);
      raw.code_where = lazy_at(row, code_column);
      auto field = [&](const std::optional<std::size_t>& index) {
        RawField out{std::nullopt, raw.where};
        if (index) {
          out.where = lazy_at(row, *index);
          if (!cell_view(row, *index).empty()) {
            out.text = cell_view(row, *index);
          }
        }
        return out;
      };
      raw.value = field(value_column);
      raw.numerator = field(numerator_column);
      raw.denominator = field(denominator_column);
      raw.self_assessment = field(assessment_column);
      const bool given =
          raw.value.text || raw.numerator.text || raw.denominator.text || raw.self_assessment.text;
      const std::string ref = cell(row, set_column);
      if (ref.empty() && raw.code.empty() && !given) {
        continue; // only names or notes: for the reader
      }
      if (ref.empty()) {
        m_checks.error(at(row, set_column), "no set on this row: the 'set' column names it (xa-ntm, …)");
        continue;
      }
      if (raw.code.empty()) {
        m_checks.error(at(row, code_column), "no indicator code on this row");
        continue;
      }
      const auto [it, first] = sets.try_emplace(ref);
      PendingSet& pending = it->second;
      if (first && m_checks.set_ref(ref, at(row, set_column)) && can_select) {
        pending.version = m_checks.version(ref, submission, at(row, set_column));
        if (pending.version) {
          pending.index = submission.sets.size();
          submission.sets.push_back({ref, {}, at(row, set_column)});
        }
      }
      if (!pending.version) {
        continue;
      }
      const model::Indicator* rule = pending.version->find_indicator(raw.code);
      if (rule && rule->value_from && !given) {
        continue; // the template lists derived indicators for the reader
      }
      model::SubmittedIndicator indicator;
      if (!m_checks.indicator(raw, *pending.version, submission, indicator)) {
        continue;
      }
      const auto [seen, inserted] = pending.seen.emplace(indicator.code, indicator.where);
      if (!inserted) {
        m_checks.error(indicator.where,
                       "duplicate indicator '" + indicator.code + "', first given at " + seen->second.str() +
                           mangled_code_hint(*pending.version, indicator.code),
                       "duplicate-indicator");
        continue;
      }
      submission.sets[pending.index].indicators.push_back(std::move(indicator));
    }
  }

  /// False, reported, when `row` has more fields than the header or a value under a nameless column.
  bool fits_header(const CsvRow& row, const CsvRow& header)
  {
    if (row.fields.size() > header.fields.size()) {
      std::string hint;
      if (m_reader.separator() == ',') {
        hint = "; a decimal comma must be quoted when ',' separates the fields (\"62,66\")";
      }
      m_checks.error(at(row, header.fields.size()), "row has " + std::to_string(row.fields.size()) +
                                                        " fields but the table header has " +
                                                        std::to_string(header.fields.size()) + hint);
      return false;
    }
    bool fits = true;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (header.fields[i].empty() && !row.fields[i].empty()) {
        m_checks.error(at(row, i), "a value in a column without a name in the table header");
        fits = false;
      }
    }
    return fits;
  }

  /// Excel reads a code such as 17.10 as the number 17.1, and writes it back so.
  static std::string mangled_code_hint(const model::RuleSet& version, const std::string& code)
  {
    if (code.find('.') == std::string::npos || !version.find_indicator(code + "0")) {
      return "";
    }
    return " (did the spreadsheet turn '" + code + "0' into '" + code + "'? format the code column as text)";
  }

  const SourceText& m_source;
  CsvReader m_reader;
  SubmissionChecks m_checks;
  bool m_year_known = false;
};

} // namespace

Loaded<model::Submission> load_submission_csv(const NamedText& file, const model::RuleBook& book)
{
  Loaded<model::Submission> result;
  const SourceText source(file.name, file.text);
  result.value = CsvSubmissionParser(source, result.errors, book).parse();
  sort_by_position(result.errors);
  if (!result.errors.empty()) {
    result.value.reset();
  }
  return result;
}

} // namespace ntm::load
