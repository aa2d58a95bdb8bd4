#include "synthetic.hpp"

#include "eval/evaluator.hpp"
#include "report/labels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ntm::bench {

namespace {

using model::IndicatorType;
using model::Op;
using model::Region;

/// Draws from std::mt19937_64 with our own arithmetic: the standard fixes the engine's output
/// but not what its distributions make of it, which differs between standard libraries.
class Random {
public:
  explicit Random(std::uint64_t seed) : m_engine(seed) {}

  /// Uniform in [0, n) for n > 0, without modulo bias.
  std::uint64_t below(std::uint64_t n)
  {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = m_engine();
    while (x >= limit) {
      x = m_engine();
    }
    return x % n;
  }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  /// Uniform in [low, high].
  int between(int low, int high)
  {
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
  }
  /// Uniform in [0, 1), from the top 53 bits.
  double unit() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  /// An index drawn with the given weights.
  template <std::size_t N>
  std::size_t weighted(const std::array<int, N>& weights)
  {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int pick = static_cast<int>(below(static_cast<std::uint64_t>(total)));
    for (std::size_t i = 0; i < N; ++i) {
      if (pick < weights[i]) {
        return i;
      }
      pick -= weights[i];
    }
    return N - 1;
  }
  template <typename T>
  void shuffle(std::vector<T>& items)
  {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[index(i)]);
    }
  }

private:
  std::mt19937_64 m_engine;
};

struct Province {
  const char* name;
  Region region;
};

// Two or three provinces per region; Trà Vinh has its own versions of the sets.
constexpr std::array<Province, 16> k_provinces = {{{"Hà Giang", Region::tdmnpb},
                                                   {"Lào Cai", Region::tdmnpb},
                                                   {"Sơn La", Region::tdmnpb},
                                                   {"Nam Định", Region::dbsh},
                                                   {"Thái Bình", Region::dbsh},
                                                   {"Nghệ An", Region::btb},
                                                   {"Thanh Hóa", Region::btb},
                                                   {"Quảng Nam", Region::dhntb},
                                                   {"Bình Định", Region::dhntb},
                                                   {"Đắk Lắk", Region::tn},
                                                   {"Gia Lai", Region::tn},
                                                   {"Bình Dương", Region::dnb},
                                                   {"Tây Ninh", Region::dnb},
                                                   {"Trà Vinh", Region::dbscl},
                                                   {"Sóc Trăng", Region::dbscl},
                                                   {"Bến Tre", Region::dbscl}}};

struct Syllable {
  const char* name;
  const char* slug;
};

constexpr std::array<Syllable, 30> k_syllables = {
    {{"An", "an"},       {"Bình", "binh"},   {"Hòa", "hoa"},     {"Phước", "phuoc"}, {"Long", "long"},
     {"Tân", "tan"},     {"Thạnh", "thanh"}, {"Mỹ", "my"},       {"Hưng", "hung"},   {"Phú", "phu"},
     {"Đông", "dong"},   {"Tây", "tay"},     {"Trung", "trung"}, {"Hiệp", "hiep"},   {"Lợi", "loi"},
     {"Thuận", "thuan"}, {"Quang", "quang"}, {"Sơn", "son"},     {"Hải", "hai"},     {"Ngọc", "ngoc"},
     {"Kim", "kim"},     {"Định", "dinh"},   {"Xuyên", "xuyen"}, {"Lộc", "loc"},     {"Thới", "thoi"},
     {"Vĩnh", "vinh"},   {"Khánh", "khanh"}, {"Nghĩa", "nghia"}, {"Thành", "thanh"}, {"Đức", "duc"}}};

constexpr int k_first_year = 2022;
constexpr int k_last_year = 2025;
constexpr int k_first_code = 10000; // commune codes are 5 digits

// Criteria a commune fails in its first year (0, 1, 2, …), by the kind of commune. Communes
// then improve, so that across all files some meet all 19 and most 14–18.
constexpr std::array<int, 11> k_failing_typical = {3, 8, 14, 17, 17, 14, 10, 7, 5, 3, 2};
constexpr std::array<int, 3> k_failing_strong = {75, 20, 5}; // main set of communes going further
constexpr std::array<int, 9> k_failing_advanced = {8, 14, 18, 17, 14, 11, 8, 6, 4};
constexpr std::array<int, 4> k_years_weights = {15, 20, 25, 40}; // a commune files 1, 2, 3 or 4 years

