// ntm rules check | list: validates the criteria sets and shows what they hold.
#include "eval/rule_audit.hpp"
#include "load/number.hpp"
#include "options.hpp"
#include "report/text_report.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <tuple>

namespace po = boost::program_options;

namespace ntm::cli {

namespace {

std::string target_description(const model::Indicator& indicator, const model::Target& target)
{
  std::string scope;
  for (model::Region region : target.regions) {
    scope += (scope.empty() ? "" : " ") + std::string(model::region_code(region));
  }
  if (scope.empty()) {
    scope = "all regions";
  }
  std::string years;
  for (int year : target.years) {
    years += (years.empty() ? "" : " ") + std::to_string(year);
  }
  std::string value;
  if (target.derived) {
    value = load::format_number(target.derived->factor, 4) + " × " + target.derived->set_ref + ":" +
            target.derived->code;
  } else if (!target.symbol.empty()) {
    value = target.symbol;
  } else {
    value = report::with_unit(load::format_number(target.number, 4), indicator.unit);
  }
  return scope + (years.empty() ? "" : ", " + years) + ": " + std::string(model::op_symbol(target.op)) + " " +
         value;
}

std::string count(std::size_t n, const std::string& thing)
{
  return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
}

// `tdmnpb 2022–2025; dbsh dnb 2024`: regions missing the same years share one entry.
std::string gap_text(const eval::TargetGap& gap)
{
  std::vector<std::pair<std::string, const std::vector<int>*>> groups;
  for (const auto& [region, missing_years] : gap.missing) {
    const std::vector<int>& years = missing_years; // clang 14 cannot capture a structured binding
    auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return *g.second == years; });
    if (same == groups.end()) {
      groups.emplace_back(std::string(model::region_code(region)), &years);
    } else {
      same->first += " " + std::string(model::region_code(region));
    }
  }
  if (groups.size() == 1 && gap.missing.size() == model::k_regions.size()) {
    groups.front().first = "all regions";
  }
  std::string out;
  for (const auto& [regions, years] : groups) {
    out += (out.empty() ? "" : "; ") + regions + " " + report::years_text(*years);
  }
  return out;
}

// The warnings and information of eval::audit_rules, as `rules check` prints them.
void print_audit(const eval::RuleBase& rules)
{
  const model::RuleBook& book = rules.book();
  const eval::RuleAudit audit = eval::audit_rules(rules);
  const std::vector<std::string> required = book.levels.required_refs();
  std::ostringstream warnings;
  std::size_t warning_count = 0;
  for (const eval::UnusedIndicators& unused : audit.unused) {
    const model::RuleSet& set = book.sets[unused.set_index];
    std::string codes;
    for (const std::string& code : unused.codes) {
      codes += (codes.empty() ? "" : ", ") + code;
    }
    ++warning_count;
    warnings << set.where.str() << ": " << set.id << ": no level depends on indicator"
             << (unused.codes.size() == 1 ? " " : "s ") << codes << " (" << unused.codes.size() << " of "
             << unused.total;
    if (std::find(required.begin(), required.end(), set.ref) == required.end()) {
      warnings << "; no level requires set '" << set.ref << "'";
    }
    warnings << ")\n";
  }
  for (const eval::TargetGap& gap : audit.gaps) {
    ++warning_count;
    warnings << gap.where.str() << ": " << book.sets[gap.set_index].id << " " << gap.code
             << ": no target for " << gap_text(gap) << "\n";
  }
  std::cout << "warnings: " << warning_count << "\n" << warnings.str();
  std::cout << "info: " << audit.shadowed.size() << "\n";
  for (const eval::ShadowedVersion& shadowed : audit.shadowed) {
    const model::RuleSet& provincial = book.sets[shadowed.provincial];
    const model::RuleSet& national = book.sets[shadowed.national];
    std::string provinces;
    for (const std::string& province : provincial.provinces) {
      provinces += (provinces.empty() ? "" : ", ") + province;
    }
    std::cout << provincial.where.str() << ": " << provincial.id << " replaces " << national.id << " for "
              << provinces << " in " << report::range_text(shadowed.from_year, shadowed.to_year);
    if (!provincial.extends.empty() && provincial.extends != national.id) {
      std::cout << " (it extends " << provincial.extends << ")";
    }
    std::cout << "\n";
  }
}

