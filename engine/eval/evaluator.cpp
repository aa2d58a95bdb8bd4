#include "eval/evaluator.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <set>

namespace ntm::eval {

struct Evaluator::Tables {
  std::vector<std::string> refs;                            // every set ref, sorted
  std::vector<model::Scope> scopes;                         // ref -> its scope
  std::vector<std::size_t> indicator_order;                 // indicator nodes, dependencies first
  std::vector<const model::Indicator*> rule;                // node -> its indicator, or null
  std::vector<std::vector<std::size_t>> version_indicators; // version -> indicator nodes, in order
  std::vector<std::vector<std::span<const std::string>>> version_blocks; // version -> criterion -> levels
  // Indicator node -> its target for each year its version covers and each region, at
  // (year - from_year) * 7 + region: looked up for every indicator of every file, and searching
  // the rows (each with its own region and year lists) costs more than the table.
  std::vector<std::vector<const model::Target*>> targets;
};

namespace {

using model::IndicatorType;
using model::Op;

double signed_margin(double value, Op op, double target)
{
  switch (op) {
  case Op::ge:
  case Op::gt:
    return value - target;
  case Op::le:
  case Op::lt:
    return target - value;
  case Op::eq:
    return -std::fabs(value - target);
  }
  return 0;
}

/// State of one evaluation: the versions chosen and each indicator's result so far.
class Run {
public:
  Run(const RuleBase& rules, const Evaluator::Tables& tables, const model::Submission& submission)
      : m_book(rules.book()), m_graph(rules.graph()), m_tables(tables), m_submission(submission)
  {
    for (std::size_t r = 0; r < tables.refs.size(); ++r) {
      const std::string& ref = tables.refs[r];
      if (tables.scopes[r] != submission.scope) {
        continue;
      }
      if (const model::RuleSet* version = m_book.select(ref, submission.commune.province, submission.year)) {
        m_selected[ref] = static_cast<std::size_t>(version - m_book.sets.data());
      }
    }
  }

  void evaluate_indicators()
  {
    // Each result is filled where the evaluation keeps it, in its criterion of its set: a result
    // holds four strings, and moving it is not free. The vectors are sized first and never grow,
    // so the slots stay valid.
    m_sets.resize(m_book.sets.size());
    m_slot.assign(m_graph.size(), nullptr);
    for (const auto& [ref, index] : m_selected) {
      const std::vector<std::size_t>& nodes = m_tables.version_indicators[index];
      std::vector<CriterionResult>& criteria = m_sets[index].criteria;
      criteria.resize(m_book.sets[index].criteria.size());
      std::size_t next = 0;
      for (std::size_t c = 0; c < criteria.size(); ++c) {
        criteria[c].indicators.resize(m_book.sets[index].criteria[c].indicators.size());
        for (IndicatorResult& result : criteria[c].indicators) {
          m_slot[nodes[next++]] = &result;
        }
      }
    }
    m_hints.assign(m_submission.sets.size(), 0);
    for (std::size_t node : m_tables.indicator_order) {
      if (IndicatorResult* result = m_slot[node]) {
        evaluate_indicator(node, m_book.sets[m_graph.node(node).set_index], *m_tables.rule[node], *result);
      }
    }
  }

  /// The results of version `index`, by criterion, in the rules' order, to be moved out once,
  /// after every lookup. Only their indicators are filled in.
  SetResult& take(std::size_t index) { return m_sets[index]; }

  /// Judges `ref` by version `index` instead of the one in force.
  void force(const std::string& ref, std::size_t index)
  {
    if (m_book.scope_of(ref) == m_submission.scope) {
      m_selected[ref] = index;
    }
  }

  std::vector<Finding>& findings() { return m_findings; }
  const std::map<std::string, std::size_t>& selected() const { return m_selected; }

private:
  const IndicatorResult* lookup(const model::IndicatorRef& ref) const
  {
    auto chosen = m_selected.find(ref.set_ref);
    if (chosen == m_selected.end()) {
      return nullptr;
    }
    auto node = m_graph.find_indicator(chosen->second, ref.code);
    return node ? m_slot[*node] : nullptr;
  }

  /// Indicator `code` of submitted set `set`, searched from just after the last one found:
  /// files list indicators in the rules' order, so this is one comparison in the usual case.
  const model::SubmittedIndicator* find_submitted(const model::SubmittedSet& set, const std::string& code)
  {
    const std::size_t n = set.indicators.size();
    std::size_t& hint = m_hints[static_cast<std::size_t>(&set - m_submission.sets.data())];
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (hint + k) % n;
      if (set.indicators[i].code == code) {
        hint = i + 1;
        return &set.indicators[i];
      }
    }
    return nullptr;
  }