constexpr double k_advanced_share = 0.2;
constexpr double k_special_difficulty_share = 0.03;
constexpr double k_counts_share = 0.2; // percents given as numerator/denominator
constexpr double k_if_any_absent_share = 0.3;
constexpr double k_self_assessment_share = 0.06;
constexpr double k_claim_share = 0.5;
constexpr double k_duplicate_share = 0.005;
constexpr double k_overstated_claim_share = 0.005;
constexpr double k_wrong_self_assessment_share = 0.003;

/// The indicators of one set version that a commune gives (derived ones are not given), in
/// file order, with the criterion each belongs to.
struct Plan {
  const model::RuleSet* version = nullptr;
  std::vector<const model::Indicator*> items;
  std::vector<std::size_t> criterion_of;              // per item
  std::vector<std::vector<std::size_t>> by_criterion; // item indices per criterion
};

Plan plan_of(const model::RuleSet& version)
{
  Plan plan;
  plan.version = &version;
  plan.by_criterion.resize(version.criteria.size());
  for (std::size_t c = 0; c < version.criteria.size(); ++c) {
    for (const model::Indicator& indicator : version.criteria[c].indicators) {
      if (indicator.value_from) {
        continue;
      }
      plan.by_criterion[c].push_back(plan.items.size());
      plan.items.push_back(&indicator);
      plan.criterion_of.push_back(c);
    }
  }
  return plan;
}

/// What stays with a commune from year to year for one set.
struct SetState {
  const Plan* plan = nullptr;
  std::vector<std::size_t> weakness; // criterion indices; the first `failing` fail this year
  std::size_t failing = 0;
  std::vector<double> headroom;       // per item: how far past its target a met value sits, 0..1
  std::vector<int> denominator;       // per item: > 0 when given as counts out of this many
  std::vector<bool> absent;           // per item: an if-any indicator the commune does not have
  std::vector<std::size_t> weak_item; // per criterion: the item that fails first
};

template <std::size_t N>
SetState start_set(const Plan& plan, const std::array<int, N>& failing_weights, int households,
                   Random& random)
{
  SetState state;
  state.plan = &plan;
  const std::size_t criteria = plan.by_criterion.size();
  for (std::size_t c = 0; c < criteria; ++c) {
    state.weakness.push_back(c);
  }
  random.shuffle(state.weakness);
  state.failing = std::min(random.weighted(failing_weights), criteria);
  for (const model::Indicator* rule : plan.items) {
    state.headroom.push_back(std::sqrt(random.unit()));
    int denominator = 0;
    if (rule->type == IndicatorType::percent && random.chance(k_counts_share)) {
      denominator = random.chance(0.5) ? households : random.between(4, 14);
    }
    state.denominator.push_back(denominator);
    state.absent.push_back(rule->if_any && random.chance(k_if_any_absent_share));
  }
  for (const std::vector<std::size_t>& items : plan.by_criterion) {
    std::vector<std::size_t> present;
    for (std::size_t item : items) {
      if (!state.absent[item]) {
        present.push_back(item);
      }
    }
    const std::vector<std::size_t>& from = present.empty() ? items : present;
    state.weak_item.push_back(from.empty() ? 0 : from[random.index(from.size())]);
  }
  return state;
}

void next_year(SetState& state, Random& random)
{
  const std::size_t criteria = state.weakness.size();
  if (state.failing > 0 && random.chance(0.3)) {
    --state.failing;
  } else if (state.failing < criteria && random.chance(0.08)) {
    ++state.failing;
  }
  // Now and then one criterion recovers while another slips.
  if (state.failing > 0 && state.failing < criteria && random.chance(0.1)) {
    std::swap(state.weakness[random.index(state.failing)],
              state.weakness[state.failing + random.index(criteria - state.failing)]);
  }
  for (double& headroom : state.headroom) {
    headroom = std::min(1.0, headroom + 0.05 * random.unit());
  }
}

bool upward(Op op)
{
  return op == Op::ge || op == Op::gt;
}

/// `centi` hundredths as a plain decimal: 6266 → 62.66, 8550 → 85.5, 10000 → 100.
std::string decimal(long long centi)
{
  std::string out = centi < 0 ? "-" : "";
  const long long magnitude = centi < 0 ? -centi : centi;
  out += std::to_string(magnitude / 100);
  const long long fraction = magnitude % 100;
  if (fraction != 0) {
    out += '.';
    out += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) {
      out += static_cast<char>('0' + fraction % 10);
    }
  }
  return out;
}

