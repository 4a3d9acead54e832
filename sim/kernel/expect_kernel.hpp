#pragma once
// The scenario's own expectations (`expect ...` lines, `-> RESULT` on calls) run against the kernel's
// run: those its trace can answer. Times are real time there, so an expectation at a time gets the
// comparison's tolerance (10 ms + 10 %). Socket states are the kernel's own, asked for at each
// expectation's time (INET_DIAG). What the kernel does not say is listed as not comparable, never
// silently skipped: what a receiver ignored.
#include <string>
#include <vector>

#include "kernel/compare.hpp"
#include "scenario/expect.hpp"

namespace tcpsim::kernel {

struct KernelExpectations {
  std::vector<CheckResult> results;         ///< The comparable ones, in line order.
  std::vector<std::string> not_comparable;  ///< "file.scn:31: expect server state CLOSED: ...".
};

/// `window`: the end of the kernel's run (an expectation after it is not comparable).
KernelExpectations check_on_kernel(const Scenario& sc, const Trace& kernel, Time window, Tolerance tol = {});

/// "expectations on the kernel's run: 5 pass, 1 fails, 2 not comparable" and each failure and each
/// line not comparable, one a line.
std::string format_expectations(const Scenario& sc, const KernelExpectations& e);

}  // namespace tcpsim::kernel
