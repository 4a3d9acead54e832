#pragma once
// Checking a run against the scenario's expectations (`expect ...` lines and `-> RESULT` on calls).
#include <string>
#include <vector>

#include "scenario/ast.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// The verdict on one expectation in one run.
struct CheckResult {
  uint32_t line = 0;
  RunKind run = RunKind::Fault;
  bool passed = false;
  /// "expected server to send RST+ACK, got none (server sent SYN+ACK, ACK, FIN+ACK)"; empty when passed.
  std::string message;
};

/// Checks the expectations that apply to the run recorded in `trace`, in line order: in the fault run
/// every expectation not marked `twin`; in the twin only those marked `twin`.
std::vector<CheckResult> check_expectations(const Scenario& scenario, const Trace& trace);

/// The connection a scenario subject names at time `at`: a socket name's connection, or the host's (a
/// declared process's: of its calls') most recently created connection by then (its listener if it has
/// none). 0 if none.
uint32_t subject_conn(const Trace& trace, const std::string& subject, Time at);

/// True when a call was made by `subject` (a host, or a socket name).
bool call_belongs(const Trace& tr, const CallRecord& c, const std::string& subject);
/// What an expected result says: "ECONNRESET", "EOF", "18", "\"hello\"", "ok".
std::string describe_pattern(const ResultPattern& p);
/// Whether a finished call matches an expected result.
bool result_matches(const ResultPattern& p, const CallRecord& call);

}  // namespace tcpsim