  void evaluate_indicator(std::size_t node, const model::RuleSet& set, const model::Indicator& rule,
                          IndicatorResult& result)
  {
    result.rule = &rule;
    if (rule.value_from) {
      result.derived_from = rule.value_from->str();
      if (const IndicatorResult* source = lookup(*rule.value_from)) {
        result.number = source->number;
        result.symbol = source->symbol;
      }
    } else if (const model::SubmittedSet* given = m_submission.find_set(set.ref)) {
      if (const model::SubmittedIndicator* value = find_submitted(*given, rule.code)) {
        result.where = value->where;
        result.self_assessment = value->self_assessment;
        if (value->not_applicable) {
          result.outcome = Outcome::not_applicable;
          return;
        }
        result.number = value->number;
        result.symbol = value->symbol;
        result.numerator = value->numerator;
        result.denominator = value->denominator;
      }
    }
    resolve_target(node, set, rule, result.target);
    if (!result.target) {
      result.outcome = Outcome::missing;
      return;
    }
    if (!result.has_value()) {
      result.outcome = Outcome::missing;
      return;
    }
    result.outcome = judge(rule, result) ? Outcome::met : Outcome::not_met;
  }

  /// Sets `resolved` to the target `rule` has for the submission, or leaves it empty.
  void resolve_target(std::size_t node, const model::RuleSet& set, const model::Indicator& rule,
                      std::optional<ResolvedTarget>& resolved)
  {
    const model::Region region = m_submission.target_region();
    const model::Target* row = target_for(node, set, rule, region, m_submission.year);
    if (!row) {
      m_findings.push_back({Severity::error, "no-target", set.ref, rule.code, "",
                            std::string(model::region_code(region)) + " " + std::to_string(m_submission.year),
                            rule.where});
      return;
    }
    ResolvedTarget& target = resolved.emplace();
    target.op = row->op;
    target.number = row->number;
    target.symbol = row->symbol;
    target.region = region;
    target.year = m_submission.year;
    target.rule = row;
    target.verified = row->provenance.verified;
    if (row->derived) {
      const IndicatorResult* base = lookup({row->derived->set_ref, row->derived->code});
      if (!base || !base->target) {
        m_findings.push_back(
            {Severity::error, "no-target", set.ref, rule.code, "",
             std::string(model::region_code(region)) + " " + std::to_string(m_submission.year), row->where});
        resolved.reset();
        return;
      }
      target.base = base->target->number;
      target.verified = target.verified && base->target->verified;
      target.base_version = m_book.sets[m_selected.at(row->derived->set_ref)].id;
      target.number = row->derived->factor * base->target->number;
    }
  }

  /// `rule.target_for(region, year)`, from the table when `set` covers the year (a forced version
  /// may be asked for another).
  const model::Target* target_for(std::size_t node, const model::RuleSet& set, const model::Indicator& rule,
                                  model::Region region, int year) const
  {
    const std::vector<const model::Target*>& table = m_tables.targets[node];
    if (set.covers(year)) {
      const auto index = static_cast<std::size_t>(year - set.from_year) * model::k_regions.size() +
                         static_cast<std::size_t>(region);
      if (index < table.size()) {
        return table[index];
      }
    }
    return rule.target_for(region, year);
  }

  static bool judge(const model::Indicator& rule, IndicatorResult& result)
  {
    const ResolvedTarget& target = *result.target;
    switch (rule.type) {
    case IndicatorType::boolean:
      return result.symbol == target.symbol;
    case IndicatorType::grade: {
      const double value = rule.grade_rank(result.symbol).value_or(-1);
      const double wanted = rule.grade_rank(target.symbol).value_or(0);
      return meets(value, target.op, wanted);
    }
    case IndicatorType::number:
    case IndicatorType::percent:
      break;
    }
    const double value = *result.number;
    const bool met = meets(value, target.op, target.number);
    result.margin = signed_margin(value, target.op, target.number);
    result.gap = met ? 0.0 : std::fabs(value - target.number);
    return met;
  }

  const model::RuleBook& m_book;
  const graph::DependencyGraph& m_graph;
  const Evaluator::Tables& m_tables;
  const model::Submission& m_submission;
  std::map<std::string, std::size_t> m_selected; // set ref -> version index
  std::vector<SetResult> m_sets;                 // version -> its results, when selected
  std::vector<IndicatorResult*> m_slot;          // node -> its result in m_sets, or null
  std::vector<std::size_t> m_hints;              // submitted set -> where to search next
  std::vector<Finding> m_findings;
};

Outcome combine(const std::vector<IndicatorResult>& indicators)
{
  bool missing = false;
  for (const IndicatorResult& indicator : indicators) {
    if (indicator.outcome == Outcome::not_met) {
      return Outcome::not_met;
    }
    missing = missing || indicator.outcome == Outcome::missing;
  }
  return missing ? Outcome::missing : Outcome::met;
}

} // namespace