int check(const std::filesystem::path& dir)
{
  const auto rules = load_rules(dir, std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const model::RuleBook& book = rules->book();
  std::size_t indicators = 0;
  std::size_t targets = 0;
  std::ostringstream unverified;
  std::size_t unverified_count = 0;
  for (const model::RuleSet& set : book.sets) {
    if (!set.legal.provenance.verified) {
      ++unverified_count;
      unverified << set.where.str() << ": " << set.id << " legal basis " << set.legal.decision << " ("
                 << set.legal.date << "): " << set.legal.provenance.source << "\n";
    }
    for (const model::Criterion& criterion : set.criteria) {
      for (const model::Indicator& indicator : criterion.indicators) {
        ++indicators;
        for (const model::Target& target : indicator.targets) {
          ++targets;
          // A provincial version inherits the national rows: list each row under the set defining it.
          if (target.provenance.verified || target.where.source != set.where.source) {
            continue;
          }
          ++unverified_count;
          unverified << target.where.str() << ": " << set.id << " " << indicator.code << " ("
                     << target_description(indicator, target) << "): " << target.provenance.source;
          if (!target.provenance.note.empty()) {
            unverified << "; " << target.provenance.note;
          }
          unverified << "\n";
        }
      }
    }
  }
  std::cout << "rules: " << dir.string() << "\n"
            << count(book.sets.size(), "set version") << ", " << count(book.levels.levels.size(), "level")
            << ", " << count(indicators, "indicator") << ", " << count(targets, "target") << ", "
            << count(rules->graph().size(), "graph node") << ", no cycle\n";
  std::cout << "unverified thresholds: " << unverified_count << "\n" << unverified.str();
  print_audit(*rules);
  std::cout << "ok\n";
  return k_exit_ok;
}

int list(const std::filesystem::path& dir)
{
  const auto rules = load_rules(dir, std::cerr);
  if (!rules) {
    return k_exit_failed;
  }
  const model::RuleBook& book = rules->book();
  std::cout << report::fit("ref", 18) << " " << report::fit("version", 36) << " " << report::fit("years", 10)
            << " " << report::fit("applies to", 14) << " " << report::fit("legal basis", 30) << " criteria\n";
  std::vector<const model::RuleSet*> ordered;
  for (const model::RuleSet& set : book.sets) {
    ordered.push_back(&set);
  }
  // By ref, the national version first, then the provincial ones, each by its first year.
  std::stable_sort(ordered.begin(), ordered.end(), [](const model::RuleSet* a, const model::RuleSet* b) {
    return std::tuple(a->ref, !a->national(), a->from_year, a->id) <
           std::tuple(b->ref, !b->national(), b->from_year, b->id);
  });
  for (const model::RuleSet* set_pointer : ordered) {
    {
      const model::RuleSet& set = *set_pointer;
      std::string provinces;
      for (const std::string& province : set.provinces) {
        provinces += (provinces.empty() ? "" : ", ") + province;
      }
      std::size_t count = 0;
      for (const model::Criterion& criterion : set.criteria) {
        count += criterion.indicators.size();
      }
      std::cout << report::fit(set.ref, 18) << " " << report::fit(set.id, 36) << " "
                << report::fit(std::to_string(set.from_year) + "–" + std::to_string(set.to_year), 10) << " "
                << report::fit(provinces.empty() ? "national" : provinces, 14) << " "
                << report::fit(set.legal.decision + " " + set.legal.date, 30) << " " << set.criteria.size()
                << " (" << count << " indicators)\n";
    }
  }
  std::cout << "\nlevels:\n";
  for (const model::Level& level : book.levels.levels) {
    std::string needs;
    for (const std::string& id : level.required_levels) {
      needs += (needs.empty() ? "" : " + ") + std::string("level ") + id;
    }
    for (const std::string& ref : level.required_sets) {
      needs += (needs.empty() ? "" : " + ") + std::string("all criteria of ") + ref;
    }
    std::cout << "  " << report::fit(level.id, 14) << " " << report::fit(level.name, 36) << " needs " << needs
              << "\n";
  }
  return k_exit_ok;
}

} // namespace

int run_rules(const std::vector<std::string>& args, const char* argv0)
{
  po::options_description visible(
      "usage: ntm rules check [DIR] [--rules DIR]\n"
      "       ntm rules list [--rules DIR]\n\n"
      "check: loads and validates every criteria set (format, references, overlaps, cycles), lists\n"
      "       each threshold not yet verified against its legal text, warns of indicators no level\n"
      "       depends on and of regions and years without a target, and shows which national version\n"
      "       each provincial one replaces; exit status 2 on any error (warnings do not count).\n"
      "list:  lists the set versions, their years, provinces and legal basis, and the levels.\n\noptions");
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("rules", po::value<std::string>(), "rules directory");
  // clang-format on
  const auto parsed = parse_command(args, visible, {{"action", 1}, {"dir", 1}});
  if (!parsed) {
    return k_exit_ok;
  }
  const po::variables_map& vm = *parsed;
  if (!vm.count("action")) {
    throw UsageError{"'ntm rules' needs 'check' or 'list' (see 'ntm rules --help')"};
  }
  const std::string action = vm["action"].as<std::string>();
  std::optional<std::string> dir;
  if (vm.count("dir")) {
    dir = vm["dir"].as<std::string>();
  } else if (vm.count("rules")) {
    dir = vm["rules"].as<std::string>();
  }
  if (action == "check") {
    return check(rules_dir(dir, argv0));
  }
  if (action == "list") {
    return list(rules_dir(dir, argv0));
  }
  throw UsageError{"unknown 'ntm rules' action '" + action + "' (actions: check, list)"};
}

} // namespace ntm::cli
