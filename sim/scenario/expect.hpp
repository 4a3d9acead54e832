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

/// Checks every expectation of `scenario` that applies to the run recorded in `trace`, in line order.
std::vector<CheckResult> check_expectations(const Scenario& scenario, const Trace& trace);

/// The connection a scenario subject names in a run: a socket name's connection, or a host's most
/// recently created connection (its listener if it has no connection). 0 if none.
uint32_t subject_conn(const Trace& trace, const std::string& subject);

}  // namespace tcpsim
