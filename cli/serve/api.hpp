#pragma once
// The handlers of `ntm serve`'s API (docs/api.md), apart from HTTP: each takes what a request
// carries and returns what to answer, so that the same engine calls as the CLI's make the answer.

#include "eval/evaluator.hpp"
#include "eval/rule_base.hpp"
#include "serve/slots.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ntm::serve {

/// The largest body of a request about one submission, and of an audit.
inline constexpr std::size_t k_max_submission_bytes = 8 * 1024 * 1024;
inline constexpr std::size_t k_max_audit_bytes = 64 * 1024 * 1024;
/// The most files one audit request may carry.
inline constexpr std::size_t k_max_audit_files = 1000;
/// How long a request waits for an evaluation slot before it is answered 503.
inline constexpr std::chrono::seconds k_slot_wait{10};

/// What to answer: status, type and body; `filename` asks the browser to save it; `page` marks
/// one of the embedded files, the only answers allowed to run scripts.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string filename;
  bool page = false;
};

/// The three forms of a submission the API reads.
enum class Format { xml, csv, json };

/// One submission in a request: the name its messages use (never a path on the server), its
/// form and its bytes.
struct Upload {
  std::string name;
  Format format = Format::xml;
  std::string text;
};

/// Query parameters, as HTTP gives them (a name may repeat).
using Params = std::multimap<std::string, std::string>;

/// A bad request parameter or a request the API cannot take: answered 400 with its message.
struct BadRequest {
  std::string message;
};

/// `{"error": {"code", "message", "messages"}}` with `status`; `messages` holds every line the
/// CLI would print (just `message` when not given).
Response error_response(int status, const std::string& code, const std::string& message,
                        const std::vector<std::string>& messages = {});

/// A name a request gives a file, reduced to a harmless label: the part after the last `/` or
/// `\`, control characters and bytes that are not UTF-8 dropped, at most 100 bytes; `fallback` when nothing
/// is left or it is
/// `.` or `..`.
std::string safe_name(const std::string& name, const std::string& fallback);

/// The API over one rule base, loaded once and shared read-only. Rules it enforces:
/// 1. at most `slots` evaluations, plans, conversions or audits run at once; a request waits, in
///    turn, up to `k_slot_wait` for a slot, then gets 503;
/// 2. a submission body above `k_max_submission_bytes` gets 413, an audit above
///    `k_max_audit_bytes` or `k_max_audit_files` too;
/// 3. bad input (a submission the loaders refuse, a bad parameter) gets 400 with the loaders'
///    own messages; a bad parameter is thrown as `BadRequest`;
/// 4. no request names a file on the server: an audit's uploads go to a private folder that is
///    deleted before the answer, under names made from their position.
class Api {
public:
  Api(const eval::RuleBase& rules, unsigned slots);

  /// GET /api/rules: without `year`, what the form's pickers offer; with `province`, `year`,
  /// `region` (and `special-difficulty`), the sets in force with every indicator and its target.
  Response rules(const Params& params) const;
  /// POST /api/evaluate: exactly `ntm evaluate --format json`.
  Response evaluate(const Upload& upload, const Params& params);
  /// POST /api/plan: exactly `ntm plan --format json`.
  Response plan(const Upload& upload, const Params& params);
  /// POST /api/submission?format=xml|csv|json: the submission checked and written in that form.
  Response convert(const Upload& upload, const Params& params);
  /// POST /api/audit?format=json|html|csv: `ntm audit`'s report of the uploads.
  Response audit(const std::vector<Upload>& uploads, const Params& params);

private:
  class Slot;
  /// Checks the size, takes a slot and loads `upload`, then answers with `work` on it; answers
  /// 413, 503 or 400 (the loader's messages) instead when one of those fails.
  Response with_submission(const Upload& upload, const std::function<Response(model::Submission&)>& work);

  const eval::RuleBase& m_rules;
  eval::Evaluator m_evaluator;
  Slots m_slots;
};

} // namespace ntm::serve