/// One indicator as it will be written.
struct Written {
  std::size_t item = 0;
  std::string attributes; // ` value="…"` or ` numerator="…" denominator="…"`
  bool applicable = true;
  bool met = false;
  std::optional<bool> self_assessment;
};

/// A number or percent that meets (or misses) target `target` by `op`: met values sit `headroom`
/// of the way from the target to the end of the plausible range, missed ones `shortfall` short.
Written numeric(const model::Indicator& rule, Op op, double target, double headroom, double shortfall,
                int denominator, bool want_met)
{
  const bool percent = rule.type == IndicatorType::percent;
  const double low = percent ? 0.0 : rule.min.value_or(0.0);
  const double high = percent ? 100.0 : rule.max.value_or(1e9);
  double value = target;
  if (op == Op::eq) {
    value = want_met ? target : (target + 1 <= high ? target + 1 : target - 1);
  } else if (want_met && upward(op)) {
    const double top = percent ? 100.0 : std::min(high, target * 1.5 + 1.0);
    value = top > target ? target + (top - target) * headroom : target;
  } else if (want_met) {
    value = target > low ? target - (target - low) * 0.9 * headroom : target;
  } else if (upward(op)) {
    value = target - std::max(target * shortfall, 0.5);
  } else {
    value = target + std::max(target * shortfall, percent ? 0.5 : 1.0 + std::floor(shortfall * 40));
  }
  value = std::clamp(value, low, high);
  // Rounding may cross the target; step back over it, within the range.
  const bool grow = want_met == upward(op);
  Written out;
  if (denominator > 0) {
    const long long whole = denominator;
    long long numerator = std::clamp(std::llround(value * static_cast<double>(whole) / 100.0), 0LL, whole);
    auto share = [&] { return static_cast<double>(numerator) * 100.0 / static_cast<double>(whole); };
    while (eval::meets(share(), op, target) != want_met && (grow ? numerator < whole : numerator > 0)) {
      numerator += grow ? 1 : -1;
    }
    out.met = eval::meets(share(), op, target);
    out.attributes =
        " numerator=\"" + std::to_string(numerator) + "\" denominator=\"" + std::to_string(whole) + "\"";
    return out;
  }
  const auto lowest = static_cast<long long>(std::ceil(low * 100));
  const auto highest = static_cast<long long>(std::floor(high * 100));
  long long centi = std::clamp(std::llround(value * 100), lowest, highest);
  auto number = [&] { return static_cast<double>(centi) / 100.0; };
  for (int step = 0; step < 1000 && eval::meets(number(), op, target) != want_met; ++step) {
    const long long next = centi + (grow ? 1 : -1);
    if (next < lowest || next > highest) {
      break;
    }
    centi = next;
  }
  out.met = eval::meets(number(), op, target);
  out.attributes = " value=\"" + decimal(centi) + "\"";
  return out;
}

Written symbolic(const model::Indicator& rule, const model::Target& target, double headroom, bool want_met,
                 Random& random)
{
  Written out;
  if (rule.type == IndicatorType::boolean) {
    const std::string other = target.symbol == "dat" ? "khong-dat" : "dat";
    out.met = want_met;
    out.attributes = " value=\"" + (want_met ? target.symbol : other) + "\"";
    return out;
  }
  const double wanted = rule.grade_rank(target.symbol).value_or(0);
  std::vector<std::size_t> passing;
  std::vector<std::size_t> failing;
  for (std::size_t rank = 0; rank < rule.grades.size(); ++rank) {
    (eval::meets(static_cast<double>(rank), target.op, wanted) ? passing : failing).push_back(rank);
  }
  std::size_t rank = 0;
  if (want_met && !passing.empty()) {
    rank = passing[std::min(passing.size() - 1, static_cast<std::size_t>(headroom * double(passing.size())))];
  } else if (!failing.empty()) {
    rank = failing[random.index(failing.size())];
  } else if (!passing.empty()) {
    rank = passing.front();
  }
  out.met = std::find(passing.begin(), passing.end(), rank) != passing.end();
  out.attributes =
      " value=\"" + report::escape_markup(rule.grades.empty() ? "" : rule.grades[rank].id) + "\"";
  return out;
}

/// This year's values of one set, with the outcome of each criterion.
struct SetValues {
  std::vector<Written> indicators;
  std::vector<bool> criterion_met;
  int criteria_met = 0;
  bool all_met() const { return criteria_met == static_cast<int>(criterion_met.size()); }
};