bool meets(double value, model::Op op, double target)
{
  const double tolerance = 1e-9 * std::max(1.0, std::fabs(target));
  switch (op) {
  case Op::ge:
    return value >= target - tolerance;
  case Op::le:
    return value <= target + tolerance;
  case Op::eq:
    return std::fabs(value - target) <= tolerance;
  case Op::gt:
    return value > target + tolerance;
  case Op::lt:
    return value < target - tolerance;
  }
  return false;
}

std::string_view outcome_code(Outcome outcome)
{
  switch (outcome) {
  case Outcome::met:
    return "met";
  case Outcome::not_met:
    return "not-met";
  case Outcome::missing:
    return "missing";
  case Outcome::not_applicable:
    return "not-applicable";
  }
  return "missing";
}

std::string_view severity_code(Severity severity)
{
  switch (severity) {
  case Severity::error:
    return "error";
  case Severity::warning:
    return "warning";
  case Severity::info:
    return "info";
  }
  return "error";
}

bool Evaluation::has_errors() const
{
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& finding) { return finding.severity == Severity::error; });
}

const SetResult* Evaluation::find_set(std::string_view ref) const
{
  for (const SetResult& set : sets) {
    if (set.version->ref == ref) {
      return &set;
    }
  }
  return nullptr;
}

const IndicatorResult* SetResult::find(std::string_view code) const
{
  for (const CriterionResult& criterion : criteria) {
    for (const IndicatorResult& indicator : criterion.indicators) {
      if (indicator.rule->code == code) {
        return &indicator;
      }
    }
  }
  return nullptr;
}

Evaluator::Evaluator(const RuleBase& rules, const ForcedVersions& forced) : m_rules(rules)
{
  const model::RuleBook& book = rules.book();
  for (const auto& [ref, id] : forced) {
    const model::RuleSet* version = book.find_version(id);
    assert(version && version->ref == ref);
    m_forced[ref] = static_cast<std::size_t>(version - book.sets.data());
  }
  const graph::DependencyGraph& graph = rules.graph();
  auto tables = std::make_shared<Tables>();
  tables->refs = book.refs();
  for (const std::string& ref : tables->refs) {
    tables->scopes.push_back(book.scope_of(ref));
  }
  tables->rule.assign(graph.size(), nullptr);
  tables->targets.resize(graph.size());
  for (std::size_t node : graph.order()) {
    const graph::Node& n = graph.node(node);
    if (n.kind == graph::NodeKind::indicator) {
      tables->indicator_order.push_back(node);
      const model::RuleSet& version = book.sets[n.set_index];
      const model::Indicator* rule = version.find_indicator(n.key);
      tables->rule[node] = rule;
      // A period of a few years; a longer one, never seen, is searched instead.
      if (rule && version.to_year - version.from_year < 50) {
        for (int year = version.from_year; year <= version.to_year; ++year) {
          for (model::Region region : model::k_regions) {
            tables->targets[node].push_back(rule->target_for(region, year));
          }
        }
      }
    }
  }
  for (std::size_t index = 0; index < book.sets.size(); ++index) {
    std::vector<std::size_t>& indicators = tables->version_indicators.emplace_back();
    std::vector<std::span<const std::string>>& blocks = tables->version_blocks.emplace_back();
    for (const model::Criterion& criterion : book.sets[index].criteria) {
      const auto criterion_node = graph.find_criterion(index, criterion.id);
      blocks.push_back(criterion_node ? graph.blocked_levels(*criterion_node)
                                      : std::span<const std::string>());
      for (const model::Indicator& indicator : criterion.indicators) {
        const auto node = graph.find_indicator(index, indicator.code);
        assert(node);
        indicators.push_back(*node);
      }
    }
  }
  m_tables = std::move(tables);
}

