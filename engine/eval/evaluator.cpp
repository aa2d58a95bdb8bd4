#include "eval/evaluator.hpp"

#include "load/source_text.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <set>
#include <span>
#include <utility>

namespace ntm::eval {

struct Evaluator::Tables {
  std::vector<std::string> refs;                      // every set ref, sorted
  std::vector<model::Scope> scopes;                   // ref -> its scope
  std::vector<std::vector<std::size_t>> ref_versions; // ref -> its versions, in the book's order
  std::vector<std::size_t> version_ref;               // version -> its ref's position in refs
  struct IndicatorNode {
    std::size_t node;
    std::size_t version;
    const model::Indicator* rule;
    std::string derived_from; // `xa-ntm:10` when the value is taken from another set
  };
  std::vector<IndicatorNode> indicator_order; // dependencies first, each with its version and rule
  std::vector<std::vector<std::size_t>> version_indicators; // version -> indicator nodes, in order
  // A set not reported is not submitted: its indicators that take no value from another set are
  // missing, and so is every criterion holding one, and the set is not met. Of such a set only what
  // other indicators read (a value or a target, by ref and code) is evaluated, unless every criterion
  // takes all its values from other sets (`may_be_met_unreported`): then it all is.
  std::vector<std::vector<std::size_t>> unreported_indicators; // version -> nodes evaluated, in order
  std::vector<bool> may_be_met_unreported;                     // version -> whether it may be met
  // Version -> the positions in indicator_order of its indicators, and of those evaluated when it
  // is not reported, ascending: an evaluation merges the lists of the versions it selects instead of
  // walking every version's indicators.
  std::vector<std::vector<std::size_t>> version_order;
  std::vector<std::vector<std::size_t>> unreported_order;
  std::vector<std::vector<std::span<const std::string>>> version_blocks; // version -> criterion -> levels
  std::vector<std::vector<std::size_t>> level_sets;   // level -> its required refs' positions
  std::vector<std::vector<std::size_t>> level_levels; // level -> its required levels' indexes
  // Indicator node -> its target for each year its version covers and each region, at
  // (year - from_year) * 7 + region: looked up for every indicator of every file, and searching
  // the rows (each with its own region and year lists) costs more than the table.
  std::vector<std::vector<const model::Target*>> targets;