SetValues draw_values(const SetState& state, Region target_region, int year, Random& random)
{
  const Plan& plan = *state.plan;
  std::vector<bool> fail(plan.items.size(), false);
  for (std::size_t k = 0; k < state.failing; ++k) {
    const std::size_t criterion = state.weakness[k];
    fail[state.weak_item[criterion]] = true;
    const std::vector<std::size_t>& items = plan.by_criterion[criterion];
    if (items.size() > 1 && random.chance(0.25)) {
      fail[items[random.index(items.size())]] = true;
    }
  }
  SetValues values;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    const model::Indicator& rule = *plan.items[i];
    const model::Target* target = rule.target_for(target_region, year);
    Written written;
    if (state.absent[i]) {
      written.attributes = " value=\"khong-co\"";
      written.applicable = false;
    } else if (!target || target->derived) {
      // No target the generator can aim at: the value is plausible, its outcome unknown here.
      written.attributes = rule.type == IndicatorType::boolean ? " value=\"dat\"" : " value=\"0\"";
    } else if (rule.type == IndicatorType::boolean || rule.type == IndicatorType::grade) {
      written = symbolic(rule, *target, state.headroom[i], !fail[i], random);
    } else {
      const double shortfall = 0.02 + 0.2 * random.unit();
      written = numeric(rule, target->op, target->number, state.headroom[i], shortfall, state.denominator[i],
                        !fail[i]);
    }
    written.item = i;
    values.indicators.push_back(std::move(written));
  }
  values.criterion_met.assign(plan.by_criterion.size(), true);
  for (const Written& written : values.indicators) {
    if (written.applicable && !written.met) {
      values.criterion_met[plan.criterion_of[written.item]] = false;
    }
  }
  values.criteria_met =
      static_cast<int>(std::count(values.criterion_met.begin(), values.criterion_met.end(), true));
  return values;
}

/// A comment may not hold `--`.
std::string comment_safe(std::string text)
{
  for (std::size_t at = text.find("--"); at != std::string::npos; at = text.find("--", at)) {
    text.replace(at, 2, "- -");
  }
  return text;
}

void render_set(std::string& out, const std::string& ref, const SetState& state, const SetValues& values)
{
  const Plan& plan = *state.plan;
  out += "  <set ref=\"" + report::escape_markup(ref) + "\">\n";
  std::size_t criterion = plan.by_criterion.size();
  for (const Written& written : values.indicators) {
    const std::size_t c = plan.criterion_of[written.item];
    if (c != criterion) {
      criterion = c;
      const model::Criterion& rule = plan.version->criteria[c];
      out += "    <!-- " + comment_safe(rule.id + " " + rule.name) + " -->\n";
    }
    out += "    <indicator code=\"" + report::escape_markup(plan.items[written.item]->code) + "\"" +
           written.attributes;
    if (written.self_assessment) {
      out += *written.self_assessment ? " self-assessment=\"dat\"" : " self-assessment=\"khong-dat\"";
    }
    out += "/>\n";
  }
  out += "  </set>\n";
}

Diagnostic problem(std::string file, std::string message)
{
  Diagnostic diagnostic;
  diagnostic.where.source = std::move(file);
  diagnostic.message = std::move(message);
  return diagnostic;
}

struct District {
  std::string name;
  const Province* province = nullptr;
  std::filesystem::path dir;
};

struct Commune {
  std::string code;
  std::string name;
  std::string slug;
  bool special_difficulty = false;
  std::vector<std::pair<std::string, SetState>> sets; // by ref, main set first
};

class Generator {
public:
  Generator(const model::RuleBook& book, std::filesystem::path out_dir, std::size_t count, std::uint64_t seed)
      : m_book(book), m_out_dir(std::move(out_dir)), m_count(count), m_seed(seed), m_random(seed)
  {
  }

