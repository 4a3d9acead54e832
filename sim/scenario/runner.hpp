#pragma once
// Executes a scenario on a simulated World and returns the immutable trace of the run.
#include <optional>

#include "scenario/ast.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// What a run records beyond what every consumer reads.
struct RunOptions {
  /// TCB snapshots (Trace::tcbs): read only by renderers (the ladder's TCB columns, trace --json, the
  /// visualizer, export --svg) and by the invariant checks. `check` turns them off: its expectations
  /// read segments and events only. Invariant builds (TCPSIM_INVARIANTS) record them regardless.
  bool record_tcbs = true;
};

/// Runs one variant of `scenario` (the fault run or its graceful twin). `seed` overrides the file's.
/// Never throws for a parsed scenario; problems met while running land in Trace::errors.
Trace run_scenario(const Scenario& scenario, RunKind kind, std::optional<uint64_t> seed = std::nullopt,
                   const RunOptions& options = {});

}  // namespace tcpsim