  /// The position of `ref` in `refs`, or refs.size() when no version has that ref.
  std::size_t position(std::string_view ref) const
  {
    const auto it = std::lower_bound(refs.begin(), refs.end(), ref);
    return it != refs.end() && *it == ref ? static_cast<std::size_t>(it - refs.begin()) : refs.size();
  }
};

namespace {

using model::IndicatorType;
using model::Op;

constexpr std::size_t k_none = static_cast<std::size_t>(-1); // no version selected

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

/// `to = from`, but for what `to` holds already: a result is evaluated into the one an earlier file
/// left, which mostly holds the same symbols, and comparing them costs less than a call to copy.
void assign(std::string& to, std::string_view from)
{
  if (!load::same_text(to, from)) {
    to.assign(from);
  }
}

} // namespace

/// The vectors of a run, kept from one evaluation to the next.
struct Evaluator::Workspace::State {
  std::vector<std::size_t> selected;               // ref position -> version index, or k_none
  std::vector<const model::SubmittedSet*> given;   // ref position -> its submitted set, or null
  std::vector<IndicatorResult> unreported;         // the results of the selected sets not reported
  std::vector<std::size_t> pooled;                 // version -> where its results start in unreported
  std::vector<IndicatorResult*> slot;              // node -> its result, when evaluated
  std::vector<std::span<const std::size_t>> lists; // the order lists of the selected versions
  std::vector<std::size_t> hints;                  // submitted set -> where to search next
  std::vector<std::size_t> reported;               // the ref positions of the sets reported, in order
  std::vector<bool> is_reported;                   // ref position -> whether its set is reported
  std::vector<bool> claimed_refs;                  // ref position -> whether a level asked for needs it
  std::vector<std::string_view> pending;           // levels whose required sets are still to mark
  std::vector<bool> set_met;                       // ref position -> whether its selected set is met
  std::vector<bool> reached;                       // level -> whether it is reached
};

Evaluator::Workspace::Workspace() : m_state(std::make_unique<State>())
{
}
Evaluator::Workspace::~Workspace() = default;
Evaluator::Workspace::Workspace(Workspace&&) noexcept = default;
Evaluator::Workspace& Evaluator::Workspace::operator=(Workspace&&) noexcept = default;

namespace {

/// State of one evaluation: the versions chosen and each indicator's result so far, kept in a
/// workspace's vectors, which are reset here. Sets are kept by their ref's position in the tables'
/// sorted refs, which spares every lookup a string comparison.
class Run {
public:
  Run(const RuleBase& rules, const Evaluator::Tables& tables, const model::Submission& submission,
      Evaluator::Workspace::State& state, std::vector<Finding>& findings)
      : m_book(rules.book())
      , m_graph(rules.graph())
      , m_tables(tables)
      , m_submission(submission)
      , m_selected(state.selected)
      , m_given(state.given)
      , m_unreported(state.unreported)
      , m_pooled(state.pooled)
      , m_slot(state.slot)
      , m_lists(state.lists)
      , m_hints(state.hints)
      , m_findings(findings)
  {
    m_selected.assign(tables.refs.size(), k_none);
    m_given.assign(tables.refs.size(), nullptr);
    m_pooled.assign(m_book.sets.size(), 0);
    for (std::size_t r = 0; r < tables.refs.size(); ++r) {
      if (tables.scopes[r] != submission.scope) {
        continue;
      }
      if (const model::RuleSet* version =
              m_book.select(tables.ref_versions[r], submission.commune.province, submission.year)) {
        m_selected[r] = static_cast<std::size_t>(version - m_book.sets.data());
      }
    }
    // The first set of each ref, the one Submission::find_set returns.
    for (const model::SubmittedSet& set : submission.sets) {
      const std::size_t r = tables.position(set.ref);
      if (r < m_given.size() && !m_given[r]) {
        m_given[r] = &set;
      }
    }
  }