  Loaded<GenerateSummary> run()
  {
    Loaded<GenerateSummary> result;
    const auto& levels = m_book.levels.levels;
    if (levels.size() < 2 || levels[0].required_sets.empty() || levels[1].required_sets.empty()) {
      result.errors.push_back(problem("", "the rules' levels do not name a main and an advanced set"));
      return result;
    }
    m_main_ref = levels[0].required_sets.front();
    m_advanced_ref = levels[1].required_sets.front();
    std::vector<std::pair<std::size_t, std::size_t>> pairs; // syllable pairs for district names
    for (std::size_t a = 0; a < k_syllables.size(); ++a) {
      for (std::size_t b = 0; b < k_syllables.size(); ++b) {
        if (a != b) {
          pairs.emplace_back(a, b);
        }
      }
    }
    m_random.shuffle(pairs);
    std::size_t communes = 0;
    while (m_summary.files < m_count && result.errors.empty()) {
      const std::size_t k = m_summary.districts++;
      const auto [a, b] = pairs[k % pairs.size()];
      District district;
      district.name = std::string("Huyện ") + k_syllables[a].name + " " + k_syllables[b].name;
      if (k >= pairs.size()) {
        district.name += " " + std::to_string(k / pairs.size() + 1);
      }
      district.province = &k_provinces[m_random.index(k_provinces.size())];
      std::string number = std::to_string(k + 1);
      district.dir =
          m_out_dir / ("district-" + std::string(number.size() < 4 ? 4 - number.size() : 0, '0') + number);
      std::error_code ec;
      std::filesystem::create_directories(district.dir, ec);
      if (ec) {
        result.errors.push_back(problem(district.dir.string(), "cannot create the folder: " + ec.message()));
        break;
      }
      const int size = m_random.between(8, 20);
      for (int c = 0; c < size && m_summary.files < m_count && result.errors.empty(); ++c) {
        if (k_first_code + communes > 99999) {
          result.errors.push_back(problem(
              "", std::to_string(m_count) + " submissions need more communes than 5-digit codes allow"));
          break;
        }
        write_commune(district, std::to_string(k_first_code + communes), result.errors);
        ++communes;
      }
    }
    m_summary.communes = communes;
    if (result.errors.empty()) {
      result.value = m_summary;
    }
    return result;
  }

private:
  const Plan& plan(const model::RuleSet& version)
  {
    auto it = m_plans.find(&version);
    if (it == m_plans.end()) {
      it = m_plans.emplace(&version, plan_of(version)).first;
    }
    return it->second;
  }

  void write_commune(const District& district, const std::string& code, Diagnostics& errors)
  {
    Commune commune;
    commune.code = code;
    const std::size_t a = m_random.index(k_syllables.size());
    std::size_t b = m_random.index(k_syllables.size() - 1);
    b += b >= a ? 1 : 0;
    commune.name = std::string("Xã ") + k_syllables[a].name + " " + k_syllables[b].name;
    commune.slug = std::string(k_syllables[a].slug) + "-" + k_syllables[b].slug;
    const int years = static_cast<int>(m_random.weighted(k_years_weights)) + 1;
    const int first = k_first_year + m_random.between(0, k_last_year - k_first_year + 1 - years);
    commune.special_difficulty = m_random.chance(k_special_difficulty_share);
    const bool advanced = m_random.chance(k_advanced_share);
    const int households = m_random.between(1200, 7000);
    const std::string_view province = district.province->name;
    // The version in force the first year; both sets have one version for the whole period.
    if (const model::RuleSet* version = m_book.select(m_main_ref, province, first)) {
      commune.sets.emplace_back(
          m_main_ref, advanced ? start_set(plan(*version), k_failing_strong, households, m_random)
                               : start_set(plan(*version), k_failing_typical, households, m_random));
    }
    if (const model::RuleSet* version = advanced ? m_book.select(m_advanced_ref, province, first) : nullptr) {
      commune.sets.emplace_back(m_advanced_ref,
                                start_set(plan(*version), k_failing_advanced, households, m_random));
    }
    for (int year = first; year < first + years && m_summary.files < m_count && errors.empty(); ++year) {
      if (year > first) {
        for (auto& [ref, state] : commune.sets) {
          next_year(state, m_random);
        }
      }
      const std::string text = submission(district, commune, year);
      const std::string stem = commune.slug + "-" + commune.code + "-" + std::to_string(year);
      write(district.dir / (stem + ".xml"), text, errors);
      // A commune that sent its file twice, as a supplement with the same content.
      if (m_summary.files < m_count && errors.empty() && m_random.chance(k_duplicate_share)) {
        write(district.dir / (stem + "-bo-sung.xml"), text, errors);
        ++m_summary.duplicates;
        m_summary.main_met[m_last_main_met]++;
        m_summary.advanced += commune.sets.size() > 1 ? 1U : 0U;
        m_summary.claims += m_last_claimed ? 1U : 0U;
      }
    }
  }

