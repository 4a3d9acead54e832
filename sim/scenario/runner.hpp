#pragma once
// Executes a scenario on a simulated World and returns the immutable trace of the run.
#include <optional>

#include "scenario/ast.hpp"
#include "trace/trace.hpp"

namespace tcpsim {

/// Runs one variant of `scenario` (the fault run or its graceful twin). `seed` overrides the file's.
/// Never throws for a parsed scenario; problems met while running land in Trace::errors.
Trace run_scenario(const Scenario& scenario, RunKind kind, std::optional<uint64_t> seed = std::nullopt);

}  // namespace tcpsim