  /// Evaluates every indicator of the selected versions. The sets at the ref positions `reported`
  /// go into `sets`, in that order, by criterion; `is_reported[r]` tells whether position `r` is
  /// one of them. The results of the others are only read (for the levels and derived values), so
  /// they are kept in one vector, not one per criterion.
  void evaluate_indicators(const std::vector<std::size_t>& reported, const std::vector<bool>& is_reported,
                           std::vector<SetResult>& sets)
  {
    // Each result is filled where it is kept, for a reported set in its criterion of its set: a
    // result holds four strings, and moving it is not free. The vectors are sized first and never
    // grow, so the slots stay valid. Every result is evaluated, which sets all its fields.
    // Only the slots of the indicators evaluated are read (see lookup): they alone are set.
    m_slot.resize(m_graph.size());
    std::size_t unreported = 0;
    for (std::size_t r = 0; r < m_selected.size(); ++r) {
      if (m_selected[r] != k_none && !is_reported[r]) {
        unreported += m_tables.unreported_indicators[m_selected[r]].size();
      }
    }
    m_unreported.resize(unreported);
    std::size_t pooled = 0;
    for (std::size_t r = 0; r < m_selected.size(); ++r) {
      const std::size_t index = m_selected[r];
      if (index == k_none || is_reported[r]) {
        continue;
      }
      m_pooled[index] = pooled;
      for (const std::size_t node : m_tables.unreported_indicators[index]) {
        m_slot[node] = &m_unreported[pooled++];
      }
    }
    sets.resize(reported.size());
    for (std::size_t k = 0; k < reported.size(); ++k) {
      const std::size_t index = m_selected[reported[k]];
      const std::vector<std::size_t>& nodes = m_tables.version_indicators[index];
      std::vector<CriterionResult>& criteria = sets[k].criteria;
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
    m_lists.clear();
    for (std::size_t r = 0; r < m_selected.size(); ++r) {
      if (m_selected[r] != k_none) {
        m_lists.emplace_back(is_reported[r] ? m_tables.version_order[m_selected[r]]
                                            : m_tables.unreported_order[m_selected[r]]);
      }
    }
    // The lists merged, so that each indicator comes after those it reads, as in indicator_order. A
    // list is taken for as long as it comes before the others: usually whole, as versions seldom
    // read each other. With lists 1 4 5 and 2 3 6: 1, then 2 3, then 4 5, then 6.
    for (;;) {
      std::span<const std::size_t>* first = nullptr;
      std::size_t others = k_none; // the lowest position of the other lists
      for (std::span<const std::size_t>& list : m_lists) {
        if (list.empty()) {
          continue;
        }
        if (!first || list.front() < first->front()) {
          others = first ? first->front() : others;
          first = &list;
        } else {
          others = std::min(others, list.front());
        }
      }
      if (!first) {
        return;
      }
      for (; !first->empty() && first->front() < others; *first = first->subspan(1)) {
        const Evaluator::Tables::IndicatorNode& indicator = m_tables.indicator_order[first->front()];
        evaluate_indicator(indicator, *m_slot[indicator.node]);
      }
    }
  }

  /// The results of version `index`, of a set not reported that may be met, in the rules' order.
  std::span<const IndicatorResult> unreported(std::size_t index) const
  {
    return std::span<const IndicatorResult>(m_unreported)
        .subspan(m_pooled[index], m_tables.version_indicators[index].size());
  }

  /// Judges the ref at position `r` by version `index` instead of the one in force.
  void force(std::size_t r, std::size_t index)
  {
    if (m_tables.scopes[r] == m_submission.scope) {
      m_selected[r] = index;
    }
  }

  /// Ref position -> the version it is judged by, or k_none.
  const std::vector<std::size_t>& selected() const { return m_selected; }
  /// The submitted set of the ref at position `r`, or null.
  const model::SubmittedSet* given(std::size_t r) const { return m_given[r]; }

private:
  std::size_t selected_version(std::string_view ref) const
  {
    const std::size_t r = m_tables.position(ref);
    return r < m_selected.size() ? m_selected[r] : k_none;
  }

  /// The result of indicator `code` of the version selected for `set_ref`. Its slot is set in this
  /// evaluation: the indicators of a reported set are all evaluated, and those of a set not reported
  /// that others read, as this one is read.
  const IndicatorResult* lookup(std::string_view set_ref, std::string_view code) const
  {
    const std::size_t version = selected_version(set_ref);
    if (version == k_none) {
      return nullptr;
    }
    auto node = m_graph.find_indicator(version, code);
    return node ? m_slot[*node] : nullptr;
  }

  /// Indicator `code` of submitted set `set`, searched from just after the last one found:
  /// files list indicators in the rules' order, so this is one comparison in the usual case.
  const model::SubmittedIndicator* find_submitted(const model::SubmittedSet& set, const std::string& code)
  {
    const std::size_t n = set.indicators.size();
    std::size_t& hint = m_hints[static_cast<std::size_t>(&set - m_submission.sets.data())];
    for (std::size_t k = 0, i = hint < n ? hint : 0; k < n; ++k, i = i + 1 < n ? i + 1 : 0) {
      if (load::same_text(set.indicators[i].code, code)) {
        hint = i + 1;
        return &set.indicators[i];
      }
    }
    return nullptr;
  }

  /// Sets every field of `result`, which may hold what an earlier evaluation left.
  void evaluate_indicator(const Evaluator::Tables::IndicatorNode& indicator, IndicatorResult& result)
  {
    const model::Indicator& rule = *indicator.rule;
    result.rule = &rule;
    result.gap.reset(); // judge sets them for a number
    result.margin.reset();
    const model::SubmittedIndicator* value = nullptr;
    const IndicatorResult* source = nullptr;
    if (rule.value_from) {
      assign(result.derived_from, indicator.derived_from);
      source = lookup(rule.value_from->set_ref, rule.value_from->code);
    } else {
      result.derived_from.clear();
      if (const model::SubmittedSet* given = m_given[m_tables.version_ref[indicator.version]]) {
        value = find_submitted(*given, rule.code);
      }
    }
    if (value) {
      result.where = value->where;
      result.self_assessment = value->self_assessment;
      if (value->not_applicable) {
        result.number.reset();
        result.symbol.clear();
        result.numerator.reset();
        result.denominator.reset();
        result.target.reset();
        result.outcome = Outcome::not_applicable;
        return;
      }
      result.number = value->number;
      assign(result.symbol, value->symbol);
      result.numerator = value->numerator;
      result.denominator = value->denominator;
    } else {
      result.where = {};
      result.self_assessment.reset();
      result.number = source ? source->number : std::nullopt;
      assign(result.symbol, source ? std::string_view(source->symbol) : std::string_view());
      result.numerator.reset();
      result.denominator.reset();
    }
    resolve_target(indicator.node, m_book.sets[indicator.version], rule, result.target);
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

  /// Sets `resolved` to the target `rule` has for the submission, or empties it. A target left there
  /// by an earlier evaluation is written over, every field.
  void resolve_target(std::size_t node, const model::RuleSet& set, const model::Indicator& rule,
                      std::optional<ResolvedTarget>& resolved)
  {
    const model::Region region = m_submission.target_region();
    const model::Target* row = target_for(node, set, rule, region, m_submission.year);
    if (!row) {
      no_target(set, rule, region, rule.where);
      resolved.reset();
      return;
    }
    ResolvedTarget& target = resolved ? *resolved : resolved.emplace();
    target.region = region;
    target.year = m_submission.year;
    // A result mostly holds what the previous file's left at the same indicator: the same row, the
    // fields taken from which are then as they would be written.
    if (target.rule == row && !row->derived) {
      return;
    }
    target.op = row->op;
    target.number = row->number;
    assign(target.symbol, row->symbol);
    target.rule = row;
    target.verified = row->provenance.verified;
    if (!row->derived) {
      target.base.reset();
      target.base_version.clear();
      return;
    }
    const IndicatorResult* base = lookup(row->derived->set_ref, row->derived->code);
    if (!base || !base->target) {
      no_target(set, rule, region, row->where);
      resolved.reset();
      return;
    }
    target.base = base->target->number;
    target.verified = target.verified && base->target->verified;
    assign(target.base_version, m_book.sets[selected_version(row->derived->set_ref)].id);
    target.number = row->derived->factor * base->target->number;
  }

  /// Notes that `rule` has no target for the submission, at `where`. Not inline: building the
  /// finding's text would weigh on every call of resolve_target, which mostly finds one.
  [[gnu::noinline]] void no_target(const model::RuleSet& set, const model::Indicator& rule,
                                   model::Region region, const Location& where)
  {
    m_findings.push_back({Severity::error, "no-target", set.ref, rule.code, "",
                          std::string(model::region_code(region)) + " " + std::to_string(m_submission.year),
                          where});
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
      return load::same_text(result.symbol, target.symbol);
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
  // The workspace's vectors (see Evaluator::Workspace::State).
  std::vector<std::size_t>& m_selected;
  std::vector<const model::SubmittedSet*>& m_given;
  std::vector<IndicatorResult>& m_unreported;
  std::vector<std::size_t>& m_pooled;
  std::vector<IndicatorResult*>& m_slot;
  std::vector<std::span<const std::size_t>>& m_lists;
  std::vector<std::size_t>& m_hints;
  std::vector<Finding>& m_findings; // the evaluation's
};

Outcome combine(std::span<const IndicatorResult> indicators)
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
  tables->ref_versions.resize(tables->refs.size());
  for (const model::RuleSet& version : book.sets) {
    tables->version_ref.push_back(tables->position(version.ref));
    tables->ref_versions[tables->version_ref.back()].push_back(tables->version_ref.size() - 1);
  }
  tables->targets.resize(graph.size());
  std::vector<std::size_t> order_position(graph.size()); // indicator node -> its position in the order
  for (std::size_t node : graph.order()) {
    const graph::Node& n = graph.node(node);
    if (n.kind == graph::NodeKind::indicator) {
      const model::RuleSet& version = book.sets[n.set_index];
      const model::Indicator* rule = version.find_indicator(n.key);
      order_position[node] = tables->indicator_order.size();
      tables->indicator_order.push_back(
          {node, n.set_index, rule, rule && rule->value_from ? rule->value_from->str() : std::string()});
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
  std::set<std::pair<std::string_view, std::string_view>> read; // (set ref, code)
  for (const model::RuleSet& version : book.sets) {
    for (const model::Criterion& criterion : version.criteria) {
      for (const model::Indicator& indicator : criterion.indicators) {
        if (indicator.value_from) {
          read.emplace(indicator.value_from->set_ref, indicator.value_from->code);
        }
        for (const model::Target& target : indicator.targets) {
          if (target.derived) {
            read.emplace(target.derived->set_ref, target.derived->code);
          }
        }
      }
    }
  }
  const auto positions = [&](const std::vector<std::size_t>& nodes) {
    std::vector<std::size_t> order;
    for (const std::size_t node : nodes) {
      order.push_back(order_position[node]);
    }
    std::sort(order.begin(), order.end());
    return order;
  };
  for (std::size_t index = 0; index < book.sets.size(); ++index) {
    const model::RuleSet& version = book.sets[index];
    std::vector<std::size_t>& indicators = tables->version_indicators.emplace_back();
    std::vector<std::span<const std::string>>& blocks = tables->version_blocks.emplace_back();
    bool may_be_met = true;
    for (const model::Criterion& criterion : version.criteria) {
      const auto criterion_node = graph.find_criterion(index, criterion.id);
      blocks.push_back(criterion_node ? graph.blocked_levels(*criterion_node)
                                      : std::span<const std::string>());
      for (const model::Indicator& indicator : criterion.indicators) {
        const auto node = graph.find_indicator(index, indicator.code);
        assert(node);
        indicators.push_back(*node);
        may_be_met = may_be_met && indicator.value_from;
      }
    }
    tables->may_be_met_unreported.push_back(may_be_met);
    std::vector<std::size_t>& evaluated = tables->unreported_indicators.emplace_back();
    for (const std::size_t node : indicators) {
      if (may_be_met || read.contains({version.ref, graph.node(node).key})) {
        evaluated.push_back(node);
      }
    }
    tables->version_order.push_back(positions(indicators));
    tables->unreported_order.push_back(positions(evaluated));
  }
  // Unknown refs and levels (refs.size(), levels.size()) are kept: they are never met.
  const std::vector<model::Level>& levels = book.levels.levels;
  for (const model::Level& level : levels) {
    std::vector<std::size_t>& sets = tables->level_sets.emplace_back();
    for (const std::string& ref : level.required_sets) {
      sets.push_back(tables->position(ref));
    }
    std::vector<std::size_t>& required = tables->level_levels.emplace_back();
    for (const std::string& id : level.required_levels) {
      const model::Level* found = book.levels.find(id);
      required.push_back(found ? static_cast<std::size_t>(found - levels.data()) : levels.size());
    }
  }
  m_tables = std::move(tables);
}

Evaluation Evaluator::evaluate(const model::Submission& submission, const std::string& also_for_level) const
{
  Evaluation evaluation;
  Workspace workspace;
  evaluate(submission, evaluation, workspace, also_for_level);
  return evaluation;
}

void Evaluator::evaluate(const model::Submission& submission, Evaluation& evaluation, Workspace& workspace,
                         const std::string& also_for_level) const
{
  const model::RuleBook& book = m_rules.book();
  Workspace::State& state = *workspace.m_state;
  evaluation.source = submission.source;
  evaluation.commune = submission.commune;
  evaluation.year = submission.year;
  evaluation.region = submission.region;
  evaluation.target_region = submission.target_region();
  evaluation.special_difficulty = submission.special_difficulty;
  evaluation.claimed = submission.claim;
  std::vector<Finding>& findings = evaluation.findings;
  findings.clear();

  Run run(m_rules, *m_tables, submission, state, findings);
  for (const auto& [ref, index] : m_forced) {
    run.force(m_tables->position(ref), index);
  }
  const std::size_t ref_count = m_tables->refs.size();
  const std::vector<model::Level>& levels = book.levels.levels;
  const std::vector<std::size_t>& selected = run.selected();

  // Which sets to report, by ref position: those submitted and those the claimed (or planned)
  // level needs, in level order.
  std::vector<std::size_t>& reported = state.reported;
  std::vector<bool>& is_reported = state.is_reported;
  reported.clear();
  is_reported.assign(ref_count, false);
  auto report = [&](std::size_t r) {
    if (r < ref_count && selected[r] != k_none && !is_reported[r]) {
      is_reported[r] = true;
      reported.push_back(r);
    }
  };
  std::vector<bool>& claimed_refs = state.claimed_refs;
  claimed_refs.assign(ref_count, false);
  std::vector<std::string_view>& pending = state.pending;
  pending.clear();
  if (submission.claim) {
    pending.push_back(*submission.claim);
  }
  if (!also_for_level.empty()) {
    pending.push_back(also_for_level);
  }
  while (!pending.empty()) {
    const model::Level* level = book.levels.find(pending.back());
    pending.pop_back();
    if (level) {
      for (const std::size_t r : m_tables->level_sets[static_cast<std::size_t>(level - levels.data())]) {
        if (r < ref_count) {
          claimed_refs[r] = true;
        }
      }
      pending.insert(pending.end(), level->required_levels.begin(), level->required_levels.end());
    }
  }
  for (const std::vector<std::size_t>& required : m_tables->level_sets) {
    for (const std::size_t r : required) {
      if (r < ref_count && (run.given(r) || claimed_refs[r])) {
        report(r);
      }
    }
  }
  for (const model::SubmittedSet& set : submission.sets) {
    report(m_tables->position(set.ref));
  }
  run.evaluate_indicators(reported, is_reported, evaluation.sets);

  std::vector<bool>& set_met = state.set_met; // every selected set, reported or not
  set_met.assign(ref_count, false);
  for (std::size_t r = 0; r < ref_count; ++r) {
    if (selected[r] == k_none || is_reported[r] || !m_tables->may_be_met_unreported[selected[r]]) {
      continue;
    }
    // Met when every criterion is, as SetResult::all_met tells of a reported one.
    std::span<const IndicatorResult> results = run.unreported(selected[r]);
    bool all_met = true;
    for (const model::Criterion& criterion : book.sets[selected[r]].criteria) {
      all_met = all_met && combine(results.first(criterion.indicators.size())) == Outcome::met;
      results = results.subspan(criterion.indicators.size());
    }
    set_met[r] = all_met;
  }
  for (std::size_t k = 0; k < reported.size(); ++k) {
    const std::size_t r = reported[k];
    const model::RuleSet& version = book.sets[selected[r]];
    SetResult& result = evaluation.sets[k];
    result.version = &version;
    result.submitted = run.given(r) != nullptr;
    result.criteria_met = 0;
    for (std::size_t c = 0; c < version.criteria.size(); ++c) {
      CriterionResult& criterion_result = result.criteria[c];
      criterion_result.rule = &version.criteria[c];
      criterion_result.outcome = combine(criterion_result.indicators);
      criterion_result.blocks = m_tables->version_blocks[selected[r]][c];
      result.criteria_met += criterion_result.outcome == Outcome::met ? 1 : 0;
    }
    set_met[r] = result.all_met();
  }

  evaluation.status = book.levels.none_id;
  evaluation.levels.clear();
  std::vector<bool>& reached = state.reached; // a level requiring a later one is not reached
  reached.assign(levels.size(), false);
  for (std::size_t l = 0; l < levels.size(); ++l) {
    bool ok = true;
    for (const std::size_t r : m_tables->level_sets[l]) {
      ok = ok && r < ref_count && set_met[r];
    }
    for (const std::size_t required : m_tables->level_levels[l]) {
      ok = ok && required < levels.size() && reached[required];
    }
    reached[l] = ok;
    evaluation.levels.push_back({&levels[l], ok});
    if (ok) {
      evaluation.status = levels[l].id;
    }
  }

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
  const model::Level* claim = submission.claim ? book.levels.find(*submission.claim) : nullptr;
  if (submission.claim && !(claim && reached[static_cast<std::size_t>(claim - levels.data())])) {
    findings.push_back({Severity::error, "claim-not-supported", "", "", *submission.claim, evaluation.status,
                        submission.claim_where});
  }
  // Findings found during evaluation for sets nobody asked about are noise.
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) {
                                  if (f.set_ref.empty()) {
                                    return false;
                                  }
                                  const std::size_t r = m_tables->position(f.set_ref);
                                  return r == ref_count || !is_reported[r];
                                }),
                 findings.end());
}

} // namespace ntm::eval