  std::string submission(const District& district, const Commune& commune, int year)
  {
    const Region region = commune.special_difficulty ? Region::tdmnpb : district.province->region;
    std::vector<SetValues> values;
    for (const auto& [ref, state] : commune.sets) {
      values.push_back(draw_values(state, region, year, m_random));
    }
    // The highest level the values reach, as the evaluator will find it.
    std::vector<std::string> reached;
    const model::Level* lowest_missed = nullptr;
    for (const model::Level& level : m_book.levels.levels) {
      bool ok = true;
      for (const std::string& ref : level.required_sets) {
        auto it = std::find_if(commune.sets.begin(), commune.sets.end(),
                               [&](const auto& s) { return s.first == ref; });
        ok = ok && it != commune.sets.end() &&
             values[static_cast<std::size_t>(it - commune.sets.begin())].all_met();
      }
      for (const std::string& id : level.required_levels) {
        ok = ok && std::find(reached.begin(), reached.end(), id) != reached.end();
      }
      if (ok) {
        reached.push_back(level.id);
      } else if (!lowest_missed) {
        lowest_missed = &level;
      }
    }
    std::optional<std::string> claim;
    if (lowest_missed && m_random.chance(k_overstated_claim_share)) {
      claim = lowest_missed->id;
      ++m_summary.overstated_claims;
    } else if (!reached.empty() && m_random.chance(k_claim_share)) {
      claim = reached.back();
    }
    for (SetValues& set : values) {
      for (Written& written : set.indicators) {
        if (written.applicable && m_random.chance(k_self_assessment_share)) {
          written.self_assessment = written.met;
        }
      }
    }
    if (!values.empty() && m_random.chance(k_wrong_self_assessment_share)) {
      std::vector<Written*> applicable;
      for (Written& written : values.front().indicators) {
        if (written.applicable) {
          applicable.push_back(&written);
        }
      }
      if (!applicable.empty()) {
        Written& wrong = *applicable[m_random.index(applicable.size())];
        wrong.self_assessment = !wrong.met;
        ++m_summary.wrong_self_assessments;
      }
    }

    std::string out;
    out.reserve(8192);
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<!--\n  SYNTHETIC SUBMISSION FOR THE BENCHMARK, NOT REAL DATA: written by ntm_bench_generate, "
           "seed " +
           std::to_string(m_seed) +
           ".\n  Values are drawn around the commune's targets; see bench/README.md.\n-->\n";
    out += "<submission year=\"" + std::to_string(year) + "\" region=\"" +
           std::string(model::region_code(district.province->region)) + "\"" +
           (commune.special_difficulty ? " special-difficulty=\"true\"" : "") + ">\n";
    out += "  <commune code=\"" + commune.code + "\" name=\"" + report::escape_markup(commune.name) +
           "\" district=\"" + report::escape_markup(district.name) + "\" province=\"" +
           report::escape_markup(district.province->name) + "\"/>\n";
    if (claim) {
      out += "  <claim level=\"" + report::escape_markup(*claim) + "\"/>\n";
    }
    for (std::size_t s = 0; s < commune.sets.size(); ++s) {
      render_set(out, commune.sets[s].first, commune.sets[s].second, values[s]);
    }
    out += "</submission>\n";

    m_last_main_met = values.empty() ? 0 : values.front().criteria_met;
    m_last_claimed = claim.has_value();
    m_summary.main_met[m_last_main_met]++;
    m_summary.advanced += commune.sets.size() > 1 ? 1U : 0U;
    m_summary.claims += claim ? 1U : 0U;
    return out;
  }

  void write(const std::filesystem::path& path, const std::string& text, Diagnostics& errors)
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      errors.push_back(problem(path.string(), "cannot write the file"));
      return;
    }
    ++m_summary.files;
    m_summary.bytes += text.size();
  }

  const model::RuleBook& m_book;
  std::filesystem::path m_out_dir;
  std::size_t m_count;
  std::uint64_t m_seed;
  Random m_random;
  std::string m_main_ref;
  std::string m_advanced_ref;
  std::map<const model::RuleSet*, Plan> m_plans; // states point into it: a map keeps them valid
  GenerateSummary m_summary;
  int m_last_main_met = 0;
  bool m_last_claimed = false;
};

} // namespace

Loaded<GenerateSummary> generate(const model::RuleBook& book, const std::filesystem::path& out_dir,
                                 std::size_t count, std::uint64_t seed)
{
  return Generator(book, out_dir, count, seed).run();
}

} // namespace ntm::bench
