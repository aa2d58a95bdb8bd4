#include "model/submission.hpp"

namespace ntm::model {

const SubmittedIndicator* SubmittedSet::find(std::string_view code) const
{
  for (const SubmittedIndicator& indicator : indicators) {
    if (indicator.code == code) {
      return &indicator;
    }
  }
  return nullptr;
}

const SubmittedSet* Submission::find_set(std::string_view ref) const
{
  for (const SubmittedSet& set : sets) {
    if (set.ref == ref) {
      return &set;
    }
  }
  return nullptr;
}

} // namespace ntm::model