Evaluation Evaluator::evaluate(const model::Submission& submission, const std::string& also_for_level) const
{
  const model::RuleBook& book = m_rules.book();
  Evaluation evaluation;
  evaluation.source = submission.source;
  evaluation.commune = submission.commune;
  evaluation.year = submission.year;
  evaluation.region = submission.region;
  evaluation.target_region = submission.target_region();
  evaluation.special_difficulty = submission.special_difficulty;
  evaluation.claimed = submission.claim;

  Run run(m_rules, *m_tables, submission);
  for (const auto& [ref, index] : m_forced) {
    run.force(ref, index);
  }
  run.evaluate_indicators();

  // Which sets to report: those submitted and those the claimed (or planned) level needs, in level order.
  std::vector<std::string> reported;
  auto report = [&](const std::string& ref) {
    if (std::find(reported.begin(), reported.end(), ref) == reported.end() && run.selected().count(ref)) {
      reported.push_back(ref);
    }
  };
  std::set<std::string> claimed_refs;
  std::vector<std::string> pending;
  if (submission.claim) {
    pending.push_back(*submission.claim);
  }
  if (!also_for_level.empty()) {
    pending.push_back(also_for_level);
  }
  {
    while (!pending.empty()) {
      const model::Level* level = book.levels.find(pending.back());
      pending.pop_back();
      if (level) {
        claimed_refs.insert(level->required_sets.begin(), level->required_sets.end());
        pending.insert(pending.end(), level->required_levels.begin(), level->required_levels.end());
      }
    }
  }
  for (const model::Level& level : book.levels.levels) {
    for (const std::string& ref : level.required_sets) {
      if (submission.find_set(ref) || claimed_refs.count(ref)) {
        report(ref);
      }
    }
  }
  for (const model::SubmittedSet& set : submission.sets) {
    report(set.ref);
  }

  std::map<std::string, bool> set_met; // every selected set, reported or not
  for (const auto& [ref, index] : run.selected()) {
    const model::RuleSet& version = book.sets[index];
    SetResult result = std::move(run.take(index));
    result.version = &version;
    result.submitted = submission.find_set(ref) != nullptr;
    for (std::size_t c = 0; c < version.criteria.size(); ++c) {
      CriterionResult& criterion_result = result.criteria[c];
      criterion_result.rule = &version.criteria[c];
      criterion_result.outcome = combine(criterion_result.indicators);
      criterion_result.blocks = m_tables->version_blocks[index][c];
      result.criteria_met += criterion_result.outcome == Outcome::met ? 1 : 0;
    }
    set_met[ref] = result.all_met();
    if (std::find(reported.begin(), reported.end(), ref) != reported.end()) {
      evaluation.sets.push_back(std::move(result));
    }
  }
  std::sort(evaluation.sets.begin(), evaluation.sets.end(), [&](const SetResult& a, const SetResult& b) {
    auto position = [&](const SetResult& s) {
      return std::find(reported.begin(), reported.end(), s.version->ref);
    };
    return position(a) < position(b);
  });

  evaluation.status = book.levels.none_id;
  std::map<std::string, bool> reached;
  for (const model::Level& level : book.levels.levels) {
    bool ok = true;
    for (const std::string& ref : level.required_sets) {
      ok = ok && set_met.count(ref) && set_met.at(ref);
    }
    for (const std::string& id : level.required_levels) {
      ok = ok && reached.count(id) && reached.at(id);
    }
    reached[level.id] = ok;
    evaluation.levels.push_back({&level, ok});
    if (ok) {
      evaluation.status = level.id;
    }
  }

  std::vector<Finding> findings = std::move(run.findings());
  for (const SetResult& set : evaluation.sets) {
    for (const CriterionResult& criterion : set.criteria) {
      for (const IndicatorResult& indicator : criterion.indicators) {
        const std::string& code = indicator.rule->code;
        if (indicator.outcome == Outcome::missing && indicator.has_value() == false && indicator.target) {
          const model::SubmittedSet* given = submission.find_set(set.version->ref);
          findings.push_back({Severity::warning, "missing-value", set.version->ref, code,
                              indicator.derived_from, "missing",
                              indicator.where.line > 0 ? indicator.where
                              : given                  ? given->where
                                                       : submission.where});
        }
        if (indicator.self_assessment) {
          const bool says_met = *indicator.self_assessment;
          const bool is_met = indicator.outcome == Outcome::met;
          if (says_met != is_met && indicator.outcome != Outcome::not_applicable) {
            findings.push_back({Severity::error, "self-assessment-mismatch", set.version->ref, code,
                                says_met ? "dat" : "khong-dat", std::string(outcome_code(indicator.outcome)),
                                indicator.where});
          }
        }
      }
    }
  }
  if (submission.claim && !(reached.count(*submission.claim) && reached.at(*submission.claim))) {
    findings.push_back({Severity::error, "claim-not-supported", "", "", *submission.claim, evaluation.status,
                        submission.claim_where});
  }
  // Findings found during evaluation for sets nobody asked about are noise.
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) {
                                  return !f.set_ref.empty() && std::find(reported.begin(), reported.end(),
                                                                         f.set_ref) == reported.end();
                                }),
                 findings.end());
  evaluation.findings = std::move(findings);
  return evaluation;
}

} // namespace ntm::eval
