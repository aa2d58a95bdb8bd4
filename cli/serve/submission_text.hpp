#pragma once

#include "model/submission.hpp"

#include <string>

namespace ntm::serve {

/// The figures of a submission, written again in one of the three forms ntm reads: XML (the
/// format of docs/submission-format.md), CSV (the spreadsheet form) and the JSON form of
/// docs/api.md. Each reads back, through its loader, to the same submission.
std::string submission_xml(const model::Submission& submission);
std::string submission_csv(const model::Submission& submission);
std::string submission_json(const model::Submission& submission);

} // namespace ntm::serve
