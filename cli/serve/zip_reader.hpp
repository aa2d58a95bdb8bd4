#pragma once

#include "serve/api.hpp"

#include <string>
#include <vector>

namespace ntm::serve {

/// The submissions in a zip archive, for an audit: every `*.xml` and `*.csv` entry (any case, in
/// any folder of the archive), sorted by path, as uploads named by their path in the archive;
/// other entries are left out, as `ntm audit` leaves out other files of a folder. Nothing is
/// written to the disk. Rules it enforces:
/// 1. an archive that cannot be read answers 400 in `refusal`;
/// 2. more than `k_max_audit_files` submissions, or more than `k_max_audit_bytes` once
///    uncompressed (counted as read, whatever the archive declares), answers 413.
std::vector<Upload> unzip(const Upload& archive, Response& refusal);

} // namespace ntm::serve
