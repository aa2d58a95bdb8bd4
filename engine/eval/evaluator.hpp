#pragma once

#include "eval/evaluation.hpp"
#include "eval/rule_base.hpp"
#include "model/submission.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ntm::eval {

/// Whether `value` meets `op target`. Values at the target meet ≥ and ≤ targets even after percent
/// arithmetic (168/4200 = 4%): the comparison allows a relative 1e-9.
bool meets(double value, model::Op op, double target);

/// Scores submissions against a rule base. Rules it applies:
/// 1. each set ref is judged by the version in force for the commune's province and year;
/// 2. targets come from the commune's region column (TDMNPB when specially difficult) and year,
///    the most specific row winning; derived values and targets follow the dependency graph;
/// 3. an indicator is met, not met, missing (no usable value: never a default) or not applicable;
///    a criterion is met when all its applicable indicators are met, not met when any is not,
///    missing otherwise;
/// 4. the status is the highest level whose sets are wholly met and whose lower levels are reached;
/// 5. a self-assessment or claim that the data contradict is an error finding.
/// Evaluating never fails: problems the data cannot settle become findings.
class Evaluator {
public:
  /// Versions to judge sets by instead of those in force: set ref -> version id of that ref.
  using ForcedVersions = std::map<std::string, std::string>;

  /// `forced` judges every commune by the given versions, whatever its province and year (what
  /// `ntm diff-rules` needs); each id must be a loaded version of its ref.
  explicit Evaluator(const RuleBase& rules, const ForcedVersions& forced = {});

  /// Evaluates `submission`. The result reports the sets it holds, those its claim needs, and
  /// those `also_for_level` needs (a plan towards a level wants them even when not submitted).
  Evaluation evaluate(const model::Submission& submission, const std::string& also_for_level = "") const;

  /// What an evaluation works with besides its result (the versions chosen, the results of sets
  /// not reported). Kept by a caller that evaluates many submissions in turn, on one thread.
  class Workspace {
  public:
    Workspace();
    ~Workspace();
    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;

    struct State; // the vectors, known to evaluator.cpp only

  private:
    friend class Evaluator;
    std::unique_ptr<State> m_state;
  };

  /// The same into `evaluation`, every field of which is set as a fresh one's would be, using
  /// `workspace`: evaluating many submissions into one evaluation and one workspace allocates only
  /// when a submission needs more room than those before.
  void evaluate(const model::Submission& submission, Evaluation& evaluation, Workspace& workspace,
                const std::string& also_for_level = "") const;

  /// What every evaluation looks up, worked out once from the graph (see evaluator.cpp).
  struct Tables;

private:
  const RuleBase& m_rules;
  std::shared_ptr<const Tables> m_tables;
  std::map<std::string, std::size_t> m_forced; // set ref -> version index
};

} // namespace ntm::eval
